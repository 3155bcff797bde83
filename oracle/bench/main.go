// Command bench is the native side of `goemu bench`: it runs one of goemu's standard map
// workloads on the real Go runtime and prints one JSON line with the best time per operation and
// the allocation deltas (runtime.MemStats TotalAlloc and Mallocs) of one run of the workload.
//
// Standard library only; builds with Go 1.15 and Go 1.19 for GOARCH amd64 and 386. The fallback
// hash family is the same binary run with GODEBUG=cpu.aes=off (the output says which one ran).
//
//	bench -key int64|str|arr2|any -op grow|hint|hit|miss|delete|range -n N [-reps R] [-min MS]
//	bench -key int64|str|arr2|any -n N -allocs
//
// The second form measures only the allocations, of all six workloads, and prints them with the
// process's hash keys (aeskeysched, hashkey) and each measured map's hash0, so that goemu can
// build the same maps (the same overflow buckets) and compare its accounting byte for byte.
//
// The keys and the order of operations are those of src/bench/workloads.ts:
//
//	int64: keys 0..N-1; misses N..2N-1
//	str:   keys "k0".."k{N-1}"; lookups and deletes use a second set of freshly built equal
//	       strings; misses "k{N}".."k{2N-1}"
//	arr2:  keys [2]int64{i, ^i} (elem: one fixed string); misses [2]int64{i+N, ^(i+N)}
//	any:   interface{} keys, int64(i) for even i and "k{i}" for odd i; lookups use freshly
//	       boxed equal keys; misses the same for N+i
//
// Workloads (names after runtime/map_benchmark_test.go):
//
//	grow   MapAssignGrow         m := make(map[K]V); for i, k := range keys { m[k] = V(i) }
//	hint   MapAssignPreAllocate  the same with make(map[K]V, N)
//	hit    MapAccessHit          for _, k := range keys2 { v, ok := m[k] } over a built map
//	miss   MapAccessMiss         the same with absent keys
//	delete MapDelete             for _, k := range keys2 { delete(m, k) } until empty
//	range  MapIter               for _, v := range m { … } (per element)
//
// A rep runs the workload `iters` times (enough for -min milliseconds); the time per operation
// of a rep is its time / (iters*N), and the best rep is printed. The allocation deltas come from
// a separate, untimed run of the operation with the GC off: ReadMemStats right before and after,
// as the oracle's tracer does for "allocs" scenarios.
package main

import (
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"time"
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

// hash0Of reads h.hash0 of the map held in m.
func hash0Of(m interface{}) uint32 {
	e := (*[2]unsafe.Pointer)(unsafe.Pointer(&m))
	return (*hmap)(e[1]).hash0
}

type seeds struct {
	Aeskeysched string   `json:"aeskeysched"`
	Hashkey     []string `json:"hashkey"`
}

func processSeeds() seeds {
	s := seeds{Aeskeysched: hex.EncodeToString(aeskeysched[:])}
	for _, k := range hashkey {
		s.Hashkey = append(s.Hashkey, fmt.Sprintf("0x%0*x", 2*ptrSize, uint64(k)))
	}
	return s
}

func profile() string {
	v := runtime.Version()
	switch {
	case strings.HasPrefix(v, "go1.15"):
		return "go1.15"
	case strings.HasPrefix(v, "go1.19"):
		return "go1.19"
	}
	return v
}

func hashFamily() string {
	if useAeshash {
		return "aes"
	}
	return "fallback"
}

// Sinks: keep results alive so nothing is optimised away, and make every map escape to the heap
// (a map that stays on the stack would not call makemap_small / newobject as goemu does).
var (
	sinkInt   int64
	sinkMaps  []interface{}
	elemConst = strings.Repeat("v", 1) + "alue" // built at run time: a heap string like goemu's
)

// ---- int64 ----

//go:noinline
func makeInt64(hint int) map[int64]int64 {
	if hint < 0 {
		return make(map[int64]int64)
	}
	return make(map[int64]int64, hint)
}

//go:noinline
func fillInt64(m map[int64]int64, keys []int64) {
	for i, k := range keys {
		m[k] = int64(i)
	}
}

//go:noinline
func lookupInt64(m map[int64]int64, keys []int64) int64 {
	var s int64
	for _, k := range keys {
		v, ok := m[k]
		if ok {
			s += v
		}
	}
	return s
}

//go:noinline
func deleteInt64(m map[int64]int64, keys []int64) {
	for _, k := range keys {
		delete(m, k)
	}
}

//go:noinline
func rangeInt64(m map[int64]int64) int64 {
	var s int64
	for _, v := range m {
		s += v
	}
	return s
}

// ---- string ----

//go:noinline
func makeStr(hint int) map[string]int64 {
	if hint < 0 {
		return make(map[string]int64)
	}
	return make(map[string]int64, hint)
}

//go:noinline
func fillStr(m map[string]int64, keys []string) {
	for i, k := range keys {
		m[k] = int64(i)
	}
}

//go:noinline
func lookupStr(m map[string]int64, keys []string) int64 {
	var s int64
	for _, k := range keys {
		v, ok := m[k]
		if ok {
			s += v
		}
	}
	return s
}

//go:noinline
func deleteStr(m map[string]int64, keys []string) {
	for _, k := range keys {
		delete(m, k)
	}
}

//go:noinline
func rangeStr(m map[string]int64) int64 {
	var s int64
	for _, v := range m {
		s += v
	}
	return s
}

// ---- [2]int64 → string ----

//go:noinline
func makeArr2(hint int) map[[2]int64]string {
	if hint < 0 {
		return make(map[[2]int64]string)
	}
	return make(map[[2]int64]string, hint)
}

//go:noinline
func fillArr2(m map[[2]int64]string, keys [][2]int64) {
	for _, k := range keys {
		m[k] = elemConst
	}
}

//go:noinline
func lookupArr2(m map[[2]int64]string, keys [][2]int64) int64 {
	var s int64
	for _, k := range keys {
		v, ok := m[k]
		if ok {
			s += int64(len(v))
		}
	}
	return s
}

//go:noinline
func deleteArr2(m map[[2]int64]string, keys [][2]int64) {
	for _, k := range keys {
		delete(m, k)
	}
}

//go:noinline
func rangeArr2(m map[[2]int64]string) int64 {
	var s int64
	for _, v := range m {
		s += int64(len(v))
	}
	return s
}

// ---- interface{} → int64 ----

//go:noinline
func makeAny(hint int) map[interface{}]int64 {
	if hint < 0 {
		return make(map[interface{}]int64)
	}
	return make(map[interface{}]int64, hint)
}

//go:noinline
func fillAny(m map[interface{}]int64, keys []interface{}) {
	for i, k := range keys {
		m[k] = int64(i)
	}
}

//go:noinline
func lookupAny(m map[interface{}]int64, keys []interface{}) int64 {
	var s int64
	for _, k := range keys {
		v, ok := m[k]
		if ok {
			s += v
		}
	}
	return s
}

//go:noinline
func deleteAny(m map[interface{}]int64, keys []interface{}) {
	for _, k := range keys {
		delete(m, k)
	}
}

//go:noinline
func rangeAny(m map[interface{}]int64) int64 {
	var s int64
	for _, v := range m {
		s += v
	}
	return s
}

// ---- keys ----

func strKeys(from, n int) []string {
	k := make([]string, n)
	for i := range k {
		k[i] = "k" + strconv.Itoa(from+i)
	}
	return k
}

func anyKeys(from, n int) []interface{} {
	k := make([]interface{}, n)
	for i := range k {
		j := from + i
		if j%2 == 0 {
			k[i] = int64(j)
		} else {
			k[i] = "k" + strconv.Itoa(j)
		}
	}
	return k
}

// workload is one key type's functions over its prepared keys.
type workload struct {
	mk     func(hint int) interface{}           // make only
	fill   func(m interface{})                  // fill with the inserted keys
	lookup func(m interface{}, miss bool) int64 // over the lookup keys (or the miss keys)
	del    func(m interface{})                  // delete every key (lookup keys)
	iter   func(m interface{}) int64            // range
}

func newWorkload(key string, n int) *workload {
	switch key {
	case "int64":
		keys := make([]int64, n)
		miss := make([]int64, n)
		for i := range keys {
			keys[i] = int64(i)
			miss[i] = int64(n + i)
		}
		return &workload{
			mk:   func(h int) interface{} { return makeInt64(h) },
			fill: func(m interface{}) { fillInt64(m.(map[int64]int64), keys) },
			lookup: func(m interface{}, ms bool) int64 {
				if ms {
					return lookupInt64(m.(map[int64]int64), miss)
				}
				return lookupInt64(m.(map[int64]int64), keys)
			},
			del:  func(m interface{}) { deleteInt64(m.(map[int64]int64), keys) },
			iter: func(m interface{}) int64 { return rangeInt64(m.(map[int64]int64)) },
		}
	case "str":
		keys := strKeys(0, n)
		keys2 := strKeys(0, n) // fresh equal strings
		miss := strKeys(n, n)
		return &workload{
			mk:   func(h int) interface{} { return makeStr(h) },
			fill: func(m interface{}) { fillStr(m.(map[string]int64), keys) },
			lookup: func(m interface{}, ms bool) int64 {
				if ms {
					return lookupStr(m.(map[string]int64), miss)
				}
				return lookupStr(m.(map[string]int64), keys2)
			},
			del:  func(m interface{}) { deleteStr(m.(map[string]int64), keys2) },
			iter: func(m interface{}) int64 { return rangeStr(m.(map[string]int64)) },
		}
	case "arr2":
		keys := make([][2]int64, n)
		miss := make([][2]int64, n)
		for i := range keys {
			keys[i] = [2]int64{int64(i), ^int64(i)}
			miss[i] = [2]int64{int64(n + i), ^int64(n + i)}
		}
		return &workload{
			mk:   func(h int) interface{} { return makeArr2(h) },
			fill: func(m interface{}) { fillArr2(m.(map[[2]int64]string), keys) },
			lookup: func(m interface{}, ms bool) int64 {
				if ms {
					return lookupArr2(m.(map[[2]int64]string), miss)
				}
				return lookupArr2(m.(map[[2]int64]string), keys)
			},
			del:  func(m interface{}) { deleteArr2(m.(map[[2]int64]string), keys) },
			iter: func(m interface{}) int64 { return rangeArr2(m.(map[[2]int64]string)) },
		}
	case "any":
		keys := anyKeys(0, n)
		keys2 := anyKeys(0, n) // freshly boxed equal keys
		miss := anyKeys(n, n)
		return &workload{
			mk:   func(h int) interface{} { return makeAny(h) },
			fill: func(m interface{}) { fillAny(m.(map[interface{}]int64), keys) },
			lookup: func(m interface{}, ms bool) int64 {
				if ms {
					return lookupAny(m.(map[interface{}]int64), miss)
				}
				return lookupAny(m.(map[interface{}]int64), keys2)
			},
			del:  func(m interface{}) { deleteAny(m.(map[interface{}]int64), keys2) },
			iter: func(m interface{}) int64 { return rangeAny(m.(map[interface{}]int64)) },
		}
	}
	fail("unknown key type %q (want int64, str, arr2 or any)", key)
	return nil
}

func fail(format string, a ...interface{}) {
	fmt.Fprintf(os.Stderr, "bench: "+format+"\n", a...)
	os.Exit(2)
}

// run times one execution of op over `iters` maps; prepare builds what the timed part needs.
func (w *workload) once(op string, n, iters int) time.Duration {
	maps := make([]interface{}, iters)
	switch op {
	case "grow", "hint":
		hint := -1
		if op == "hint" {
			hint = n
		}
		runtime.GC()
		w.fill(w.mk(hint)) // warm-up after the GC, as goemu does
		t0 := time.Now()
		for i := range maps {
			m := w.mk(hint)
			w.fill(m)
			maps[i] = m
		}
		d := time.Since(t0)
		sinkMaps = maps
		return d
	case "hit", "miss", "range":
		m := w.mk(-1)
		w.fill(m)
		runtime.GC()
		var s int64
		if op == "range" { // warm-up after the GC, as goemu does
			s += w.iter(m)
		} else {
			s += w.lookup(m, op == "miss")
		}
		t0 := time.Now()
		for i := 0; i < iters; i++ {
			if op == "range" {
				s += w.iter(m)
			} else {
				s += w.lookup(m, op == "miss")
			}
		}
		d := time.Since(t0)
		sinkInt += s
		sinkMaps = []interface{}{m}
		return d
	case "delete":
		for i := range maps {
			m := w.mk(-1)
			w.fill(m)
			maps[i] = m
		}
		warm := w.mk(-1)
		w.fill(warm)
		runtime.GC()
		w.del(warm) // warm-up after the GC, as goemu does
		t0 := time.Now()
		for _, m := range maps {
			w.del(m)
		}
		d := time.Since(t0)
		sinkMaps = maps
		return d
	}
	fail("unknown op %q (want grow, hint, hit, miss, delete or range)", op)
	return 0
}

type allocCount struct {
	Bytes   uint64 `json:"bytes"`
	Objects uint64 `json:"objects"`
	Hash0   uint32 `json:"hash0"`
}

// allocs measures one untimed execution of op with the GC off: TotalAlloc and Mallocs deltas,
// and the hash0 the measured map got at its make.
//
// A new OS thread started during the measurement (runtime/proc.go allocm: new(m) and two g's)
// is the runtime's allocation, not the map's: such a measurement is taken again. One P while
// measuring keeps ReadMemStats's startTheWorld from waking an idle P on a new thread.
func (w *workload) allocs(op string, n int) allocCount {
	old := debug.SetGCPercent(-1)
	defer debug.SetGCPercent(old)
	procs := runtime.GOMAXPROCS(1)
	defer runtime.GOMAXPROCS(procs)
	for try := 0; ; try++ {
		t0, _ := runtime.ThreadCreateProfile(nil)
		c := w.allocs1(op, n)
		if t1, _ := runtime.ThreadCreateProfile(nil); t1 == t0 || try == 4 {
			return c
		}
	}
}

func (w *workload) allocs1(op string, n int) allocCount {
	var a, b runtime.MemStats
	var m interface{}
	var hash0 uint32
	if op != "grow" && op != "hint" {
		m = w.mk(-1)
		hash0 = hash0Of(m)
		w.fill(m)
	}
	hint := -1
	if op == "hint" {
		hint = n
	}
	var s int64
	runtime.ReadMemStats(&a)
	switch op {
	case "grow", "hint":
		m = w.mk(hint)
		hash0 = hash0Of(m) // reads memory only
		w.fill(m)
	case "hit":
		s = w.lookup(m, false)
	case "miss":
		s = w.lookup(m, true)
	case "delete":
		w.del(m)
	case "range":
		s = w.iter(m)
	}
	runtime.ReadMemStats(&b)
	sinkInt += s
	sinkMaps = []interface{}{m}
	return allocCount{b.TotalAlloc - a.TotalAlloc, b.Mallocs - a.Mallocs, hash0}
}

type allocResult struct {
	Key     string                `json:"key"`
	N       int                   `json:"n"`
	Go      string                `json:"go"`
	Version string                `json:"version"`
	Arch    string                `json:"arch"`
	Hash    string                `json:"hash"`
	Seeds   seeds                 `json:"seeds"`
	Allocs  map[string]allocCount `json:"allocs"`
}

type result struct {
	Key     string    `json:"key"`
	Op      string    `json:"op"`
	N       int       `json:"n"`
	Go      string    `json:"go"`
	Version string    `json:"version"`
	Arch    string    `json:"arch"`
	Hash    string    `json:"hash"`
	Iters   int       `json:"iters"`
	Ns      []float64 `json:"ns"`
	Best    float64   `json:"best"`
	Bytes   uint64    `json:"bytes"`
	Objects uint64    `json:"objects"`
}

func main() {
	key := flag.String("key", "int64", "key type: int64, str, arr2 or any")
	op := flag.String("op", "grow", "workload: grow, hint, hit, miss, delete or range")
	n := flag.Int("n", 1000, "number of keys")
	reps := flag.Int("reps", 3, "timed repetitions (the best is reported)")
	minMs := flag.Float64("min", 20, "minimum milliseconds per repetition")
	allocsOnly := flag.Bool("allocs", false, "measure the allocations of all six workloads (no timing)")
	flag.Parse()
	if *n <= 0 || *reps <= 0 {
		fail("-n and -reps must be positive")
	}
	w := newWorkload(*key, *n)
	if *allocsOnly {
		ar := allocResult{Key: *key, N: *n, Go: profile(), Version: runtime.Version(), Arch: runtime.GOARCH, Hash: hashFamily(),
			Seeds: processSeeds(), Allocs: map[string]allocCount{}}
		for _, o := range []string{"grow", "hint", "hit", "miss", "delete", "range"} {
			ar.Allocs[o] = w.allocs(o, *n)
		}
		out, _ := json.Marshal(ar)
		os.Stdout.Write(append(out, '\n'))
		return
	}
	r := result{Key: *key, Op: *op, N: *n, Go: profile(), Version: runtime.Version(), Arch: runtime.GOARCH, Hash: hashFamily()}
	ac := w.allocs(*op, *n)
	r.Bytes, r.Objects = ac.Bytes, ac.Objects

	// Calibrate: one untimed execution (also the warm-up), then enough iterations for -min.
	est := w.once(*op, *n, 1)
	iters := 1
	if want := time.Duration(*minMs * float64(time.Millisecond)); est < want {
		if est <= 0 {
			est = 1
		}
		iters = int((want + est - 1) / est)
		if iters > 1<<20 {
			iters = 1 << 20
		}
	}
	r.Iters = iters
	for i := 0; i < *reps; i++ {
		d := w.once(*op, *n, iters)
		ns := float64(d.Nanoseconds()) / float64(iters*(*n))
		r.Ns = append(r.Ns, ns)
		if i == 0 || ns < r.Best {
			r.Best = ns
		}
	}
	out, _ := json.Marshal(r)
	os.Stdout.Write(append(out, '\n'))
}
