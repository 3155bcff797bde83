package main

// Layouts (make/nil events) and map state dumps (dump events), with the self-check.

import (
	"encoding/hex"
	"fmt"
	"reflect"
	"runtime"
	"sort"
	"strings"
	"unsafe"
)

// Pointer words by type (docs/trace-format.md §10): pointers, unsafe.Pointer, chans, funcs,
// maps, the data word of strings and slices, both words of interfaces.
const (
	pwPlain  = iota // any pointer word
	pwString        // string data: left out of ptrs when the length (next word) is 0
	pwSlice         // slice data: left out of ptrs when the capacity (third word) is 0
	pwItab          // the type word of an interface (not in gcdata)
)

type pword struct {
	off  uintptr
	kind int
}

func ptrWords(t reflect.Type, base uintptr, out []pword) []pword {
	switch t.Kind() {
	case reflect.Ptr, reflect.UnsafePointer, reflect.Chan, reflect.Func, reflect.Map:
		out = append(out, pword{base, pwPlain})
	case reflect.String:
		out = append(out, pword{base, pwString})
	case reflect.Slice:
		out = append(out, pword{base, pwSlice})
	case reflect.Interface:
		out = append(out, pword{base, pwItab}, pword{base + ptrSize, pwPlain})
	case reflect.Array:
		if t.Len() == 0 {
			break
		}
		inner := ptrWords(t.Elem(), 0, nil)
		if len(inner) == 0 {
			break
		}
		es := t.Elem().Size()
		for i := 0; i < t.Len(); i++ {
			for _, w := range inner {
				out = append(out, pword{base + uintptr(i)*es + w.off, w.kind})
			}
		}
	case reflect.Struct:
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			out = ptrWords(f.Type, base+f.Offset, out)
		}
	}
	return out
}

// gcmask returns a type's pointer bitmap, one bit per word of ptrdata, expanding GC programs.
func gcmask(t *_type) []byte {
	nwords := t.ptrdata / ptrSize
	if t.kind&kindGCProg == 0 {
		n := (nwords + 7) / 8
		out := make([]byte, n)
		for i := uintptr(0); i < n; i++ {
			out[i] = *(*byte)(add(unsafe.Pointer(t.gcdata), i))
		}
		return out
	}
	bits := runGCProg(add(unsafe.Pointer(t.gcdata), 4))
	out := make([]byte, (nwords+7)/8)
	for i := uintptr(0); i < nwords && i < uintptr(len(bits)); i++ {
		if bits[i] {
			out[i/8] |= 1 << (i % 8)
		}
	}
	return out
}

// runGCProg interprets a GC program (runtime/mbitmap.go) into one bool per word.
func runGCProg(p unsafe.Pointer) []bool {
	var bits []bool
	next := func() uintptr {
		b := *(*byte)(p)
		p = add(p, 1)
		return uintptr(b)
	}
	varint := func() uintptr {
		var v uintptr
		for off := uint(0); ; off += 7 {
			x := next()
			v |= (x & 0x7f) << off
			if x&0x80 == 0 {
				return v
			}
		}
	}
	for {
		inst := next()
		n := inst & 0x7f
		if inst&0x80 == 0 {
			if n == 0 {
				return bits
			}
			var cur uintptr
			for i := uintptr(0); i < n; i++ {
				if i%8 == 0 {
					cur = next()
				}
				bits = append(bits, cur&(1<<(i%8)) != 0)
			}
			continue
		}
		if n == 0 {
			n = varint()
		}
		c := varint()
		pat := append([]bool(nil), bits[uintptr(len(bits))-n:]...)
		for i := uintptr(0); i < c; i++ {
			bits = append(bits, pat...)
		}
	}
}

func typeInfo(t *_type) obj {
	return obj{
		{"size", t.size}, {"align", t.align}, {"fieldAlign", t.fieldAlign}, {"ptrdata", t.ptrdata},
		{"kind", t.kind}, {"tflag", t.tflag},
		{"equal", *(*unsafe.Pointer)(unsafe.Pointer(&t.equal)) != nil},
		{"gcmask", hex.EncodeToString(gcmask(t))},
	}
}

// hasherName names the maptype's hash function as the contract does.
func hasherName(mt *maptype) string {
	pc := **(**uintptr)(unsafe.Pointer(&mt.hasher))
	f := runtime.FuncForPC(pc)
	if f == nil {
		return "generated"
	}
	name := f.Name()
	if strings.HasPrefix(name, "runtime.") {
		return name
	}
	return "generated"
}

// layout is the layout object of make and nil events.
func layout(typeString string, d driver) obj {
	mt, _ := mapParts(d.iface())
	checkGCMask(keyType(d), mt.key, "key")
	checkGCMask(elemType(d), mt.elem, "elem")
	return obj{
		{"type", typeString}, {"ptrSize", ptrSize}, {"hmapSize", unsafe.Sizeof(hmap{})},
		{"hiterSize", unsafe.Sizeof(hiter{})}, {"dataOffset", dataOffset},
		{"key", typeInfo(mt.key)}, {"elem", typeInfo(mt.elem)},
		{"bucket", obj{{"size", mt.bucket.size}, {"align", mt.bucket.align}, {"ptrdata", mt.bucket.ptrdata},
			{"gcmask", hex.EncodeToString(gcmask(mt.bucket))}}},
		{"keysize", mt.keysize}, {"elemsize", mt.elemsize}, {"bucketsize", mt.bucketsize}, {"flags", mt.flags},
		{"indirectkey", mt.indirectkey()}, {"indirectelem", mt.indirectelem()},
		{"reflexivekey", mt.reflexivekey()}, {"needkeyupdate", mt.needkeyupdate()},
		{"hashMightPanic", mt.hashMightPanic()},
		{"hasher", hasherName(mt)},
	}
}

// checkGCMask compares the runtime's pointer bitmap of a type with the oracle's own pointer
// words (which also count the type words of interfaces): the oracle's dumps depend on them.
func checkGCMask(rt reflect.Type, t *_type, what string) {
	if t.ptrdata/ptrSize > 1<<16 {
		return
	}
	want := make([]byte, (t.ptrdata/ptrSize+7)/8)
	for _, w := range ptrWords(rt, 0, nil) {
		if w.kind == pwItab {
			continue
		}
		i := w.off / ptrSize
		if w.off%ptrSize != 0 || i >= t.ptrdata/ptrSize {
			selfCheckFailed("%s type %v: pointer word at %d outside ptrdata %d", what, rt, w.off, t.ptrdata)
		}
		want[i/8] |= 1 << (i % 8)
	}
	if got := gcmask(t); hex.EncodeToString(got) != hex.EncodeToString(want) {
		selfCheckFailed("%s type %v: gcdata %x, oracle's pointer words give %x", what, rt, got, want)
	}
}

// mapView is what a dump knows about one map.
type mapView struct {
	mt       *maptype
	h        *hmap
	kt, et   reflect.Type
	words    []pword // pointer words of a bucket, by offset
	nb, onb  uintptr // allocated buckets of buckets / oldbuckets
	overflow map[uintptr]int
	order    []unsafe.Pointer // overflow buckets in O:n order
}

func bucketWords(mt *maptype, kt, et reflect.Type) []pword {
	var words []pword
	ks, es := uintptr(mt.keysize), uintptr(mt.elemsize)
	var kw, ew []pword
	if mt.indirectkey() {
		kw = []pword{{0, pwPlain}}
	} else {
		kw = ptrWords(kt, 0, nil)
	}
	if mt.indirectelem() {
		ew = []pword{{0, pwPlain}}
	} else {
		ew = ptrWords(et, 0, nil)
	}
	for i := uintptr(0); i < bucketCnt; i++ {
		for _, w := range kw {
			words = append(words, pword{dataOffset + i*ks + w.off, w.kind})
		}
	}
	for i := uintptr(0); i < bucketCnt; i++ {
		for _, w := range ew {
			words = append(words, pword{dataOffset + bucketCnt*ks + i*es + w.off, w.kind})
		}
	}
	words = append(words, pword{uintptr(mt.bucketsize) - ptrSize, pwPlain})
	sort.Slice(words, func(i, j int) bool { return words[i].off < words[j].off })
	return words
}

func (v *mapView) bucketAt(base unsafe.Pointer, i uintptr) unsafe.Pointer {
	return add(base, i*uintptr(v.mt.bucketsize))
}

func (v *mapView) overflowOf(b unsafe.Pointer) unsafe.Pointer {
	return *(*unsafe.Pointer)(add(b, uintptr(v.mt.bucketsize)-ptrSize))
}

// inArray returns the bucket index of p in the array at base of n buckets, or -1.
func (v *mapView) inArray(p, base unsafe.Pointer, n uintptr) int {
	if base == nil || uintptr(p) < uintptr(base) {
		return -1
	}
	off := uintptr(p) - uintptr(base)
	bs := uintptr(v.mt.bucketsize)
	if off >= n*bs || off%bs != 0 {
		return -1
	}
	return int(off / bs)
}

func (v *mapView) ref(p unsafe.Pointer) interface{} {
	if p == nil {
		return nil
	}
	if i := v.inArray(p, v.h.buckets, v.nb); i >= 0 {
		return fmt.Sprintf("B:%d", i)
	}
	if i := v.inArray(p, v.h.oldbuckets, v.onb); i >= 0 {
		return fmt.Sprintf("OB:%d", i)
	}
	if n, ok := v.overflow[uintptr(p)]; ok {
		return fmt.Sprintf("O:%d", n)
	}
	return "ptr"
}

// number walks from p along overflow pointers, numbering own-allocation overflow buckets.
func (v *mapView) number(p unsafe.Pointer) {
	for p != nil {
		if v.inArray(p, v.h.buckets, v.nb) >= 0 || v.inArray(p, v.h.oldbuckets, v.onb) >= 0 {
			return
		}
		if _, ok := v.overflow[uintptr(p)]; ok {
			return
		}
		v.overflow[uintptr(p)] = len(v.order)
		v.order = append(v.order, p)
		p = v.overflowOf(p)
	}
}

func newMapView(d driver) *mapView {
	mt, h := mapParts(d.iface())
	v := &mapView{mt: mt, h: h, kt: keyType(d), et: elemType(d), overflow: map[uintptr]int{}}
	v.words = bucketWords(mt, v.kt, v.et)
	if h == nil {
		return v
	}
	if h.buckets != nil {
		v.nb = nbucketsFor(mt, h.B)
	}
	if h.oldbuckets != nil {
		ob := h.B - 1
		if h.flags&sameSizeGrow != 0 {
			ob = h.B
		}
		v.onb = nbucketsFor(mt, ob)
	}
	for i := uintptr(0); i < v.nb; i++ {
		v.number(v.overflowOf(v.bucketAt(h.buckets, i)))
	}
	for i := uintptr(0); i < v.onb; i++ {
		v.number(v.overflowOf(v.bucketAt(h.oldbuckets, i)))
	}
	if e := h.extra; e != nil {
		if e.overflow != nil {
			for _, p := range *e.overflow {
				v.number(p)
			}
		}
		if e.oldoverflow != nil {
			for _, p := range *e.oldoverflow {
				v.number(p)
			}
		}
		v.number(e.nextOverflow)
	}
	return v
}

func (v *mapView) slotKey(b unsafe.Pointer, i uintptr) unsafe.Pointer {
	k := add(b, dataOffset+i*uintptr(v.mt.keysize))
	if v.mt.indirectkey() {
		k = *(*unsafe.Pointer)(k)
	}
	return k
}

func (v *mapView) slotElem(b unsafe.Pointer, i uintptr) unsafe.Pointer {
	e := add(b, dataOffset+bucketCnt*uintptr(v.mt.keysize)+i*uintptr(v.mt.elemsize))
	if v.mt.indirectelem() {
		e = *(*unsafe.Pointer)(e)
	}
	return e
}

func (v *mapView) hash(k unsafe.Pointer) uintptr {
	return v.mt.hasher(k, uintptr(v.h.hash0))
}

func (v *mapView) bucket(at string, b unsafe.Pointer) obj {
	bs := uintptr(v.mt.bucketsize)
	mem := make([]byte, bs)
	for i := range mem {
		mem[i] = *(*byte)(add(b, uintptr(i)))
	}
	ptrs := obj{}
	for _, w := range v.words {
		p := *(*unsafe.Pointer)(add(b, w.off))
		for j := uintptr(0); j < ptrSize; j++ {
			mem[w.off+j] = 0
		}
		if p == nil {
			continue
		}
		if w.kind == pwString && *(*int)(add(b, w.off+ptrSize)) == 0 {
			continue
		}
		if w.kind == pwSlice && *(*int)(add(b, w.off+2*ptrSize)) == 0 {
			continue
		}
		ptrs = append(ptrs, kv{fmt.Sprint(w.off), v.ref(p)})
	}
	tops := make([]interface{}, bucketCnt)
	slots := []interface{}{}
	for i := uintptr(0); i < bucketCnt; i++ {
		top := mem[i]
		tops[i] = uint64(top)
		if top == emptyRest || top == emptyOne || top == evacuatedEmpty {
			continue
		}
		var key, elem interface{}
		x := obj{{"hash", nil}}
		if k := v.slotKey(b, i); k != nil {
			key = encodeAt(v.kt, k)
			if !hashUnstable(v.kt, k) {
				x = obj{{"hash", fmt.Sprintf("0x%0*x", 2*ptrSize, v.hash(k))}}
			}
		}
		if e := v.slotElem(b, i); e != nil {
			elem = encodeAt(v.et, e)
		}
		slots = append(slots, obj{{"i", i}, {"key", key}, {"elem", elem}, {"x", x}})
	}
	return obj{
		{"at", at}, {"tophash", tops}, {"hex", hex.EncodeToString(mem)}, {"ptrs", ptrs},
		{"slots", slots}, {"overflow", v.ref(v.overflowOf(b))},
	}
}

func (v *mapView) refList(s *[]unsafe.Pointer) interface{} {
	if s == nil {
		return nil
	}
	out := []interface{}{}
	for _, p := range *s {
		out = append(out, v.ref(p))
	}
	return out
}

func (v *mapView) array(prefix string, base unsafe.Pointer, n uintptr) interface{} {
	if base == nil {
		return nil
	}
	bk := make([]interface{}, n)
	for i := uintptr(0); i < n; i++ {
		bk[i] = v.bucket(fmt.Sprintf("%s:%d", prefix, i), v.bucketAt(base, i))
	}
	return obj{{"nbuckets", n}, {"buckets", bk}}
}

// state is the dump of a map (null for a nil map).
func (v *mapView) state() interface{} {
	h := v.h
	if h == nil {
		return nil
	}
	v.selfCheck()
	var extra interface{}
	if e := h.extra; e != nil {
		extra = obj{{"overflow", v.refList(e.overflow)}, {"oldoverflow", v.refList(e.oldoverflow)},
			{"nextOverflow", v.ref(e.nextOverflow)}}
	}
	ovf := []interface{}{}
	for n, p := range v.order {
		ovf = append(ovf, v.bucket(fmt.Sprintf("O:%d", n), p))
	}
	return obj{
		{"count", h.count}, {"flags", h.flags}, {"B", h.B}, {"noverflow", h.noverflow},
		{"hash0", fmt.Sprintf("0x%08x", h.hash0)}, {"nevacuate", h.nevacuate},
		{"buckets", v.array("B", h.buckets, v.nb)},
		{"oldbuckets", v.array("OB", h.oldbuckets, v.onb)},
		{"extra", extra},
		{"overflowBuckets", ovf},
	}
}

// selfCheck: every live slot's tophash and bucket agree with its key's hash, and count is the
// number of live slots.
func (v *mapView) selfCheck() {
	h := v.h
	live := 0
	check := func(arr string, base unsafe.Pointer, b uint8) {
		if base == nil {
			return
		}
		mask := uintptr(1)<<b - 1
		for i := uintptr(0); i <= mask; i++ {
			p := v.bucketAt(base, i)
			if top := *(*uint8)(p); arr == "OB" && top > emptyOne && top < minTopHash {
				continue // evacuated
			}
			seen := map[uintptr]bool{}
			for ; p != nil; p = v.overflowOf(p) {
				if seen[uintptr(p)] {
					selfCheckFailed("%s:%d: overflow chain loops", arr, i)
				}
				seen[uintptr(p)] = true
				for s := uintptr(0); s < bucketCnt; s++ {
					top := *(*uint8)(add(p, s))
					if top < minTopHash {
						continue
					}
					live++
					k := v.slotKey(p, s)
					if k == nil {
						selfCheckFailed("%s:%d slot %d: live slot with nil indirect key", arr, i, s)
					}
					if hashUnstable(v.kt, k) {
						continue
					}
					hash := v.hash(k)
					if tophash(hash) != top || hash&mask != i {
						selfCheckFailed("%s:%d (chain %v) slot %d: key %s hash %#x gives tophash %d bucket %d, slot has tophash %d",
							arr, i, v.ref(p), s, jsonText(encodeAt(v.kt, k)), hash, tophash(hash), hash&mask, top)
					}
				}
			}
		}
	}
	check("B", h.buckets, h.B)
	if h.oldbuckets != nil {
		ob := h.B - 1
		if h.flags&sameSizeGrow != 0 {
			ob = h.B
		}
		check("OB", h.oldbuckets, ob)
	}
	if live != h.count {
		selfCheckFailed("count %d, but %d live slots", h.count, live)
	}
}

type selfCheckError struct{ msg string }

func selfCheckFailed(format string, args ...interface{}) {
	panic(&selfCheckError{fmt.Sprintf(format, args...)})
}
