// Command memstats is the real-Go side of `goemu memory`: it builds one map exactly as
// src/memory/measure.ts does and prints one JSON line with runtime.MemStats deltas.
//
//	memstats -type 'map[int64]int64' -n N [-hint H] [-delete K]
//	memstats -type none                     (the same measurement without a map: the noise)
//
// Keys (src/memory/measure.ts): integers and floats K(i); strings "k"+decimal(i); [L]byte the
// little-endian bytes of uint64(i) in the first 8 bytes. Elems are the zero value. Keys are built
// before the baseline and stay alive, so their memory is not the map's.
//
// Measurement, GC off (SetGCPercent(-1)), one P: runtime.GC() twice (the first starts the mark
// workers), ReadMemStats (a); make + the inserts; ReadMemStats (b): TotalAlloc and Mallocs
// deltas; runtime.GC(), ReadMemStats (c): live = c.HeapAlloc - a.HeapAlloc with the map kept
// alive. Then the deletes (deltas and live again), then the clear loop `for k := range m {
// delete(m, k) }` (mapclear for reflexive keys) and live again. A run during which the runtime
// started an OS thread (allocm allocates an m and two g's) is taken again, up to 5 times.
// It prints the process's hash keys and the map's hash0, so goemu can place the same overflow
// buckets. Standard library only; builds with Go 1.15 and 1.19, GOARCH amd64 and 386.
package main

import (
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"unsafe"
)

const ptrSize = unsafe.Sizeof(uintptr(0))

//go:linkname useAeshash runtime.useAeshash
var useAeshash bool

//go:linkname aeskeysched runtime.aeskeysched
var aeskeysched [ptrSize / 4 * 64]byte

//go:linkname hashkey runtime.hashkey
var hashkey [4]uintptr

// hmap mirrors the head of runtime.hmap (identical in Go 1.15 and 1.19).
type hmap struct {
	count     int
	flags     uint8
	B         uint8
	noverflow uint16
	hash0     uint32
}

type result struct {
	Type            string   `json:"type"`
	N               int      `json:"n"`
	Hint            int      `json:"hint"`
	Deletes         int      `json:"deletes"`
	Version         string   `json:"version"`
	Arch            string   `json:"arch"`
	Hash            string   `json:"hash"`
	Aeskeysched     string   `json:"aeskeysched"`
	Hashkey         []string `json:"hashkey"`
	Hash0           uint32   `json:"hash0"`
	B               uint8    `json:"B"`
	Noverflow       uint16   `json:"noverflow"`
	Live            int64    `json:"live"`
	TotalAlloc      uint64   `json:"totalAlloc"`
	Mallocs         uint64   `json:"mallocs"`
	DeleteAlloc     uint64   `json:"deleteAlloc"`
	DeleteMallocs   uint64   `json:"deleteMallocs"`
	LiveAfterDelete int64    `json:"liveAfterDelete"`
	LiveAfterClear  int64    `json:"liveAfterClear"`
	Tries           int      `json:"tries"`
}

var (
	sink    interface{}
	keySink interface{}
	ms      [4]runtime.MemStats
)

func hm(p unsafe.Pointer) *hmap { return (*hmap)(p) }

func arrKey(i int) (k [136]byte) {
	binary.LittleEndian.PutUint64(k[:8], uint64(i))
	return
}

func gc() {
	runtime.GC()
}

// map[int64]int64
func run0(r *result, n, hint, del int) {
	keys := make([]int64, n)
	for i := range keys {
		keys[i] = int64(i)
	}
	keySink = keys
	var zero int64
	gc()
	gc()
	runtime.ReadMemStats(&ms[0])
	var m map[int64]int64
	if hint < 0 {
		m = make(map[int64]int64)
	} else {
		m = make(map[int64]int64, hint)
	}
	for i := 0; i < n; i++ {
		m[keys[i]] = zero
	}
	runtime.ReadMemStats(&ms[1])
	sink = m
	h := hm(*(*unsafe.Pointer)(unsafe.Pointer(&m)))
	r.Hash0, r.B, r.Noverflow = h.hash0, h.B, h.noverflow
	gc()
	runtime.ReadMemStats(&ms[2])
	r.Live = int64(ms[2].HeapAlloc) - int64(ms[0].HeapAlloc)
	r.TotalAlloc, r.Mallocs = ms[1].TotalAlloc-ms[0].TotalAlloc, ms[1].Mallocs-ms[0].Mallocs
	runtime.ReadMemStats(&ms[1])
	for i := 0; i < del && i < n; i++ {
		delete(m, keys[i])
	}
	runtime.ReadMemStats(&ms[3])
	r.DeleteAlloc, r.DeleteMallocs = ms[3].TotalAlloc-ms[1].TotalAlloc, ms[3].Mallocs-ms[1].Mallocs
	gc()
	runtime.ReadMemStats(&ms[2])
	r.LiveAfterDelete = int64(ms[2].HeapAlloc) - int64(ms[0].HeapAlloc)
	for k := range m {
		delete(m, k)
	}
	gc()
	runtime.ReadMemStats(&ms[2])
	r.LiveAfterClear = int64(ms[2].HeapAlloc) - int64(ms[0].HeapAlloc)
	runtime.KeepAlive(m)
	runtime.KeepAlive(keys)
	sink, keySink = nil, nil
}

// map[int32]int32
func run1(r *result, n, hint, del int) {
	keys := make([]int32, n)
	for i := range keys {
		keys[i] = int32(i)
	}
	keySink = keys
	var zero int32
	gc()
	gc()
	runtime.ReadMemStats(&ms[0])
	var m map[int32]int32
	if hint < 0 {
		m = make(map[int32]int32)
	} else {
		m = make(map[int32]int32, hint)
	}
	for i := 0; i < n; i++ {
		m[keys[i]] = zero
	}
	runtime.ReadMemStats(&ms[1])
	sink = m
	h := hm(*(*unsafe.Pointer)(unsafe.Pointer(&m)))
	r.Hash0, r.B, r.Noverflow = h.hash0, h.B, h.noverflow
	gc()
	runtime.ReadMemStats(&ms[2])
	r.Live = int64(ms[2].HeapAlloc) - int64(ms[0].HeapAlloc)
	r.TotalAlloc, r.Mallocs = ms[1].TotalAlloc-ms[0].TotalAlloc, ms[1].Mallocs-ms[0].Mallocs
	runtime.ReadMemStats(&ms[1])
	for i := 0; i < del && i < n; i++ {
		delete(m, keys[i])
	}
	runtime.ReadMemStats(&ms[3])
	r.DeleteAlloc, r.DeleteMallocs = ms[3].TotalAlloc-ms[1].TotalAlloc, ms[3].Mallocs-ms[1].Mallocs
	gc()
	runtime.ReadMemStats(&ms[2])
	r.LiveAfterDelete = int64(ms[2].HeapAlloc) - int64(ms[0].HeapAlloc)
	for k := range m {
		delete(m, k)
	}
	gc()
	runtime.ReadMemStats(&ms[2])
	r.LiveAfterClear = int64(ms[2].HeapAlloc) - int64(ms[0].HeapAlloc)
	runtime.KeepAlive(m)
	runtime.KeepAlive(keys)
	sink, keySink = nil, nil
}

// map[int8]int8
func run2(r *result, n, hint, del int) {
	keys := make([]int8, n)
	for i := range keys {
		keys[i] = int8(i)
	}
	keySink = keys
	var zero int8
	gc()
	gc()
	runtime.ReadMemStats(&ms[0])
	var m map[int8]int8
	if hint < 0 {
		m = make(map[int8]int8)
	} else {
		m = make(map[int8]int8, hint)
	}
	for i := 0; i < n; i++ {
		m[keys[i]] = zero
	}
	runtime.ReadMemStats(&ms[1])
	sink = m
	h := hm(*(*unsafe.Pointer)(unsafe.Pointer(&m)))
	r.Hash0, r.B, r.Noverflow = h.hash0, h.B, h.noverflow
	gc()
	runtime.ReadMemStats(&ms[2])
	r.Live = int64(ms[2].HeapAlloc) - int64(ms[0].HeapAlloc)
	r.TotalAlloc, r.Mallocs = ms[1].TotalAlloc-ms[0].TotalAlloc, ms[1].Mallocs-ms[0].Mallocs
	runtime.ReadMemStats(&ms[1])
	for i := 0; i < del && i < n; i++ {
		delete(m, keys[i])
	}
	runtime.ReadMemStats(&ms[3])
	r.DeleteAlloc, r.DeleteMallocs = ms[3].TotalAlloc-ms[1].TotalAlloc, ms[3].Mallocs-ms[1].Mallocs
	gc()
	runtime.ReadMemStats(&ms[2])
	r.LiveAfterDelete = int64(ms[2].HeapAlloc) - int64(ms[0].HeapAlloc)
	for k := range m {
		delete(m, k)
	}
	gc()
	runtime.ReadMemStats(&ms[2])
	r.LiveAfterClear = int64(ms[2].HeapAlloc) - int64(ms[0].HeapAlloc)
	runtime.KeepAlive(m)
	runtime.KeepAlive(keys)
	sink, keySink = nil, nil
}

// map[uint16]uint64
func run3(r *result, n, hint, del int) {
	keys := make([]uint16, n)
	for i := range keys {
		keys[i] = uint16(i)
	}
	keySink = keys
	var zero uint64
	gc()
	gc()
	runtime.ReadMemStats(&ms[0])
	var m map[uint16]uint64
	if hint < 0 {
		m = make(map[uint16]uint64)
	} else {
		m = make(map[uint16]uint64, hint)
	}
	for i := 0; i < n; i++ {
		m[keys[i]] = zero
	}
	runtime.ReadMemStats(&ms[1])
	sink = m
	h := hm(*(*unsafe.Pointer)(unsafe.Pointer(&m)))
	r.Hash0, r.B, r.Noverflow = h.hash0, h.B, h.noverflow
	gc()
	runtime.ReadMemStats(&ms[2])
	r.Live = int64(ms[2].HeapAlloc) - int64(ms[0].HeapAlloc)
	r.TotalAlloc, r.Mallocs = ms[1].TotalAlloc-ms[0].TotalAlloc, ms[1].Mallocs-ms[0].Mallocs
	runtime.ReadMemStats(&ms[1])
	for i := 0; i < del && i < n; i++ {
		delete(m, keys[i])
	}
	runtime.ReadMemStats(&ms[3])
	r.DeleteAlloc, r.DeleteMallocs = ms[3].TotalAlloc-ms[1].TotalAlloc, ms[3].Mallocs-ms[1].Mallocs
	gc()
	runtime.ReadMemStats(&ms[2])
	r.LiveAfterDelete = int64(ms[2].HeapAlloc) - int64(ms[0].HeapAlloc)
	for k := range m {
		delete(m, k)
	}
	gc()
	runtime.ReadMemStats(&ms[2])
	r.LiveAfterClear = int64(ms[2].HeapAlloc) - int64(ms[0].HeapAlloc)
	runtime.KeepAlive(m)
	runtime.KeepAlive(keys)
	sink, keySink = nil, nil
}

// map[float64]int64
func run4(r *result, n, hint, del int) {
	keys := make([]float64, n)
	for i := range keys {
		keys[i] = float64(i)
	}
	keySink = keys
	var zero int64
	gc()
	gc()
	runtime.ReadMemStats(&ms[0])
	var m map[float64]int64
	if hint < 0 {
		m = make(map[float64]int64)
	} else {
		m = make(map[float64]int64, hint)
	}
	for i := 0; i < n; i++ {
		m[keys[i]] = zero
	}
	runtime.ReadMemStats(&ms[1])
	sink = m
	h := hm(*(*unsafe.Pointer)(unsafe.Pointer(&m)))
	r.Hash0, r.B, r.Noverflow = h.hash0, h.B, h.noverflow
	gc()
	runtime.ReadMemStats(&ms[2])
	r.Live = int64(ms[2].HeapAlloc) - int64(ms[0].HeapAlloc)
	r.TotalAlloc, r.Mallocs = ms[1].TotalAlloc-ms[0].TotalAlloc, ms[1].Mallocs-ms[0].Mallocs
	runtime.ReadMemStats(&ms[1])
	for i := 0; i < del && i < n; i++ {
		delete(m, keys[i])
	}
	runtime.ReadMemStats(&ms[3])
	r.DeleteAlloc, r.DeleteMallocs = ms[3].TotalAlloc-ms[1].TotalAlloc, ms[3].Mallocs-ms[1].Mallocs
	gc()
	runtime.ReadMemStats(&ms[2])
	r.LiveAfterDelete = int64(ms[2].HeapAlloc) - int64(ms[0].HeapAlloc)
	for k := range m {
		delete(m, k)
	}
	gc()
	runtime.ReadMemStats(&ms[2])
	r.LiveAfterClear = int64(ms[2].HeapAlloc) - int64(ms[0].HeapAlloc)
	runtime.KeepAlive(m)
	runtime.KeepAlive(keys)
	sink, keySink = nil, nil
}

// map[string]int64
func run5(r *result, n, hint, del int) {
	keys := make([]string, n)
	for i := range keys {
		keys[i] = "k" + strconv.Itoa(i)
	}
	keySink = keys
	var zero int64
	gc()
	gc()
	runtime.ReadMemStats(&ms[0])
	var m map[string]int64
	if hint < 0 {
		m = make(map[string]int64)
	} else {
		m = make(map[string]int64, hint)
	}
	for i := 0; i < n; i++ {
		m[keys[i]] = zero
	}
	runtime.ReadMemStats(&ms[1])
	sink = m
	h := hm(*(*unsafe.Pointer)(unsafe.Pointer(&m)))
	r.Hash0, r.B, r.Noverflow = h.hash0, h.B, h.noverflow
	gc()
	runtime.ReadMemStats(&ms[2])
	r.Live = int64(ms[2].HeapAlloc) - int64(ms[0].HeapAlloc)
	r.TotalAlloc, r.Mallocs = ms[1].TotalAlloc-ms[0].TotalAlloc, ms[1].Mallocs-ms[0].Mallocs
	runtime.ReadMemStats(&ms[1])
	for i := 0; i < del && i < n; i++ {
		delete(m, keys[i])
	}
	runtime.ReadMemStats(&ms[3])
	r.DeleteAlloc, r.DeleteMallocs = ms[3].TotalAlloc-ms[1].TotalAlloc, ms[3].Mallocs-ms[1].Mallocs
	gc()
	runtime.ReadMemStats(&ms[2])
	r.LiveAfterDelete = int64(ms[2].HeapAlloc) - int64(ms[0].HeapAlloc)
	for k := range m {
		delete(m, k)
	}
	gc()
	runtime.ReadMemStats(&ms[2])
	r.LiveAfterClear = int64(ms[2].HeapAlloc) - int64(ms[0].HeapAlloc)
	runtime.KeepAlive(m)
	runtime.KeepAlive(keys)
	sink, keySink = nil, nil
}

// map[string]string
func run6(r *result, n, hint, del int) {
	keys := make([]string, n)
	for i := range keys {
		keys[i] = "k" + strconv.Itoa(i)
	}
	keySink = keys
	var zero string
	gc()
	gc()
	runtime.ReadMemStats(&ms[0])
	var m map[string]string
	if hint < 0 {
		m = make(map[string]string)
	} else {
		m = make(map[string]string, hint)
	}
	for i := 0; i < n; i++ {
		m[keys[i]] = zero
	}
	runtime.ReadMemStats(&ms[1])
	sink = m
	h := hm(*(*unsafe.Pointer)(unsafe.Pointer(&m)))
	r.Hash0, r.B, r.Noverflow = h.hash0, h.B, h.noverflow
	gc()
	runtime.ReadMemStats(&ms[2])
	r.Live = int64(ms[2].HeapAlloc) - int64(ms[0].HeapAlloc)
	r.TotalAlloc, r.Mallocs = ms[1].TotalAlloc-ms[0].TotalAlloc, ms[1].Mallocs-ms[0].Mallocs
	runtime.ReadMemStats(&ms[1])
	for i := 0; i < del && i < n; i++ {
		delete(m, keys[i])
	}
	runtime.ReadMemStats(&ms[3])
	r.DeleteAlloc, r.DeleteMallocs = ms[3].TotalAlloc-ms[1].TotalAlloc, ms[3].Mallocs-ms[1].Mallocs
	gc()
	runtime.ReadMemStats(&ms[2])
	r.LiveAfterDelete = int64(ms[2].HeapAlloc) - int64(ms[0].HeapAlloc)
	for k := range m {
		delete(m, k)
	}
	gc()
	runtime.ReadMemStats(&ms[2])
	r.LiveAfterClear = int64(ms[2].HeapAlloc) - int64(ms[0].HeapAlloc)
	runtime.KeepAlive(m)
	runtime.KeepAlive(keys)
	sink, keySink = nil, nil
}

// map[int64]string
func run7(r *result, n, hint, del int) {
	keys := make([]int64, n)
	for i := range keys {
		keys[i] = int64(i)
	}
	keySink = keys
	var zero string
	gc()
	gc()
	runtime.ReadMemStats(&ms[0])
	var m map[int64]string
	if hint < 0 {
		m = make(map[int64]string)
	} else {
		m = make(map[int64]string, hint)
	}
	for i := 0; i < n; i++ {
		m[keys[i]] = zero
	}
	runtime.ReadMemStats(&ms[1])
	sink = m
	h := hm(*(*unsafe.Pointer)(unsafe.Pointer(&m)))
	r.Hash0, r.B, r.Noverflow = h.hash0, h.B, h.noverflow
	gc()
	runtime.ReadMemStats(&ms[2])
	r.Live = int64(ms[2].HeapAlloc) - int64(ms[0].HeapAlloc)
	r.TotalAlloc, r.Mallocs = ms[1].TotalAlloc-ms[0].TotalAlloc, ms[1].Mallocs-ms[0].Mallocs
	runtime.ReadMemStats(&ms[1])
	for i := 0; i < del && i < n; i++ {
		delete(m, keys[i])
	}
	runtime.ReadMemStats(&ms[3])
	r.DeleteAlloc, r.DeleteMallocs = ms[3].TotalAlloc-ms[1].TotalAlloc, ms[3].Mallocs-ms[1].Mallocs
	gc()
	runtime.ReadMemStats(&ms[2])
	r.LiveAfterDelete = int64(ms[2].HeapAlloc) - int64(ms[0].HeapAlloc)
	for k := range m {
		delete(m, k)
	}
	gc()
	runtime.ReadMemStats(&ms[2])
	r.LiveAfterClear = int64(ms[2].HeapAlloc) - int64(ms[0].HeapAlloc)
	runtime.KeepAlive(m)
	runtime.KeepAlive(keys)
	sink, keySink = nil, nil
}

// map[[136]byte]int64
func run8(r *result, n, hint, del int) {
	keys := make([][136]byte, n)
	for i := range keys {
		keys[i] = arrKey(i)
	}
	keySink = keys
	var zero int64
	gc()
	gc()
	runtime.ReadMemStats(&ms[0])
	var m map[[136]byte]int64
	if hint < 0 {
		m = make(map[[136]byte]int64)
	} else {
		m = make(map[[136]byte]int64, hint)
	}
	for i := 0; i < n; i++ {
		m[keys[i]] = zero
	}
	runtime.ReadMemStats(&ms[1])
	sink = m
	h := hm(*(*unsafe.Pointer)(unsafe.Pointer(&m)))
	r.Hash0, r.B, r.Noverflow = h.hash0, h.B, h.noverflow
	gc()
	runtime.ReadMemStats(&ms[2])
	r.Live = int64(ms[2].HeapAlloc) - int64(ms[0].HeapAlloc)
	r.TotalAlloc, r.Mallocs = ms[1].TotalAlloc-ms[0].TotalAlloc, ms[1].Mallocs-ms[0].Mallocs
	runtime.ReadMemStats(&ms[1])
	for i := 0; i < del && i < n; i++ {
		delete(m, keys[i])
	}
	runtime.ReadMemStats(&ms[3])
	r.DeleteAlloc, r.DeleteMallocs = ms[3].TotalAlloc-ms[1].TotalAlloc, ms[3].Mallocs-ms[1].Mallocs
	gc()
	runtime.ReadMemStats(&ms[2])
	r.LiveAfterDelete = int64(ms[2].HeapAlloc) - int64(ms[0].HeapAlloc)
	for k := range m {
		delete(m, k)
	}
	gc()
	runtime.ReadMemStats(&ms[2])
	r.LiveAfterClear = int64(ms[2].HeapAlloc) - int64(ms[0].HeapAlloc)
	runtime.KeepAlive(m)
	runtime.KeepAlive(keys)
	sink, keySink = nil, nil
}

// map[int64][200]byte
func run9(r *result, n, hint, del int) {
	keys := make([]int64, n)
	for i := range keys {
		keys[i] = int64(i)
	}
	keySink = keys
	var zero [200]byte
	gc()
	gc()
	runtime.ReadMemStats(&ms[0])
	var m map[int64][200]byte
	if hint < 0 {
		m = make(map[int64][200]byte)
	} else {
		m = make(map[int64][200]byte, hint)
	}
	for i := 0; i < n; i++ {
		m[keys[i]] = zero
	}
	runtime.ReadMemStats(&ms[1])
	sink = m
	h := hm(*(*unsafe.Pointer)(unsafe.Pointer(&m)))
	r.Hash0, r.B, r.Noverflow = h.hash0, h.B, h.noverflow
	gc()
	runtime.ReadMemStats(&ms[2])
	r.Live = int64(ms[2].HeapAlloc) - int64(ms[0].HeapAlloc)
	r.TotalAlloc, r.Mallocs = ms[1].TotalAlloc-ms[0].TotalAlloc, ms[1].Mallocs-ms[0].Mallocs
	runtime.ReadMemStats(&ms[1])
	for i := 0; i < del && i < n; i++ {
		delete(m, keys[i])
	}
	runtime.ReadMemStats(&ms[3])
	r.DeleteAlloc, r.DeleteMallocs = ms[3].TotalAlloc-ms[1].TotalAlloc, ms[3].Mallocs-ms[1].Mallocs
	gc()
	runtime.ReadMemStats(&ms[2])
	r.LiveAfterDelete = int64(ms[2].HeapAlloc) - int64(ms[0].HeapAlloc)
	for k := range m {
		delete(m, k)
	}
	gc()
	runtime.ReadMemStats(&ms[2])
	r.LiveAfterClear = int64(ms[2].HeapAlloc) - int64(ms[0].HeapAlloc)
	runtime.KeepAlive(m)
	runtime.KeepAlive(keys)
	sink, keySink = nil, nil
}

// none: the same sequence of GCs and ReadMemStats without a map (what the measurement itself costs).
func runNone(r *result) {
	gc()
	gc()
	runtime.ReadMemStats(&ms[0])
	runtime.ReadMemStats(&ms[1])
	gc()
	runtime.ReadMemStats(&ms[2])
	r.Live = int64(ms[2].HeapAlloc) - int64(ms[0].HeapAlloc)
	r.TotalAlloc, r.Mallocs = ms[1].TotalAlloc-ms[0].TotalAlloc, ms[1].Mallocs-ms[0].Mallocs
	runtime.ReadMemStats(&ms[1])
	runtime.ReadMemStats(&ms[3])
	r.DeleteAlloc, r.DeleteMallocs = ms[3].TotalAlloc-ms[1].TotalAlloc, ms[3].Mallocs-ms[1].Mallocs
	gc()
	runtime.ReadMemStats(&ms[2])
	r.LiveAfterDelete = int64(ms[2].HeapAlloc) - int64(ms[0].HeapAlloc)
	gc()
	runtime.ReadMemStats(&ms[2])
	r.LiveAfterClear = int64(ms[2].HeapAlloc) - int64(ms[0].HeapAlloc)
}

func runType(r *result, typ string, n, hint, del int) {
	switch typ {
	case "none":
		runNone(r)
	case "map[int64]int64":
		run0(r, n, hint, del)
	case "map[int32]int32":
		run1(r, n, hint, del)
	case "map[int8]int8":
		run2(r, n, hint, del)
	case "map[uint16]uint64":
		run3(r, n, hint, del)
	case "map[float64]int64":
		run4(r, n, hint, del)
	case "map[string]int64":
		run5(r, n, hint, del)
	case "map[string]string":
		run6(r, n, hint, del)
	case "map[int64]string":
		run7(r, n, hint, del)
	case "map[[136]byte]int64":
		run8(r, n, hint, del)
	case "map[int64][200]byte":
		run9(r, n, hint, del)
	default:
		fmt.Fprintf(os.Stderr, "memstats: unknown -type %q\n", typ)
		os.Exit(2)
	}
}

func main() {
	typ := flag.String("type", "map[int64]int64", "map type (see the cases in run1)")
	n := flag.Int("n", 1000, "entries")
	hint := flag.Int("hint", -1, "make hint (-1: make without one)")
	del := flag.Int("delete", 0, "keys deleted after the inserts (0..K-1)")
	flag.Parse()
	if *typ == "map[int8]int8" && *n > 128 {
		fmt.Fprintln(os.Stderr, "memstats: map[int8]int8 takes -n <= 128")
		os.Exit(2)
	}
	debug.SetGCPercent(-1)
	runtime.GOMAXPROCS(1)
	r := result{Type: *typ, N: *n, Hint: *hint, Deletes: *del, Version: runtime.Version(), Arch: runtime.GOARCH}
	if useAeshash {
		r.Hash = "aes"
	} else {
		r.Hash = "fallback"
	}
	for try := 1; ; try++ {
		t0, _ := runtime.ThreadCreateProfile(nil)
		runType(&r, *typ, *n, *hint, *del)
		if t1, _ := runtime.ThreadCreateProfile(nil); t1 == t0 || try == 5 {
			r.Tries = try
			break
		}
	}
	r.Aeskeysched = hex.EncodeToString(aeskeysched[:])
	for _, k := range hashkey {
		r.Hashkey = append(r.Hashkey, fmt.Sprintf("0x%0*x", 2*ptrSize, uint64(k)))
	}
	out, _ := json.Marshal(r)
	os.Stdout.Write(append(out, '\n'))
}
