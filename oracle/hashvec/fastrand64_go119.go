//go:build go1.19
// +build go1.19

package main

import _ "unsafe" // for go:linkname

// Go 1.18+ keeps m.fastrand as one uint64 and, on amd64, runs wyrand on it
// (runtime/stubs.go fastrand); 1.19 adds runtime.fastrand64.
const newFastrand = true

//go:linkname fastrand64 runtime.fastrand64
func fastrand64() uint64
