package main

import (
	"bufio"
	"math/bits"
	"os"
	"runtime"
	"strconv"
	"unsafe"
)

// m0 is the runtime's main-thread M (runtime/proc.go). Only its address is
// used: m0.fastrand is found by scanning, since its offset in runtime.m varies
// by version and arch.
//
//go:linkname m0 runtime.m0
var m0 [8]byte

//go:linkname fastrand runtime.fastrand
func fastrand() uint32

//go:linkname fastrandn runtime.fastrandn
func fastrandn(n uint32) uint32

const mScan = 2048 // bytes of m0 searched for the fastrand state

func rd32(p unsafe.Pointer, off int) uint32 {
	return *(*uint32)(unsafe.Pointer(uintptr(p) + uintptr(off)))
}
func wr32(p unsafe.Pointer, off int, v uint32) {
	*(*uint32)(unsafe.Pointer(uintptr(p) + uintptr(off))) = v
}

// wyrandStep is runtime/stubs.go fastrand (1.18+, amd64): returns the new state and the output.
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

func fastrandMain() {
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

	// Hand-set states (lo = low half / fastrand[0], hi = high half / fastrand[1]).
	type st struct{ lo, hi uint32 }
	states := []st{{0, 1}, {1, 0}, {1, 1}, {0xffffffff, 0xffffffff}, {0x12345678, 0x9abcdef0},
		{0xdeadbeef, 0}, {0, 0x80000000}, {0xa0761d64, 0x78bd642f}, {0x0badf00d, 0xcafebabe}, {7, 0xfffffff9}}
	g := &rng{s: 0x66617374}
	for i := 0; i < 6; i++ {
		v := g.next()
		states = append(states, st{uint32(v), uint32(v >> 32)})
	}
	ns := []uint32{1, 2, 3, 7, 8, 100, 1000, 0x7fffffff, 0x80000000, 0xffffffff, 0x10000, 12345}
	const nSeq = 20
	type result struct {
		seq     [nSeq]uint32
		nOut    [12]uint32
		seq64   [8]uint64
		mixed   [8]uint64
		afterLo uint32
		afterHi uint32
	}
	res := make([]result, len(states))
	saved0, saved1 := rd32(base, off), rd32(base, off+4)
	for i, s := range states {
		rs := &res[i]
		wr32(base, off, s.lo)
		wr32(base, off+4, s.hi)
		for j := range rs.seq {
			rs.seq[j] = fastrand()
		}
		rs.afterLo, rs.afterHi = rd32(base, off), rd32(base, off+4)
		wr32(base, off, s.lo)
		wr32(base, off+4, s.hi)
		for j := range rs.nOut {
			rs.nOut[j] = fastrandn(ns[j])
		}
		if newFastrand {
			wr32(base, off, s.lo)
			wr32(base, off+4, s.hi)
			for j := range rs.seq64 {
				rs.seq64[j] = fastrand64()
			}
			// fastrand and fastrand64 interleaved on one state.
			wr32(base, off, s.lo)
			wr32(base, off+4, s.hi)
			for j := range rs.mixed {
				if j%2 == 0 {
					rs.mixed[j] = uint64(fastrand())
				} else {
					rs.mixed[j] = fastrand64()
				}
			}
		}
	}
	wr32(base, off, saved0)
	wr32(base, off+4, saved1)

	w := bufio.NewWriter(os.Stdout)
	h32 := func(x uint32) string { return `"` + pad(strconv.FormatUint(uint64(x), 16), 8) + `"` }
	h64 := func(x uint64) string { return `"` + pad(strconv.FormatUint(x, 16), 16) + `"` }
	w.WriteString("{\n")
	w.WriteString(`  "generator": "oracle/hashvec -fastrand",` + "\n")
	w.WriteString(`  "goVersion": "` + runtime.Version() + `",` + "\n")
	w.WriteString(`  "goarch": "` + runtime.GOARCH + `",` + "\n")
	w.WriteString(`  "algorithm": "`)
	if wy {
		w.WriteString("wyrand")
	} else {
		w.WriteString("xorshift64+")
	}
	w.WriteString(`",` + "\n")
	w.WriteString(`  "m0FastrandOffset": ` + strconv.Itoa(off) + ",\n")
	w.WriteString(`  "hasFastrand64": ` + strconv.FormatBool(newFastrand) + ",\n")
	w.WriteString(`  "fastrandnArgs": [`)
	for j, n := range ns {
		if j > 0 {
			w.WriteString(", ")
		}
		w.WriteString(strconv.FormatUint(uint64(n), 10))
	}
	w.WriteString("],\n")
	w.WriteString(`  "note": "lo = m.fastrand[0] (low half of the uint64 in 1.18+), hi = m.fastrand[1]; each sequence starts from the hand-set state; mixed = fastrand, fastrand64, fastrand, ... (uint32 results zero-extended)",` + "\n")
	w.WriteString(`  "states": [` + "\n")
	for i, s := range states {
		rs := &res[i]
		w.WriteString(`    {"lo": ` + h32(s.lo) + `, "hi": ` + h32(s.hi) + `,` + "\n")
		w.WriteString(`     "fastrand": [`)
		for j, x := range rs.seq {
			if j > 0 {
				w.WriteString(", ")
			}
			w.WriteString(h32(x))
		}
		w.WriteString("],\n")
		w.WriteString(`     "afterLo": ` + h32(rs.afterLo) + `, "afterHi": ` + h32(rs.afterHi) + ",\n")
		w.WriteString(`     "fastrandn": [`)
		for j, x := range rs.nOut {
			if j > 0 {
				w.WriteString(", ")
			}
			w.WriteString(h32(x))
		}
		w.WriteString("]")
		if newFastrand {
			w.WriteString(",\n     \"fastrand64\": [")
			for j, x := range rs.seq64 {
				if j > 0 {
					w.WriteString(", ")
				}
				w.WriteString(h64(x))
			}
			w.WriteString("],\n     \"mixed\": [")
			for j, x := range rs.mixed {
				if j > 0 {
					w.WriteString(", ")
				}
				w.WriteString(h64(x))
			}
			w.WriteString("]")
		}
		w.WriteString("}")
		if i+1 < len(states) {
			w.WriteString(",")
		}
		w.WriteString("\n")
	}
	w.WriteString("  ]\n}\n")
	if err := w.Flush(); err != nil {
		fail(err.Error())
	}
}

func pad(s string, n int) string {
	for len(s) < n {
		s = "0" + s
	}
	return s
}
