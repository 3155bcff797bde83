// Command tracer runs a goemu scenario (gomap-trace/1) on the real Go runtime and writes its
// trace. It is built per scenario type set by oracle/runner.js together with a generated file
// of typed drivers; see oracle/README.md.
package main

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io/ioutil"
	"os"
	"reflect"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"unsafe"
)

const (
	exitSelfCheck = 1
	exitScenario  = 2
	exitInternal  = 3
	// exitNoise: the runtime started an OS thread during a measured call, so the MemStats
	// delta includes the new m and its two g's (runtime/proc.go allocm); the runner reruns.
	exitNoise = 4
)

type scenarioOp struct {
	Op    string          `json:"op"`
	Map   string          `json:"map"`
	Type  string          `json:"type"`
	Hint  json.RawMessage `json:"hint"`
	Hash0 string          `json:"hash0"`
	Key   json.RawMessage `json:"key"`
	Elem  json.RawMessage `json:"elem"`
	Iter  string          `json:"iter"`
	X     json.RawMessage `json:"x"`
}

type mapVar struct {
	typ string
	d   driver
}

type iterVar struct {
	mv    *mapVar
	d     driver
	it    *hiter
	ended bool
}

type runner struct {
	allocs bool
	maps   map[string]*mapVar
	iters  map[string]*iterVar
}

func main() {
	scenarioPath := flag.String("scenario", "", "scenario file (- for stdin)")
	wantArch := flag.String("arch", "", "expected GOARCH (amd64 or 386)")
	wantGo := flag.String("go", "", "expected profile (go1.15 or go1.19)")
	wantHash := flag.String("hash", "", "expected hash family (aes or fallback)")
	flag.Parse()
	if *scenarioPath == "" && flag.NArg() == 1 {
		*scenarioPath = flag.Arg(0)
	}
	defer func() {
		if r := recover(); r != nil {
			switch e := r.(type) {
			case *inputError:
				fmt.Fprintln(os.Stderr, "oracle: scenario error:", e.msg)
				os.Exit(exitScenario)
			case *selfCheckError:
				fmt.Fprintln(os.Stderr, "oracle: self-check failed:", e.msg)
				os.Exit(exitSelfCheck)
			case *noiseError:
				fmt.Fprintln(os.Stderr, "oracle: allocation measurement disturbed:", e.msg)
				os.Exit(exitNoise)
			}
			fmt.Fprintf(os.Stderr, "oracle: internal error: %v\n%s", r, debug.Stack())
			os.Exit(exitInternal)
		}
	}()
	out := run(*scenarioPath, *wantArch, *wantGo, *wantHash)
	os.Stdout.Write(out)
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

// readOrdered splits a JSON object into its fields, keeping their order.
func readOrdered(data []byte) obj {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		badInput("the scenario is not a JSON object")
	}
	var o obj
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			badInput("bad scenario JSON: %v", err)
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			badInput("bad scenario JSON: %v", err)
		}
		o = append(o, kv{t.(string), compactRaw(v)})
	}
	return o
}

func rawString(o obj, k string) string {
	v, ok := o.get(k)
	if !ok {
		return ""
	}
	var s string
	if err := json.Unmarshal(v.(raw), &s); err != nil {
		badInput("scenario field %q: want a string", k)
	}
	return s
}

func run(path, wantArch, wantGo, wantHash string) []byte {
	var data []byte
	var err error
	if path == "" || path == "-" {
		data, err = ioutil.ReadAll(os.Stdin)
	} else {
		data, err = ioutil.ReadFile(path)
	}
	if err != nil {
		badInput("%v", err)
	}
	sc := readOrdered(data)
	arch, gov, hash := runtime.GOARCH, profile(), hashFamily()
	for _, c := range []struct{ name, want, have string }{
		{"arch", wantArch, arch}, {"go", wantGo, gov}, {"hash", wantHash, hash},
	} {
		if c.want == "" {
			c.want = rawString(sc, c.name)
		}
		if c.want != "" && c.want != c.have {
			badInput("this oracle binary runs %s %q, the scenario asks for %q (runtime %s %s/%s, useAeshash=%v)",
				c.name, c.have, c.want, runtime.Version(), runtime.GOOS, runtime.GOARCH, useAeshash)
		}
	}
	sc = sc.set("arch", raw(strconv.Quote(arch))).set("go", raw(strconv.Quote(gov))).set("hash", raw(strconv.Quote(hash)))

	r := &runner{maps: map[string]*mapVar{}, iters: map[string]*iterVar{}}
	if v, ok := sc.get("allocs"); ok {
		if err := json.Unmarshal(v.(raw), &r.allocs); err != nil {
			badInput("scenario field \"allocs\": want true or false")
		}
	}
	opsRaw, ok := sc.get("ops")
	if !ok {
		badInput("the scenario has no ops")
	}
	var ops []json.RawMessage
	if err := json.Unmarshal(opsRaw.(raw), &ops); err != nil {
		badInput("scenario ops: %v", err)
	}
	if r.allocs {
		debug.SetGCPercent(-1)
		// One P: startTheWorld (inside ReadMemStats) then has no idle P to wake, so it does not
		// start a new M whose allocation (m + g0 + gsignal) would land in an op's delta.
		runtime.GOMAXPROCS(1)
		calibrateMem()
	}
	events := make([]obj, 0, len(ops))
	for i, o := range ops {
		var op scenarioOp
		dec := json.NewDecoder(bytes.NewReader(o))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&op); err != nil {
			badInput("op %d: %v", i, err)
		}
		events = append(events, r.step(i, &op))
	}

	seeds := obj{{"aeskeysched", hex.EncodeToString(aeskeysched[:])}}
	hk := make([]interface{}, len(hashkey))
	for i, k := range hashkey {
		hk[i] = fmt.Sprintf("0x%0*x", 2*ptrSize, k)
	}
	seeds = append(seeds, kv{"hashkey", hk})

	var b bytes.Buffer
	b.WriteString("{\n")
	for _, f := range (obj{
		{"format", "gomap-trace/1"},
		{"producer", fmt.Sprintf("gomap-oracle %s %s/%s", runtime.Version(), runtime.GOOS, runtime.GOARCH)},
		{"scenario", sc},
		{"arch", arch}, {"ptrSize", ptrSize}, {"go", gov}, {"hash", hash},
		{"seeds", seeds},
	}) {
		writeString(&b, f.k)
		b.WriteString(": ")
		writeJSON(&b, f.v)
		b.WriteString(",\n")
	}
	b.WriteString("\"events\": [")
	for i, e := range events {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("\n")
		writeJSON(&b, e)
	}
	b.WriteString("\n]\n}\n")
	return b.Bytes()
}

// Allocation measurement: MemStats deltas across exactly the runtime calls of an op.
var (
	ms0, ms1             runtime.MemStats
	accObjects, accBytes uint64
	measuring            bool
)

func calibrateMem() {
	for i := 0; i < 4; i++ {
		runtime.ReadMemStats(&ms0)
		runtime.ReadMemStats(&ms1)
	}
	if ms1.Mallocs != ms0.Mallocs || ms1.TotalAlloc != ms0.TotalAlloc {
		selfCheckFailed("ReadMemStats is not allocation-free here: %d objects, %d bytes",
			ms1.Mallocs-ms0.Mallocs, ms1.TotalAlloc-ms0.TotalAlloc)
	}
}

// threads0 is the number of Ms before a measured call. A new M (runtime/proc.go allocm:
// new(m), malg for g0 and gsignal) is runtime noise, not the map's allocation; seen once in
// CI as 3 objects, 1856 bytes (1024 + 416 + 416 on go1.19/amd64) in the middle of a range.
var threads0 int

type noiseError struct{ msg string }

func memBegin() {
	if measuring {
		threads0, _ = runtime.ThreadCreateProfile(nil) // counts allm; allocates nothing
		runtime.ReadMemStats(&ms0)
	}
}

func memEnd() {
	if measuring {
		runtime.ReadMemStats(&ms1)
		if n, _ := runtime.ThreadCreateProfile(nil); n != threads0 {
			panic(&noiseError{fmt.Sprintf("the runtime started an OS thread (%d -> %d) during a measured call", threads0, n)})
		}
		accObjects += ms1.Mallocs - ms0.Mallocs
		accBytes += ms1.TotalAlloc - ms0.TotalAlloc
	}
}

// opPanic is a panic the runtime raised in a map operation.
type opPanic struct{ msg string }

// rtcall runs f, the runtime calls of an op, measuring its allocations; a panic in f becomes
// an opPanic.
func rtcall(f func()) {
	defer func() {
		if r := recover(); r != nil {
			if n, ok := r.(*noiseError); ok {
				panic(n)
			}
			if e, ok := r.(error); ok {
				panic(&opPanic{e.Error()})
			}
			panic(&opPanic{fmt.Sprint(r)})
		}
	}()
	memBegin()
	f()
	memEnd()
}

// protect runs an op's body and returns the message of the runtime panic it raised, if any.
func protect(f func()) (msg string, panicked bool) {
	defer func() {
		if r := recover(); r != nil {
			p, ok := r.(*opPanic)
			if !ok {
				panic(r)
			}
			msg, panicked = p.msg, true
		}
	}()
	f()
	return
}

func (r *runner) mapVar(i int, op *scenarioOp) *mapVar {
	if op.Map == "" {
		badInput("op %d (%s): no map", i, op.Op)
	}
	mv, ok := r.maps[op.Map]
	if !ok {
		badInput("op %d (%s): map %q is not declared (make or nil it first)", i, op.Op, op.Map)
	}
	return mv
}

func (r *runner) newMapVar(i int, op *scenarioOp) *mapVar {
	if op.Map == "" || op.Type == "" {
		badInput("op %d (%s): needs map and type", i, op.Op)
	}
	f, ok := mapDrivers[op.Type]
	if !ok {
		badInput("op %d: map type %q is not known to this oracle build", i, op.Type)
	}
	mv := &mapVar{typ: op.Type, d: f()}
	r.maps[op.Map] = mv
	return mv
}

func keyType(d driver) reflect.Type  { return reflect.TypeOf(d.iface()).Key() }
func elemType(d driver) reflect.Type { return reflect.TypeOf(d.iface()).Elem() }

func decodeRaw(t reflect.Type, m json.RawMessage, what string, i int) unsafe.Pointer {
	if m == nil {
		badInput("op %d: no %s", i, what)
	}
	dec := json.NewDecoder(bytes.NewReader(m))
	dec.UseNumber()
	var j interface{}
	if err := dec.Decode(&j); err != nil {
		badInput("op %d: %s: %v", i, what, err)
	}
	defer func() {
		if e, ok := recover().(*inputError); ok {
			badInput("op %d: %s: %s", i, what, e.msg)
		} else if e != nil {
			panic(e)
		}
	}()
	return newValue(t, j)
}

func parseHint(m json.RawMessage, i int) int64 {
	dec := json.NewDecoder(bytes.NewReader(m))
	dec.UseNumber()
	var j interface{}
	if err := dec.Decode(&j); err != nil {
		badInput("op %d: hint: %v", i, err)
	}
	var s string
	switch x := j.(type) {
	case json.Number:
		s = string(x)
	case string:
		s = x
	default:
		badInput("op %d: hint must be a number or a decimal string", i)
	}
	n, err := strconv.ParseInt(s, 0, 64)
	if err != nil {
		badInput("op %d: hint %s does not fit an int64: %v", i, s, err)
	}
	return n
}

func parseHash0(s string, i int) uint32 {
	if !strings.HasPrefix(s, "0x") {
		badInput("op %d: hash0 must be \"0x…\" hex", i)
	}
	n, err := strconv.ParseUint(s[2:], 16, 32)
	if err != nil {
		badInput("op %d: hash0 %q: %v", i, s, err)
	}
	return uint32(n)
}

func hash0Of(d driver) interface{} {
	_, h := mapParts(d.iface())
	if h == nil {
		return nil
	}
	return fmt.Sprintf("0x%08x", h.hash0)
}

func startOf(it *hiter) interface{} {
	return obj{{"bucket", it.startBucket}, {"offset", it.offset}}
}

func entryOf(d driver, it *hiter) interface{} {
	if it.key == nil {
		return nil
	}
	return []interface{}{encodeAt(keyType(d), it.key), encodeAt(elemType(d), it.elem)}
}

// iterStart is mapiterinit (when the map is non-nil and non-empty: otherwise mapiterinit
// draws nothing and the iteration is over at once). It returns the iterator, or nil.
func iterStart(d driver) *hiter {
	mt, h := mapParts(d.iface())
	it := new(hiter)
	if h == nil || h.count == 0 {
		return nil
	}
	rtcall(func() { mapiterinit(mt, h, it) })
	return it
}

func iterNext(it *hiter) {
	rtcall(func() { mapiternext(it) })
}

func (r *runner) step(i int, op *scenarioOp) obj {
	ev := obj{{"i", i}, {"op", op.Op}}
	if op.Op == "next" {
		ev = append(ev, kv{"iter", op.Iter})
	} else if op.Map != "" {
		ev = append(ev, kv{"map", op.Map})
	}
	if op.Op == "iter" {
		ev = append(ev, kv{"iter", op.Iter})
	}
	accObjects, accBytes = 0, 0
	measuring = r.allocs
	var fields obj
	var body func()
	switch op.Op {
	case "make":
		mv := r.newMapVar(i, op)
		var hint *int64
		if op.Hint != nil {
			h := parseHint(op.Hint, i)
			hint = &h
		}
		var pin *uint32
		if op.Hash0 != "" {
			h := parseHash0(op.Hash0, i)
			pin = &h
		}
		body = func() {
			rtcall(func() {
				if hint != nil {
					mv.d.makeHint(*hint)
				} else {
					mv.d.makeSmall()
				}
			})
			if pin != nil {
				_, h := mapParts(mv.d.iface())
				h.hash0 = *pin
			}
			fields = obj{{"hash0", hash0Of(mv.d)}, {"layout", layout(mv.typ, mv.d)}}
		}
	case "nil":
		mv := r.newMapVar(i, op)
		body = func() { fields = obj{{"layout", layout(mv.typ, mv.d)}} }
	case "set":
		mv := r.mapVar(i, op)
		k := decodeRaw(keyType(mv.d), op.Key, "key", i)
		v := decodeRaw(elemType(mv.d), op.Elem, "elem", i)
		body = func() {
			rtcall(func() { mv.d.set(k, v) })
		}
	case "get":
		mv := r.mapVar(i, op)
		k := decodeRaw(keyType(mv.d), op.Key, "key", i)
		out := reflect.New(elemType(mv.d))
		v := unsafe.Pointer(out.Pointer())
		body = func() {
			var found bool
			rtcall(func() { found = mv.d.get(k, v) })
			fields = obj{{"found", found}, {"elem", encodeAt(elemType(mv.d), v)}}
		}
	case "delete":
		mv := r.mapVar(i, op)
		k := decodeRaw(keyType(mv.d), op.Key, "key", i)
		body = func() {
			rtcall(func() { mv.d.del(k) })
			fields = obj{{"hash0", hash0Of(mv.d)}}
		}
	case "len":
		mv := r.mapVar(i, op)
		body = func() {
			var n int
			rtcall(func() { n = mv.d.length() })
			fields = obj{{"len", n}}
		}
	case "clear":
		mv := r.mapVar(i, op)
		mt, _ := mapParts(mv.d.iface())
		if mt.reflexivekey() {
			body = func() {
				rtcall(mv.d.clear)
				fields = obj{{"hash0", hash0Of(mv.d)}}
			}
			break
		}
		// Go keeps the loop for non-reflexive keys: mapiterinit, then mapdelete of each key
		// the iteration visits (the loop variable is a copy of the key).
		kbuf := reflect.New(keyType(mv.d))
		kp := unsafe.Pointer(kbuf.Pointer())
		kt := keyType(mv.d)
		body = func() {
			it := iterStart(mv.d)
			var start interface{}
			if it != nil {
				start = startOf(it)
				for it.key != nil {
					at(kt, kp).Set(at(kt, it.key))
					rtcall(func() { mv.d.del(kp) })
					iterNext(it)
				}
			}
			fields = obj{{"start", start}, {"hash0", hash0Of(mv.d)}}
		}
	case "range":
		mv := r.mapVar(i, op)
		body = func() {
			entries := []interface{}{}
			it := iterStart(mv.d)
			var start interface{}
			if it != nil {
				start = startOf(it)
				for it.key != nil {
					entries = append(entries, entryOf(mv.d, it))
					iterNext(it)
				}
			}
			fields = obj{{"start", start}, {"entries", entries}}
		}
	case "iter":
		mv := r.mapVar(i, op)
		if op.Iter == "" {
			badInput("op %d (iter): no iter name", i)
		}
		iv := &iterVar{mv: mv, d: mv.d}
		r.iters[op.Iter] = iv
		body = func() {
			iv.it = iterStart(mv.d)
			if iv.it == nil {
				iv.ended = true
				fields = obj{{"start", nil}, {"entry", nil}}
				return
			}
			e := entryOf(iv.d, iv.it)
			iv.ended = e == nil
			fields = obj{{"start", startOf(iv.it)}, {"entry", e}}
		}
	case "next":
		iv, ok := r.iters[op.Iter]
		if !ok {
			badInput("op %d (next): iterator %q was not started", i, op.Iter)
		}
		body = func() {
			if iv.ended {
				fields = obj{{"entry", nil}}
				return
			}
			iterNext(iv.it)
			e := entryOf(iv.d, iv.it)
			iv.ended = e == nil
			fields = obj{{"entry", e}}
		}
	case "dump":
		mv := r.mapVar(i, op)
		body = func() {
			measuring = false
			fields = obj{{"state", newMapView(mv.d).state()}}
		}
	default:
		badInput("op %d: unknown op %q", i, op.Op)
	}
	if msg, panicked := protect(body); panicked {
		return append(ev, kv{"panic", msg})
	}
	ev = append(ev, fields...)
	if r.allocs {
		ev = append(ev, kv{"alloc", obj{{"objects", accObjects}, {"bytes", accBytes}}})
	}
	return ev
}
