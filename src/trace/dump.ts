// A map's full memory image as the contract's State (`dump`, docs/trace-format.md §10): buckets
// with their bytes (pointer words zeroed), pointer Refs, decoded slots, mapextra and every overflow bucket.

import { GoRuntime } from '../runtime/runtime';
import { GoType, Kind, MapType, mapIndirectElem, mapIndirectKey } from '../runtime/types';
import { hmapLayout, HmapLayout, bucketCnt, dataOffset, emptyOne, emptyRest, evacuatedEmpty } from '../runtime/hmap';
import type { TypeRegistry } from '../runtime/typeregistry';
import { decodeValue } from '../runtime/values';
import { BucketArrayJSON, BucketJSON, Ref, StateJSON, hex32 } from './format';

/** How a pointer word is judged for `ptrs`: plain, a string's data (len next), a slice's data (cap two words on). */
const enum PW { Plain = 0, StrData = 1, SliceData = 2 }

/** Offsets (and kinds) of the words of a type that hold pointers by type. */
export function pointerWords(t: GoType, ptrSize: number, base = 0, out: number[] = []): number[] {
  switch (t.kind) {
    case Kind.Ptr: case Kind.UnsafePointer: case Kind.Chan: case Kind.Func: case Kind.Map:
      out.push(base, PW.Plain);
      break;
    case Kind.String:
      out.push(base, PW.StrData);
      break;
    case Kind.Slice:
      out.push(base, PW.SliceData);
      break;
    case Kind.Interface:
      out.push(base, PW.Plain, base + ptrSize, PW.Plain);
      break;
    case Kind.Array:
      if (t.ptrdata !== 0) for (let i = 0; i < t.len; i++) pointerWords(t.elem!, ptrSize, base + i * t.elem!.size, out);
      break;
    case Kind.Struct:
      if (t.ptrdata !== 0) for (const f of t.fields!) pointerWords(f.type, ptrSize, base + f.offset, out);
      break;
    default:
      break;
  }
  return out;
}

/** The pointer words of one bucket of a map type: [offset, kind, …], sorted by offset. */
export function bucketPointerWords(mt: MapType, ptrSize: number): number[] {
  const out: number[] = [];
  const keyWords = mt.flags & mapIndirectKey ? [0, PW.Plain] : pointerWords(mt.key, ptrSize);
  const elemWords = mt.flags & mapIndirectElem ? [0, PW.Plain] : pointerWords(mt.elem, ptrSize);
  for (let i = 0; i < bucketCnt; i++) {
    const k = dataOffset + i * mt.keysize;
    for (let j = 0; j < keyWords.length; j += 2) out.push(k + keyWords[j], keyWords[j + 1]);
  }
  for (let i = 0; i < bucketCnt; i++) {
    const e = dataOffset + bucketCnt * mt.keysize + i * mt.elemsize;
    for (let j = 0; j < elemWords.length; j += 2) out.push(e + elemWords[j], elemWords[j + 1]);
  }
  out.push(mt.bucketsize - ptrSize, PW.Plain);
  return out;
}

/** What makeBucketArray allocated for b (runtime/map.go makeBucketArray). */
export function allocatedBuckets(rt: GoRuntime, bucketsize: number, b: number): number {
  const base = 2 ** b;
  let nbuckets = base;
  if (b >= 4) {
    nbuckets += 2 ** (b - 4);
    const sz = bucketsize * nbuckets;
    const up = rt.heap.roundupsize(sz);
    if (up !== sz) nbuckets = Math.floor(up / bucketsize);
  }
  return nbuckets;
}

const HEX: string[] = [];
for (let i = 0; i < 256; i++) HEX.push(i.toString(16).padStart(2, '0'));

class Dumper {
  readonly mem;
  readonly L: HmapLayout;
  readonly P: number;
  readonly bs: number;
  readonly words: number[];
  buckets = 0;
  nb = 0;
  oldbuckets = 0;
  nob = 0;
  /** overflow bucket address -> n */
  readonly ovf = new Map<number, number>();
  readonly ovfList: number[] = [];

  constructor(readonly rt: GoRuntime, readonly reg: TypeRegistry, readonly mt: MapType) {
    this.mem = rt.mem;
    this.P = rt.ptrSize;
    this.L = hmapLayout(rt.ptrSize);
    this.bs = mt.bucketsize;
    this.words = bucketPointerWords(mt, rt.ptrSize);
  }

  /** The Ref of a pointer value. */
  ref(p: number): Ref {
    if (this.buckets !== 0 && p >= this.buckets && p < this.buckets + this.nb * this.bs && (p - this.buckets) % this.bs === 0) {
      return 'B:' + (p - this.buckets) / this.bs;
    }
    if (this.oldbuckets !== 0 && p >= this.oldbuckets && p < this.oldbuckets + this.nob * this.bs && (p - this.oldbuckets) % this.bs === 0) {
      return 'OB:' + (p - this.oldbuckets) / this.bs;
    }
    const n = this.ovf.get(p);
    if (n !== undefined) return 'O:' + n;
    return 'ptr';
  }

  inArrays(p: number): boolean {
    return (this.buckets !== 0 && p >= this.buckets && p < this.buckets + this.nb * this.bs) ||
      (this.oldbuckets !== 0 && p >= this.oldbuckets && p < this.oldbuckets + this.nob * this.bs);
  }

  /** Numbers the overflow buckets reached from p along its chain (the contract's walk). */
  walk(p: number): void {
    while (p !== 0 && !this.inArrays(p) && !this.ovf.has(p)) {
      this.ovf.set(p, this.ovfList.length);
      this.ovfList.push(p);
      p = this.mem.loadPtr(p + this.bs - this.P);
    }
  }

  overflowOf(b: number): number {
    return this.mem.loadPtr(b + this.bs - this.P);
  }

  bucket(b: number, at: string): BucketJSON {
    const mem = this.mem;
    const mt = this.mt;
    const P = this.P;
    const raw = mem.bytes(b, this.bs);
    const ptrs: Record<string, Ref> = {};
    const w = this.words;
    for (let j = 0; j < w.length; j += 2) {
      const off = w[j];
      const v = mem.loadPtr(b + off);
      raw.fill(0, off, off + P);
      if (v === 0) continue;
      if (w[j + 1] === PW.StrData && mem.loadInt(b + off + P) === 0) continue;
      if (w[j + 1] === PW.SliceData && mem.loadInt(b + off + 2 * P) === 0) continue;
      ptrs[String(off)] = this.ref(v);
    }
    let hex = '';
    for (let i = 0; i < raw.length; i++) hex += HEX[raw[i]];
    const tophash: number[] = [];
    const slots: BucketJSON['slots'] = [];
    for (let i = 0; i < bucketCnt; i++) {
      const top = raw[i];
      tophash.push(top);
      if (top === emptyRest || top === emptyOne || top === evacuatedEmpty) continue;
      let k = b + dataOffset + i * mt.keysize;
      let e = b + dataOffset + bucketCnt * mt.keysize + i * mt.elemsize;
      let key: unknown;
      let elem: unknown;
      if (mt.flags & mapIndirectKey) k = mem.loadPtr(k);
      key = k === 0 ? null : decodeValue(this.reg, mt.key, k);
      if (mt.flags & mapIndirectElem) e = mem.loadPtr(e);
      elem = e === 0 ? null : decodeValue(this.reg, mt.elem, e);
      slots.push({ i, key, elem });
    }
    const o = this.overflowOf(b);
    return { at, tophash, hex, ptrs, slots, overflow: o === 0 ? null : this.ref(o) };
  }

  array(base: number, n: number, prefix: string): BucketArrayJSON {
    const buckets: BucketJSON[] = [];
    for (let i = 0; i < n; i++) buckets.push(this.bucket(base + i * this.bs, prefix + i));
    return { nbuckets: n, buckets };
  }

  /** The Refs of the overflow slice at *slicep, or null for a nil pointer. */
  sliceRefs(slicep: number): Ref[] | null {
    if (slicep === 0) return null;
    const arr = this.mem.loadPtr(slicep + this.L.sArray);
    const len = this.mem.loadInt(slicep + this.L.sLen);
    const out: Ref[] = [];
    for (let i = 0; i < len; i++) out.push(this.ref(this.mem.loadPtr(arr + i * this.P)));
    return out;
  }

  sliceEach(slicep: number, f: (p: number) => void): void {
    if (slicep === 0) return;
    const arr = this.mem.loadPtr(slicep + this.L.sArray);
    const len = this.mem.loadInt(slicep + this.L.sLen);
    for (let i = 0; i < len; i++) f(this.mem.loadPtr(arr + i * this.P));
  }

  state(h: number): StateJSON {
    const mem = this.mem;
    const L = this.L;
    const flags = mem.load8(h + L.flags);
    const B = mem.load8(h + L.B);
    this.buckets = mem.loadPtr(h + L.buckets);
    this.oldbuckets = mem.loadPtr(h + L.oldbuckets);
    this.nb = this.buckets === 0 ? 0 : allocatedBuckets(this.rt, this.bs, B);
    // oldbuckets were made for B-1, or for B in a same-size growth (sameSizeGrow = 8).
    this.nob = this.oldbuckets === 0 ? 0 : allocatedBuckets(this.rt, this.bs, flags & 8 ? B : B - 1);
    const extra = mem.loadPtr(h + L.extra);
    // Number the overflow buckets in the contract's walk order.
    for (let i = 0; i < this.nb; i++) this.walk(this.overflowOf(this.buckets + i * this.bs));
    for (let i = 0; i < this.nob; i++) this.walk(this.overflowOf(this.oldbuckets + i * this.bs));
    let ovfp = 0, oldovfp = 0, next = 0;
    if (extra !== 0) {
      ovfp = mem.loadPtr(extra + L.xOverflow);
      oldovfp = mem.loadPtr(extra + L.xOldoverflow);
      next = mem.loadPtr(extra + L.xNextOverflow);
      this.sliceEach(ovfp, (p) => this.walk(p));
      this.sliceEach(oldovfp, (p) => this.walk(p));
      this.walk(next);
    }
    return {
      count: mem.loadInt(h + L.count),
      flags,
      B,
      noverflow: mem.load16(h + L.noverflow),
      hash0: hex32(mem.load32(h + L.hash0)),
      nevacuate: mem.loadPtr(h + L.nevacuate),
      buckets: this.buckets === 0 ? null : this.array(this.buckets, this.nb, 'B:'),
      oldbuckets: this.oldbuckets === 0 ? null : this.array(this.oldbuckets, this.nob, 'OB:'),
      extra: extra === 0 ? null : {
        overflow: this.sliceRefs(ovfp),
        oldoverflow: this.sliceRefs(oldovfp),
        nextOverflow: next === 0 ? null : this.ref(next),
      },
      overflowBuckets: this.ovfList.map((p, n) => this.bucket(p, 'O:' + n)),
    };
  }
}

/** The contract's State of the map at h (null for a nil map). */
export function dumpState(rt: GoRuntime, reg: TypeRegistry, mt: MapType, h: number): StateJSON | null {
  if (h === 0) return null;
  return new Dumper(rt, reg, mt).state(h);
}
