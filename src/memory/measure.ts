// `goemu memory`: how many bytes a map of N entries costs, measured on goemu's emulated heap with
// the allocator's own accounting (../mem/heap.ts: Mallocs and TotalAlloc as runtime.MemStats
// counts them), never estimated.
//
// The map is built as a compiled Go program builds it:
//
//   m := make(map[K]V)            // or make(map[K]V, hint): makemap_small / makemap / makemap64
//   for i := 0; i < n; i++ { m[key(i)] = zero V }
//   for i := 0; i < k; i++ { delete(m, key(i)) }
//
// Keys (the rule oracle/memstats/main.go follows): integer kinds K(i) (n must fit the type);
// float32/float64 K(i); string "k"+decimal(i) (the string data belongs to the program, built
// before the map, so it is not the map's memory); [L]byte the little-endian bytes of uint64(i) in
// the first min(L,8) bytes. Elems are V's zero value (an elem's value never changes the map's bytes).
//
// "Live" is what runtime.GC would keep of the map's own objects, found the way Go's GC finds them
// (runtime/mgcmark.go): from the hmap (runtime/map.go, 1.15 and 1.19), its buckets and
// oldbuckets arrays, h.extra and, through it, the overflow slices and their arrays; overflow
// buckets by their chains when the bucket type has pointers, else only through
// h.extra.overflow/oldoverflow (a noscan bucket is not scanned: map.go newoverflow, "keep
// overflow buckets alive"); indirect keys and elems through their slots. Each block is counted
// once at its size-class size (a large object by whole pages), as HeapAlloc counts it.

import { ArchName, HashFamily, Profile } from '../arch';
import { Runtime, GoMap } from '../api';
import { KeyMaterial, createRuntime } from '../runtime/create';
import { hmapLayout, bucketCnt, sameSizeGrow } from '../runtime/hmap';
import { Kind, GoType, mapIndirectKey, mapIndirectElem } from '../runtime/types';

export class MemoryInputError extends Error {}

export interface MemoryRun {
  type: string;
  n: number;
  hint?: number;
  deletes: number;
  go: Profile;
  arch: ArchName;
  hash: HashFamily;
  /** a seed string (hash keys and fastrand drawn from it) ... */
  seed?: string;
  /** ... or real Go's process hash keys and the hash0 its make drew */
  keys?: KeyMaterial;
  hash0?: number;
}

export interface MemoryFigures {
  /** live bytes of the map after building it (and after the deletes: they free nothing) */
  live: number;
  /** the same split by object kind */
  parts: { hmap: number; buckets: number; oldbuckets: number; overflow: number; extra: number; indirect: number };
  /** MemStats.TotalAlloc / Mallocs deltas of make + the inserts */
  totalAlloc: number;
  mallocs: number;
  /** TotalAlloc / Mallocs deltas of the deletes (0 in both releases) */
  deleteAlloc: number;
  deleteMallocs: number;
  /** live bytes after the deletes, and the bytes the deletes gave back */
  liveAfterDelete: number;
  freedByDelete: number;
  /** live bytes after a clear (mapclear drops overflow buckets and oldbuckets, keeps the array) */
  liveAfterClear: number;
  count: number;
  B: number;
  noverflow: number;
  /** count / (8·2^B) after the inserts */
  load: number;
  /** live / n */
  perEntry: number;
  hash0: number;
}

const INT_KINDS = new Set([Kind.Int, Kind.Int8, Kind.Int16, Kind.Int32, Kind.Int64, Kind.Uint, Kind.Uint8,
  Kind.Uint16, Kind.Uint32, Kind.Uint64, Kind.Uintptr]);

/** Writes key(i) into memory at p (see the rule above); strings' data by `str`. */
type KeyWriter = (p: number, i: number) => void;

function keyWriter(r: Runtime, t: GoType, n: number, type: string): KeyWriter {
  const mem = r.rt.mem, P = r.rt.ptrSize;
  if (INT_KINDS.has(t.kind)) {
    const bits = t.size * 8;
    const signed = t.kind === Kind.Int || t.kind === Kind.Int8 || t.kind === Kind.Int16 || t.kind === Kind.Int32 || t.kind === Kind.Int64;
    const max = bits >= 53 ? Number.MAX_SAFE_INTEGER : 2 ** (signed ? bits - 1 : bits);
    if (n > max) throw new MemoryInputError(`--n ${n}: key type ${t.str} has only ${max} non-negative values`);
    return (p, i) => {
      for (let b = 0; b < t.size; b++) mem.store8(p + b, b < 6 ? Math.floor(i / 2 ** (8 * b)) & 0xff : 0);
    };
  }
  if (t.kind === Kind.Float64) {
    const dv = new DataView(new ArrayBuffer(8));
    return (p, i) => { dv.setFloat64(0, i, true); mem.store64(p, dv.getUint32(0, true), dv.getUint32(4, true)); };
  }
  if (t.kind === Kind.Float32) {
    const dv = new DataView(new ArrayBuffer(4));
    return (p, i) => { dv.setFloat32(0, i, true); mem.store32(p, dv.getUint32(0, true)); };
  }
  if (t.kind === Kind.String) {
    return (p, i) => {
      const s = 'k' + i;
      const data = r.rt.heap.persistentalloc(s.length, 1); // the program's string, not the map's
      for (let j = 0; j < s.length; j++) mem.store8(data + j, s.charCodeAt(j));
      mem.storePtr(p, data);
      mem.storeInt(p + P, s.length);
    };
  }
  if (t.kind === Kind.Array && t.elem !== null && t.elem.kind === Kind.Uint8) {
    return (p, i) => {
      for (let b = 0; b < Math.min(t.size, 8); b++) mem.store8(p + b, b < 6 ? Math.floor(i / 2 ** (8 * b)) & 0xff : 0);
    };
  }
  throw new MemoryInputError(`${type}: key type ${t.str} not supported (integers, floats, strings, [L]byte)`);
}

/** One measurement: builds the map, reads the accounting, walks what it keeps alive. */
export function measureMap(o: MemoryRun): MemoryFigures {
  const r = o.keys ? new Runtime(createRuntime(o.arch, o.go, o.hash, o.seed ?? '', o.keys))
    : Runtime.create({ arch: o.arch, go: o.go, hash: o.hash, seed: o.seed ?? '' });
  let m: GoMap;
  const mt = (() => {
    try {
      return r.reg.mapType(o.type);
    } catch (e) {
      throw new MemoryInputError(`${o.type}: ${(e as Error).message}`);
    }
  })();
  const write = keyWriter(r, mt.key, o.n, o.type);
  const heap = r.rt.heap, mem = r.rt.mem;
  const k = r.temp(mt.key.size, 0);
  const e = r.temp(Math.max(mt.elem.size, 1), 1);
  heap.blocks = [];
  heap.resetTiny(); // ReadMemStats flushes the mcache
  const m0 = heap.mallocs, b0 = heap.totalAlloc;
  if (o.hash0 !== undefined) r.rt.rand.feedHash0(o.hash0);
  m = new GoMap(r, o.type, mt, r.makeAt(mt, o.hint));
  r.rt.rand.clearFeed();
  const mustClear = mt.key.kind === Kind.String || mt.key.kind === Kind.Array;
  for (let i = 0; i < o.n; i++) {
    if (mustClear) mem.memclrNoHeapPointers(k, mt.key.size);
    write(k, i);
    m.assignAt(k, e);
  }
  const totalAlloc = heap.totalAlloc - b0, mallocs = heap.mallocs - m0;
  const L = hmapLayout(r.rt.ptrSize);
  const h = m.h;
  const B = mem.load8(h + L.B);
  const count = mem.loadInt(h);
  const noverflow = mem.load16(h + L.noverflow);
  const hash0 = mem.load32(h + L.hash0) >>> 0;
  const before = liveOf(r, m);
  const m1 = heap.mallocs, b1 = heap.totalAlloc;
  const nd = Math.min(o.deletes, o.n);
  for (let i = 0; i < nd; i++) {
    if (mustClear) mem.memclrNoHeapPointers(k, mt.key.size);
    write(k, i);
    m.deleteAt(k);
  }
  const deleteAlloc = heap.totalAlloc - b1, deleteMallocs = heap.mallocs - m1;
  const afterDelete = liveOf(r, m).live;
  m.clearMap(); // for k := range m { delete(m, k) }: mapclear for reflexive keys, else the loop
  const afterClear = liveOf(r, m).live;
  heap.blocks = null;
  return {
    live: before.live, parts: before.parts, totalAlloc, mallocs, deleteAlloc, deleteMallocs,
    liveAfterDelete: afterDelete, freedByDelete: before.live - afterDelete, liveAfterClear: afterClear,
    count, B, noverflow, load: count / (bucketCnt * 2 ** B), perEntry: o.n > 0 ? before.live / o.n : before.live, hash0,
  };
}

/** The map's live blocks, found as Go's GC would (see the file comment). */
function liveOf(r: Runtime, m: GoMap): { live: number; parts: MemoryFigures['parts'] } {
  const blocks = r.rt.heap.blocks as number[];
  const mem = r.rt.mem, P = r.rt.ptrSize, L = hmapLayout(P), mt = m.mt;
  const nb = blocks.length / 2;
  const seen = new Uint8Array(nb);
  const parts = { hmap: 0, buckets: 0, oldbuckets: 0, overflow: 0, extra: 0, indirect: 0 };
  let live = 0;
  const find = (p: number): number => {
    let lo = 0, hi = nb - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const a = blocks[2 * mid];
      if (p < a) hi = mid - 1;
      else if (p >= a + blocks[2 * mid + 1]) lo = mid + 1;
      else return mid;
    }
    return -1;
  };
  const mark = (p: number, part: keyof typeof parts): void => {
    if (p === 0) return;
    const i = find(p);
    if (i < 0 || seen[i]) return;
    seen[i] = 1;
    live += blocks[2 * i + 1];
    parts[part] += blocks[2 * i + 1];
  };
  const h = m.h;
  if (h === 0) return { live, parts };
  mark(h, 'hmap');
  const B = mem.load8(h + L.B);
  const flags = mem.load8(h + L.flags);
  const buckets = mem.loadPtr(h + L.buckets);
  const oldbuckets = mem.loadPtr(h + L.oldbuckets);
  const extra = mem.loadPtr(h + L.extra);
  mark(buckets, 'buckets');
  mark(oldbuckets, 'oldbuckets');
  if (extra !== 0) {
    mark(extra, 'extra');
    for (const off of [L.xOverflow, L.xOldoverflow]) {
      const sh = mem.loadPtr(extra + off);
      if (sh === 0) continue;
      mark(sh, 'extra');
      const arr = mem.loadPtr(sh + L.sArray), len = mem.loadInt(sh + L.sLen);
      mark(arr, 'extra');
      for (let i = 0; i < len; i++) mark(mem.loadPtr(arr + i * P), 'overflow');
    }
    mark(mem.loadPtr(extra + L.xNextOverflow), 'buckets');
  }
  const bs = mt.bucketsize;
  const scan = mt.bucket.ptrdata !== 0;
  if (!scan) return { live, parts };
  const ik = (mt.flags & mapIndirectKey) !== 0, ie = (mt.flags & mapIndirectElem) !== 0;
  const ks = ik ? P : mt.key.size, es = ie ? P : mt.elem.size;
  const walk = (arr: number, n: number): void => {
    for (let j = 0; j < n; j++) {
      for (let b = arr + j * bs; b !== 0; b = mem.loadPtr(b + bs - P)) {
        if (b !== arr + j * bs) mark(b, 'overflow');
        if (ik) for (let s = 0; s < bucketCnt; s++) mark(mem.loadPtr(b + 8 + s * ks), 'indirect');
        if (ie) for (let s = 0; s < bucketCnt; s++) mark(mem.loadPtr(b + 8 + bucketCnt * ks + s * es), 'indirect');
      }
    }
  };
  if (buckets !== 0) walk(buckets, 2 ** B);
  if (oldbuckets !== 0) walk(oldbuckets, (flags & sameSizeGrow) !== 0 ? 2 ** B : 2 ** (B - 1));
  return { live, parts };
}

/** The n of a log-spaced range a..b: about `perDecade` points a decade, each a distinct integer. */
export function logPoints(a: number, b: number, perDecade = 12): number[] {
  const out: number[] = [];
  if (a <= 0) { out.push(0); a = 1; }
  const steps = Math.max(1, Math.ceil(Math.log10(b / a) * perDecade));
  for (let i = 0; i <= steps; i++) {
    const v = Math.round(a * (b / a) ** (i / steps));
    if (out[out.length - 1] !== v) out.push(v);
  }
  return out;
}
