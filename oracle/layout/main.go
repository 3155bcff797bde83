// Command layout is goemu's oracle for map type layouts.
//
// For every map type listed in types.txt (compiled into the binary by
// scripts/layoutvec.sh as types_gen.go: a nil map of each type in an
// interface{}), it reads the REAL runtime descriptors through unsafe: the
// *maptype is the type word of the interface, its key, elem and bucket
// *_type hang off it. It prints the contract's Layout object for each type
// (docs/trace-format.md §9), plus an "x" object of extras that the
// contract comparison ignores (reflect strings, _type.hash, the map's and the
// bucket's own descriptor bytes).
//
// For each type it also records which map entry points the compiler called in op<i> (m[k] = v,
// v = m[k], v, ok = m[k], delete(m, k)): it scans op<i>'s machine code for CALL rel32
// instructions (0xE8) whose target is the entry of a runtime.map* function.
//
// The hasher's name comes from runtime.FuncForPC on the code pointer of the
// hasher closure: runtime functions keep their name (runtime.memhash64,
// runtime.memhash_varlen for the .hashfuncN closures), anything else is a
// compiler-generated type..hash function and prints as "generated".
//
// Must build with Go 1.15 and Go 1.19, GOARCH=amd64 and GOARCH=386, standard
// library only.
package main

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"encoding/json"
	"os"
	"reflect"
	"runtime"
	"strings"
	"unsafe"
)

const ptrSize = unsafe.Sizeof(uintptr(0))

// runtime/type.go: _type (identical in 1.14 … 1.19).
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

// runtime/type.go: maptype.
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

// runtime/map.go: hmap, hiter, bmap (for hmapSize, hiterSize, dataOffset).
type hmap struct {
	count      int
	flags      uint8
	B          uint8
	noverflow  uint16
	hash0      uint32
	buckets    unsafe.Pointer
	oldbuckets unsafe.Pointer
	nevacuate  uintptr
	extra      unsafe.Pointer
}

type hiter struct {
	key         unsafe.Pointer
	elem        unsafe.Pointer
	t           unsafe.Pointer
	h           unsafe.Pointer
	buckets     unsafe.Pointer
	bptr        unsafe.Pointer
	overflow    unsafe.Pointer
	oldoverflow unsafe.Pointer
	startBucket uintptr
	offset      uint8
	wrapped     bool
	B           uint8
	i           uint8
	bucket      uintptr
	checkBucket uintptr
}

type bmap struct {
	tophash [8]uint8
}

const dataOffset = unsafe.Offsetof(struct {
	b bmap
	v int64
}{}.v)

const (
	kindMask   = 31
	kindGCProg = 64
)

type typeJSON struct {
	Size       uintptr `json:"size"`
	Align      uint8   `json:"align"`
	FieldAlign uint8   `json:"fieldAlign"`
	Ptrdata    uintptr `json:"ptrdata"`
	Kind       uint8   `json:"kind"`
	Tflag      uint8   `json:"tflag"`
	Equal      bool    `json:"equal"`
	Gcmask     string  `json:"gcmask"`
}

type bucketJSON struct {
	Size    uintptr `json:"size"`
	Align   uint8   `json:"align"`
	Ptrdata uintptr `json:"ptrdata"`
	Gcmask  string  `json:"gcmask"`
}

type extraType struct {
	Str  string `json:"str"`
	Hash uint32 `json:"hash"`
}

type entryJSON struct {
	Assign  string `json:"assign"`
	Access1 string `json:"access1"`
	Access2 string `json:"access2"`
	Delete  string `json:"delete"`
}

type extraJSON struct {
	Entry  entryJSON `json:"entry"`
	Map    typeJSON  `json:"map"`
	Str    string    `json:"str"`
	Hash   uint32    `json:"hash"`
	Key    extraType `json:"key"`
	Elem   extraType `json:"elem"`
	Bucket struct {
		Kind       uint8 `json:"kind"`
		Tflag      uint8 `json:"tflag"`
		FieldAlign uint8 `json:"fieldAlign"`
		Equal      bool  `json:"equal"`
	} `json:"bucket"`
}

type layoutJSON struct {
	Type           string     `json:"type"`
	PtrSize        uintptr    `json:"ptrSize"`
	HmapSize       uintptr    `json:"hmapSize"`
	HiterSize      uintptr    `json:"hiterSize"`
	DataOffset     uintptr    `json:"dataOffset"`
	Key            typeJSON   `json:"key"`
	Elem           typeJSON   `json:"elem"`
	Bucket         bucketJSON `json:"bucket"`
	Keysize        uint8      `json:"keysize"`
	Elemsize       uint8      `json:"elemsize"`
	Bucketsize     uint16     `json:"bucketsize"`
	Flags          uint32     `json:"flags"`
	Indirectkey    bool       `json:"indirectkey"`
	Indirectelem   bool       `json:"indirectelem"`
	Reflexivekey   bool       `json:"reflexivekey"`
	Needkeyupdate  bool       `json:"needkeyupdate"`
	HashMightPanic bool       `json:"hashMightPanic"`
	Hasher         string     `json:"hasher"`
	X              extraJSON  `json:"x"`
}

type fileJSON struct {
	Producer string       `json:"producer"`
	Go       string       `json:"go"`
	Arch     string       `json:"arch"`
	Layouts  []layoutJSON `json:"layouts"`
}

func add(p unsafe.Pointer, n uintptr) unsafe.Pointer {
	return unsafe.Pointer(uintptr(p) + n)
}

func byteAt(p *byte, i uintptr) byte {
	return *(*byte)(add(unsafe.Pointer(p), i))
}

// gcmask returns the pointer bitmap of t: one bit per pointer-sized word of
// ptrdata, least significant bit first; a GC program is run to get it.
func gcmask(t *_type) []byte {
	nw := t.ptrdata / ptrSize
	mask := make([]byte, (nw+7)/8)
	if nw == 0 {
		return mask
	}
	if t.kind&kindGCProg == 0 {
		for i := range mask {
			mask[i] = byteAt(t.gcdata, uintptr(i))
		}
		return mask
	}
	// The GC program: a uint32 length, then the program (cmd/internal/gcprog).
	bits := runGCProg(add(unsafe.Pointer(t.gcdata), 4))
	for i := uintptr(0); i < nw && i < uintptr(len(bits)); i++ {
		if bits[i] {
			mask[i/8] |= 1 << (i % 8)
		}
	}
	return mask
}

// runGCProg expands a GC program into one bool per word (runtime/mbitmap.go runGCProg).
func runGCProg(p unsafe.Pointer) []bool {
	var bits []bool
	next := func() uintptr {
		x := uintptr(*(*byte)(p))
		p = add(p, 1)
		return x
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

func typeOf(t *_type) typeJSON {
	return typeJSON{
		Size:       t.size,
		Align:      t.align,
		FieldAlign: t.fieldAlign,
		Ptrdata:    t.ptrdata,
		Kind:       t.kind,
		Tflag:      t.tflag,
		Equal:      t.equal != nil,
		Gcmask:     hex.EncodeToString(gcmask(t)),
	}
}

func hasherName(mt *maptype) string {
	// A func value is a pointer to a closure whose first word is the code pointer.
	fv := *(*unsafe.Pointer)(unsafe.Pointer(&mt.hasher))
	pc := *(*uintptr)(fv)
	f := runtime.FuncForPC(pc)
	if f == nil {
		return "unknown"
	}
	name := f.Name()
	if strings.HasPrefix(name, "runtime.") {
		return name
	}
	return "generated"
}

type mapEntry struct {
	s  string
	m  interface{}
	op interface{}
}

var (
	sink   interface{}
	sinkOK bool
)

// entryPoints finds the runtime.map* functions that op calls.
func entryPoints(typeStr string, op interface{}) entryJSON {
	entry := reflect.ValueOf(op).Pointer()
	f := runtime.FuncForPC(entry)
	if f == nil || f.Entry() != entry {
		panic("no function for op of " + typeStr)
	}
	var e entryJSON
	set := func(dst *string, name string) {
		if *dst != "" && *dst != name {
			panic("two different calls for " + typeStr + ": " + *dst + ", " + name)
		}
		*dst = name
	}
	for pc := entry; ; pc++ {
		if g := runtime.FuncForPC(pc); g == nil || g.Entry() != entry {
			break
		}
		if *(*byte)(unsafe.Pointer(pc)) != 0xe8 {
			continue
		}
		rel := *(*int32)(unsafe.Pointer(pc + 1))
		target := uintptr(int64(pc) + 5 + int64(rel))
		g := runtime.FuncForPC(target)
		if g == nil || g.Entry() != target {
			continue
		}
		name := strings.TrimPrefix(g.Name(), "runtime.")
		switch {
		case strings.HasPrefix(name, "mapassign"):
			set(&e.Assign, name)
		case strings.HasPrefix(name, "mapaccess1"):
			set(&e.Access1, name)
		case strings.HasPrefix(name, "mapaccess2"):
			set(&e.Access2, name)
		case strings.HasPrefix(name, "mapdelete"):
			set(&e.Delete, name)
		}
	}
	if e.Assign == "" || e.Access1 == "" || e.Access2 == "" || e.Delete == "" {
		panic("missing map calls for " + typeStr)
	}
	return e
}

func layout(typeStr string, m interface{}) layoutJSON {
	mt := (*maptype)((*[2]unsafe.Pointer)(unsafe.Pointer(&m))[0])
	rt := reflect.TypeOf(m)
	if rt.Kind() != reflect.Map || mt.typ.kind&kindMask != uint8(reflect.Map) {
		panic("not a map: " + typeStr)
	}
	l := layoutJSON{
		Type:       typeStr,
		PtrSize:    ptrSize,
		HmapSize:   unsafe.Sizeof(hmap{}),
		HiterSize:  unsafe.Sizeof(hiter{}),
		DataOffset: dataOffset,
		Key:        typeOf(mt.key),
		Elem:       typeOf(mt.elem),
		Bucket: bucketJSON{
			Size:    mt.bucket.size,
			Align:   mt.bucket.align,
			Ptrdata: mt.bucket.ptrdata,
			Gcmask:  hex.EncodeToString(gcmask(mt.bucket)),
		},
		Keysize:        mt.keysize,
		Elemsize:       mt.elemsize,
		Bucketsize:     mt.bucketsize,
		Flags:          mt.flags,
		Indirectkey:    mt.flags&1 != 0,
		Indirectelem:   mt.flags&2 != 0,
		Reflexivekey:   mt.flags&4 != 0,
		Needkeyupdate:  mt.flags&8 != 0,
		HashMightPanic: mt.flags&16 != 0,
		Hasher:         hasherName(mt),
	}
	l.X.Map = typeOf(&mt.typ)
	l.X.Str = rt.String()
	l.X.Hash = mt.typ.hash
	l.X.Key = extraType{Str: rt.Key().String(), Hash: mt.key.hash}
	l.X.Elem = extraType{Str: rt.Elem().String(), Hash: mt.elem.hash}
	l.X.Bucket.Kind = mt.bucket.kind
	l.X.Bucket.Tflag = mt.bucket.tflag
	l.X.Bucket.FieldAlign = mt.bucket.fieldAlign
	l.X.Bucket.Equal = mt.bucket.equal != nil
	return l
}

func main() {
	out := fileJSON{
		Producer: "oracle/layout " + runtime.Version() + " " + runtime.GOARCH,
		Go:       runtime.Version(),
		Arch:     runtime.GOARCH,
	}
	for _, e := range mapTypes {
		l := layout(e.s, e.m)
		l.X.Entry = entryPoints(e.s, e.op)
		out.Layouts = append(out.Layouts, l)
	}
	// One layout per line, so that fixture diffs read type by type.
	w := bufio.NewWriter(os.Stdout)
	head, err := json.Marshal(struct {
		Producer string `json:"producer"`
		Go       string `json:"go"`
		Arch     string `json:"arch"`
	}{out.Producer, out.Go, out.Arch})
	if err != nil {
		panic(err)
	}
	w.Write(head[:len(head)-1])
	w.WriteString(",\n\"layouts\": [\n")
	for i, l := range out.Layouts {
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false) // keep "<-chan int" readable
		if err := enc.Encode(l); err != nil {
			panic(err)
		}
		w.Write(bytes.TrimRight(b.Bytes(), "\n"))
		if i < len(out.Layouts)-1 {
			w.WriteString(",")
		}
		w.WriteString("\n")
	}
	w.WriteString("]}\n")
	if err := w.Flush(); err != nil {
		panic(err)
	}
}
