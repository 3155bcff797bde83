// runtime/map_faststr.go (Go 1.14/1.15 and 1.19.8): the map entry points the compiler uses for
// string keys (ASTRING) with elems of at most 128 bytes (and reflect, Go 1.18+). Keys travel by
// value as the string header (sptr = data pointer, slen = length), as in Go.
//
// Byte differences from the generic path (docs/runtime-facts.md §5): a delete clears only the key's data pointer
// (the len word stays); an overwrite keeps the old data pointer in go1.15 and rewrites it in go1.19
// (prof.faststrUpdatesKeyPtr); deletes reseed hash0 at count 0 in go1.19 (prof.reseedOnEmpty).
//
// These functions are methods of MapRuntime (installed on its prototype by ./map.ts); `this` is the
// map runtime, and the second result of mapaccess2_faststr is left in this.ok.

import type { MapRuntime } from './map';
import { isEmpty, maskHash, hashBit, overLoadFactor, tooManyOverflowBuckets } from './map';
import { MapType } from './types';
import { Draw } from './runtime';
import {
  bucketCnt, dataOffset, emptyRest, emptyOne, evacuatedX, evacuatedEmpty, minTopHash,
  hashWriting, oldIterator,
} from './hmap';
import { plainError, fatal } from './errors';

/**
 * The hash of the string key (sptr, slen): `t.hasher(noescape(unsafe.Pointer(&ky)), uintptr(h.hash0))`
 * with the header in the key scratch slot. Returns the low word; the high word is in this.hash.hi.
 */
function hashString(self: MapRuntime, t: MapType, h: number, sptr: number, slen: number): number {
  const mem = self.mem;
  const hash0 = mem.loadI32(h + self.L.hash0);
  const hasher = t.hasher;
  if (hasher === self.rtHashers.strhash) {
    // runtime.strhash: memhash(key.str, h, key.len), straight from the string's bytes
    return self.fhash.memhash(mem.u8, slen === 0 ? 0 : mem.off(sptr, slen), slen, hash0, 0);
  }
  mem.storePtr(self.keyScratch, sptr);
  mem.storeInt(self.keyScratch + self.ptrSize, slen);
  return hasher(self.keyScratch, hash0 >>> 0, 0);
}

/** memequal(kstr, sptr, slen) for a key already known to have length slen. */
function strEqual(self: MapRuntime, kstr: number, sptr: number, slen: number): boolean {
  return kstr === sptr || self.mem.memequal(kstr, sptr, slen);
}

/**
 * The lookup shared by mapaccess1_faststr and mapaccess2_faststr (map_faststr.go): the two Go
 * functions are the same code returning (elem) or (elem, true/false). Returns the elem address or
 * 0 when absent.
 */
function lookupString(self: MapRuntime, t: MapType, h: number, sptr: number, slen: number): number {
  const mem = self.mem, L = self.L, P = self.ptrSize;
  const hm = h === 0 ? 0 : mem.off(h, L.size); // the hmap's bytes: h.count is mem.intAt(hm + L.count), …
  // key := stringStructOf(&ky): (sptr, slen)
  dohash: {
    if (mem.u8[hm + L.B] === 0) {
      // One-bucket table.
      const b = mem.ptrAt(hm + L.buckets);
      if (slen < 32) {
        // short key, doing lots of comparisons is ok
        const bo = mem.off(b, t.bucketsize);
        for (let i = 0, ko = bo + dataOffset; i < bucketCnt; i++, ko += 2 * P) {
          // k := (*stringStruct)(kptr), kptr = b + dataOffset + i*2*PtrSize (buffer offset ko)
          if (mem.intAt(ko + P) !== slen || isEmpty(mem.u8[bo + i])) {
            if (mem.u8[bo + i] === emptyRest) {
              break;
            }
            continue;
          }
          if (strEqual(self, mem.ptrAt(ko), sptr, slen)) {
            return b + dataOffset + bucketCnt * 2 * P + i * t.elemsize;
          }
        }
        return 0;
      }
      // long key, try not to do more comparisons than necessary
      let keymaybe = bucketCnt;
      for (let i = 0, kptr = b + dataOffset; i < bucketCnt; i++, kptr += 2 * P) {
        if (mem.loadInt(kptr + P) !== slen || isEmpty(mem.load8(b + i))) {
          if (mem.load8(b + i) === emptyRest) {
            break;
          }
          continue;
        }
        const kstr = mem.loadPtr(kptr);
        if (kstr === sptr) {
          return b + dataOffset + bucketCnt * 2 * P + i * t.elemsize;
        }
        // check first 4 bytes
        if (mem.load32(sptr) !== mem.load32(kstr)) {
          continue;
        }
        // check last 4 bytes
        if (mem.load32(sptr + slen - 4) !== mem.load32(kstr + slen - 4)) {
          continue;
        }
        if (keymaybe !== bucketCnt) {
          // Two keys are potential matches. Use hash to distinguish them.
          break dohash; // goto dohash
        }
        keymaybe = i;
      }
      if (keymaybe !== bucketCnt) {
        const kptr = b + dataOffset + keymaybe * 2 * P;
        if (mem.memequal(mem.loadPtr(kptr), sptr, slen)) {
          return b + dataOffset + bucketCnt * 2 * P + keymaybe * t.elemsize;
        }
      }
      return 0;
    }
  }
  // dohash:
  const hash = hashString(self, t, h, sptr, slen);
  const hashHi = self.hash.hi;
  let m = self.bucketMask(mem.u8[hm + L.B]);
  let b = mem.ptrAt(hm + L.buckets) + maskHash(hash, hashHi, m) * t.bucketsize;
  const c = mem.ptrAt(hm + L.oldbuckets);
  if (c !== 0) {
    if (!self.sameSizeGrow(h)) {
      // There used to be half as many buckets; mask down one more power of two.
      m = Math.floor(m / 2);
    }
    const oldb = c + maskHash(hash, hashHi, m) * t.bucketsize;
    if (!self.evacuated(oldb)) {
      b = oldb;
    }
  }
  const top = self.tophash(hash, hashHi);
  for (; b !== 0; b = self.overflow(t, b)) {
    const bo = mem.off(b, t.bucketsize);
    for (let i = 0, ko = bo + dataOffset; i < bucketCnt; i++, ko += 2 * P) {
      // k := (*stringStruct)(kptr), kptr = b + dataOffset + i*2*PtrSize (buffer offset ko)
      if (mem.intAt(ko + P) !== slen || mem.u8[bo + i] !== top) {
        continue;
      }
      if (strEqual(self, mem.ptrAt(ko), sptr, slen)) {
        return b + dataOffset + bucketCnt * 2 * P + i * t.elemsize;
      }
    }
  }
  return 0;
}

/** runtime/map_faststr.go mapaccess1_faststr */
export function mapaccess1_faststr(this: MapRuntime, t: MapType, h: number, sptr: number, slen: number): number {
  const mem = this.mem, L = this.L;
  const hm = h === 0 ? 0 : mem.off(h, L.size); // the hmap's bytes: h.count is mem.intAt(hm + L.count), …
  if (h === 0 || mem.intAt(hm + L.count) === 0) {
    return this.zeroVal;
  }
  if ((mem.u8[hm + L.flags] & hashWriting) !== 0) {
    throw fatal('concurrent map read and map write');
  }
  const e = lookupString(this, t, h, sptr, slen);
  return e !== 0 ? e : this.zeroVal;
}

/** runtime/map_faststr.go mapaccess2_faststr: found is left in this.ok. */
export function mapaccess2_faststr(this: MapRuntime, t: MapType, h: number, sptr: number, slen: number): number {
  const mem = this.mem, L = this.L;
  const hm = h === 0 ? 0 : mem.off(h, L.size); // the hmap's bytes: h.count is mem.intAt(hm + L.count), …
  if (h === 0 || mem.intAt(hm + L.count) === 0) {
    this.ok = false;
    return this.zeroVal;
  }
  if ((mem.u8[hm + L.flags] & hashWriting) !== 0) {
    throw fatal('concurrent map read and map write');
  }
  const e = lookupString(this, t, h, sptr, slen);
  if (e !== 0) {
    this.ok = true;
    return e;
  }
  this.ok = false;
  return this.zeroVal;
}

/** runtime/map_faststr.go mapassign_faststr */
export function mapassign_faststr(this: MapRuntime, t: MapType, h: number, sptr: number, slen: number): number {
  if (h === 0) {
    throw plainError('assignment to entry in nil map');
  }
  const mem = this.mem, L = this.L, P = this.ptrSize;
  const hm = h === 0 ? 0 : mem.off(h, L.size); // the hmap's bytes: h.count is mem.intAt(hm + L.count), …
  if ((mem.u8[hm + L.flags] & hashWriting) !== 0) {
    throw fatal('concurrent map writes');
  }
  // key := stringStructOf(&s): (sptr, slen)
  const hash = hashString(this, t, h, sptr, slen);
  const hashHi = this.hash.hi;

  // Set hashWriting after calling t.hasher for consistency with mapassign.
  mem.u8[hm + L.flags] ^= hashWriting;

  if (mem.ptrAt(hm + L.buckets) === 0) {
    mem.setPtrAt(hm + L.buckets, this.heap.newobject(t.bucket)); // newarray(t.bucket, 1)
  }

  let insertb = 0;
  let inserti = 0;
  again:
  for (;;) {
    const bucket = maskHash(hash, hashHi, this.bucketMask(mem.u8[hm + L.B]));
    if (this.growing(h)) {
      this.growWork_faststr(t, h, bucket);
    }
    let b = mem.ptrAt(hm + L.buckets) + bucket * t.bucketsize;
    const top = this.tophash(hash, hashHi);

    insertb = 0;
    inserti = 0;

    bucketloop:
    for (;;) {
      const bo = mem.off(b, t.bucketsize);
      for (let i = 0; i < bucketCnt; i++) {
        const ti = mem.u8[bo + i];
        if (ti !== top) {
          if (isEmpty(ti) && insertb === 0) {
            insertb = b;
            inserti = i;
          }
          if (ti === emptyRest) {
            break bucketloop;
          }
          continue;
        }
        const ko = bo + dataOffset + i * 2 * P; // k := (*stringStruct)(b + dataOffset + i*2*PtrSize)
        if (mem.intAt(ko + P) !== slen) {
          continue;
        }
        if (!strEqual(this, mem.ptrAt(ko), sptr, slen)) {
          continue;
        }
        // already have a mapping for key. Update it.
        inserti = i;
        insertb = b;
        if (this.prof.faststrUpdatesKeyPtr) {
          // Overwrite existing key, so it can be garbage collected.
          // The size is already guaranteed to be set correctly.
          mem.setPtrAt(ko, sptr); // k.str = key.str
        }
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

    if (insertb === 0) {
      // The current bucket and all the overflow buckets connected to it are full, allocate a new one.
      insertb = this.newoverflow(t, h, b);
      inserti = 0; // not necessary, but avoids needlessly spilling inserti
    }
    mem.store8(insertb + (inserti & (bucketCnt - 1)), top); // mask inserti to avoid bounds checks

    const insertk = insertb + dataOffset + inserti * 2 * P;
    // store new key at insert position
    mem.storePtr(insertk, sptr); // *((*stringStruct)(insertk)) = *key
    mem.storeInt(insertk + P, slen);
    mem.setIntAt(hm + L.count, mem.intAt(hm + L.count) + 1);
    break;
  }

  // done:
  const elem = insertb + dataOffset + bucketCnt * 2 * P + inserti * t.elemsize;
  if ((mem.u8[hm + L.flags] & hashWriting) === 0) {
    throw fatal('concurrent map writes');
  }
  mem.u8[hm + L.flags] &= ~hashWriting;
  return elem;
}

/** runtime/map_faststr.go mapdelete_faststr */
export function mapdelete_faststr(this: MapRuntime, t: MapType, h: number, sptr: number, slen: number): void {
  const mem = this.mem, L = this.L, P = this.ptrSize;
  const hm = h === 0 ? 0 : mem.off(h, L.size); // the hmap's bytes: h.count is mem.intAt(hm + L.count), …
  if (h === 0 || mem.intAt(hm + L.count) === 0) {
    return;
  }
  if ((mem.u8[hm + L.flags] & hashWriting) !== 0) {
    throw fatal('concurrent map writes');
  }

  // key := stringStructOf(&ky): (sptr, slen)
  const hash = hashString(this, t, h, sptr, slen);
  const hashHi = this.hash.hi;

  // Set hashWriting after calling t.hasher for consistency with mapdelete
  mem.u8[hm + L.flags] ^= hashWriting;

  const bucket = maskHash(hash, hashHi, this.bucketMask(mem.u8[hm + L.B]));
  if (this.growing(h)) {
    this.growWork_faststr(t, h, bucket);
  }
  let b = mem.ptrAt(hm + L.buckets) + bucket * t.bucketsize;
  const bOrig = b;
  const top = this.tophash(hash, hashHi);
  search:
  for (; b !== 0; b = this.overflow(t, b)) {
    const bo = mem.off(b, t.bucketsize);
    for (let i = 0, ko = bo + dataOffset; i < bucketCnt; i++, ko += 2 * P) {
      // k := (*stringStruct)(kptr), kptr = b + dataOffset + i*2*PtrSize (buffer offset ko)
      if (mem.intAt(ko + P) !== slen || mem.u8[bo + i] !== top) {
        continue;
      }
      if (!strEqual(this, mem.ptrAt(ko), sptr, slen)) {
        continue;
      }
      // Clear key's pointer.
      mem.setPtrAt(ko, 0); // k.str = nil (the len word stays)
      const e = b + dataOffset + bucketCnt * 2 * P + i * t.elemsize;
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

/** runtime/map_faststr.go growWork_faststr */
export function growWork_faststr(this: MapRuntime, t: MapType, h: number, bucket: number): void {
  // make sure we evacuate the oldbucket corresponding
  // to the bucket we're about to use
  this.evacuate_faststr(t, h, maskHash(bucket, 0, this.oldbucketmask(h)));

  // evacuate one more oldbucket to make progress on growing
  if (this.growing(h)) {
    this.evacuate_faststr(t, h, this.mem.loadPtr(h + this.L.nevacuate));
  }
}

/** runtime/map_faststr.go evacuate_faststr */
export function evacuate_faststr(this: MapRuntime, t: MapType, h: number, oldbucket: number): void {
  const mem = this.mem, L = this.L, P = this.ptrSize;
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
    x.e = x.k + bucketCnt * 2 * P;
    y.b = 0;
    y.i = 0;
    y.k = 0;
    y.e = 0;

    if (!this.sameSizeGrow(h)) {
      // Only calculate y pointers if we're growing bigger.
      // Otherwise GC can see bad pointers.
      y.b = mem.ptrAt(hm + L.buckets) + (oldbucket + newbit) * t.bucketsize;
      y.k = y.b + dataOffset;
      y.e = y.k + bucketCnt * 2 * P;
    }

    for (; b !== 0; b = this.overflow(t, b)) {
      let k = b + dataOffset;
      let e = k + bucketCnt * 2 * P;
      for (let i = 0; i < bucketCnt; i++, k += 2 * P, e += es) {
        const top = mem.load8(b + i);
        if (isEmpty(top)) {
          mem.store8(b + i, evacuatedEmpty);
          continue;
        }
        if (top < minTopHash) {
          throw fatal('bad map state');
        }
        let useY = 0;
        if (!this.sameSizeGrow(h)) {
          // Compute hash to make our evacuation decision (whether we need
          // to send this key/elem to bucket x or bucket y).
          const hash = hashString(this, t, h, mem.loadPtr(k), mem.loadInt(k + P)); // t.hasher(k, uintptr(h.hash0))
          if (hashBit(hash, this.hash.hi, newbit)) {
            useY = 1;
          }
        }

        mem.store8(b + i, evacuatedX + useY); // evacuatedX + 1 == evacuatedY, enforced in makemap
        const dst = xy[useY]; // evacuation destination

        if (dst.i === bucketCnt) {
          dst.b = this.newoverflow(t, h, dst.b);
          dst.i = 0;
          dst.k = dst.b + dataOffset;
          dst.e = dst.k + bucketCnt * 2 * P;
        }
        mem.store8(dst.b + (dst.i & (bucketCnt - 1)), top); // mask dst.i as an optimization, to avoid a bounds check

        // Copy key.
        mem.memmove(dst.k, k, 2 * P); // *(*string)(dst.k) = *(*string)(k)

        this.typedmemmove(t.elem, dst.e, e);
        dst.i++;
        // These updates might push these pointers past the end of the
        // key or elem arrays.  That's ok, as we have the overflow pointer
        // at the end of the bucket to protect against pointing past the
        // end of the bucket.
        dst.k += 2 * P;
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
