package main

import (
	"math/bits"
	"strconv"
	"unsafe"
)

// m0 is the runtime's main-thread M (runtime/proc.go). Only its address is
// used: m0.fastrand is found by scanning, since its offset in runtime.m varies
// by version and arch (the same method as oracle/hashvec).
//
//go:linkname m0 runtime.m0
var m0 [8]byte

//go:linkname fastrand runtime.fastrand
func fastrand() uint32

const mScan = 2048 // bytes of m0 searched for the fastrand state

func rd32(p unsafe.Pointer, off int) uint32 {
	return *(*uint32)(unsafe.Pointer(uintptr(p) + uintptr(off)))
}
func wr32(p unsafe.Pointer, off int, v uint32) {
	*(*uint32)(unsafe.Pointer(uintptr(p) + uintptr(off))) = v
}

// wyrandStep is runtime/stubs.go fastrand (1.18+, amd64): the new state and the output.
func wyrandStep(s uint64) (uint64, uint64) {
	s += 0xa0761d6478bd642f
	hi, lo := bits.Mul64(s, s^0xe7037ed1a0b428db)
	return s, hi ^ lo
}

// xorshiftStep is runtime/stubs.go fastrand (1.14–1.17 everywhere; 386 in 1.18+).
func xorshiftStep(t0, t1 uint32) (uint32, uint32, uint32) {
	s1, s0 := t0, t1
	s1 ^= s1 << 17
	s1 = s1 ^ s0 ^ s1>>7 ^ s0>>16
	return s0, s1, s0 + s1
}

// fastrandOffset finds the offset of m0.fastrand: the one 8-byte window of m0
// that one call of runtime.fastrand advanced by one step of the profile's generator.
func fastrandOffset() int {
	wy := newFastrand && ptrSize == 8
	base := unsafe.Pointer(&m0)
	var before, after [mScan]byte
	for i := 0; i < mScan; i += 4 {
		*(*uint32)(unsafe.Pointer(&before[i])) = rd32(base, i)
	}
	r := fastrand()
	for i := 0; i < mScan; i += 4 {
		*(*uint32)(unsafe.Pointer(&after[i])) = rd32(base, i)
	}
	off := -1
	for o := 0; o+8 <= mScan; o += 4 {
		a0 := *(*uint32)(unsafe.Pointer(&before[o]))
		a1 := *(*uint32)(unsafe.Pointer(&before[o+4]))
		b0 := *(*uint32)(unsafe.Pointer(&after[o]))
		b1 := *(*uint32)(unsafe.Pointer(&after[o+4]))
		if a0 == b0 && a1 == b1 {
			continue
		}
		var ok bool
		if wy {
			s, out := wyrandStep(uint64(a1)<<32 | uint64(a0))
			ok = o%8 == 0 && s == uint64(b1)<<32|uint64(b0) && uint32(out) == r
		} else {
			n0, n1, out := xorshiftStep(a0, a1)
			ok = n0 == b0 && n1 == b1 && out == r
		}
		if ok {
			if off >= 0 {
				fail("m0.fastrand: more than one candidate offset")
			}
			off = o
		}
	}
	if off < 0 {
		fail("m0.fastrand not found in the first " + strconv.Itoa(mScan) + " bytes of runtime.m0")
	}
	return off
}

const maxDraws = 64

// drawRecorder records which fastrand values a call draws: it runs the call
// once to warm up (stack growth unwinds the stack, and unwinding draws
// fastrand in runtime.pcvalue's cache), peeks at the next maxDraws values
// (restoring the state afterwards), runs the call again, and finds how far
// the state moved. A call that panics draws a varying number of values
// (the unwinder's pcvalue cache), so only calls that return are meaningful.
type drawRecorder struct {
	off     int
	retries int
}

func (d *drawRecorder) run(call func()) (draws [maxDraws]uint32, n int) {
	// The scheduler may run on m0 behind our back (a preempted goroutine), so
	// an attempt whose state moved by more than maxDraws steps is run again.
	for attempt := 0; attempt < 10; attempt++ {
		draws, n = d.try(call)
		if n >= 0 {
			return draws, n
		}
		d.retries++
	}
	fail("a hasher moved m0.fastrand by more than " + strconv.Itoa(maxDraws) + " draws, 10 times in a row")
	return
}

func (d *drawRecorder) try(call func()) (draws [maxDraws]uint32, n int) {
	call() // warm-up
	base := unsafe.Pointer(&m0)
	s0, s1 := rd32(base, d.off), rd32(base, d.off+4)
	var st [maxDraws + 1][2]uint32
	st[0] = [2]uint32{s0, s1}
	for i := 0; i < maxDraws; i++ {
		draws[i] = fastrand()
		st[i+1] = [2]uint32{rd32(base, d.off), rd32(base, d.off+4)}
	}
	wr32(base, d.off, s0)
	wr32(base, d.off+4, s1)
	call()
	now := [2]uint32{rd32(base, d.off), rd32(base, d.off+4)}
	for i := range st {
		if st[i] == now {
			return draws, i
		}
	}
	return draws, -1
}
