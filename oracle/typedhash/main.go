// Command typedhash is goemu's oracle for the hash functions the compiler gives
// map types (maptype.hasher): memhash0..128, memhash_varlen, strhash, f32hash,
// f64hash, c64hash, c128hash, nilinterhash (and, through it, runtime.typehash)
// and the compiler-generated struct/array hashes.
//
// It writes FIXED key material into runtime.aeskeysched and runtime.hashkey
// (through //go:linkname), takes each map type's *maptype from the type word of
// a map value stored in an interface, calls its hasher field on many keys and
// seeds, and prints the results as JSON on stdout. Keys are given in goemu's
// value encoding (docs/trace-format.md §4), with the key type (and the
// dynamic types inside interfaces) in reflect.Type.String() spelling.
//
// Extras a value encoding cannot say:
//   - pointer-like keys (and pointer-like dynamic types, which are direct-iface)
//     use fake pointer values (GC is off, nothing dereferences them); the vector
//     has "ptrval": the pointer word;
//   - padding bytes are filled with 0xa5 and pointer-free blank fields with
//     0x5a, so the hash provably ignores padding (blank field values are in the
//     encoded value);
//   - NaN hashes draw fastrand: the values drawn are recorded in "draws" (the
//     m0.fastrand state is peeked at and restored before the hasher runs);
//   - a hasher that panics gives "panic": the recovered error's Error().
//
// Usage: typedhash -family aes|fallback
//
// Must build with Go 1.15 and Go 1.19, GOARCH=amd64 and GOARCH=386, standard
// library only. No Go map may be used while the runtime's keys are replaced
// (maps made earlier would be corrupted); the keys are restored before anything
// is printed.
package main

import (
	"bufio"
	"encoding/hex"
	"math"
	"os"
	"reflect"
	"runtime"
	"runtime/debug"
	"strconv"
	"unicode/utf8"
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

// _type mirrors runtime._type (runtime/type.go; the same in 1.15 and 1.19).
type _type struct {
	size       uintptr
	ptrdata    uintptr
	hash       uint32
	tflag      uint8
	align      uint8
	fieldAlign uint8
	kind       uint8
	equal      func(unsafe.Pointer, unsafe.Pointer) bool
	gcdata     *byte
	str        int32
	ptrToThis  int32
}

// maptype mirrors runtime.maptype (runtime/type.go; the same in 1.15 and 1.19).
type maptype struct {
	typ        _type
	key        *_type
	elem       *_type
	bucket     *_type
	hasher     func(unsafe.Pointer, uintptr) uintptr
	keysize    uint8
	elemsize   uint8
	bucketsize uint16
	flags      uint32
}

type eface struct {
	typ  *_type
	data unsafe.Pointer
}

const kindDirectIface = 1 << 5

func typeOf(x interface{}) *_type { return (*eface)(unsafe.Pointer(&x)).typ }

// ---- deterministic generator (splitmix64; the same stream everywhere) ----

type rng struct{ s uint64 }

func (r *rng) next() uint64 {
	r.s += 0x9e3779b97f4a7c15
	z := r.s
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// ---- key types (unnamed: aliases of type literals) ----

type (
	S1 = struct {
		a int8
		b int64
	}
	S2 = struct {
		a int32
		s string
	}
	S3 = struct {
		a, b int32
		s    string
	}
	S4 = struct {
		_ int32
		a int32
	}
	S5 = struct {
		a int64
		z struct{}
	}
	S6 = struct{ a, b int16 }
	S7 = struct{ a, b int32 }
	S8 = struct{ f float64 }
	S9 = struct {
		a int8
		_ int16
		b int32
		f float32
		s string
	}
	S10 = struct {
		a int8
		b [3]int16
		c float64
		d string
		e complex64
		f uint8
	}
	S11 = struct {
		x struct {
			a int8
			b int32
		}
		y int8
		z [2]float32
	}
	S12 = struct {
		a int32
		z struct{}
		b int32
	}
	S13 = struct {
		a int16
		_ struct{}
		b int16
	}
	S14 = struct {
		i interface{}
		n int32
	}
	S15 = struct {
		f float32
		a int32
		b int32
	}
	S16 = struct {
		a int8
		b int32
		c int32
	}
	S17 = struct{ a, b, c int16 }
	S18 = struct{ p *int }
	S19 = struct {
		a int8
		s string
		_ float64
		b uint16
	}
	S20 = struct {
		a [2]int8
		b int16
		c string
		d int64
		e int8
	}
	S21 = struct {
		a uint8
		b struct {
			c uint8
			d uint16
		}
		e uint32
	}
	S22 = struct {
		a [0]int32
		s string
	}
	S23 = struct {
		s string
		z struct{}
	}
	S24 = struct {
		_ int8
		a int8
		b int16
		c int32
	}
	S25 = struct {
		a bool
		b complex128
		c [2]bool
	}
)

// ---- vectors ----

type keyCase struct {
	mapv interface{}   // a nil map whose key type is under test
	keys []interface{} // its keys (for an interface key type: the dynamic values)
}

type vector struct {
	typ      string
	value    string // JSON
	hasPtr   bool
	ptrval   uintptr
	p        unsafe.Pointer
	hasher   func(unsafe.Pointer, uintptr) uintptr
	seed     uintptr
	result   uintptr
	panicMsg string
	draws    [maxDraws]uint32
	ndraws   int
}

type typeInfo struct {
	typ    string
	hasher func(unsafe.Pointer, uintptr) uintptr
	name   string
}

func main() {
	family := ""
	for i := 1; i < len(os.Args); i++ {
		if os.Args[i] == "-family" && i+1 < len(os.Args) {
			family = os.Args[i+1]
			i++
		}
	}
	if family != "aes" && family != "fallback" {
		fail("usage: typedhash -family aes|fallback")
	}
	if useAeshash != (family == "aes") {
		fail("runtime.useAeshash=" + strconv.FormatBool(useAeshash) + " but -family " + family +
			" (the fallback family needs GODEBUG=cpu.aes=off)")
	}
	rec := drawRecorder{off: fastrandOffset()}

	cases := keyCases()

	// Fixed key material (fallback hashkey words odd, like alginit makes them).
	kg := &rng{s: 0x7479706564686173} // "typedhas"
	var aes [hashRandomBytes]byte
	var hk [4]uintptr
	for i := range aes {
		aes[i] = byte(kg.next())
	}
	for i := range hk {
		hk[i] = uintptr(kg.next()) | 1
	}

	// Plan every vector (all allocation and reflection happens here).
	sg := &rng{s: 0x7365656473656564} // "seedseed"
	var types []typeInfo
	var vs []vector
	for _, c := range cases {
		mt := (*maptype)(unsafe.Pointer(typeOf(c.mapv)))
		kt := reflect.TypeOf(c.mapv).Key()
		types = append(types, typeInfo{typ: kt.String(), hasher: mt.hasher})
		for _, k := range c.keys {
			p, hasPtr, ptrval := placeKey(kt, k)
			val := encodeAt(kt, p)
			v := sg.next()
			seeds := []uintptr{0, uintptr(uint32(v)), uintptr(v >> 7)}
			if ptrSize == 4 {
				seeds[2] = uintptr(uint32(v>>32) | 0x80000000)
			}
			for _, s := range seeds {
				vs = append(vs, vector{typ: kt.String(), value: val, hasPtr: hasPtr, ptrval: ptrval,
					p: p, hasher: mt.hasher, seed: s})
			}
		}
	}

	// Hash with the fixed keys installed, then restore the process's own keys.
	savedAES, savedHK := aeskeysched, hashkey
	if useAeshash {
		aeskeysched = aes
	} else {
		hashkey = hk
	}
	for i := range vs {
		v := &vs[i]
		v.draws, v.ndraws = rec.run(func() { v.result, v.panicMsg = callHasher(v.hasher, v.p, v.seed) })
	}
	aes, hk = aeskeysched, hashkey
	aeskeysched, hashkey = savedAES, savedHK

	for i := range types {
		types[i].name = funcName(types[i].hasher)
	}

	// Print.
	w := bufio.NewWriterSize(os.Stdout, 1<<16)
	w.WriteString("{\n")
	w.WriteString(`  "generator": "oracle/typedhash",` + "\n")
	w.WriteString(`  "goVersion": "` + runtime.Version() + `",` + "\n")
	w.WriteString(`  "goarch": "` + runtime.GOARCH + `",` + "\n")
	w.WriteString(`  "ptrSize": ` + strconv.Itoa(int(ptrSize)) + ",\n")
	w.WriteString(`  "family": "` + family + `",` + "\n")
	w.WriteString(`  "useAeshash": ` + strconv.FormatBool(useAeshash) + ",\n")
	w.WriteString(`  "aeskeysched": "` + hex.EncodeToString(aes[:]) + `",` + "\n")
	w.WriteString(`  "hashkey": [`)
	for i, h := range hk {
		if i > 0 {
			w.WriteString(", ")
		}
		w.WriteString(`"` + word(h) + `"`)
	}
	w.WriteString("],\n")
	w.WriteString(`  "types": [` + "\n")
	for i, t := range types {
		w.WriteString(`    {"type": ` + jsonString(t.typ) + `, "hasher": ` + jsonString(t.name) + `}`)
		if i+1 < len(types) {
			w.WriteString(",")
		}
		w.WriteString("\n")
	}
	w.WriteString("  ],\n")
	w.WriteString(`  "vectors": [` + "\n")
	for i := range vs {
		v := &vs[i]
		w.WriteString(`    {"type": ` + jsonString(v.typ) + `, "value": ` + v.value)
		if v.hasPtr {
			w.WriteString(`, "ptrval": "` + word(v.ptrval) + `"`)
		}
		w.WriteString(`, "seed": "` + word(v.seed) + `"`)
		if v.panicMsg != "" {
			w.WriteString(`, "panic": ` + jsonString(v.panicMsg))
		} else {
			w.WriteString(`, "result": "` + word(v.result) + `"`)
		}
		if v.ndraws > 0 && v.panicMsg == "" {
			w.WriteString(`, "draws": [`)
			for j := 0; j < v.ndraws; j++ {
				if j > 0 {
					w.WriteString(", ")
				}
				w.WriteString(`"0x` + pad(strconv.FormatUint(uint64(v.draws[j]), 16), 8) + `"`)
			}
			w.WriteString("]")
		}
		w.WriteString("}")
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

// callHasher runs one hasher, recovering a panic into its message.
func callHasher(h func(unsafe.Pointer, uintptr) uintptr, p unsafe.Pointer, seed uintptr) (r uintptr, msg string) {
	defer func() {
		if e := recover(); e != nil {
			if err, ok := e.(error); ok {
				msg = err.Error()
			} else {
				msg = "non-error panic"
			}
		}
	}()
	return h(p, seed), ""
}

// funcName names the function a func value calls.
func funcName(f func(unsafe.Pointer, uintptr) uintptr) string {
	fv := *(*unsafe.Pointer)(unsafe.Pointer(&f)) // *funcval
	pc := *(*uintptr)(fv)
	fn := runtime.FuncForPC(pc)
	if fn == nil {
		return "?"
	}
	return fn.Name()
}

// placeKey makes the key's memory: a fresh copy of k as a value of type kt
// (for an interface kt: an eface holding k, its boxed value a fresh copy), with
// padding and pointer-free blank fields scribbled over. For pointer-like
// (direct-iface, pointer-sized) keys and dynamic types it returns the pointer word.
func placeKey(kt reflect.Type, k interface{}) (p unsafe.Pointer, hasPtr bool, ptrval uintptr) {
	if kt.Kind() == reflect.Interface {
		pi := new(interface{})
		if k == nil {
			return unsafe.Pointer(pi), false, 0
		}
		ef := (*eface)(unsafe.Pointer(&k))
		if ef.typ.kind&kindDirectIface != 0 {
			*pi = k
			return unsafe.Pointer(pi), true, uintptr(ef.data)
		}
		dt := reflect.TypeOf(k)
		rv := reflect.New(dt)
		rv.Elem().Set(reflect.ValueOf(k))
		poke(dt, rv.Pointer())
		*(*eface)(unsafe.Pointer(pi)) = eface{typ: ef.typ, data: unsafe.Pointer(rv.Pointer())}
		return unsafe.Pointer(pi), false, 0
	}
	rv := reflect.New(kt)
	rv.Elem().Set(reflect.ValueOf(k))
	poke(kt, rv.Pointer())
	p = unsafe.Pointer(rv.Pointer())
	if typeOf(k).kind&kindDirectIface != 0 && kt.Size() == ptrSize {
		return p, true, *(*uintptr)(p)
	}
	return p, false, 0
}

func hasPointers(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Ptr, reflect.String, reflect.Slice, reflect.Map, reflect.Chan, reflect.Func,
		reflect.Interface, reflect.UnsafePointer:
		return true
	case reflect.Array:
		return t.Len() > 0 && hasPointers(t.Elem())
	case reflect.Struct:
		for i := 0; i < t.NumField(); i++ {
			if hasPointers(t.Field(i).Type) {
				return true
			}
		}
	}
	return false
}

func fill(p uintptr, n uintptr, b byte) {
	for i := uintptr(0); i < n; i++ {
		*(*byte)(unsafe.Pointer(p + i)) = b
	}
}

// poke fills struct padding with 0xa5 and pointer-free blank fields with 0x5a.
func poke(t reflect.Type, p uintptr) {
	switch t.Kind() {
	case reflect.Struct:
		n := t.NumField()
		for i := 0; i < n; i++ {
			f := t.Field(i)
			if f.Name == "_" && !hasPointers(f.Type) {
				fill(p+f.Offset, f.Type.Size(), 0x5a)
			} else {
				poke(f.Type, p+f.Offset)
			}
			end := t.Size()
			if i+1 < n {
				end = t.Field(i + 1).Offset
			}
			if fe := f.Offset + f.Type.Size(); fe < end {
				fill(p+fe, end-fe, 0xa5)
			}
		}
	case reflect.Array:
		for i := 0; i < t.Len(); i++ {
			poke(t.Elem(), p+uintptr(i)*t.Elem().Size())
		}
	}
}

// ---- the value encoding of docs/trace-format.md §4 ----

func encodeAt(t reflect.Type, p unsafe.Pointer) string {
	var b []byte
	b = enc(b, reflect.NewAt(t, p).Elem())
	return string(b)
}

const two53 = 1 << 53

func enc(b []byte, v reflect.Value) []byte {
	switch v.Kind() {
	case reflect.Bool:
		return strconv.AppendBool(b, v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		i := v.Int()
		if i >= -two53 && i <= two53 {
			return strconv.AppendInt(b, i, 10)
		}
		return append(strconv.AppendInt(append(b, '"'), i, 10), '"')
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		u := v.Uint()
		if u <= two53 {
			return strconv.AppendUint(b, u, 10)
		}
		return append(strconv.AppendUint(append(b, '"'), u, 10), '"')
	case reflect.Float32:
		return append(b, `"0x`+pad(strconv.FormatUint(uint64(*(*uint32)(unsafe.Pointer(v.UnsafeAddr()))), 16), 8)+`"`...)
	case reflect.Float64:
		return append(b, `"0x`+pad(strconv.FormatUint(*(*uint64)(unsafe.Pointer(v.UnsafeAddr())), 16), 16)+`"`...)
	case reflect.Complex64:
		a := v.UnsafeAddr()
		return append(b, `["0x`+pad(strconv.FormatUint(uint64(*(*uint32)(unsafe.Pointer(a))), 16), 8)+
			`", "0x`+pad(strconv.FormatUint(uint64(*(*uint32)(unsafe.Pointer(a + 4))), 16), 8)+`"]`...)
	case reflect.Complex128:
		a := v.UnsafeAddr()
		return append(b, `["0x`+pad(strconv.FormatUint(*(*uint64)(unsafe.Pointer(a)), 16), 16)+
			`", "0x`+pad(strconv.FormatUint(*(*uint64)(unsafe.Pointer(a + 8)), 16), 16)+`"]`...)
	case reflect.String:
		s := v.String()
		if utf8.ValidString(s) {
			return append(b, jsonString(s)...)
		}
		return append(b, `{"hex": "`+hex.EncodeToString([]byte(s))+`"}`...)
	case reflect.Array:
		b = append(b, '[')
		for i := 0; i < v.Len(); i++ {
			if i > 0 {
				b = append(b, ", "...)
			}
			b = enc(b, v.Index(i))
		}
		return append(b, ']')
	case reflect.Struct:
		b = append(b, '[')
		for i := 0; i < v.NumField(); i++ {
			if i > 0 {
				b = append(b, ", "...)
			}
			b = enc(b, v.Field(i))
		}
		return append(b, ']')
	case reflect.Slice:
		if v.IsNil() {
			return append(b, "null"...)
		}
		b = append(b, '[')
		for i := 0; i < v.Len(); i++ {
			if i > 0 {
				b = append(b, ", "...)
			}
			b = enc(b, v.Index(i))
		}
		return append(b, ']')
	case reflect.Ptr, reflect.UnsafePointer, reflect.Chan, reflect.Func, reflect.Map:
		if v.IsNil() {
			return append(b, "null"...)
		}
		return append(b, `"ptr"`...)
	case reflect.Interface:
		if v.IsNil() {
			return append(b, "null"...)
		}
		ef := (*eface)(unsafe.Pointer(v.UnsafeAddr()))
		dt := v.Elem().Type()
		data := ef.data
		if ef.typ.kind&kindDirectIface != 0 {
			data = unsafe.Pointer(&ef.data)
		}
		b = append(b, `{"type": `+jsonString(dt.String())+`, "value": `...)
		b = enc(b, reflect.NewAt(dt, data).Elem())
		return append(b, '}')
	}
	fail("enc: unexpected kind " + v.Kind().String())
	return nil
}

func jsonString(s string) string {
	b := []byte{'"'}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c < 0x20:
			b = append(b, `\u00`...)
			b = append(b, "0123456789abcdef"[c>>4], "0123456789abcdef"[c&15])
		default:
			b = append(b, c)
		}
	}
	return string(append(b, '"'))
}

// word formats a uintptr as "0x" and 2*PtrSize hex digits.
func word(x uintptr) string {
	return "0x" + pad(strconv.FormatUint(uint64(x), 16), int(2*ptrSize))
}

func pad(s string, n int) string {
	for len(s) < n {
		s = "0" + s
	}
	return s
}

func fail(msg string) {
	os.Stderr.WriteString("typedhash: " + msg + "\n")
	os.Exit(1)
}

func init() {
	// Keep main on m0 (its fastrand is the one peeked at), and keep the
	// runtime from calling fastrand behind our back (profiling samples, GC).
	runtime.LockOSThread()
	runtime.MemProfileRate = 0
	debug.SetGCPercent(-1)
}

// ---- the keys ----

var hiBits uint64 = 0xc0 // a variable: uintptr(hiBits<<32) is 0 on 386

func fakePtr(lo uintptr) unsafe.Pointer {
	return unsafe.Pointer(lo | uintptr(hiBits<<32))
}

func keyCases() []keyCase {
	negz := math.Copysign(0, -1)
	nan := math.NaN()
	inf := math.Inf(1)
	f32nan := float32(nan)
	negz32 := float32(negz)
	snan64 := math.Float64frombits(0x7ff0000000000001)
	qnan64 := math.Float64frombits(0xfff8000000000000)
	nan32b := math.Float32frombits(0x7fc00001)
	snan32 := math.Float32frombits(0xff800001)

	p1 := (*int)(fakePtr(0x0badc0d8))
	p2 := (*int)(fakePtr(0x7fff1230))
	up1 := fakePtr(0x1234560)
	var ch1 chan int
	*(*unsafe.Pointer)(unsafe.Pointer(&ch1)) = fakePtr(0x5a5a5a50)

	long := "the quick brown fox jumps over the lazy dog, again and again and again"
	var long200 []byte
	for i := 0; i < 200; i++ {
		long200 = append(long200, byte('a'+i%26))
	}
	var b17 [17]byte
	var b129 [129]byte
	for i := range b129 {
		b129[i] = byte(i * 7)
	}
	copy(b17[:], "0123456789abcdefg")

	return []keyCase{
		{map[bool]bool(nil), []interface{}{false, true}},
		{map[int8]bool(nil), []interface{}{int8(0), int8(1), int8(-1), int8(127), int8(-128)}},
		{map[uint8]bool(nil), []interface{}{uint8(0), uint8(255), uint8(7)}},
		{map[int16]bool(nil), []interface{}{int16(0), int16(-2), int16(32767), int16(-32768)}},
		{map[uint16]bool(nil), []interface{}{uint16(65535), uint16(1234)}},
		{map[int32]bool(nil), []interface{}{int32(0), int32(-1), int32(2147483647), int32(-2147483648), int32(42)}},
		{map[uint32]bool(nil), []interface{}{uint32(0xffffffff), uint32(0xdeadbeef)}},
		{map[int64]bool(nil), []interface{}{int64(0), int64(-1), int64(1<<53 + 1), int64(-1 << 63), int64(1 << 62), int64(-(1 << 53))}},
		{map[uint64]bool(nil), []interface{}{uint64(1<<64 - 1), uint64(1 << 53), uint64(12345), uint64(1<<63 + 5)}},
		{map[int]bool(nil), []interface{}{0, -1, 1<<31 - 1, -7}},
		{map[uint]bool(nil), []interface{}{uint(0), ^uint(0)}},
		{map[uintptr]bool(nil), []interface{}{uintptr(0), uintptr(0x1234)}},
		{map[string]bool(nil), []interface{}{"", "a", "hello", "héllo wörld", "0123456789abcdefg", long, string(long200),
			"\xff\xfe", "nul\x00byte", "\xef\xbb\xbfbom", "\"quoted\\\"\n"}},
		{map[float32]bool(nil), []interface{}{float32(0), negz32, float32(1.5), float32(-2.25), float32(inf), float32(-inf),
			f32nan, nan32b, snan32, math.Float32frombits(1), float32(3.4e38)}},
		{map[float64]bool(nil), []interface{}{0.0, negz, 1.5, math.Pi, inf, -inf, nan, qnan64, snan64, 5e-324, -1e300}},
		{map[complex64]bool(nil), []interface{}{complex64(0), complex(negz32, 0), complex(float32(1.5), -2), complex(f32nan, 1),
			complex(1, f32nan), complex(f32nan, f32nan), complex(0, negz32)}},
		{map[complex128]bool(nil), []interface{}{complex128(0), complex(negz, negz), complex(1.5, -2), complex(nan, 1),
			complex(2, nan), complex(nan, nan), complex(math.Pi, 0)}},
		{map[[2]float32]bool(nil), []interface{}{[2]float32{0, negz32}, [2]float32{1.5, 2}, [2]float32{f32nan, 1}}},
		{map[[3]byte]bool(nil), []interface{}{[3]byte{}, [3]byte{1, 2, 3}}},
		{map[[4]byte]bool(nil), []interface{}{[4]byte{1, 2, 3, 4}}},
		{map[[8]byte]bool(nil), []interface{}{[8]byte{1, 2, 3, 4, 5, 6, 7, 8}}},
		{map[[12]byte]bool(nil), []interface{}{[12]byte{9, 8, 7}}},
		{map[[16]byte]bool(nil), []interface{}{[16]byte{0xff, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}}},
		{map[[17]byte]bool(nil), []interface{}{b17, [17]byte{}}},
		{map[[129]byte]bool(nil), []interface{}{b129}},
		{map[[2]int16]bool(nil), []interface{}{[2]int16{-1, 2}}},
		{map[[1]float64]bool(nil), []interface{}{[1]float64{negz}, [1]float64{2.5}}},
		{map[[1]string]bool(nil), []interface{}{[1]string{"one"}}},
		{map[[0]string]bool(nil), []interface{}{[0]string{}}},
		{map[[0]float64]bool(nil), []interface{}{[0]float64{}}},
		{map[struct{}]bool(nil), []interface{}{struct{}{}}},
		{map[[2]string]bool(nil), []interface{}{[2]string{"", ""}, [2]string{"ab", "cde"}}},
		{map[[3]string]bool(nil), []interface{}{[3]string{"x", "", "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"}}},
		{map[[2]complex64]bool(nil), []interface{}{[2]complex64{complex(1, 2), complex(negz32, 3)}}},
		{map[[2]S2]bool(nil), []interface{}{[2]S2{{1, "a"}, {-2, "bb"}}}},
		{map[[1]S2]bool(nil), []interface{}{[1]S2{{7, "seven"}}}},
		{map[S1]bool(nil), []interface{}{S1{1, 2}, S1{-1, -1 << 63}}},
		{map[S2]bool(nil), []interface{}{S2{0, ""}, S2{5, "five"}}},
		{map[S3]bool(nil), []interface{}{S3{1, 2, "x"}, S3{-1, -2, "longer string here"}}},
		{map[S4]bool(nil), []interface{}{S4{a: 9}}},
		{map[S5]bool(nil), []interface{}{S5{a: 77}}},
		{map[S6]bool(nil), []interface{}{S6{1, -1}}},
		{map[S7]bool(nil), []interface{}{S7{1, -1}}},
		{map[S8]bool(nil), []interface{}{S8{negz}, S8{1e10}}},
		{map[S9]bool(nil), []interface{}{S9{a: 1, b: 2, f: 3.5, s: "nine"}, S9{a: -1, f: negz32}}},
		{map[S10]bool(nil), []interface{}{S10{1, [3]int16{2, 3, 4}, 5.5, "ten", complex(6, 7), 8}, S10{c: nan}}},
		{map[S11]bool(nil), []interface{}{S11{struct {
			a int8
			b int32
		}{1, 2}, 3, [2]float32{4, negz32}}}},
		{map[S12]bool(nil), []interface{}{S12{a: 1, b: 2}}},
		{map[S13]bool(nil), []interface{}{S13{a: 1, b: 2}}},
		{map[S14]bool(nil), []interface{}{S14{nil, 1}, S14{"str", 2}, S14{int64(3), 3}, S14{[]int{1}, 4}}},
		{map[S15]bool(nil), []interface{}{S15{1.25, 2, 3}}},
		{map[S16]bool(nil), []interface{}{S16{1, 2, 3}}},
		{map[S17]bool(nil), []interface{}{S17{1, 2, 3}}},
		{map[S19]bool(nil), []interface{}{S19{a: 1, s: "s", b: 2}}},
		{map[S20]bool(nil), []interface{}{S20{[2]int8{1, 2}, 3, "c", 4, 5}}},
		{map[S21]bool(nil), []interface{}{S21{1, struct {
			c uint8
			d uint16
		}{2, 3}, 4}}},
		{map[S22]bool(nil), []interface{}{S22{s: "zero-size first"}}},
		{map[S23]bool(nil), []interface{}{S23{s: "trailing zero-size"}}},
		{map[S24]bool(nil), []interface{}{S24{a: 1, b: 2, c: 3}}},
		{map[S25]bool(nil), []interface{}{S25{true, complex(1, negz), [2]bool{true, false}}}},
		{map[[2]interface{}]bool(nil), []interface{}{[2]interface{}{nil, 1}, [2]interface{}{"a", 2.5}, [2]interface{}{1, []int{}}}},
		// pointer-like keys (fake pointer values)
		{map[*int]bool(nil), []interface{}{(*int)(nil), p1, p2}},
		{map[unsafe.Pointer]bool(nil), []interface{}{up1}},
		{map[chan int]bool(nil), []interface{}{ch1}},
		{map[S18]bool(nil), []interface{}{S18{p1}}},
		{map[[1]*int]bool(nil), []interface{}{[1]*int{p2}}},
		// interface{} keys: many dynamic types
		{map[interface{}]bool(nil), []interface{}{
			nil, 5, int8(-3), int16(300), int32(7), int64(-9), uint64(1 << 63), uint8(200), uintptr(99), true,
			"hello", "", 1.5, negz, nan, 0.0, float32(2.5), float32(0), complex64(complex(1, 2)), complex(negz, 4),
			[3]byte{1, 2, 3}, [4]byte{4, 3, 2, 1}, [8]byte{8}, [0]int{}, struct{}{}, [16]byte{1},
			S1{1, 2}, S2{3, "four"}, S3{5, 6, "seven"}, S4{a: 8}, S5{a: 9}, S6{10, 11}, S7{12, 13}, S8{14},
			S9{a: 1, b: 2, f: 3, s: "nine"}, S10{1, [3]int16{2, 3, 4}, 5.5, "ten", complex(6, 7), 8},
			S11{struct {
				a int8
				b int32
			}{1, 2}, 3, [2]float32{4, 5}},
			S12{a: 1, b: 2}, S13{a: 3, b: 4}, S14{"inner", 5}, S15{1.25, 2, 3}, S16{1, 2, 3}, S17{1, 2, 3},
			S19{a: 1, s: "s", b: 2}, S20{[2]int8{1, 2}, 3, "c", 4, 5}, S21{1, struct {
				c uint8
				d uint16
			}{2, 3}, 4}, S22{s: "zero-size first"}, S23{s: "trailing"}, S24{a: 1, b: 2, c: 3},
			S25{true, complex(1, 2), [2]bool{false, true}},
			[2]string{"x", "y"}, [2]float64{1, negz}, [1]float64{nan}, [2]S2{{1, "a"}, {2, "b"}},
			[2]interface{}{1, "two"}, S14{S14{int8(1), 2}, 3},
			// direct-iface dynamic types (fake pointers)
			p1, up1, ch1, S18{p2}, [1]*int{p1},
			// unhashable dynamic types
			[]int{1}, map[string]int(nil), func() {}, struct {
				a int
				s []int
			}{}, [1][]int{}, S14{[]int{}, 1}, [2]interface{}{1, map[int]int(nil)},
		}},
	}
}
