//go:build go1.23
// +build go1.23

package main

// runtime/alg.go alginit (1.23+): hashkey[i] = uintptr(bootstrapRand()), no longer forced odd
// (alg.go:482 (1.23)). The fixed test keys follow it, so even words are exercised too.
const hashkeyOdd = 0
