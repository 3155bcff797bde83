//go:build go1.18
// +build go1.18

package main

// Go 1.18+: m.fastrand is one uint64; wyrand on amd64, xorshift64+ on its halves on 386.
const newFastrand = true
