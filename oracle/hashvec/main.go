// Command hashvec is goemu's oracle for the raw hash functions and fastrand.
//
// It writes FIXED key material into runtime.aeskeysched and runtime.hashkey
// (through //go:linkname), calls the real runtime.memhash, runtime.memhash32,
// runtime.memhash64 and runtime.strhash on deterministic pseudo-random inputs,
// and prints the results as JSON on stdout. Whether the AES or the fallback
// family runs is decided by the runtime itself (GODEBUG=cpu.aes=off selects
// the fallback); the program only checks that it got what was asked for.
//
// With -fastrand it instead locates m0.fastrand, sets hand-chosen states and
// records the real runtime.fastrand / fastrandn / fastrand64 outputs.
//
// Usage: hashvec -family aes|fallback   or   hashvec -fastrand
//
// Must build with Go 1.15 and Go 1.19, GOARCH=amd64 and GOARCH=386, and use the
// standard library only. Nothing here may use a Go map while the runtime's keys
// are replaced (maps made earlier would be corrupted); the keys are restored
// before anything is printed.
package main

import (
	"bufio"
	"encoding/hex"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"unsafe"
)

const ptrSize = unsafe.Sizeof(uintptr(0))

// runtime.hashRandomBytes = sys.PtrSize / 4 * 64 (runtime/alg.go).
const hashRandomBytes = ptrSize / 4 * 64

//go:linkname aeskeysched runtime.aeskeysched
var aeskeysched [hashRandomBytes]byte

//go:linkname hashkey runtime.hashkey
var hashkey [4]uintptr

//go:linkname useAeshash runtime.useAeshash
var useAeshash bool

//go:linkname memhash runtime.memhash
//go:noescape
func memhash(p unsafe.Pointer, h, s uintptr) uintptr

//go:linkname memhash32 runtime.memhash32
//go:noescape
func memhash32(p unsafe.Pointer, h uintptr) uintptr

//go:linkname memhash64 runtime.memhash64
//go:noescape
func memhash64(p unsafe.Pointer, h uintptr) uintptr

//go:linkname strhash runtime.strhash
//go:noescape
func strhash(p unsafe.Pointer, h uintptr) uintptr

// stringHeader is the layout of a Go string: what strhash's p points at.
type stringHeader struct {
	data unsafe.Pointer
	len  int
}

// ---- deterministic generator (splitmix64; same stream on every arch and version) ----

type rng struct{ s uint64 }

func (r *rng) next() uint64 {
	r.s += 0x9e3779b97f4a7c15
	z := r.s
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

func (r *rng) intn(n int) int { return int(r.next() % uint64(n)) }

// seed returns a hash seed of one of several kinds. On amd64 the seeds include
// full 64-bit values (nested hashing passes a previous 64-bit hash as seed).
func (r *rng) seed(kind int) uintptr {
	v := r.next()
	switch kind % 6 {
	case 0:
		return 0
	case 1:
		return uintptr(v & 0xff)
	case 2:
		return uintptr(uint32(v))
	case 3:
		if ptrSize == 8 {
			return uintptr(v) // full 64 bits
		}
		return uintptr(uint32(v >> 32))
	case 4:
		if ptrSize == 8 {
			return uintptr(v >> 32 << 32) // high half only
		}
		return uintptr(uint32(v) | 0x80000000)
	default:
		return ^uintptr(0) ^ uintptr(v&0xf)
	}
}

// ---- vectors ----

const (
	fnMemhash = iota
	fnMemhash32
	fnMemhash64
	fnStrhash
)

var fnNames = [...]string{"memhash", "memhash32", "memhash64", "strhash"}

type vector struct {
	fn     int
	key    int
	seed   uintptr
	addr   uintptr // address of the data, mod 4096
	at     int     // offset of the data from the page-aligned base of the arena
	n      int
	data   []byte
	result uintptr
}

type keySet struct {
	aes [hashRandomBytes]byte
	hk  [4]uintptr
}

const pageSize = 4096

func main() {
	mode := ""
	family := ""
	for i := 1; i < len(os.Args); i++ {
		switch os.Args[i] {
		case "-fastrand":
			mode = "fastrand"
		case "-family":
			if i+1 < len(os.Args) {
				family = os.Args[i+1]
				i++
			}
		}
	}
	if mode == "fastrand" {
		fastrandMain()
		return
	}
	if family != "aes" && family != "fallback" {
		fail("usage: hashvec -family aes|fallback | hashvec -fastrand")
	}
	if useAeshash != (family == "aes") {
		fail("runtime.useAeshash=" + strconv.FormatBool(useAeshash) + " but -family " + family +
			" (the fallback family needs GODEBUG=cpu.aes=off; the aes family needs a CPU with AES, SSSE3, SSE4.1)")
	}

	// Data arena: 3 pages plus slack, filled with junk; vectors are placed at a
	// page-aligned base so that addr%16 is the chosen offset and the "end of
	// page" path of aeshash's 0..15 case can be hit on purpose.
	arena := make([]byte, 4*pageSize)
	g := &rng{s: 0x676f656d75686173} // "goemuhas"
	for i := range arena {
		arena[i] = byte(g.next())
	}
	base := 0
	for (uintptr(unsafe.Pointer(&arena[base])) % pageSize) != 0 {
		base++
	}

	// Two fixed key sets per configuration. Fallback hashkey words are odd up to
	// Go 1.22, like alginit makes them (hashkeyOdd; 1.23+ no longer forces them odd).
	var keys [2]keySet
	kg := &rng{s: 0x6b65797363686564} // "keysched"
	for k := range keys {
		for i := range keys[k].aes {
			keys[k].aes[i] = byte(kg.next())
		}
		for i := range keys[k].hk {
			keys[k].hk[i] = uintptr(kg.next()) | hashkeyOdd
		}
	}

	// Plan every vector (all allocation happens here, before the keys change).
	var vs []vector
	add := func(fn, key int, seed uintptr, at int, n int) {
		p := base + at
		for i := 0; i < n; i++ {
			arena[p+i] = byte(g.next())
		}
		d := make([]byte, n)
		copy(d, arena[p:p+n])
		vs = append(vs, vector{fn: fn, key: key, seed: seed,
			addr: uintptr(unsafe.Pointer(&arena[p])) % pageSize, at: at, n: n, data: d})
	}
	sk := 0
	nextSeed := func() uintptr { sk++; return g.seed(sk) }
	regular := func() int { return 64 + g.intn(16) } // offset 0..15 mod 16, not near a page end
	for key := range keys {
		// memhash: every length 0..300, plus longer ones.
		for n := 0; n <= 300; n++ {
			add(fnMemhash, key, nextSeed(), regular(), n)
		}
		for _, n := range []int{383, 384, 385, 511, 512, 513, 639, 640, 641, 1023, 1024, 1025, 2047, 2048, 2049} {
			add(fnMemhash, key, nextSeed(), regular(), n)
		}
		for i := 0; i < 40; i++ {
			add(fnMemhash, key, nextSeed(), regular(), 301+g.intn(800))
		}
		// memhash, short inputs ending near a page end: (p+16)&0xff0 == 0
		// selects aeshash's PSHUFB "endofpage" load.
		for n := 1; n <= 16; n++ {
			for j := 0; j < 2; j++ {
				add(fnMemhash, key, nextSeed(), pageSize-16+g.intn(16), n)
			}
		}
		// strhash: half the lengths 0..300 per key set (all of them over both),
		// plus some long ones and some near a page end.
		for n := key; n <= 300; n += 2 {
			add(fnStrhash, key, nextSeed(), regular(), n)
		}
		for i := 0; i < 10; i++ {
			add(fnStrhash, key, nextSeed(), regular(), 301+g.intn(500))
		}
		for i := 0; i < 8; i++ {
			add(fnStrhash, key, nextSeed(), pageSize-16+g.intn(16), 1+g.intn(15))
		}
		// memhash32 / memhash64.
		for i := 0; i < 300; i++ {
			add(fnMemhash32, key, nextSeed(), regular(), 4)
			add(fnMemhash64, key, nextSeed(), regular(), 8)
		}
	}

	// Hash with each key set installed, then restore the process's own keys.
	savedAES, savedHK := aeskeysched, hashkey
	for key := range keys {
		if useAeshash {
			aeskeysched = keys[key].aes
		} else {
			hashkey = keys[key].hk
		}
		for i := range vs {
			v := &vs[i]
			if v.key != key {
				continue
			}
			// Re-copy the data into place (later vectors may have overwritten it).
			p := base + v.at
			copy(arena[p:p+v.n], v.data)
			ptr := unsafe.Pointer(&arena[p])
			switch v.fn {
			case fnMemhash:
				v.result = memhash(ptr, v.seed, uintptr(v.n))
			case fnMemhash32:
				v.result = memhash32(ptr, v.seed)
			case fnMemhash64:
				v.result = memhash64(ptr, v.seed)
			case fnStrhash:
				s := stringHeader{data: ptr, len: v.n}
				v.result = strhash(unsafe.Pointer(&s), v.seed)
			}
		}
		// Record the key material exactly as the runtime holds it.
		keys[key].aes, keys[key].hk = aeskeysched, hashkey
	}
	aeskeysched, hashkey = savedAES, savedHK

	// Print.
	w := bufio.NewWriterSize(os.Stdout, 1<<16)
	w.WriteString("{\n")
	w.WriteString(`  "generator": "oracle/hashvec",` + "\n")
	w.WriteString(`  "goVersion": "` + runtime.Version() + `",` + "\n")
	w.WriteString(`  "goarch": "` + runtime.GOARCH + `",` + "\n")
	w.WriteString(`  "ptrSize": ` + strconv.Itoa(int(ptrSize)) + ",\n")
	w.WriteString(`  "family": "` + family + `",` + "\n")
	w.WriteString(`  "useAeshash": ` + strconv.FormatBool(useAeshash) + ",\n")
	w.WriteString(`  "keys": [` + "\n")
	for k := range keys {
		w.WriteString(`    {"aeskeysched": "` + hex.EncodeToString(keys[k].aes[:]) + `", "hashkey": [`)
		for i, h := range keys[k].hk {
			if i > 0 {
				w.WriteString(", ")
			}
			w.WriteString(`"` + word(h) + `"`)
		}
		w.WriteString("]}")
		if k+1 < len(keys) {
			w.WriteString(",")
		}
		w.WriteString("\n")
	}
	w.WriteString("  ],\n")
	w.WriteString(`  "vectors": [` + "\n")
	for i, v := range vs {
		w.WriteString(`    {"fn": "` + fnNames[v.fn] + `", "key": ` + strconv.Itoa(v.key) +
			`, "seed": "` + word(v.seed) + `", "addr": ` + strconv.Itoa(int(v.addr)) +
			`, "len": ` + strconv.Itoa(v.n) + `, "data": "` + hex.EncodeToString(v.data) +
			`", "result": "` + word(v.result) + `"}`)
		if i+1 < len(vs) {
			w.WriteString(",")
		}
		w.WriteString("\n")
	}
	w.WriteString("  ]\n}\n")
	if err := w.Flush(); err != nil {
		fail(err.Error())
	}
}

// word formats a uintptr as 2*PtrSize hex digits.
func word(x uintptr) string {
	s := strconv.FormatUint(uint64(x), 16)
	for len(s) < int(2*ptrSize) {
		s = "0" + s
	}
	return s
}

func fail(msg string) {
	os.Stderr.WriteString("hashvec: " + msg + "\n")
	os.Exit(1)
}

func init() {
	// Keep main on the main thread (m0) for -fastrand, and keep the runtime
	// from calling fastrand behind our back (heap profiling samples, GC).
	runtime.LockOSThread()
	runtime.MemProfileRate = 0
	debug.SetGCPercent(-1)
}
