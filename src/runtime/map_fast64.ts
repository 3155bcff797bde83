// runtime/map_fast64.go (Go 1.14/1.15 and 1.19.8): the map entry points the compiler uses for
// 8-byte regular-memory keys (AMEM64) with elems of at most 128 bytes. Keys travel by value as
// (keyLo, keyHi) uint32 halves of the uint64; mapassign_fast64ptr takes the pointer (amd64).
//
// These functions are methods of MapRuntime (installed on its prototype by ./map.ts); `this` is the
// map runtime, and the second result of mapaccess2_fast64 is left in this.ok.
//
// Speed (the control flow is Go's): a bucket is scanned on int32 buffer offsets — `bo =
// mem.off(b, t.bucketsize)` once, then `u8[bo+i]` for tophash i and `i32[(bo+8+8i)>>2]` for the
// halves of key i — and keys are compared as int32 halves. `t.hasher(&key, h.hash0)` is
// hashKey64 below: when t.hasher is the process's runtime.memhash64 (every AMEM64 key type), the
// key is hashed by value.

import type { MapRuntime } from './map';
import { isEmpty, maskHash, hashBit, overLoadFactor, tooManyOverflowBuckets } from './map';
import { MapType } from './types';
import { Draw } from './runtime';
import {
  bucketCnt, dataOffset, emptyRest, emptyOne, evacuatedX, evacuatedEmpty, minTopHash,
  hashWriting, oldIterator,
} from './hmap';
import { plainError, fatal } from './errors';

const TWO32 = 4294967296;

/**
 * `t.hasher(noescape(unsafe.Pointer(&key)), uintptr(h.hash0))` for the 8-byte key (keyLo, keyHi):
 * the low word of the hash; the high word in self.hash.hi.
 */
function hashKey64(self: MapRuntime, t: MapType, keyLo: number, keyHi: number, hash0: number): number {
  const hasher = t.hasher;
  if (hasher === self.rtHashers.memhash64) {
    // runtime.memhash64 of the key's 8 bytes
    return self.fhash.memhash64v(keyLo, keyHi, hash0, 0);
  }
  self.mem.store64(self.keyScratch, keyLo, keyHi);
  return hasher(self.keyScratch, hash0 >>> 0, 0);
}

/** runtime/map_fast64.go mapaccess1_fast64 */
export function mapaccess1_fast64(this: MapRuntime, t: MapType, h: number, keyLo: number, keyHi: number): number {
  const mem = this.mem, L = this.L;
  const hm = h === 0 ? 0 : mem.off(h, L.size); // the hmap's bytes: h.count is mem.intAt(hm + L.count), …
  if (h === 0 || mem.intAt(hm + L.count) === 0) {
    return this.zeroVal;
  }
  if ((mem.u8[hm + L.flags] & hashWriting) !== 0) {
    throw fatal('concurrent map read and map write');
  }
  let b: number;
  if (mem.u8[hm + L.B] === 0) {
    // One-bucket table. No need to hash.
    b = mem.ptrAt(hm + L.buckets);
  } else {
    const hash = hashKey64(this, t, keyLo, keyHi, mem.i32[(hm + L.hash0) >> 2]);
    const hashHi = this.hash.hi;
    let m = this.bucketMask(mem.u8[hm + L.B]);
    b = mem.ptrAt(hm + L.buckets) + maskHash(hash, hashHi, m) * t.bucketsize;
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
  }
  keyLo |= 0;
  keyHi |= 0;
  const bucketsize = t.bucketsize;
  for (; b !== 0; b = this.overflow(t, b)) {
    const bo = mem.off(b, bucketsize);
    const u8 = mem.u8, i32 = mem.i32;
    for (let i = 0, k = (bo + dataOffset) >> 2; i < bucketCnt; i++, k += 2) {
      if (i32[k] === keyLo && i32[k + 1] === keyHi && !isEmpty(u8[bo + i])) {
        return b + dataOffset + bucketCnt * 8 + i * t.elemsize;
      }
    }
  }
  return this.zeroVal;
}

/** runtime/map_fast64.go mapaccess2_fast64: found is left in this.ok. */
export function mapaccess2_fast64(this: MapRuntime, t: MapType, h: number, keyLo: number, keyHi: number): number {
  const mem = this.mem, L = this.L;
  if (h === 0) {
    this.ok = false;
    return this.zeroVal;
  }
  const hm = mem.off(h, L.size); // the hmap's bytes: h.count is mem.intAt(hm + L.count), …
  if (mem.intAt(hm + L.count) === 0) {
    this.ok = false;
    return this.zeroVal;
  }
  if ((mem.u8[hm + L.flags] & hashWriting) !== 0) {
    throw fatal('concurrent map read and map write');
  }
  let b: number;
  const B = mem.u8[hm + L.B];
  if (B === 0) {
    // One-bucket table. No need to hash.
    b = mem.ptrAt(hm + L.buckets);
  } else {
    const hash = hashKey64(this, t, keyLo, keyHi, mem.i32[(hm + L.hash0) >> 2]);
    const hashHi = this.hash.hi;
    let m = this.bucketMask(B);
    b = mem.ptrAt(hm + L.buckets) + maskHash(hash, hashHi, m) * t.bucketsize;
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
  }
  keyLo |= 0;
  keyHi |= 0;
  const bucketsize = t.bucketsize;
  for (; b !== 0; b = this.overflow(t, b)) {
    const bo = mem.off(b, bucketsize);
    const u8 = mem.u8, i32 = mem.i32;
    for (let i = 0, k = (bo + dataOffset) >> 2; i < bucketCnt; i++, k += 2) {
      if (i32[k] === keyLo && i32[k + 1] === keyHi && !isEmpty(u8[bo + i])) {
        this.ok = true;
        return b + dataOffset + bucketCnt * 8 + i * t.elemsize;
      }
    }
  }
  this.ok = false;
  return this.zeroVal;
}

/**
 * The shared body of mapassign_fast64 and mapassign_fast64ptr (map_fast64.go): the two Go functions
 * are identical except for the key's static type (uint64 vs unsafe.Pointer), which on amd64 is the
 * same 8-byte word.
 */
function mapassign64(self: MapRuntime, t: MapType, h: number, keyLo: number, keyHi: number): number {
  if (h === 0) {
    throw plainError('assignment to entry in nil map');
  }
  const mem = self.mem, L = self.L;
  const hm = h === 0 ? 0 : mem.off(h, L.size); // the hmap's bytes: h.count is mem.intAt(hm + L.count), …
  if ((mem.u8[hm + L.flags] & hashWriting) !== 0) {
    throw fatal('concurrent map writes');
  }
  keyLo |= 0;
  keyHi |= 0;
  const hash = hashKey64(self, t, keyLo, keyHi, mem.i32[(hm + L.hash0) >> 2]);
  const hashHi = self.hash.hi;

  // Set hashWriting after calling t.hasher for consistency with mapassign.
  mem.u8[hm + L.flags] ^= hashWriting;

  if (mem.ptrAt(hm + L.buckets) === 0) {
    mem.setPtrAt(hm + L.buckets, self.heap.newobject(t.bucket)); // newarray(t.bucket, 1)
  }

  let insertb = 0;
  let inserti = 0;
  again:
  for (;;) {
    const bucket = maskHash(hash, hashHi, self.bucketMask(mem.u8[hm + L.B]));
    if (self.growing(h)) {
      self.growWork_fast64(t, h, bucket);
    }
    let b = mem.ptrAt(hm + L.buckets) + bucket * t.bucketsize;

    insertb = 0;
    inserti = 0;

    bucketloop:
    for (;;) {
      const bo = mem.off(b, t.bucketsize);
      const u8 = mem.u8, i32 = mem.i32;
      for (let i = 0; i < bucketCnt; i++) {
        const ti = u8[bo + i];
        if (isEmpty(ti)) {
          if (insertb === 0) {
            insertb = b;
            inserti = i;
          }
          if (ti === emptyRest) {
            break bucketloop;
          }
          continue;
        }
        const k = (bo + dataOffset + i * 8) >> 2;
        if (i32[k] !== keyLo || i32[k + 1] !== keyHi) {
          continue;
        }
        insertb = b;
        inserti = i;
        break again; // goto done
      }
      const ovf = self.overflow(t, b);
      if (ovf === 0) {
        break;
      }
      b = ovf;
    }

    // Did not find mapping for key. Allocate new cell & add entry.

    // If we hit the max load factor or we have too many overflow buckets,
    // and we're not already in the middle of growing, start growing.
    if (!self.growing(h) && (overLoadFactor(mem.intAt(hm + L.count) + 1, mem.u8[hm + L.B], self.ptrSize) ||
        tooManyOverflowBuckets(mem.u16[(hm + L.noverflow) >> 1], mem.u8[hm + L.B]))) {
      self.hashGrow(t, h);
      continue again; // Growing the table invalidates everything, so try again
    }

    if (insertb === 0) {
      // The current bucket and all the overflow buckets connected to it are full, allocate a new one.
      insertb = self.newoverflow(t, h, b);
      inserti = 0; // not necessary, but avoids needlessly spilling inserti
    }
    mem.store8(insertb + (inserti & (bucketCnt - 1)), self.tophash(hash, hashHi)); // mask inserti to avoid bounds checks

    const insertk = insertb + dataOffset + inserti * 8;
    // store new key at insert position
    mem.store64(insertk, keyLo, keyHi);

    mem.setIntAt(hm + L.count, mem.intAt(hm + L.count) + 1);
    break;
  }

  // done:
  const elem = insertb + dataOffset + bucketCnt * 8 + inserti * t.elemsize;
  if ((mem.u8[hm + L.flags] & hashWriting) === 0) {
    throw fatal('concurrent map writes');
  }
  mem.u8[hm + L.flags] &= ~hashWriting;
  return elem;
}

/** runtime/map_fast64.go mapassign_fast64 */
export function mapassign_fast64(this: MapRuntime, t: MapType, h: number, keyLo: number, keyHi: number): number {
  return mapassign64(this, t, h, keyLo, keyHi);
}

/** runtime/map_fast64.go mapassign_fast64ptr: an 8-byte pointer key (amd64 only). */
export function mapassign_fast64ptr(this: MapRuntime, t: MapType, h: number, key: number): number {
  const hi = Math.floor(key / TWO32);
  return mapassign64(this, t, h, key - hi * TWO32, hi);
}

/** runtime/map_fast64.go mapdelete_fast64 */
export function mapdelete_fast64(this: MapRuntime, t: MapType, h: number, keyLo: number, keyHi: number): void {
  const mem = this.mem, L = this.L;
  const hm = h === 0 ? 0 : mem.off(h, L.size); // the hmap's bytes: h.count is mem.intAt(hm + L.count), …
  if (h === 0 || mem.intAt(hm + L.count) === 0) {
    return;
  }
  if ((mem.u8[hm + L.flags] & hashWriting) !== 0) {
    throw fatal('concurrent map writes');
  }

  keyLo |= 0;
  keyHi |= 0;
  const hash = hashKey64(this, t, keyLo, keyHi, mem.i32[(hm + L.hash0) >> 2]);
  const hashHi = this.hash.hi;

  // Set hashWriting after calling t.hasher for consistency with mapdelete
  mem.u8[hm + L.flags] ^= hashWriting;

  const bucket = maskHash(hash, hashHi, this.bucketMask(mem.u8[hm + L.B]));
  if (this.growing(h)) {
    this.growWork_fast64(t, h, bucket);
  }
  let b = mem.ptrAt(hm + L.buckets) + bucket * t.bucketsize;
  const bOrig = b;
  search:
  for (; b !== 0; b = this.overflow(t, b)) {
    const bo = mem.off(b, t.bucketsize);
    for (let i = 0, k = b + dataOffset; i < bucketCnt; i++, k += 8) {
      const kw = (bo + dataOffset + i * 8) >> 2;
      if (keyLo !== mem.i32[kw] || keyHi !== mem.i32[kw + 1] || isEmpty(mem.u8[bo + i])) {
        continue;
      }
      // Only clear key if there are pointers in it.
      // (go1.15: memclrHasPointers(k, t.key.size); go1.19: a pointer store on amd64,
      // memclrHasPointers(k, 8) on 386. The same 8 bytes either way.)
      if (t.key.ptrdata !== 0) {
        mem.memclrHasPointers(k, t.key.size);
      }
      const e = b + dataOffset + bucketCnt * 8 + i * t.elemsize;
      if (t.elem.ptrdata !== 0) {
        mem.memclrHasPointers(e, t.elem.size);
      } else {
        mem.memclrNoHeapPointers(e, t.elem.size);
      }
      mem.store8(b + i, emptyOne);
      // If the bucket now ends in a bunch of emptyOne states,
      // change those to emptyRest states.
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

/** runtime/map_fast64.go growWork_fast64 */
export function growWork_fast64(this: MapRuntime, t: MapType, h: number, bucket: number): void {
  // make sure we evacuate the oldbucket corresponding
  // to the bucket we're about to use
  this.evacuate_fast64(t, h, maskHash(bucket, 0, this.oldbucketmask(h)));

  // evacuate one more oldbucket to make progress on growing
  if (this.growing(h)) {
    this.evacuate_fast64(t, h, this.mem.loadPtr(h + this.L.nevacuate));
  }
}

/** runtime/map_fast64.go evacuate_fast64 */
export function evacuate_fast64(this: MapRuntime, t: MapType, h: number, oldbucket: number): void {
  const mem = this.mem, L = this.L;
  const hm = h === 0 ? 0 : mem.off(h, L.size); // the hmap's bytes: h.count is mem.intAt(hm + L.count), …
  let b = mem.ptrAt(hm + L.oldbuckets) + oldbucket * t.bucketsize;
  const newbit = this.noldbuckets(h);
  if (!this.evacuated(b)) {
    // TODO: reuse overflow buckets instead of using new ones, if there
    // is no iterator using the old buckets.  (If !oldIterator.)
    const es = t.elemsize;

    // xy contains the x and y (low and high) evacuation destinations.
    const xy = this.xy;
    const x = xy[0];
    const y = xy[1];
    x.b = mem.ptrAt(hm + L.buckets) + oldbucket * t.bucketsize;
    x.i = 0;
    x.k = x.b + dataOffset;
    x.e = x.k + bucketCnt * 8;
    y.b = 0;
    y.i = 0;
    y.k = 0;
    y.e = 0;

    if (!this.sameSizeGrow(h)) {
      // Only calculate y pointers if we're growing bigger.
      // Otherwise GC can see bad pointers.
      y.b = mem.ptrAt(hm + L.buckets) + (oldbucket + newbit) * t.bucketsize;
      y.k = y.b + dataOffset;
      y.e = y.k + bucketCnt * 8;
    }

    for (; b !== 0; b = this.overflow(t, b)) {
      const bo = mem.off(b, t.bucketsize);
      let k = b + dataOffset;
      let e = k + bucketCnt * 8;
      for (let i = 0; i < bucketCnt; i++, k += 8, e += es) {
        const top = mem.u8[bo + i];
        if (isEmpty(top)) {
          mem.u8[bo + i] = evacuatedEmpty;
          continue;
        }
        if (top < minTopHash) {
          throw fatal('bad map state');
        }
        // The key's halves (its buffer words: k = b + dataOffset + 8*i).
        const kw = (bo + dataOffset + i * 8) >> 2;
        const keyLo = mem.i32[kw], keyHi = mem.i32[kw + 1];
        let useY = 0;
        if (!this.sameSizeGrow(h)) {
          // Compute hash to make our evacuation decision (whether we need
          // to send this key/elem to bucket x or bucket y).
          const hash = hashKey64(this, t, keyLo, keyHi, mem.i32[(hm + L.hash0) >> 2]); // t.hasher(k, uintptr(h.hash0))
          if (hashBit(hash, this.hash.hi, newbit)) {
            useY = 1;
          }
        }

        mem.u8[bo + i] = evacuatedX + useY; // evacuatedX + 1 == evacuatedY, enforced in makemap
        const dst = xy[useY]; // evacuation destination

        if (dst.i === bucketCnt) {
          dst.b = this.newoverflow(t, h, dst.b);
          dst.i = 0;
          dst.k = dst.b + dataOffset;
          dst.e = dst.k + bucketCnt * 8;
        }
        mem.store8(dst.b + (dst.i & (bucketCnt - 1)), top); // mask dst.i as an optimization, to avoid a bounds check

        // Copy key. (Pointer store, typedmemmove or uint64 copy: the same 8 bytes.)
        mem.store64(dst.k, keyLo, keyHi);

        this.typedmemmove(t.elem, dst.e, e);
        dst.i++;
        // These updates might push these pointers past the end of the
        // key or elem arrays.  That's ok, as we have the overflow pointer
        // at the end of the bucket to protect against pointing past the
        // end of the bucket.
        dst.k += 8;
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
