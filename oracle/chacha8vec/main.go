// Command chacha8vec is goemu's oracle for Go 1.22+'s ChaCha8 random source
// (internal/chacha8rand, which runtime.rand() draws from on every M).
//
// It uses the real package through its only public door, math/rand/v2's
// ChaCha8 (NewChaCha8(seed).Uint64() is `for { x, ok := s.Next(); if ok
// { return x }; s.Refill() }`, the same loop as runtime/rand.go rand()),
// so on amd64 the real chacha8_amd64.s block runs and on 386 block_generic.
// For several fixed 32-byte seeds it prints the first N outputs as JSON
// (N > 3*124 crosses three Refill-reseeds: 32+32+32+28 values per seed
// cycle). Standard library only; needs Go 1.22+.
package main

import (
	"bufio"
	"encoding/hex"
	"math/rand/v2"
	"os"
	"runtime"
	"strconv"
)

const perSeed = 400

func main() {
	seeds := [][32]byte{
		[32]byte([]byte("ABCDEFGHIJKLMNOPQRSTUVWXYZ123456")), // internal/chacha8rand/rand_test.go seed
		{},
	}
	var ff [32]byte
	for i := range ff {
		ff[i] = 0xff
	}
	seeds = append(seeds, ff)
	// splitmix64-derived seeds (same on every arch and version).
	s := uint64(0x6368616368613872) // "chacha8r"
	next := func() uint64 {
		s += 0x9e3779b97f4a7c15
		z := s
		z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
		z = (z ^ (z >> 27)) * 0x94d049bb133111eb
		return z ^ (z >> 31)
	}
	for k := 0; k < 4; k++ {
		var b [32]byte
		for i := 0; i < 4; i++ {
			v := next()
			for j := 0; j < 8; j++ {
				b[8*i+j] = byte(v >> (8 * j))
			}
		}
		seeds = append(seeds, b)
	}

	w := bufio.NewWriterSize(os.Stdout, 1<<16)
	w.WriteString("{\n")
	w.WriteString(`  "generator": "oracle/chacha8vec (math/rand/v2 NewChaCha8 -> internal/chacha8rand)",` + "\n")
	w.WriteString(`  "goVersion": "` + runtime.Version() + `",` + "\n")
	w.WriteString(`  "goarch": "` + runtime.GOARCH + `",` + "\n")
	w.WriteString(`  "seeds": [` + "\n")
	for si, seed := range seeds {
		r := rand.NewChaCha8(seed)
		w.WriteString(`    {"seed": "` + hex.EncodeToString(seed[:]) + `", "values": [`)
		for i := 0; i < perSeed; i++ {
			if i > 0 {
				w.WriteString(", ")
			}
			v := strconv.FormatUint(r.Uint64(), 16)
			for len(v) < 16 {
				v = "0" + v
			}
			w.WriteString(`"` + v + `"`)
		}
		w.WriteString("]}")
		if si+1 < len(seeds) {
			w.WriteString(",")
		}
		w.WriteString("\n")
	}
	w.WriteString("  ]\n}\n")
	if err := w.Flush(); err != nil {
		os.Stderr.WriteString("chacha8vec: " + err.Error() + "\n")
		os.Exit(1)
	}
}
