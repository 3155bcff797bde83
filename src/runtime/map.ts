// Go's classic map runtime: a line-for-line transliteration of runtime/map.go (Go 1.14/1.15 — the
// seed's map.go — and Go 1.19.8) over simulated memory. The fast variants (map_fast32.go,
// map_fast64.go, map_faststr.go) live in ./map_fast32.ts, ./map_fast64.ts and ./map_faststr.ts and
// are installed on MapRuntime's prototype at the bottom of this file.
//
// Conventions:
// * An hmap, a bucket (bmap), a mapextra, a key, an elem are addresses in simulated memory (JS
//   numbers); 0 is nil. `h.count` is `mem.loadInt(h + L.count)` and so on (./hmap.ts).
// * A uintptr hash travels as two numbers: `hash` (low 32 bits, what t.hasher returns) and `hashHi`
//   (high 32 bits, rt.hash.hi right after the call; 0 on 386).
// * Functions returning two values return the first and leave the second in a field of the
//   MapRuntime: `ok` (mapaccess2*), `e` (mapaccessK), `nextOverflow` (makeBucketArray).
// * Go's labels become labelled JS loops/blocks: `bucketloop:`, `search:`, `again:`, `next:`;
//   `goto notLast` is `break notLast` out of a labelled block that ends at Go's label.
// * Profile differences are the named fields of `this.prof` (./profile.ts).
// * throw(s) (1.15) and fatal(s) (1.19) both raise GoThrow(s): same texts, same effect.
// * Speed (see ../mem/memory.ts): an amd64 address is a double for V8, so the hot functions turn
//   the hmap and each bucket into int32 buffer offsets once — `hm = mem.off(h, L.size)`, then
//   `h.count` is `mem.intAt(hm + L.count)`, `h.flags` is `mem.u8[hm + L.flags]`, `h.buckets` is
//   `mem.ptrAt(hm + L.buckets)`; `bo = mem.off(b, t.bucketsize)`, then `b.tophash[i]` is
//   `mem.u8[bo + i]`. Offsets survive an allocation (the buffer only grows), the views do not:
//   `mem.u8` and friends are read afresh, never kept across a call that may allocate.

import { GoRuntime, RawHash, RandSource, Draw } from './runtime';
import { Memory } from '../mem/memory';
import { Heap } from '../mem/heap';
import {
  MapType, GoType, mapIndirectKey, mapIndirectElem, mapReflexiveKey, mapNeedKeyUpdate,
  mapHashMightPanic,
} from './types';
import {
  HmapLayout, hmapLayout, bucketCntBits, bucketCnt, loadFactorNum, loadFactorDen, maxKeySize,
  maxElemSize, dataOffset, emptyRest, emptyOne, evacuatedX, evacuatedY, evacuatedEmpty,
  minTopHash, iterator, oldIterator, hashWriting, sameSizeGrow, noCheck,
} from './hmap';
import { plainError, fatal } from './errors';
import { MapProfile, mapProfile } from './profile';
import { hiter } from './hiter';
import { RuntimeHashers, runtimeHashers } from './alg';
import type { RawHash as FullRawHash } from './hash';
export { hiter } from './hiter';
import * as fast32 from './map_fast32';
import * as fast64 from './map_fast64';
import * as faststr from './map_faststr';

const TWO32 = 4294967296;

/** runtime/map.go: const maxZero = 1024 (the size of zeroVal). */
export const maxZero = 1024;

// ---------------------------------------------------------------------------------------------
// Small pure helpers of runtime/map.go.

/** runtime/map.go isEmpty: whether the tophash entry represents an empty bucket entry. */
export function isEmpty(x: number): boolean {
  return x <= emptyOne;
}

/**
 * runtime/map.go bucketShift: 1<<b, with b masked to the uintptr width as Go does
 * (`uintptr(1) << (b & (PtrSize*8 - 1))`).
 */
export function bucketShift(b: number, ptrSize: number): number {
  b &= ptrSize * 8 - 1;
  return b < 31 ? 1 << b : Math.pow(2, b);
}

/** runtime/map.go bucketMask: 1<<b - 1. */
export function bucketMask(b: number, ptrSize: number): number {
  return bucketShift(b, ptrSize) - 1;
}

/**
 * `hash & m` for a uintptr hash given as (lo, hi) and a mask m = 2^k - 1 (any k up to 53).
 * Exact: for m < 2^32 only the low word matters. lo and hi may be given signed (int32) or unsigned.
 */
export function maskHash(lo: number, hi: number, m: number): number {
  if (m < TWO32) return (lo & m) >>> 0;
  return (lo >>> 0) + ((hi & ((m - 0xffffffff) / TWO32)) >>> 0) * TWO32;
}

/** `hash&bit != 0` for a uintptr hash given as (lo, hi) and a power of two `bit`. */
export function hashBit(lo: number, hi: number, bit: number): boolean {
  if (bit < TWO32) return (lo & bit) !== 0;
  return (hi & (bit / TWO32)) !== 0;
}

/** The low 32 bits of `r >> s` for a uintptr r given as (lo, hi), 0 <= s < 64. */
export function shrHash(lo: number, hi: number, s: number): number {
  if (s === 0) return lo;
  if (s < 32) return ((lo >>> s) | (hi << (32 - s))) >>> 0;
  return hi >>> (s - 32);
}

/**
 * runtime/map.go overLoadFactor: whether count items placed in 1<<B buckets is over loadFactor.
 * (`uintptr(count) > loadFactorNum*(bucketShift(B)/loadFactorDen)`: the product cannot wrap for any
 * B a representable hint reaches.)
 */
export function overLoadFactor(count: number, B: number, ptrSize: number): boolean {
  return count > bucketCnt && count > loadFactorNum * Math.floor(bucketShift(B, ptrSize) / loadFactorDen);
}

/**
 * runtime/map.go tooManyOverflowBuckets: whether noverflow buckets is too many for a map with
 * 1<<B buckets.
 */
export function tooManyOverflowBuckets(noverflow: number, B: number): boolean {
  // If the threshold is too low, we do extraneous work.
  // If the threshold is too high, maps that grow and shrink can hold on to lots of unused memory.
  // "too many" means (approximately) as many overflow buckets as regular buckets.
  // See incrnoverflow for more details.
  if (B > 15) {
    B = 15;
  }
  // The compiler doesn't see here that B < 16; mask B to generate shorter shift code.
  return noverflow >= (1 << (B & 15));
}

/** runtime/map.go type evacDst: an evacuation destination. */
export class evacDst {
  /** current destination bucket */
  b = 0;
  /** key/elem index into b */
  i = 0;
  /** pointer to current key storage */
  k = 0;
  /** pointer to current elem storage */
  e = 0;
}

// maptype flag accessors (runtime/type.go)
/** runtime/type.go (*maptype).indirectkey */
export function indirectkey(t: MapType): boolean {
  return (t.flags & mapIndirectKey) !== 0;
}
/** runtime/type.go (*maptype).indirectelem */
export function indirectelem(t: MapType): boolean {
  return (t.flags & mapIndirectElem) !== 0;
}
/** runtime/type.go (*maptype).reflexivekey */
export function reflexivekey(t: MapType): boolean {
  return (t.flags & mapReflexiveKey) !== 0;
}
/** runtime/type.go (*maptype).needkeyupdate */
export function needkeyupdate(t: MapType): boolean {
  return (t.flags & mapNeedKeyUpdate) !== 0;
}
/** runtime/type.go (*maptype).hashMightPanic */
export function hashMightPanic(t: MapType): boolean {
  return (t.flags & mapHashMightPanic) !== 0;
}

// ---------------------------------------------------------------------------------------------

type Fast32 = typeof fast32;
type Fast64 = typeof fast64;
type FastStr = typeof faststr;
// The fast variants, installed on the prototype below.
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface MapRuntime extends Fast32, Fast64, FastStr {}

/** The map runtime of one emulated Go process. */
export class MapRuntime {
  readonly rt: GoRuntime;
  readonly mem: Memory;
  readonly heap: Heap;
  readonly hash: RawHash;
  readonly rand: RandSource;
  readonly ptrSize: 4 | 8;
  readonly L: HmapLayout;
  readonly prof: MapProfile;
  /** runtime.zeroVal: maxZero zero bytes; what mapaccess1 returns for a missing key. */
  readonly zeroVal: number;
  /**
   * Stack slot for the fast variants' by-value key (`t.hasher(noescape(unsafe.Pointer(&key)), …)`):
   * 2*PtrSize bytes, enough for a uint64 or a string header.
   */
  readonly keyScratch: number;
  /**
   * The process's runtime.memhash32, memhash64 and strhash as hashers (alg.ts): when t.hasher is
   * one of them, the fast variants hash the key by value (`fhash`) instead of through keyScratch.
   */
  readonly rtHashers: RuntimeHashers;
  /** rt.hash with its by-value entry points (memhash32v, memhash64v). */
  readonly fhash: FullRawHash;

  /** Second result of mapaccess2*, mapaccess2_fat. */
  ok = false;
  /** Results of mapaccessK: key and elem. */
  k = 0;
  e = 0;
  /** Second result of makeBucketArray. */
  nextOverflow = 0;
  /** evacuate's `var xy [2]evacDst`, reused (evacuate never nests). */
  readonly xy: readonly [evacDst, evacDst] = [new evacDst(), new evacDst()];

  constructor(rt: GoRuntime) {
    this.rt = rt;
    this.mem = rt.mem;
    this.heap = rt.heap;
    this.hash = rt.hash;
    this.rand = rt.rand;
    this.ptrSize = rt.ptrSize;
    this.L = hmapLayout(rt.ptrSize);
    this.prof = mapProfile(rt.profile);
    // Go's zeroVal and the fast paths' key temporaries are not heap objects.
    this.zeroVal = rt.heap.persistentalloc(maxZero, 8);
    this.keyScratch = rt.heap.persistentalloc(16, 8);
    this.rtHashers = runtimeHashers(rt);
    this.fhash = rt.hash as FullRawHash;
  }

  // ----- runtime/map.go: tophash, evacuated, (*bmap).overflow/setoverflow/keys

  /** runtime/map.go tophash: the top byte of the uintptr hash, moved above the marks. */
  tophash(hash: number, hashHi: number): number {
    let top = (this.ptrSize === 8 ? hashHi : hash) >>> 24;
    if (top < minTopHash) {
      top += minTopHash;
    }
    return top;
  }

  /** runtime/map.go evacuated */
  evacuated(b: number): boolean {
    const h = this.mem.load8(b);
    return h > emptyOne && h < minTopHash;
  }

  /** runtime/map.go (*bmap).overflow: the pointer-sized word at bucketsize-PtrSize. */
  overflow(t: MapType, b: number): number {
    return this.mem.loadPtr(b + t.bucketsize - this.ptrSize);
  }

  /** runtime/map.go (*bmap).setoverflow */
  setoverflow(t: MapType, b: number, ovf: number): void {
    this.mem.storePtr(b + t.bucketsize - this.ptrSize, ovf);
  }

  /** runtime/map.go (*bmap).keys */
  keys(b: number): number {
    return b + dataOffset;
  }

  /** bucketShift for this runtime's PtrSize. */
  bucketShift(b: number): number {
    return bucketShift(b, this.ptrSize);
  }

  /** bucketMask for this runtime's PtrSize. */
  bucketMask(b: number): number {
    return bucketShift(b, this.ptrSize) - 1;
  }

  /** runtime/mbarrier.go typedmemmove: copies typ.size bytes; a no-op if dst == src. */
  typedmemmove(typ: GoType, dst: number, src: number): void {
    if (dst === src) {
      return;
    }
    this.mem.memmove(dst, src, typ.size);
  }

  // ----- runtime/map.go: (*hmap).incrnoverflow, newoverflow, createOverflow

  /**
   * runtime/map.go (*hmap).incrnoverflow: increments h.noverflow. noverflow counts the number of
   * overflow buckets; exact when there are few buckets, approximate when there are many.
   */
  incrnoverflow(h: number): void {
    const mem = this.mem, L = this.L;
    const hm = h === 0 ? 0 : mem.off(h, L.size); // the hmap's bytes: h.count is mem.intAt(hm + L.count), …
    const B = mem.u8[hm + L.B];
    // We trigger same-size map growth if there are
    // as many overflow buckets as buckets.
    // We need to be able to count to 1<<h.B.
    if (B < 16) {
      mem.u16[(hm + L.noverflow) >> 1] = mem.u16[(hm + L.noverflow) >> 1] + 1;
      return;
    }
    // Increment with probability 1/(1<<(h.B-15)).
    // When we reach 1<<15 - 1, we will have approximately
    // as many overflow buckets as buckets.
    const s = B - 15;
    const mask = s >= 32 ? 0xffffffff : ((1 << s) - 1) >>> 0;
    // Example: if h.B == 18, then mask == 7,
    // and fastrand & 7 == 0 with probability 1/8.
    if ((this.rand.fastrand(Draw.Other) & mask) === 0) {
      mem.u16[(hm + L.noverflow) >> 1] = mem.u16[(hm + L.noverflow) >> 1] + 1;
    }
  }

  /** runtime/map.go (*hmap).newoverflow */
  newoverflow(t: MapType, h: number, b: number): number {
    const mem = this.mem, L = this.L;
    const hm = h === 0 ? 0 : mem.off(h, L.size); // the hmap's bytes: h.count is mem.intAt(hm + L.count), …
    let ovf: number;
    const extra = mem.ptrAt(hm + L.extra);
    if (extra !== 0 && mem.loadPtr(extra + L.xNextOverflow) !== 0) {
      // We have preallocated overflow buckets available.
      // See makeBucketArray for more details.
      ovf = mem.loadPtr(extra + L.xNextOverflow);
      if (this.overflow(t, ovf) === 0) {
        // We're not at the end of the preallocated overflow buckets. Bump the pointer.
        mem.storePtr(extra + L.xNextOverflow, ovf + t.bucketsize);
      } else {
        // This is the last preallocated overflow bucket.
        // Reset the overflow pointer on this bucket,
        // which was set to a non-nil sentinel value.
        this.setoverflow(t, ovf, 0);
        mem.storePtr(extra + L.xNextOverflow, 0);
      }
    } else {
      ovf = this.heap.newobject(t.bucket);
    }
    this.incrnoverflow(h);
    if (t.bucket.ptrdata === 0) {
      this.createOverflow(h);
      // *h.extra.overflow = append(*h.extra.overflow, ovf)
      this.appendOverflow(mem.loadPtr(mem.ptrAt(hm + L.extra) + L.xOverflow), ovf);
    }
    this.setoverflow(t, b, ovf);
    return ovf;
  }

  /** `*s = append(*s, ovf)` for the *[]*bmap at s (runtime/slice.go growslice when full). */
  private appendOverflow(s: number, ovf: number): void {
    const mem = this.mem, L = this.L;
    let array = mem.loadPtr(s + L.sArray);
    const len = mem.loadInt(s + L.sLen);
    const cap = mem.loadInt(s + L.sCap);
    if (len + 1 > cap) {
      array = this.heap.growslicePtr(array, len, cap, len + 1);
      mem.storePtr(s + L.sArray, array);
      mem.storeInt(s + L.sCap, this.heap.growCap);
    }
    mem.storePtr(array + len * this.ptrSize, ovf);
    mem.storeInt(s + L.sLen, len + 1);
  }

  /** runtime/map.go (*hmap).createOverflow */
  createOverflow(h: number): void {
    const mem = this.mem, L = this.L;
    const hm = h === 0 ? 0 : mem.off(h, L.size); // the hmap's bytes: h.count is mem.intAt(hm + L.count), …
    if (mem.ptrAt(hm + L.extra) === 0) {
      mem.setPtrAt(hm + L.extra, this.heap.mallocgc(L.extraSize, false)); // new(mapextra)
    }
    const extra = mem.ptrAt(hm + L.extra);
    if (mem.loadPtr(extra + L.xOverflow) === 0) {
      mem.storePtr(extra + L.xOverflow, this.heap.mallocgc(L.sliceSize, false)); // new([]*bmap)
    }
  }

  // ----- runtime/map.go: makemap64, makemap_small, makemap, makeBucketArray

  /** runtime/map.go makemap64 (hint is an int64 as a JS number). */
  makemap64(t: MapType, hint: number, h: number): number {
    // if int64(int(hint)) != hint { hint = 0 }
    if (this.ptrSize === 4 && hint !== (hint | 0)) {
      hint = 0;
    }
    return this.makemap(t, hint, h);
  }

  /**
   * runtime/map.go makemap_small implements Go map creation for make(map[k]v) and
   * make(map[k]v, hint) when hint is known to be at most bucketCnt at compile time and the map
   * needs to be allocated on the heap.
   */
  makemap_small(_t?: MapType): number {
    // (Go's makemap_small takes no arguments; a maptype passed here is ignored.)
    const h = this.heap.mallocgc(this.L.size, false); // new(hmap)
    this.mem.store32(h + this.L.hash0, this.rand.fastrand(Draw.Hash0));
    return h;
  }

  /**
   * runtime/map.go makemap implements Go map creation for make(map[k]v, hint).
   * If the compiler has determined that the map or the first bucket can be created on the stack,
   * h and/or bucket may be non-nil. If h != 0, the map can be created directly in h.
   * If h.buckets != nil, bucket pointed to can be used as the first bucket.
   */
  makemap(t: MapType, hint: number, h: number): number {
    const mem = this.mem, L = this.L;
    // mem, overflow := math.MulUintptr(uintptr(hint), t.bucket.size)
    // (a negative hint is a huge uintptr: the product always overflows)
    const size = hint * t.bucket.size;
    if (hint < 0 || size >= Math.pow(2, this.ptrSize * 8) || size > this.rt.arch.maxAlloc) {
      hint = 0;
    }

    // initialize Hmap
    if (h === 0) {
      h = this.heap.mallocgc(L.size, false); // new(hmap)
    }
    mem.store32(h + L.hash0, this.rand.fastrand(Draw.Hash0));

    // Find the size parameter B which will hold the requested # of elements.
    // For hint < 0 overLoadFactor returns false since hint < bucketCnt.
    let B = 0;
    while (overLoadFactor(hint, B, this.ptrSize)) {
      B++;
    }
    mem.store8(h + L.B, B);

    // allocate initial hash table
    // if B == 0, the buckets field is allocated lazily later (in mapassign)
    // If hint is large zeroing this memory could take a while.
    if (B !== 0) {
      mem.storePtr(h + L.buckets, this.makeBucketArray(t, B, 0));
      const nextOverflow = this.nextOverflow;
      if (nextOverflow !== 0) {
        const extra = this.heap.mallocgc(L.extraSize, false); // new(mapextra)
        mem.storePtr(h + L.extra, extra);
        mem.storePtr(extra + L.xNextOverflow, nextOverflow);
      }
    }

    return h;
  }

  /**
   * runtime/map.go makeBucketArray initializes a backing array for map buckets.
   * 1<<b is the minimum number of buckets to allocate. dirtyalloc should either be 0 or a bucket
   * array previously allocated by makeBucketArray with the same t and b parameters. If dirtyalloc
   * is 0 a new backing array will be alloced and otherwise dirtyalloc will be cleared and reused.
   * Returns buckets; nextOverflow is left in this.nextOverflow.
   */
  makeBucketArray(t: MapType, b: number, dirtyalloc: number): number {
    const base = this.bucketShift(b);
    let nbuckets = base;
    // For small b, overflow buckets are unlikely.
    // Avoid the overhead of the calculation.
    if (b >= 4) {
      // Add on the estimated number of overflow buckets
      // required to insert the median number of elements
      // used with this value of b.
      nbuckets += this.bucketShift(b - 4);
      const sz = t.bucket.size * nbuckets;
      const up = this.heap.roundupsize(sz);
      if (up !== sz) {
        nbuckets = Math.floor(up / t.bucket.size);
      }
    }

    let buckets: number;
    if (dirtyalloc === 0) {
      buckets = this.heap.newarray(t.bucket, nbuckets);
    } else {
      // dirtyalloc was previously generated by
      // the above newarray(t.bucket, int(nbuckets))
      // but may not be empty.
      buckets = dirtyalloc;
      const size = t.bucket.size * nbuckets;
      if (t.bucket.ptrdata !== 0) {
        this.mem.memclrHasPointers(buckets, size);
      } else {
        this.mem.memclrNoHeapPointers(buckets, size);
      }
    }

    let nextOverflow = 0;
    if (base !== nbuckets) {
      // We preallocated some overflow buckets.
      // To keep the overhead of tracking these overflow buckets to a minimum,
      // we use the convention that if a preallocated overflow bucket's overflow
      // pointer is nil, then there are more available by bumping the pointer.
      // We need a safe non-nil pointer for the last overflow bucket; just use buckets.
      nextOverflow = buckets + base * t.bucketsize;
      const last = buckets + (nbuckets - 1) * t.bucketsize;
      this.setoverflow(t, last, buckets);
    }
    this.nextOverflow = nextOverflow;
    return buckets;
  }

  // ----- runtime/map.go: mapaccess1, mapaccess2, mapaccessK, mapaccess1_fat, mapaccess2_fat

  /**
   * runtime/map.go mapaccess1 returns a pointer to h[key]. Never returns nil, instead it will
   * return a reference to the zero object for the elem type if the key is not in the map.
   */
  mapaccess1(t: MapType, h: number, key: number): number {
    const mem = this.mem, L = this.L;
    const hm = h === 0 ? 0 : mem.off(h, L.size); // the hmap's bytes: h.count is mem.intAt(hm + L.count), …
    if (h === 0 || mem.intAt(hm + L.count) === 0) {
      if (hashMightPanic(t)) {
        t.hasher(key, 0, 0); // see issue 23734
      }
      return this.zeroVal;
    }
    if ((mem.u8[hm + L.flags] & hashWriting) !== 0) {
      throw fatal('concurrent map read and map write');
    }
    const hash = t.hasher(key, (mem.i32[(hm + L.hash0) >> 2] >>> 0), 0);
    const hashHi = this.hash.hi;
    let m = this.bucketMask(mem.u8[hm + L.B]);
    let b = mem.ptrAt(hm + L.buckets) + maskHash(hash, hashHi, m) * t.bucketsize;
    const c = mem.ptrAt(hm + L.oldbuckets);
    if (c !== 0) {
      if (!this.sameSizeGrow(h)) {
        // There used to be half as many buckets; mask down one more power of two.
        m = Math.floor(m / 2);
      }
      const oldb = c + maskHash(hash, hashHi, m) * t.bucketsize;
      if (!this.evacuated(oldb)) {
        b = oldb;
      }
    }
    const top = this.tophash(hash, hashHi);
    const ks = t.keysize, es = t.elemsize;
    bucketloop:
    for (; b !== 0; b = this.overflow(t, b)) {
      const bo = mem.off(b, t.bucketsize); // the bucket's bytes: b.tophash[i] is mem.u8[bo + i]
      for (let i = 0; i < bucketCnt; i++) {
        const ti = mem.u8[bo + i];
        if (ti !== top) {
          if (ti === emptyRest) {
            break bucketloop;
          }
          continue;
        }
        let k = b + dataOffset + i * ks;
        if (indirectkey(t)) {
          k = mem.loadPtr(k);
        }
        if (t.key.equal!(key, k)) {
          let e = b + dataOffset + bucketCnt * ks + i * es;
          if (indirectelem(t)) {
            e = mem.loadPtr(e);
          }
          return e;
        }
      }
    }
    return this.zeroVal;
  }

  /** runtime/map.go mapaccess2: returns the elem (zeroVal if absent); found is left in this.ok. */
  mapaccess2(t: MapType, h: number, key: number): number {
    const mem = this.mem, L = this.L;
    const hm = h === 0 ? 0 : mem.off(h, L.size); // the hmap's bytes: h.count is mem.intAt(hm + L.count), …
    if (h === 0 || mem.intAt(hm + L.count) === 0) {
      if (hashMightPanic(t)) {
        t.hasher(key, 0, 0); // see issue 23734
      }
      this.ok = false;
      return this.zeroVal;
    }
    if ((mem.u8[hm + L.flags] & hashWriting) !== 0) {
      throw fatal('concurrent map read and map write');
    }
    const hash = t.hasher(key, (mem.i32[(hm + L.hash0) >> 2] >>> 0), 0);
    const hashHi = this.hash.hi;
    let m = this.bucketMask(mem.u8[hm + L.B]);
    let b = mem.ptrAt(hm + L.buckets) + maskHash(hash, hashHi, m) * t.bucketsize;
    const c = mem.ptrAt(hm + L.oldbuckets);
    if (c !== 0) {
      if (!this.sameSizeGrow(h)) {
        // There used to be half as many buckets; mask down one more power of two.
        m = Math.floor(m / 2);
      }
      const oldb = c + maskHash(hash, hashHi, m) * t.bucketsize;
      if (!this.evacuated(oldb)) {
        b = oldb;
      }
    }
    const top = this.tophash(hash, hashHi);
    const ks = t.keysize, es = t.elemsize;
    bucketloop:
    for (; b !== 0; b = this.overflow(t, b)) {
      const bo = mem.off(b, t.bucketsize); // the bucket's bytes: b.tophash[i] is mem.u8[bo + i]
      for (let i = 0; i < bucketCnt; i++) {
        const ti = mem.u8[bo + i];
        if (ti !== top) {
          if (ti === emptyRest) {
            break bucketloop;
          }
          continue;
        }
        let k = b + dataOffset + i * ks;
        if (indirectkey(t)) {
          k = mem.loadPtr(k);
        }
        if (t.key.equal!(key, k)) {
          let e = b + dataOffset + bucketCnt * ks + i * es;
          if (indirectelem(t)) {
            e = mem.loadPtr(e);
          }
          this.ok = true;
          return e;
        }
      }
    }
    this.ok = false;
    return this.zeroVal;
  }

  /**
   * runtime/map.go mapaccessK returns both key and elem. Used by map iterator.
   * Returns the key (0 if absent) and leaves key and elem in this.k / this.e.
   */
  mapaccessK(t: MapType, h: number, key: number): number {
    const mem = this.mem, L = this.L;
    const hm = h === 0 ? 0 : mem.off(h, L.size); // the hmap's bytes: h.count is mem.intAt(hm + L.count), …
    if (h === 0 || mem.intAt(hm + L.count) === 0) {
      this.k = 0;
      this.e = 0;
      return 0;
    }
    const hash = t.hasher(key, (mem.i32[(hm + L.hash0) >> 2] >>> 0), 0);
    const hashHi = this.hash.hi;
    let m = this.bucketMask(mem.u8[hm + L.B]);
    let b = mem.ptrAt(hm + L.buckets) + maskHash(hash, hashHi, m) * t.bucketsize;
    const c = mem.ptrAt(hm + L.oldbuckets);
    if (c !== 0) {
      if (!this.sameSizeGrow(h)) {
        // There used to be half as many buckets; mask down one more power of two.
        m = Math.floor(m / 2);
      }
      const oldb = c + maskHash(hash, hashHi, m) * t.bucketsize;
      if (!this.evacuated(oldb)) {
        b = oldb;
      }
    }
    const top = this.tophash(hash, hashHi);
    const ks = t.keysize, es = t.elemsize;
    bucketloop:
    for (; b !== 0; b = this.overflow(t, b)) {
      const bo = mem.off(b, t.bucketsize); // the bucket's bytes: b.tophash[i] is mem.u8[bo + i]
      for (let i = 0; i < bucketCnt; i++) {
        const ti = mem.u8[bo + i];
        if (ti !== top) {
          if (ti === emptyRest) {
            break bucketloop;
          }
          continue;
        }
        let k = b + dataOffset + i * ks;
        if (indirectkey(t)) {
          k = mem.loadPtr(k);
        }
        if (t.key.equal!(key, k)) {
          let e = b + dataOffset + bucketCnt * ks + i * es;
          if (indirectelem(t)) {
            e = mem.loadPtr(e);
          }
          this.k = k;
          this.e = e;
          return k;
        }
      }
    }
    this.k = 0;
    this.e = 0;
    return 0;
  }

  /** runtime/map.go mapaccess1_fat: mapaccess1 with the compiler's own zero value for big elems. */
  mapaccess1_fat(t: MapType, h: number, key: number, zero: number): number {
    const e = this.mapaccess1(t, h, key);
    if (e === this.zeroVal) {
      return zero;
    }
    return e;
  }

  /** runtime/map.go mapaccess2_fat; found is left in this.ok. */
  mapaccess2_fat(t: MapType, h: number, key: number, zero: number): number {
    const e = this.mapaccess1(t, h, key);
    if (e === this.zeroVal) {
      this.ok = false;
      return zero;
    }
    this.ok = true;
    return e;
  }

  // ----- runtime/map.go: mapassign

  /** runtime/map.go mapassign: like mapaccess, but allocates a slot for the key if it is not present in the map. */
  mapassign(t: MapType, h: number, key: number): number {
    if (h === 0) {
      throw plainError('assignment to entry in nil map');
    }
    const mem = this.mem, L = this.L;
    const hm = h === 0 ? 0 : mem.off(h, L.size); // the hmap's bytes: h.count is mem.intAt(hm + L.count), …
    if ((mem.u8[hm + L.flags] & hashWriting) !== 0) {
      throw fatal('concurrent map writes');
    }
    const hash = t.hasher(key, (mem.i32[(hm + L.hash0) >> 2] >>> 0), 0);
    const hashHi = this.hash.hi;

    // Set hashWriting after calling t.hasher, since t.hasher may panic,
    // in which case we have not actually done a write.
    mem.u8[hm + L.flags] ^= hashWriting;

    if (mem.ptrAt(hm + L.buckets) === 0) {
      mem.setPtrAt(hm + L.buckets, this.heap.newobject(t.bucket)); // newarray(t.bucket, 1)
    }

    const ks = t.keysize, es = t.elemsize;
    let elem = 0;
    again:
    for (;;) {
      const bucket = maskHash(hash, hashHi, this.bucketMask(mem.u8[hm + L.B]));
      if (this.growing(h)) {
        this.growWork(t, h, bucket);
      }
      let b = mem.ptrAt(hm + L.buckets) + bucket * t.bucketsize;
      const top = this.tophash(hash, hashHi);

      let inserti = 0; // *uint8: address of the tophash byte
      let insertk = 0;
      elem = 0;
      bucketloop:
      for (;;) {
        const bo = mem.off(b, t.bucketsize); // the bucket's bytes: b.tophash[i] is mem.u8[bo + i]
        for (let i = 0; i < bucketCnt; i++) {
          const ti = mem.u8[bo + i];
          if (ti !== top) {
            if (isEmpty(ti) && inserti === 0) {
              inserti = b + i;
              insertk = b + dataOffset + i * ks;
              elem = b + dataOffset + bucketCnt * ks + i * es;
            }
            if (ti === emptyRest) {
              break bucketloop;
            }
            continue;
          }
          let k = b + dataOffset + i * ks;
          if (indirectkey(t)) {
            k = mem.loadPtr(k);
          }
          if (!t.key.equal!(key, k)) {
            continue;
          }
          // already have a mapping for key. Update it.
          if (needkeyupdate(t)) {
            this.typedmemmove(t.key, k, key);
          }
          elem = b + dataOffset + bucketCnt * ks + i * es;
          break again; // goto done
        }
        const ovf = this.overflow(t, b);
        if (ovf === 0) {
          break;
        }
        b = ovf;
      }

      // Did not find mapping for key. Allocate new cell & add entry.

      // If we hit the max load factor or we have too many overflow buckets,
      // and we're not already in the middle of growing, start growing.
      if (!this.growing(h) && (overLoadFactor(mem.intAt(hm + L.count) + 1, mem.u8[hm + L.B], this.ptrSize) ||
          tooManyOverflowBuckets(mem.u16[(hm + L.noverflow) >> 1], mem.u8[hm + L.B]))) {
        this.hashGrow(t, h);
        continue again; // Growing the table invalidates everything, so try again
      }

      if (inserti === 0) {
        // The current bucket and all the overflow buckets connected to it are full, allocate a new one.
        const newb = this.newoverflow(t, h, b);
        inserti = newb; // &newb.tophash[0]
        insertk = newb + dataOffset;
        elem = insertk + bucketCnt * ks;
      }

      // store new key/elem at insert position
      if (indirectkey(t)) {
        const kmem = this.heap.newobject(t.key);
        mem.storePtr(insertk, kmem);
        insertk = kmem;
      }
      if (indirectelem(t)) {
        const vmem = this.heap.newobject(t.elem);
        mem.storePtr(elem, vmem);
      }
      this.typedmemmove(t.key, insertk, key);
      mem.store8(inserti, top);
      mem.setIntAt(hm + L.count, mem.intAt(hm + L.count) + 1);
      break;
    }

    // done:
    if ((mem.u8[hm + L.flags] & hashWriting) === 0) {
      throw fatal('concurrent map writes');
    }
    mem.u8[hm + L.flags] &= ~hashWriting;
    if (indirectelem(t)) {
      elem = mem.loadPtr(elem);
    }
    return elem;
  }

  // ----- runtime/map.go: mapdelete

  /** runtime/map.go mapdelete */
  mapdelete(t: MapType, h: number, key: number): void {
    const mem = this.mem, L = this.L;
    const hm = h === 0 ? 0 : mem.off(h, L.size); // the hmap's bytes: h.count is mem.intAt(hm + L.count), …
    if (h === 0 || mem.intAt(hm + L.count) === 0) {
      if (hashMightPanic(t)) {
        t.hasher(key, 0, 0); // see issue 23734
      }
      return;
    }
    if ((mem.u8[hm + L.flags] & hashWriting) !== 0) {
      throw fatal('concurrent map writes');
    }

    const hash = t.hasher(key, (mem.i32[(hm + L.hash0) >> 2] >>> 0), 0);
    const hashHi = this.hash.hi;

    // Set hashWriting after calling t.hasher, since t.hasher may panic,
    // in which case we have not actually done a write (delete).
    mem.u8[hm + L.flags] ^= hashWriting;

    const bucket = maskHash(hash, hashHi, this.bucketMask(mem.u8[hm + L.B]));
    if (this.growing(h)) {
      this.growWork(t, h, bucket);
    }
    let b = mem.ptrAt(hm + L.buckets) + bucket * t.bucketsize;
    const bOrig = b;
    const top = this.tophash(hash, hashHi);
    const ks = t.keysize, es = t.elemsize;
    search:
    for (; b !== 0; b = this.overflow(t, b)) {
      const bo = mem.off(b, t.bucketsize); // the bucket's bytes: b.tophash[i] is mem.u8[bo + i]
      for (let i = 0; i < bucketCnt; i++) {
        const ti = mem.u8[bo + i];
        if (ti !== top) {
          if (ti === emptyRest) {
            break search;
          }
          continue;
        }
        const k = b + dataOffset + i * ks;
        let k2 = k;
        if (indirectkey(t)) {
          k2 = mem.loadPtr(k2);
        }
        if (!t.key.equal!(key, k2)) {
          continue;
        }
        // Only clear key if there are pointers in it.
        if (indirectkey(t)) {
          mem.storePtr(k, 0);
        } else if (t.key.ptrdata !== 0) {
          mem.memclrHasPointers(k, t.key.size);
        }
        const e = b + dataOffset + bucketCnt * ks + i * es;
        if (indirectelem(t)) {
          mem.storePtr(e, 0);
        } else if (t.elem.ptrdata !== 0) {
          mem.memclrHasPointers(e, t.elem.size);
        } else {
          mem.memclrNoHeapPointers(e, t.elem.size);
        }
        mem.store8(b + i, emptyOne);
        // If the bucket now ends in a bunch of emptyOne states,
        // change those to emptyRest states.
        // It would be nice to make this a separate function, but
        // for loops are not currently inlineable.
        notLast: {
          if (i === bucketCnt - 1) {
            const ovf = this.overflow(t, b);
            if (ovf !== 0 && mem.load8(ovf) !== emptyRest) {
              break notLast; // goto notLast
            }
          } else {
            if (mem.load8(b + i + 1) !== emptyRest) {
              break notLast; // goto notLast
            }
          }
          for (;;) {
            mem.store8(b + i, emptyRest);
            if (i === 0) {
              if (b === bOrig) {
                break; // beginning of initial bucket, we're done.
              }
              // Find previous bucket, continue at its last entry.
              const c = b;
              for (b = bOrig; this.overflow(t, b) !== c; b = this.overflow(t, b)) {
                // empty
              }
              i = bucketCnt - 1;
            } else {
              i--;
            }
            if (mem.load8(b + i) !== emptyOne) {
              break;
            }
          }
        }
        // notLast:
        mem.setIntAt(hm + L.count, mem.intAt(hm + L.count) - 1);
        if (this.prof.reseedOnEmpty) {
          // Reset the hash seed to make it more difficult for attackers to
          // repeatedly trigger hash collisions. See issue 25237.
          if (mem.intAt(hm + L.count) === 0) {
            mem.i32[(hm + L.hash0) >> 2] = this.rand.fastrand(Draw.Hash0);
          }
        }
        break search;
      }
    }

    if ((mem.u8[hm + L.flags] & hashWriting) === 0) {
      throw fatal('concurrent map writes');
    }
    mem.u8[hm + L.flags] &= ~hashWriting;
  }

  // ----- runtime/map.go: mapiterinit, mapiternext

  /**
   * runtime/map.go mapiterinit initializes the hiter struct used for ranging over maps.
   * `it` must be a zeroed hiter (a fresh `new hiter()`).
   */
  mapiterinit(t: MapType, h: number, it: hiter): void {
    const mem = this.mem, L = this.L;
    const hm = h === 0 ? 0 : mem.off(h, L.size); // the hmap's bytes: h.count is mem.intAt(hm + L.count), …
    if (this.prof.iterSetsTypeFirst) {
      it.t = t;
    }
    if (h === 0 || mem.intAt(hm + L.count) === 0) {
      return;
    }

    if (L.hiterSize / this.ptrSize !== 12) {
      throw fatal('hash_iter size incorrect'); // see cmd/compile/internal/gc/reflect.go
    }
    it.t = t;
    it.h = h;

    // grab snapshot of bucket state
    const B = mem.u8[hm + L.B];
    it.B = B;
    it.buckets = mem.ptrAt(hm + L.buckets);
    if (t.bucket.ptrdata === 0) {
      // Allocate the current slice and remember pointers to both current and old.
      // This preserves all relevant overflow buckets alive even if
      // the table grows and/or overflow buckets are added to the table
      // while we are iterating.
      this.createOverflow(h);
      const extra = mem.ptrAt(hm + L.extra);
      it.overflow = mem.loadPtr(extra + L.xOverflow);
      it.oldoverflow = mem.loadPtr(extra + L.xOldoverflow);
    }

    // decide where to start
    let r: number; // low 32 bits of r uintptr
    let rHi = 0; // high 32 bits (amd64)
    if (this.prof.iterStartFastrand64) {
      // go1.19: var r uintptr; if h.B > 31-bucketCntBits { r = uintptr(fastrand64()) } else { r = uintptr(fastrand()) }
      if (B > 31 - bucketCntBits) {
        r = this.rand.fastrand64(Draw.IterStart);
        rHi = this.ptrSize === 8 ? this.rand.hi : 0; // uintptr(fastrand64()) truncates on 386
      } else {
        r = this.rand.fastrand(Draw.IterStart);
      }
    } else {
      // go1.15: r := uintptr(fastrand()); if h.B > 31-bucketCntBits { r += uintptr(fastrand()) << 31 }
      r = this.rand.fastrand(Draw.IterStart);
      if (B > 31 - bucketCntBits) {
        const f = this.rand.fastrand(Draw.IterStart);
        // uintptr(f) << 31 is (f&1)<<31 in the low word and f>>1 in the high word (amd64).
        const lo = r + (f & 1) * 0x80000000;
        r = lo >>> 0;
        if (this.ptrSize === 8) {
          rHi = ((f >>> 1) + (lo >= TWO32 ? 1 : 0)) >>> 0;
        }
      }
    }
    it.startBucket = maskHash(r, rHi, this.bucketMask(B));
    it.offset = shrHash(r, rHi, B) & (bucketCnt - 1);

    // iterator state
    it.bucket = it.startBucket;

    // Remember we have an iterator.
    // Can run concurrently with another mapiterinit().
    const old = mem.u8[hm + L.flags];
    if ((old & (iterator | oldIterator)) !== (iterator | oldIterator)) {
      mem.u8[hm + L.flags] = old | iterator | oldIterator; // atomic.Or8
    }

    this.mapiternext(it);
  }

  /** runtime/map.go mapiternext */
  mapiternext(it: hiter): void {
    const mem = this.mem, L = this.L;
    const h = it.h;
    if ((mem.load8(h + L.flags) & hashWriting) !== 0) {
      throw fatal('concurrent map iteration and map write');
    }
    const t = it.t!;
    let bucket = it.bucket;
    let b = it.bptr;
    let i = it.i;
    let checkBucket = it.checkBucket;
    const ks = t.keysize, es = t.elemsize;

    next:
    for (;;) {
      if (b === 0) {
        if (bucket === it.startBucket && it.wrapped) {
          // end of iteration
          it.key = 0;
          it.elem = 0;
          return;
        }
        if (this.growing(h) && it.B === mem.load8(h + L.B)) {
          // Iterator was started in the middle of a grow, and the grow isn't done yet.
          // If the bucket we're looking at hasn't been filled in yet (i.e. the old
          // bucket hasn't been evacuated) then we need to iterate through the old
          // bucket and only return the ones that will be migrated to this bucket.
          const oldbucket = maskHash(bucket, 0, this.oldbucketmask(it.h));
          b = mem.loadPtr(h + L.oldbuckets) + oldbucket * t.bucketsize;
          if (!this.evacuated(b)) {
            checkBucket = bucket;
          } else {
            b = it.buckets + bucket * t.bucketsize;
            checkBucket = noCheck;
          }
        } else {
          b = it.buckets + bucket * t.bucketsize;
          checkBucket = noCheck;
        }
        bucket++;
        if (bucket === this.bucketShift(it.B)) {
          bucket = 0;
          it.wrapped = true;
        }
        i = 0;
      }
      const bo = mem.off(b, t.bucketsize); // the bucket's bytes: b.tophash[offi] is mem.u8[bo + offi]
      for (; i < bucketCnt; i++) {
        const offi = (i + it.offset) & (bucketCnt - 1);
        const ti = mem.u8[bo + offi];
        if (isEmpty(ti) || ti === evacuatedEmpty) {
          // TODO: emptyRest is hard to use here, as we start iterating
          // in the middle of a bucket. It's feasible, just tricky.
          continue;
        }
        let k = b + dataOffset + offi * ks;
        if (indirectkey(t)) {
          k = mem.loadPtr(k);
        }
        let e = b + dataOffset + bucketCnt * ks + offi * es;
        if (checkBucket !== noCheck && !this.sameSizeGrow(h)) {
          // Special case: iterator was started during a grow to a larger size
          // and the grow is not done yet. We're working on a bucket whose
          // oldbucket has not been evacuated yet. Or at least, it wasn't
          // evacuated when we started the bucket. So we're iterating
          // through the oldbucket, skipping any keys that will go
          // to the other new bucket (each oldbucket expands to two
          // buckets during a grow).
          if (reflexivekey(t) || t.key.equal!(k, k)) {
            // If the item in the oldbucket is not destined for
            // the current new bucket in the iteration, skip it.
            const hash = t.hasher(k, mem.load32(h + L.hash0), 0);
            const hashHi = this.hash.hi;
            if (maskHash(hash, hashHi, this.bucketMask(it.B)) !== checkBucket) {
              continue;
            }
          } else {
            // Hash isn't repeatable if k != k (NaNs).  We need a
            // repeatable and randomish choice of which direction
            // to send NaNs during evacuation. We'll use the low
            // bit of tophash to decide which way NaNs go.
            // NOTE: this case is why we need two evacuate tophash
            // values, evacuatedX and evacuatedY, that differ in
            // their low bit.
            if (shrHash(checkBucket, 0, it.B - 1) !== (ti & 1)) {
              continue;
            }
          }
        }
        if ((ti !== evacuatedX && ti !== evacuatedY) ||
            !(reflexivekey(t) || t.key.equal!(k, k))) {
          // This is the golden data, we can return it.
          // OR
          // key!=key, so the entry can't be deleted or updated, so we can just return it.
          // That's lucky for us because when key!=key we can't look it up successfully.
          it.key = k;
          if (indirectelem(t)) {
            e = mem.loadPtr(e);
          }
          it.elem = e;
        } else {
          // The hash table has grown since the iterator was started.
          // The golden data for this key is now somewhere else.
          // Check the current hash table for the data.
          // This code handles the case where the key
          // has been deleted, updated, or deleted and reinserted.
          // NOTE: we need to regrab the key as it has potentially been
          // updated to an equal() but not identical key (e.g. +0.0 vs -0.0).
          const rk = this.mapaccessK(t, h, k);
          if (rk === 0) {
            continue; // key has been deleted
          }
          it.key = rk;
          it.elem = this.e;
        }
        it.bucket = bucket;
        if (it.bptr !== b) { // avoid unnecessary write barrier; see issue 14921
          it.bptr = b;
        }
        it.i = i + 1;
        it.checkBucket = checkBucket;
        return;
      }
      b = this.overflow(t, b);
      i = 0;
      continue next; // goto next
    }
  }

  // ----- runtime/map.go: mapclear

  /** runtime/map.go mapclear deletes all keys from a map. */
  mapclear(t: MapType, h: number): void {
    const mem = this.mem, L = this.L;
    const hm = h === 0 ? 0 : mem.off(h, L.size); // the hmap's bytes: h.count is mem.intAt(hm + L.count), …
    if (h === 0 || mem.intAt(hm + L.count) === 0) {
      return;
    }

    if ((mem.u8[hm + L.flags] & hashWriting) !== 0) {
      throw fatal('concurrent map writes');
    }

    mem.u8[hm + L.flags] ^= hashWriting;

    mem.u8[hm + L.flags] &= ~sameSizeGrow;
    mem.setPtrAt(hm + L.oldbuckets, 0);
    mem.setPtrAt(hm + L.nevacuate, 0);
    mem.u16[(hm + L.noverflow) >> 1] = 0;
    mem.setIntAt(hm + L.count, 0);

    if (this.prof.reseedOnEmpty) {
      // Reset the hash seed to make it more difficult for attackers to
      // repeatedly trigger hash collisions. See issue 25237.
      mem.i32[(hm + L.hash0) >> 2] = this.rand.fastrand(Draw.Hash0);
    }

    // Keep the mapextra allocation but clear any extra information.
    const extra = mem.ptrAt(hm + L.extra);
    if (extra !== 0) {
      mem.memclrHasPointers(extra, L.extraSize); // *h.extra = mapextra{}
    }

    // makeBucketArray clears the memory pointed to by h.buckets
    // and recovers any overflow buckets by generating them
    // as if h.buckets was newly alloced.
    this.makeBucketArray(t, mem.u8[hm + L.B], mem.ptrAt(hm + L.buckets));
    const nextOverflow = this.nextOverflow;
    if (nextOverflow !== 0) {
      // If overflow buckets are created then h.extra
      // will have been allocated during initial bucket creation.
      mem.storePtr(mem.ptrAt(hm + L.extra) + L.xNextOverflow, nextOverflow);
    }

    if ((mem.u8[hm + L.flags] & hashWriting) === 0) {
      throw fatal('concurrent map writes');
    }
    mem.u8[hm + L.flags] &= ~hashWriting;
  }

  // ----- runtime/map.go: hashGrow, growing, sameSizeGrow, noldbuckets, oldbucketmask

  /** runtime/map.go hashGrow */
  hashGrow(t: MapType, h: number): void {
    const mem = this.mem, L = this.L;
    const hm = h === 0 ? 0 : mem.off(h, L.size); // the hmap's bytes: h.count is mem.intAt(hm + L.count), …
    // If we've hit the load factor, get bigger.
    // Otherwise, there are too many overflow buckets,
    // so keep the same number of buckets and "grow" laterally.
    let bigger = 1;
    if (!overLoadFactor(mem.intAt(hm + L.count) + 1, mem.u8[hm + L.B], this.ptrSize)) {
      bigger = 0;
      mem.u8[hm + L.flags] |= sameSizeGrow;
    }
    const oldbuckets = mem.ptrAt(hm + L.buckets);
    const newbuckets = this.makeBucketArray(t, mem.u8[hm + L.B] + bigger, 0);
    const nextOverflow = this.nextOverflow;

    const hflags = mem.u8[hm + L.flags];
    let flags = hflags & ~(iterator | oldIterator);
    if ((hflags & iterator) !== 0) {
      flags |= oldIterator;
    }
    // commit the grow (atomic wrt gc)
    mem.u8[hm + L.B] = mem.u8[hm + L.B] + bigger;
    mem.u8[hm + L.flags] = flags;
    mem.setPtrAt(hm + L.oldbuckets, oldbuckets);
    mem.setPtrAt(hm + L.buckets, newbuckets);
    mem.setPtrAt(hm + L.nevacuate, 0);
    mem.u16[(hm + L.noverflow) >> 1] = 0;

    let extra = mem.ptrAt(hm + L.extra);
    if (extra !== 0 && mem.loadPtr(extra + L.xOverflow) !== 0) {
      // Promote current overflow buckets to the old generation.
      if (mem.loadPtr(extra + L.xOldoverflow) !== 0) {
        throw fatal('oldoverflow is not nil');
      }
      mem.storePtr(extra + L.xOldoverflow, mem.loadPtr(extra + L.xOverflow));
      mem.storePtr(extra + L.xOverflow, 0);
    }
    if (nextOverflow !== 0) {
      if (extra === 0) {
        extra = this.heap.mallocgc(L.extraSize, false); // new(mapextra)
        mem.setPtrAt(hm + L.extra, extra);
      }
      mem.storePtr(extra + L.xNextOverflow, nextOverflow);
    }

    // the actual copying of the hash table data is done incrementally
    // by growWork() and evacuate().
  }

  /** runtime/map.go (*hmap).growing reports whether h is growing. */
  growing(h: number): boolean {
    return this.mem.loadPtr(h + this.L.oldbuckets) !== 0;
  }

  /** runtime/map.go (*hmap).sameSizeGrow reports whether the current growth is to a map of the same size. */
  sameSizeGrow(h: number): boolean {
    return (this.mem.load8(h + this.L.flags) & sameSizeGrow) !== 0;
  }

  /** runtime/map.go (*hmap).noldbuckets calculates the number of buckets prior to the current map growth. */
  noldbuckets(h: number): number {
    let oldB = this.mem.load8(h + this.L.B);
    if (!this.sameSizeGrow(h)) {
      oldB = (oldB - 1) & 0xff; // uint8
    }
    return this.bucketShift(oldB);
  }

  /** runtime/map.go (*hmap).oldbucketmask provides a mask that can be applied to calculate n % noldbuckets(). */
  oldbucketmask(h: number): number {
    return this.noldbuckets(h) - 1;
  }

  // ----- runtime/map.go: growWork, bucketEvacuated, evacuate, advanceEvacuationMark

  /** runtime/map.go growWork */
  growWork(t: MapType, h: number, bucket: number): void {
    // make sure we evacuate the oldbucket corresponding
    // to the bucket we're about to use
    this.evacuate(t, h, maskHash(bucket, 0, this.oldbucketmask(h)));

    // evacuate one more oldbucket to make progress on growing
    if (this.growing(h)) {
      this.evacuate(t, h, this.mem.loadPtr(h + this.L.nevacuate));
    }
  }

  /** runtime/map.go bucketEvacuated */
  bucketEvacuated(t: MapType, h: number, bucket: number): boolean {
    const b = this.mem.loadPtr(h + this.L.oldbuckets) + bucket * t.bucketsize;
    return this.evacuated(b);
  }

  /** runtime/map.go evacuate */
  evacuate(t: MapType, h: number, oldbucket: number): void {
    const mem = this.mem, L = this.L;
    const hm = h === 0 ? 0 : mem.off(h, L.size); // the hmap's bytes: h.count is mem.intAt(hm + L.count), …
    let b = mem.ptrAt(hm + L.oldbuckets) + oldbucket * t.bucketsize;
    const newbit = this.noldbuckets(h);
    if (!this.evacuated(b)) {
      // TODO: reuse overflow buckets instead of using new ones, if there
      // is no iterator using the old buckets.  (If !oldIterator.)
      const ks = t.keysize, es = t.elemsize;

      // xy contains the x and y (low and high) evacuation destinations.
      const xy = this.xy;
      const x = xy[0];
      const y = xy[1];
      x.b = mem.ptrAt(hm + L.buckets) + oldbucket * t.bucketsize;
      x.i = 0;
      x.k = x.b + dataOffset;
      x.e = x.k + bucketCnt * ks;
      y.b = 0;
      y.i = 0;
      y.k = 0;
      y.e = 0;

      if (!this.sameSizeGrow(h)) {
        // Only calculate y pointers if we're growing bigger.
        // Otherwise GC can see bad pointers.
        y.b = mem.ptrAt(hm + L.buckets) + (oldbucket + newbit) * t.bucketsize;
        y.k = y.b + dataOffset;
        y.e = y.k + bucketCnt * ks;
      }

      for (; b !== 0; b = this.overflow(t, b)) {
        const bo = mem.off(b, t.bucketsize); // the bucket's bytes: b.tophash[i] is mem.u8[bo + i]
        let k = b + dataOffset;
        let e = k + bucketCnt * ks;
        for (let i = 0; i < bucketCnt; i++, k += ks, e += es) {
          let top = mem.u8[bo + i];
          if (isEmpty(top)) {
            mem.u8[bo + i] = evacuatedEmpty;
            continue;
          }
          if (top < minTopHash) {
            throw fatal('bad map state');
          }
          let k2 = k;
          if (indirectkey(t)) {
            k2 = mem.loadPtr(k2);
          }
          let useY = 0;
          if (!this.sameSizeGrow(h)) {
            // Compute hash to make our evacuation decision (whether we need
            // to send this key/elem to bucket x or bucket y).
            const hash = t.hasher(k2, (mem.i32[(hm + L.hash0) >> 2] >>> 0), 0);
            const hashHi = this.hash.hi;
            if ((mem.u8[hm + L.flags] & iterator) !== 0 && !reflexivekey(t) && !t.key.equal!(k2, k2)) {
              // If key != key (NaNs), then the hash could be (and probably
              // will be) entirely different from the old hash. Moreover,
              // it isn't reproducible. Reproducibility is required in the
              // presence of iterators, as our evacuation decision must
              // match whatever decision the iterator made.
              // Fortunately, we have the freedom to send these keys either
              // way. Also, tophash is meaningless for these kinds of keys.
              // We let the low bit of tophash drive the evacuation decision.
              // We recompute a new random tophash for the next level so
              // these keys will get evenly distributed across all buckets
              // after multiple grows.
              useY = top & 1;
              top = this.tophash(hash, hashHi);
            } else {
              if (hashBit(hash, hashHi, newbit)) {
                useY = 1;
              }
            }
          }

          if (evacuatedX + 1 !== evacuatedY || (evacuatedX ^ 1) !== evacuatedY) {
            throw fatal('bad evacuatedN');
          }

          mem.u8[bo + i] = evacuatedX + useY; // evacuatedX + 1 == evacuatedY
          const dst = xy[useY]; // evacuation destination

          if (dst.i === bucketCnt) {
            dst.b = this.newoverflow(t, h, dst.b);
            dst.i = 0;
            dst.k = dst.b + dataOffset;
            dst.e = dst.k + bucketCnt * ks;
          }
          mem.store8(dst.b + (dst.i & (bucketCnt - 1)), top); // mask dst.i as an optimization, to avoid a bounds check
          if (indirectkey(t)) {
            mem.storePtr(dst.k, k2); // copy pointer
          } else {
            this.typedmemmove(t.key, dst.k, k); // copy elem
          }
          if (indirectelem(t)) {
            mem.storePtr(dst.e, mem.loadPtr(e));
          } else {
            this.typedmemmove(t.elem, dst.e, e);
          }
          dst.i++;
          // These updates might push these pointers past the end of the
          // key or elem arrays.  That's ok, as we have the overflow pointer
          // at the end of the bucket to protect against pointing past the
          // end of the bucket.
          dst.k += ks;
          dst.e += es;
        }
      }
      // Unlink the overflow buckets & clear key/elem to help GC.
      if ((mem.u8[hm + L.flags] & oldIterator) === 0 && t.bucket.ptrdata !== 0) {
        const b = mem.ptrAt(hm + L.oldbuckets) + oldbucket * t.bucketsize;
        // Preserve b.tophash because the evacuation
        // state is maintained there.
        const ptr = b + dataOffset;
        const n = t.bucketsize - dataOffset;
        mem.memclrHasPointers(ptr, n);
      }
    }

    if (oldbucket === mem.ptrAt(hm + L.nevacuate)) {
      this.advanceEvacuationMark(h, t, newbit);
    }
  }

  /** runtime/map.go advanceEvacuationMark */
  advanceEvacuationMark(h: number, t: MapType, newbit: number): void {
    const mem = this.mem, L = this.L;
    const hm = h === 0 ? 0 : mem.off(h, L.size); // the hmap's bytes: h.count is mem.intAt(hm + L.count), …
    let nevacuate = mem.ptrAt(hm + L.nevacuate) + 1;
    mem.setPtrAt(hm + L.nevacuate, nevacuate);
    // Experiments suggest that 1024 is overkill by at least an order of magnitude.
    // Put it in there as a safeguard anyway, to ensure O(1) behavior.
    let stop = nevacuate + 1024;
    if (stop > newbit) {
      stop = newbit;
    }
    while (nevacuate !== stop && this.bucketEvacuated(t, h, nevacuate)) {
      nevacuate++;
      mem.setPtrAt(hm + L.nevacuate, nevacuate);
    }
    if (nevacuate === newbit) { // newbit == # of oldbuckets
      // Growing is all done. Free old main bucket array.
      mem.setPtrAt(hm + L.oldbuckets, 0);
      // Can discard old overflow buckets as well.
      // If they are still referenced by an iterator,
      // then the iterator holds a pointers to the slice.
      const extra = mem.ptrAt(hm + L.extra);
      if (extra !== 0) {
        mem.storePtr(extra + L.xOldoverflow, 0);
      }
      mem.u8[hm + L.flags] &= ~sameSizeGrow;
    }
  }

  // ----- runtime/map.go: reflect stubs (reflect_makemap, reflect_mapaccess, …)

  /** runtime/map.go reflect_makemap (reflect.makemap): checks invariants and reflect's math. */
  reflect_makemap(t: MapType, cap: number): number {
    const P = this.ptrSize;
    // Check invariants and reflects math.
    if (t.key.equal === null) {
      throw fatal('runtime.reflect_makemap: unsupported map key type');
    }
    if (t.key.size > maxKeySize && (!indirectkey(t) || t.keysize !== P) ||
        t.key.size <= maxKeySize && (indirectkey(t) || t.keysize !== t.key.size)) {
      throw fatal('key size wrong');
    }
    if (t.elem.size > maxElemSize && (!indirectelem(t) || t.elemsize !== P) ||
        t.elem.size <= maxElemSize && (indirectelem(t) || t.elemsize !== t.elem.size)) {
      throw fatal('elem size wrong');
    }
    if (t.key.align > bucketCnt) {
      throw fatal('key align too big');
    }
    if (t.elem.align > bucketCnt) {
      throw fatal('elem align too big');
    }
    if (t.key.size % t.key.align !== 0) {
      throw fatal('key size not a multiple of key align');
    }
    if (t.elem.size % t.elem.align !== 0) {
      throw fatal('elem size not a multiple of elem align');
    }
    if (bucketCnt < 8) {
      throw fatal('bucketsize too small for proper alignment');
    }
    if (dataOffset % t.key.align !== 0) {
      throw fatal('need padding in bucket (key)');
    }
    if (dataOffset % t.elem.align !== 0) {
      throw fatal('need padding in bucket (elem)');
    }

    return this.makemap(t, cap, 0);
  }

  /** runtime/map.go reflect_mapaccess: 0 (nil) for a missing element. */
  reflect_mapaccess(t: MapType, h: number, key: number): number {
    let elem = this.mapaccess2(t, h, key);
    if (!this.ok) {
      // reflect wants nil for a missing element
      elem = 0;
    }
    return elem;
  }

  /** runtime/map.go reflect_mapaccess_faststr (Go 1.18+): 0 (nil) for a missing element. */
  reflect_mapaccess_faststr(t: MapType, h: number, sptr: number, slen: number): number {
    this.needReflectFaststr('reflect_mapaccess_faststr');
    let elem = this.mapaccess2_faststr(t, h, sptr, slen);
    if (!this.ok) {
      // reflect wants nil for a missing element
      elem = 0;
    }
    return elem;
  }

  /** runtime/map.go reflect_mapassign */
  reflect_mapassign(t: MapType, h: number, key: number, elem: number): void {
    const p = this.mapassign(t, h, key);
    this.typedmemmove(t.elem, p, elem);
  }

  /** runtime/map.go reflect_mapassign_faststr (Go 1.18+) */
  reflect_mapassign_faststr(t: MapType, h: number, sptr: number, slen: number, elem: number): void {
    this.needReflectFaststr('reflect_mapassign_faststr');
    const p = this.mapassign_faststr(t, h, sptr, slen);
    this.typedmemmove(t.elem, p, elem);
  }

  /** runtime/map.go reflect_mapdelete */
  reflect_mapdelete(t: MapType, h: number, key: number): void {
    this.mapdelete(t, h, key);
  }

  /** runtime/map.go reflect_mapdelete_faststr (Go 1.18+) */
  reflect_mapdelete_faststr(t: MapType, h: number, sptr: number, slen: number): void {
    this.needReflectFaststr('reflect_mapdelete_faststr');
    this.mapdelete_faststr(t, h, sptr, slen);
  }

  /**
   * runtime/map.go reflect_mapiterinit. go1.15: `func reflect_mapiterinit(t, h) *hiter` allocates
   * the hiter with new(hiter) (a 12-word heap object, recorded in it.addr). go1.19:
   * `func reflect_mapiterinit(t, h, it *hiter)` fills the caller's hiter (`it`, or a fresh one).
   */
  reflect_mapiterinit(t: MapType, h: number, it?: hiter): hiter {
    if (this.prof.reflectIterinitNewHiter) {
      it = new hiter(); // it := new(hiter)
      it.addr = this.heap.mallocgc(this.L.hiterSize, false);
    } else if (it === undefined) {
      it = new hiter();
    }
    this.mapiterinit(t, h, it);
    return it;
  }

  /** runtime/map.go reflect_mapiternext */
  reflect_mapiternext(it: hiter): void {
    this.mapiternext(it);
  }

  /** runtime/map.go reflect_mapiterkey */
  reflect_mapiterkey(it: hiter): number {
    return it.key;
  }

  /** runtime/map.go reflect_mapiterelem */
  reflect_mapiterelem(it: hiter): number {
    return it.elem;
  }

  /** runtime/map.go reflect_maplen (and reflectlite_maplen) */
  reflect_maplen(h: number): number {
    if (h === 0) {
      return 0;
    }
    return this.mem.loadInt(h + this.L.count);
  }

  private needReflectFaststr(name: string): void {
    if (!this.prof.reflectFaststr) {
      throw new Error(`runtime.${name} does not exist in ${this.prof.name} (Go 1.18+)`);
    }
  }
}

/** The name the rest of goemu uses for the map runtime. */
export const Maps = MapRuntime;
export type Maps = MapRuntime;

// Install the fast variants (map_fast32.go, map_fast64.go, map_faststr.go) as methods.
Object.assign(MapRuntime.prototype, fast32, fast64, faststr);
