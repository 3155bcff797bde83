//go:build !go1.23
// +build !go1.23

package main

// runtime/alg.go alginit (1.15..1.22): hashkey[i] = ... | 1 // make sure these numbers are odd
// (alg.go:394 (1.22)). The fixed test keys follow it.
const hashkeyOdd = 1
