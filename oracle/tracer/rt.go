package main

// Mirrors of the runtime's map structures and the runtime entry points the oracle needs.
// The layouts of hmap, mapextra, hiter, _type and maptype are identical in Go 1.15.15 and
// Go 1.19.8 (runtime/map.go, runtime/type.go), on amd64 and 386.

import (
	"unsafe"
)

const ptrSize = unsafe.Sizeof(uintptr(0))

// runtime/map.go constants
const (
	bucketCnt      = 8
	dataOffset     = 8
	emptyRest      = 0
	emptyOne       = 1
	evacuatedX     = 2
	evacuatedY     = 3
	evacuatedEmpty = 4
	minTopHash     = 5
	sameSizeGrow   = 8
)

// runtime/typekind.go
const (
	kindDirectIface = 1 << 5
	kindGCProg      = 1 << 6
)

type hmap struct {
	count      int
	flags      uint8
	B          uint8
	noverflow  uint16
	hash0      uint32
	buckets    unsafe.Pointer
	oldbuckets unsafe.Pointer
	nevacuate  uintptr
	extra      *mapextra
}

type mapextra struct {
	overflow     *[]unsafe.Pointer
	oldoverflow  *[]unsafe.Pointer
	nextOverflow unsafe.Pointer
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

func (mt *maptype) indirectkey() bool    { return mt.flags&1 != 0 }
func (mt *maptype) indirectelem() bool   { return mt.flags&2 != 0 }
func (mt *maptype) reflexivekey() bool   { return mt.flags&4 != 0 }
func (mt *maptype) needkeyupdate() bool  { return mt.flags&8 != 0 }
func (mt *maptype) hashMightPanic() bool { return mt.flags&16 != 0 }

// eface is the layout of an interface{} value.
type eface struct {
	typ  unsafe.Pointer
	data unsafe.Pointer
}

//go:linkname mapiterinit runtime.mapiterinit
func mapiterinit(t *maptype, h *hmap, it *hiter)

//go:linkname mapiternext runtime.mapiternext
func mapiternext(it *hiter)

//go:linkname roundupsize runtime.roundupsize
func roundupsize(size uintptr) uintptr

//go:linkname aeskeysched runtime.aeskeysched
var aeskeysched [ptrSize / 4 * 64]byte

//go:linkname hashkey runtime.hashkey
var hashkey [4]uintptr

//go:linkname useAeshash runtime.useAeshash
var useAeshash bool

// mapParts returns the maptype and the hmap of a map value held in an interface.
func mapParts(m interface{}) (*maptype, *hmap) {
	e := (*eface)(unsafe.Pointer(&m))
	return (*maptype)(e.typ), (*hmap)(e.data)
}

func add(p unsafe.Pointer, x uintptr) unsafe.Pointer {
	return unsafe.Pointer(uintptr(p) + x)
}

// tophash is runtime.tophash.
func tophash(hash uintptr) uint8 {
	top := uint8(hash >> (ptrSize*8 - 8))
	if top < minTopHash {
		top += minTopHash
	}
	return top
}

// nbucketsFor is the number of buckets makeBucketArray allocates for b (runtime/map.go).
func nbucketsFor(mt *maptype, b uint8) uintptr {
	base := uintptr(1) << b
	nbuckets := base
	if b >= 4 {
		nbuckets += uintptr(1) << (b - 4)
		sz := mt.bucket.size * nbuckets
		up := roundupsize(sz)
		if up != sz {
			nbuckets = up / mt.bucket.size
		}
	}
	return nbuckets
}
