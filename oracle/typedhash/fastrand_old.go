//go:build !go1.18
// +build !go1.18

package main

// Go 1.14–1.17: m.fastrand [2]uint32, xorshift64+ on every arch.
const newFastrand = false
