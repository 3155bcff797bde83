//go:build !go1.19
// +build !go1.19

package main

// Go 1.14–1.17: m.fastrand [2]uint32, xorshift64+ on every arch; no fastrand64.
const newFastrand = false

func fastrand64() uint64 { panic("runtime.fastrand64 does not exist before Go 1.19") }
