// Semantics of the map runtime transliteration (src/runtime/map*.ts) without real-Go fixtures:
// random operation sequences checked against a JS Map model, structural invariants of the table
// (tophash, emptyRest, bucket placement, counts), growth and evacuation, iteration during growth,
// and the byte-level differences between the go1.15 and go1.19 profiles.
//
// The map types here are built by hand (key/elem GoTypes, bucket type, hasher from the process's
// RawHash), so the tests depend only on the runtime, the hash functions and fastrand.

import { expect } from 'chai';
import seedrandom from 'seedrandom';
import { ArchName, Profile, HashFamily, archByName } from '../src/arch';
import { GoRuntime, FastRandGen, Draw } from '../src/runtime/runtime';
import { makeRawHash, randomSeeds } from '../src/runtime/hash';
import { FastRand } from '../src/runtime/fastrand';
import {
  GoType, MapType, Kind, AlgType, MapFast, Hasher, Equal, mapIndirectKey, mapIndirectElem,
  mapReflexiveKey, mapNeedKeyUpdate,
} from '../src/runtime/types';
import {
  bucketCnt, dataOffset, emptyRest, emptyOne, evacuatedEmpty, minTopHash, iterator, oldIterator,
  hashWriting, sameSizeGrow,
} from '../src/runtime/hmap';
import { MapRuntime, hiter, maskHash, shrHash, isEmpty } from '../src/runtime/map';
import { MapOps } from '../src/runtime/mapops';
import { GoPanic, GoThrow } from '../src/runtime/errors';
import { createRuntime } from '../src/runtime/create';
import { TypeRegistry } from '../src/runtime/typeregistry';
import { encodeValue, decodeValue } from '../src/runtime/values';

const TWO32 = 4294967296;
const ARCHES: ArchName[] = ['amd64', '386'];
const PROFILES: Profile[] = ['go1.15', 'go1.19'];

// ------------------------------------------------------------------------------------------------
// A process and hand-built types

function makeRuntime(arch: ArchName, profile: Profile, family: HashFamily = 'aes', seed = 'map-test', gen?: FastRandGen): GoRuntime {
  const km = randomSeeds(arch, family, seed);
  return new GoRuntime({
    arch: archByName(arch), profile, family,
    hash: makeRawHash(arch, profile, family, km.aeskeysched, km.hashkey),
    gen: gen ?? new FastRand(arch, profile, seed),
    aeskeysched: km.aeskeysched, hashkey: km.hashkey,
  });
}

function goType(str: string, kind: Kind, size: number, align: number, ptrdata: number, alg: AlgType, equal: Equal | null): GoType {
  return {
    str, kind, size, align, fieldAlign: align, ptrdata, tflag: 0, kindByte: kind, gcmask: new Uint8Array(0),
    alg, comparable: equal !== null, elem: null, key: null, len: 0, fields: null, addr: 0, equal,
  };
}

interface KeyKind {
  name: string;
  type(rt: GoRuntime): GoType;
  hasher(rt: GoRuntime): Hasher;
  flags: number;
  /** fastAssign, fastAccess for an elem of at most 128 bytes */
  fast(rt: GoRuntime): [MapFast, MapFast];
}

function memEqual(rt: GoRuntime, n: number): Equal {
  return (p, q) => rt.mem.memequal(p, q, n);
}
function memhasher(rt: GoRuntime, n: number): Hasher {
  const mem = rt.mem, hash = rt.hash;
  if (n === 4) return (p, lo, hi) => hash.memhash32(mem.u8, mem.off(p, 4), lo, hi);
  if (n === 8) return (p, lo, hi) => hash.memhash64(mem.u8, mem.off(p, 8), lo, hi);
  return (p, lo, hi) => hash.memhash(mem.u8, mem.off(p, n), n, lo, hi);
}
function strhasher(rt: GoRuntime): Hasher {
  const mem = rt.mem, hash = rt.hash, P = rt.ptrSize;
  return (p, lo, hi) => {
    const s = mem.loadPtr(p), n = mem.loadInt(p + P);
    return hash.memhash(mem.u8, n === 0 ? 0 : mem.off(s, n), n, lo, hi);
  };
}
function strequal(rt: GoRuntime): Equal {
  const mem = rt.mem, P = rt.ptrSize;
  return (p, q) => {
    const n = mem.loadInt(p + P);
    if (n !== mem.loadInt(q + P)) return false;
    const a = mem.loadPtr(p), b = mem.loadPtr(q);
    return a === b || mem.memequal(a, b, n);
  };
}

const INT64: KeyKind = {
  name: 'int64',
  type: (rt) => goType('int64', Kind.Int64, 8, rt.arch.regSize, 0, AlgType.AMEM64, memEqual(rt, 8)),
  hasher: (rt) => memhasher(rt, 8),
  flags: mapReflexiveKey,
  fast: () => [MapFast.Fast64, MapFast.Fast64],
};
const INT32: KeyKind = {
  name: 'int32',
  type: (rt) => goType('int32', Kind.Int32, 4, 4, 0, AlgType.AMEM32, memEqual(rt, 4)),
  hasher: (rt) => memhasher(rt, 4),
  flags: mapReflexiveKey,
  fast: () => [MapFast.Fast32, MapFast.Fast32],
};
const INT16: KeyKind = {
  name: 'int16',
  type: (rt) => goType('int16', Kind.Int16, 2, 2, 0, AlgType.AMEM16, memEqual(rt, 2)),
  hasher: (rt) => memhasher(rt, 2),
  flags: mapReflexiveKey,
  fast: () => [MapFast.Slow, MapFast.Slow],
};
const ARR2INT64: KeyKind = {
  name: '[2]int64',
  type: (rt) => goType('[2]int64', Kind.Array, 16, rt.arch.regSize, 0, AlgType.AMEM128, memEqual(rt, 16)),
  hasher: (rt) => memhasher(rt, 16),
  flags: mapReflexiveKey,
  fast: () => [MapFast.Slow, MapFast.Slow],
};
const STRING: KeyKind = {
  name: 'string',
  type: (rt) => goType('string', Kind.String, 2 * rt.ptrSize, rt.ptrSize, rt.ptrSize, AlgType.ASTRING, strequal(rt)),
  hasher: (rt) => strhasher(rt),
  flags: mapReflexiveKey | mapNeedKeyUpdate,
  fast: () => [MapFast.FastStr, MapFast.FastStr],
};
/** A string key forced onto the generic path (as with an elem > 128 bytes, or reflect in go1.15). */
const STRING_GENERIC: KeyKind = { ...STRING, name: 'string(generic)', fast: () => [MapFast.Slow, MapFast.Slow] };
/** float64 with f64hash-like special cases: NaN hashes randomly (fastrand), ±0 alike. */
const FLOAT64: KeyKind = {
  name: 'float64',
  type: (rt) => goType('float64', Kind.Float64, 8, rt.arch.regSize, 0, AlgType.AFLOAT64,
    (p, q) => rt.mem.dv.getFloat64(rt.mem.off(p, 8), true) === rt.mem.dv.getFloat64(rt.mem.off(q, 8), true)),
  hasher: (rt) => {
    const h8 = memhasher(rt, 8);
    return (p, lo, hi) => {
      const f = rt.mem.dv.getFloat64(rt.mem.off(p, 8), true);
      if (f === 0) { rt.hash.hi = rt.ptrSize === 8 ? 0x9e3779b9 ^ hi : 0; return (lo ^ 0x7f4a7c15) >>> 0; }
      if (f !== f) { const r = rt.fastrand(Draw.Other); rt.hash.hi = rt.ptrSize === 8 ? rt.fastrand(Draw.Other) : 0; return (lo ^ r) >>> 0; }
      return h8(p, lo, hi);
    };
  },
  flags: mapNeedKeyUpdate,
  fast: () => [MapFast.Slow, MapFast.Slow],
};
/**
 * int64 keys with an identity hash (seed ignored): bucket = low bits of the key, tophash = top byte
 * of the uintptr (hi word on amd64, lo word on 386). For building exact layouts.
 */
function identityKey(fast: boolean): KeyKind {
  return {
    name: fast ? 'int64(identity,fast)' : 'int64(identity)',
    type: INT64.type,
    hasher: (rt) => (p) => {
      const lo = rt.mem.load64(p);
      rt.hash.hi = rt.ptrSize === 8 ? rt.mem.hi : 0;
      return lo;
    },
    flags: mapReflexiveKey,
    fast: () => (fast ? [MapFast.Fast64, MapFast.Fast64] : [MapFast.Slow, MapFast.Slow]),
  };
}

function int64Type(rt: GoRuntime): GoType {
  return INT64.type(rt);
}
function bytesType(n: number): GoType {
  return goType(`[${n}]byte`, Kind.Array, n, 1, 0, AlgType.AMEM, null);
}

function mapType(rt: GoRuntime, kk: KeyKind, elem: GoType): MapType {
  const P = rt.ptrSize;
  const key = kk.type(rt);
  const indirectKey = key.size > 128, indirectElem = elem.size > 128;
  const ks = indirectKey ? P : key.size, es = indirectElem ? P : elem.size;
  const bucketsize = 8 + 8 * ks + 8 * es + P;
  const hasPtr = indirectKey || indirectElem || key.ptrdata !== 0 || elem.ptrdata !== 0;
  const bucket = goType(`bucket(${key.str},${elem.str})`, Kind.Struct, bucketsize, P, hasPtr ? bucketsize : 0, AlgType.ANOEQ, null);
  let [fa, fr] = kk.fast(rt);
  if (elem.size > 128) { fa = MapFast.Slow; fr = MapFast.Slow; }
  const typ = goType(`map[${key.str}]${elem.str}`, Kind.Map, P, P, P, AlgType.ANOEQ, null);
  return {
    typ, key, elem, bucket, hasher: kk.hasher(rt), hasherName: kk.name, keysize: ks, elemsize: es, bucketsize,
    flags: kk.flags | (indirectKey ? mapIndirectKey : 0) | (indirectElem ? mapIndirectElem : 0),
    fastAssign: fa, fastAccess: fr, addr: 0,
  };
}

// ------------------------------------------------------------------------------------------------
// Keys in memory

/** Writes key number n of kind kk at addr (string data freshly allocated). */
function writeKey(rt: GoRuntime, kk: KeyKind, addr: number, n: number): void {
  const mem = rt.mem;
  switch (kk.name) {
    case 'int32': mem.store32(addr, n); break;
    case 'int16': mem.store16(addr, n); break;
    case '[2]int64': mem.store64(addr, n, n >>> 3); mem.store64(addr + 8, ~n, 7); break;
    case 'float64': mem.dv.setFloat64(mem.off(addr, 8), n === -1 ? NaN : n + 0.5, true); break;
    case 'string':
    case 'string(generic)': {
      const s = 'key-' + n.toString(36) + (n % 7 === 0 ? '-a-longer-key-that-is-over-32-bytes-long' : '');
      const p = rt.heap.mallocgc(s.length, true);
      for (let i = 0; i < s.length; i++) mem.store8(p + i, s.charCodeAt(i));
      mem.storePtr(addr, p);
      mem.storeInt(addr + rt.ptrSize, s.length);
      break;
    }
    default: // int64 kinds: spread the number over both halves
      mem.store64(addr, (n * 0x9e3779b1) >>> 0, n);
  }
}

/** A key's model identity, read back from memory. */
function readKey(rt: GoRuntime, kk: KeyKind, addr: number): string {
  const mem = rt.mem;
  switch (kk.name) {
    case 'int32': return String(mem.load32(addr));
    case 'int16': return String(mem.load16(addr));
    case '[2]int64': { const a = mem.load64(addr); const b = mem.hi; const c = mem.load64(addr + 8); return `${a}:${b}:${c}:${mem.hi}`; }
    case 'float64': return String(mem.dv.getFloat64(mem.off(addr, 8), true));
    case 'string':
    case 'string(generic)': {
      const p = mem.loadPtr(addr), n = mem.loadInt(addr + rt.ptrSize);
      let s = '';
      for (let i = 0; i < n; i++) s += String.fromCharCode(mem.load8(p + i));
      return s;
    }
    default: { const lo = mem.load64(addr); return `${lo}:${mem.hi}`; }
  }
}

/** Elem values: 32 bits, or 16 for a 2-byte elem. */
function valOf(elem: GoType, v: number): number {
  return elem.size >= 4 ? v >>> 0 : v & 0xffff;
}
function storeVal(rt: GoRuntime, elem: GoType, p: number, v: number): void {
  rt.mem.memclrNoHeapPointers(p, elem.size);
  if (elem.size >= 4) rt.mem.store32(p, v);
  else rt.mem.store16(p, v);
}
function loadVal(rt: GoRuntime, elem: GoType, p: number): number {
  return elem.size >= 4 ? rt.mem.load32(p) : rt.mem.load16(p);
}

// ------------------------------------------------------------------------------------------------
// Structural invariants

interface Stats { live: number; overflow: number }

/**
 * Walks the whole table and checks: live cells == count, placement of every key (new table: its
 * bucket; unevacuated old buckets: its old bucket), tophash == tophash(hash), emptyRest means
 * "nothing after", and evacuated old buckets carry only evacuation marks.
 */
function checkTable(m: MapRuntime, t: MapType, h: number): Stats {
  const mem = m.mem, L = m.L;
  const B = mem.load8(h + L.B);
  const buckets = mem.loadPtr(h + L.buckets);
  const old = mem.loadPtr(h + L.oldbuckets);
  const hash0 = mem.load32(h + L.hash0);
  const flags = mem.load8(h + L.flags);
  expect(flags & hashWriting, 'hashWriting left set').to.equal(0);
  let live = 0, overflow = 0;
  const nb = 1 << B;
  const reflexive = (t.flags & mapReflexiveKey) !== 0;
  const walk = (first: number, index: number, mask: number): void => {
    let seenRest = false;
    for (let b = first; b !== 0; b = m.overflow(t, b)) {
      if (b !== first) overflow++;
      for (let i = 0; i < bucketCnt; i++) {
        const top = mem.load8(b + i);
        if (seenRest) expect(top, 'cell after emptyRest').to.equal(emptyRest);
        if (top === emptyRest) { seenRest = true; continue; }
        if (top === emptyOne) continue;
        expect(top, 'live tophash').to.be.at.least(minTopHash);
        live++;
        let k = b + dataOffset + i * t.keysize;
        if (t.flags & mapIndirectKey) k = mem.loadPtr(k);
        if (!reflexive && !t.key.equal!(k, k)) continue; // NaN: hash not repeatable
        const hash = t.hasher(k, hash0, 0);
        const hashHi = m.hash.hi;
        expect(maskHash(hash, hashHi, mask), 'key in wrong bucket').to.equal(index);
        expect(top, 'tophash').to.equal(m.tophash(hash, hashHi));
      }
    }
  };
  for (let j = 0; j < nb; j++) walk(buckets + j * t.bucketsize, j, nb - 1);
  if (old !== 0) {
    const oldB = (flags & sameSizeGrow) !== 0 ? B : B - 1;
    const nob = 1 << oldB;
    for (let j = 0; j < nob; j++) {
      const ob = old + j * t.bucketsize;
      if (m.evacuated(ob)) {
        for (let b = ob; b !== 0; b = m.overflow(t, b)) {
          for (let i = 0; i < bucketCnt; i++) {
            const top = mem.load8(b + i);
            expect(top > emptyOne && top < minTopHash, 'evacuated bucket mark').to.equal(true);
          }
        }
        continue;
      }
      expect(j, 'unevacuated bucket below nevacuate').to.be.at.least(mem.loadPtr(h + L.nevacuate));
      walk(ob, j, nob - 1);
    }
  }
  expect(live, 'live cells vs count').to.equal(mem.loadInt(h + L.count));
  return { live, overflow };
}

// ------------------------------------------------------------------------------------------------
// A model-checked random run

interface RunResult { maxB: number; sawGrowing: boolean; sawGrowDone: boolean; sawSameSize: boolean }

function randomRun(arch: ArchName, profile: Profile, kk: KeyKind, elem: GoType, nops: number, seed: string, family: HashFamily = 'aes'): RunResult {
  const rt = makeRuntime(arch, profile, family, seed);
  const m = new MapRuntime(rt);
  const ops = new MapOps(m);
  const t = mapType(rt, kk, elem);
  const mem = rt.mem, L = m.L;
  const rng = seedrandom(seed);
  const keyTmp = rt.heap.persistentalloc(t.key.size, 8);
  const valTmp = rt.heap.persistentalloc(elem.size, 8);
  const model = new Map<string, number>();
  const res: RunResult = { maxB: 0, sawGrowing: false, sawGrowDone: false, sawSameSize: false };
  const r = rng();
  const h = r < 0.4 ? m.makemap_small() : m.makemap(t, Math.floor(rng() * 100), 0);
  let keyspace = 64;
  let wasGrowing = false;
  const writeVal = (p: number, v: number): void => storeVal(rt, elem, p, v);
  const readVal = (p: number): number => loadVal(rt, elem, p);

  for (let op = 0; op < nops; op++) {
    if (op % 500 === 0) keyspace = 16 + Math.floor(rng() * 3000);
    const x = rng();
    const n = Math.floor(rng() * keyspace);
    writeKey(rt, kk, keyTmp, n);
    const ks = readKey(rt, kk, keyTmp);
    if (x < 0.5) {
      const v = valOf(elem, op * 2654435761);
      let p: number;
      if (rng() < 0.1) {
        writeVal(valTmp, v);
        m.reflect_mapassign(t, h, keyTmp, valTmp);
        p = m.reflect_mapaccess(t, h, keyTmp);
      } else {
        p = ops.assign(t, h, keyTmp);
        writeVal(p, v);
      }
      expect(readVal(p)).to.equal(v);
      model.set(ks, v);
    } else if (x < 0.7) {
      ops.delete(t, h, keyTmp);
      model.delete(ks);
    } else if (x < 0.95) {
      const p = ops.access2(t, h, keyTmp);
      const want = model.get(ks);
      expect(ops.ok, `found ${ks}`).to.equal(want !== undefined);
      expect(ops.found).to.equal(ops.ok);
      if (want !== undefined) expect(readVal(p)).to.equal(want);
      else expect(p).to.equal(m.zeroVal);
      const p1 = ops.access1(t, h, keyTmp);
      expect(p1).to.equal(p);
    } else if (x < 0.955) {
      // full iteration
      const seen = new Set<string>();
      const it = new hiter();
      for (m.mapiterinit(t, h, it); it.key !== 0; m.mapiternext(it)) {
        const k = readKey(rt, kk, it.key);
        expect(seen.has(k), `key ${k} returned twice`).to.equal(false);
        seen.add(k);
        expect(readVal(it.elem)).to.equal(model.get(k));
      }
      expect(seen.size).to.equal(model.size);
    } else if (x < 0.96) {
      iterateWhileMutating(rt, m, ops, t, kk, h, model, rng, keyspace, keyTmp, 1, 0.25);
    } else if (x < 0.9615) {
      m.mapclear(t, h);
      model.clear();
    } else {
      // more inserts: keeps the table growing
      const p = ops.assign(t, h, keyTmp);
      const v = valOf(elem, ~op);
      writeVal(p, v);
      model.set(ks, v);
    }
    expect(m.reflect_maplen(h), 'count').to.equal(model.size);
    const B = mem.load8(h + L.B);
    res.maxB = Math.max(res.maxB, B);
    const growing = m.growing(h);
    if (growing) {
      res.sawGrowing = true;
      if (m.sameSizeGrow(h)) res.sawSameSize = true;
    }
    if (wasGrowing && !growing) res.sawGrowDone = true;
    wasGrowing = growing;
    if (op % 251 === 0) checkTable(m, t, h);
  }
  checkTable(m, t, h);
  const seen = new Map<string, number>();
  const it = new hiter();
  for (m.mapiterinit(t, h, it); it.key !== 0; m.mapiternext(it)) seen.set(readKey(rt, kk, it.key), readVal(it.elem));
  expect(seen).to.deep.equal(model);
  return res;
}

/**
 * Go's iteration contract under mutation: a key present for the whole iteration is returned
 * exactly once; no key is returned twice; a returned key is in the map at that moment with its
 * current value.
 */
function iterateWhileMutating(rt: GoRuntime, m: MapRuntime, ops: MapOps, t: MapType, kk: KeyKind, h: number,
  model: Map<string, number>, rng: () => number, keyspace: number, keyTmp: number, mutations = 3, insertP = 0.7): void {
  const start = new Set(model.keys());
  const touched = new Set<string>();
  const seen = new Set<string>();
  const it = new hiter();
  let step = 0;
  for (m.mapiterinit(t, h, it); it.key !== 0; m.mapiternext(it)) {
    const k = readKey(rt, kk, it.key);
    expect(seen.has(k), `key ${k} returned twice during mutation`).to.equal(false);
    seen.add(k);
    expect(model.has(k), `returned deleted key ${k}`).to.equal(true);
    expect(loadVal(rt, t.elem, it.elem)).to.equal(model.get(k));
    // mutate: a few inserts (growth) and deletes
    for (let j = 0; j < mutations; j++) {
      const n = Math.floor(rng() * keyspace);
      writeKey(rt, kk, keyTmp, n);
      const ks = readKey(rt, kk, keyTmp);
      touched.add(ks);
      if (rng() < insertP) {
        const v = valOf(t.elem, step * 7919 + j);
        const p = ops.assign(t, h, keyTmp);
        storeVal(rt, t.elem, p, v);
        model.set(ks, v);
      } else {
        ops.delete(t, h, keyTmp);
        model.delete(ks);
      }
    }
    step++;
  }
  for (const k of start) {
    if (!touched.has(k)) expect(seen.has(k), `untouched key ${k} not returned`).to.equal(true);
  }
}

// ------------------------------------------------------------------------------------------------

describe('map runtime (transliteration semantics)', function () {
  this.timeout(300000);

  describe('random operations against a JS Map model', () => {
    const kinds: [KeyKind, (rt: GoRuntime) => GoType][] = [
      [INT64, int64Type],
      [INT32, (rt) => INT32.type(rt)],
      [STRING, int64Type],
      [INT16, (rt) => INT16.type(rt)],
      [ARR2INT64, int64Type],
      [STRING_GENERIC, int64Type],
    ];
    for (const arch of ARCHES) {
      for (const profile of PROFILES) {
        for (const [kk, elemOf] of kinds) {
          it(`map[${kk.name}] on ${arch}/${profile}`, () => {
            const rt0 = makeRuntime(arch, profile);
            const res = randomRun(arch, profile, kk, elemOf(rt0), 6000, `${arch}/${profile}/${kk.name}`);
            if (kk.name !== 'int16') {
              expect(res.maxB, 'B grew').to.be.at.least(5);
            }
            expect(res.sawGrowing, 'observed a growth in progress').to.equal(true);
            expect(res.sawGrowDone, 'observed an evacuation completing').to.equal(true);
          });
        }
        it(`map[int64][200]byte (indirect elem) and map[[2]int64]… on ${arch}/${profile}, fallback hash`, () => {
          randomRun(arch, profile, INT64, bytesType(200), 3000, `ind/${arch}/${profile}`, 'fallback');
          randomRun(arch, profile, ARR2INT64, bytesType(8), 3000, `arr/${arch}/${profile}`, 'fallback');
        });
        it(`map[[160]byte]int64 (indirect key) on ${arch}/${profile}`, () => {
          const BIGKEY: KeyKind = {
            name: 'big', type: () => goType('[160]byte', Kind.Array, 160, 1, 0, AlgType.AMEM, null),
            hasher: (rt) => memhasher(rt, 160), flags: mapReflexiveKey, fast: () => [MapFast.Slow, MapFast.Slow],
          };
          const rt = makeRuntime(arch, profile);
          const kt = BIGKEY.type(rt);
          (kt as { equal: Equal | null }).equal = memEqual(rt, 160);
          const m = new MapRuntime(rt);
          const t = mapType(rt, { ...BIGKEY, type: () => kt }, int64Type(rt));
          expect(t.flags & mapIndirectKey).to.equal(mapIndirectKey);
          const h = m.makemap_small();
          const k = rt.heap.persistentalloc(160, 8);
          for (let i = 0; i < 500; i++) {
            rt.mem.store32(k + 100, i);
            rt.mem.store32(m.mapassign(t, h, k), i * 3);
          }
          for (let i = 0; i < 500; i += 2) {
            rt.mem.store32(k + 100, i);
            m.mapdelete(t, h, k);
          }
          checkTable(m, t, h);
          for (let i = 0; i < 500; i++) {
            rt.mem.store32(k + 100, i);
            const e = m.mapaccess2(t, h, k);
            expect(m.ok).to.equal(i % 2 === 1);
            if (m.ok) expect(rt.mem.load32(e)).to.equal(i * 3);
          }
        });
      }
    }
  });

  describe('with the type registry and value codec (compiler-chosen hashers and entry points)', () => {
    const types = ['map[int64]int32', 'map[int32]int32', 'map[string]int32', 'map[int16]int32', 'map[[2]int64]int32',
      'map[string][200]byte', 'map[interface {}]int32', 'map[float64]int32'];
    const keyJSON = (tk: GoType, n: number): unknown => {
      switch (tk.str) {
        case 'string': return 'k' + n.toString(36) + (n % 5 === 0 ? '-0123456789abcdef0123456789abcdef' : '');
        case '[2]int64': return [n, -n];
        case 'interface {}': return n % 3 === 0 ? { type: 'string', value: 's' + n } : n % 3 === 1 ? { type: 'int64', value: n } : { type: 'uint8', value: n & 0xff };
        case 'float64': return n + 0.5;
        case 'int16': return n & 0x7fff;
        default: return n;
      }
    };
    for (const arch of ARCHES) {
      for (const profile of PROFILES) {
        for (const family of ['aes', 'fallback'] as HashFamily[]) {
          it(`${arch}/${profile}/${family}: ${types.length} map types, random ops vs model`, () => {
            const rt = createRuntime(arch, profile, family, `reg/${arch}/${profile}/${family}`);
            const reg = new TypeRegistry(rt);
            const m = new MapRuntime(rt);
            const ops = new MapOps(m);
            const rng = seedrandom(`${arch}${profile}${family}`);
            for (const ts of types) {
              const t = reg.mapType(ts);
              const keyTmp = rt.heap.persistentalloc(Math.max(t.key.size, 1), 8);
              const h = rng() < 0.5 ? m.makemap_small() : m.makemap(t, Math.floor(rng() * 50), 0);
              const model = new Map<string, number>();
              for (let op = 0; op < 1500; op++) {
                const n = Math.floor(rng() * 400);
                const kj = keyJSON(t.key, n);
                rt.mem.memclrNoHeapPointers(keyTmp, t.key.size);
                encodeValue(reg, t.key, kj, keyTmp, 'key');
                const ks = JSON.stringify(decodeValue(reg, t.key, keyTmp));
                const x = rng();
                if (x < 0.55) {
                  const p = ops.assign(t, h, keyTmp);
                  rt.mem.store32(p, op);
                  model.set(ks, op);
                } else if (x < 0.75) {
                  ops.delete(t, h, keyTmp);
                  model.delete(ks);
                } else {
                  const p = ops.access2(t, h, keyTmp);
                  expect(ops.ok, `${ts} ${ks}`).to.equal(model.has(ks));
                  if (ops.ok) expect(rt.mem.load32(p)).to.equal(model.get(ks));
                }
                expect(ops.len(h)).to.equal(model.size);
                if (op % 300 === 0) checkTable(m, t, h);
              }
              checkTable(m, t, h);
              const seen = new Map<string, number>();
              const it = new hiter();
              for (m.mapiterinit(t, h, it); it.key !== 0; m.mapiternext(it)) {
                seen.set(JSON.stringify(decodeValue(reg, t.key, it.key)), rt.mem.load32(it.elem));
              }
              expect(seen.size).to.equal(model.size);
              for (const [k, v] of model) expect(seen.get(k), `${ts} ${k}`).to.equal(v);
            }
          });
        }
      }
    }
  });

  describe('growth and evacuation', () => {
    for (const arch of ARCHES) {
      for (const profile of PROFILES) {
        it(`doubling: B increases, oldbuckets mid-growth, evacuation completes (${arch}/${profile})`, () => {
          const rt = makeRuntime(arch, profile);
          const m = new MapRuntime(rt);
          const t = mapType(rt, INT64, int64Type(rt));
          const mem = rt.mem, L = m.L;
          const h = m.makemap_small();
          expect(mem.loadPtr(h + L.buckets)).to.equal(0);
          const k = rt.heap.persistentalloc(8, 8);
          let lastB = 0, grows = 0;
          for (let i = 0; i < 5000; i++) {
            m.mapassign_fast64(t, h, i, 0);
            const B = mem.load8(h + L.B);
            if (B !== lastB) {
              expect(B).to.equal(lastB + 1);
              // The insert that triggered the grow did one growWork: oldbuckets are still there
              // unless the old table had at most 2 buckets.
              if (lastB >= 2) {
                expect(m.growing(h)).to.equal(true);
                expect(mem.loadPtr(h + L.nevacuate)).to.be.below(1 << lastB);
              }
              // load factor: grows when count+1 > 6.5 * 2^lastB
              expect(i + 1).to.equal(lastB === 0 ? 9 : 13 * (1 << (lastB - 1)) + 1);
              lastB = B;
              grows++;
              checkTable(m, t, h);
            }
          }
          expect(grows).to.equal(10); // 5000 > 6.5*512: B = 10
          // keep writing (overwrites) until the growth is done
          for (let i = 0; m.growing(h); i++) m.mapassign_fast64(t, h, i, 0);
          expect(mem.loadPtr(h + L.nevacuate)).to.equal(1 << 9);
          expect(mem.loadPtr(h + L.oldbuckets)).to.equal(0);
          checkTable(m, t, h);
          for (let i = 0; i < 5000; i++) {
            mem.store64(k, i, 0);
            m.mapaccess2(t, h, k);
            expect(m.ok).to.equal(true);
          }
        });

        it(`same-size growth on too many overflow buckets (${arch}/${profile})`, () => {
          const rt = makeRuntime(arch, profile);
          const m = new MapRuntime(rt);
          const kk = identityKey(true);
          const t = mapType(rt, kk, int64Type(rt));
          const mem = rt.mem, L = m.L;
          const h = m.makemap(t, 100, 0); // B = 4
          expect(mem.load8(h + L.B)).to.equal(4);
          // Fill one bucket's chain with 24 keys (2 overflow buckets), then empty it; next bucket.
          const key = (bucket: number, j: number): [number, number] => {
            // low 4 bits: bucket; tophash from the top byte (lo on 386, hi on amd64)
            const lo = (bucket | (j << 8) | ((j * 37 + 11) << 24)) >>> 0;
            return [lo, (j * 37 + 11) << 24 >>> 0];
          };
          let bucket = 0;
          while (!m.growing(h)) {
            for (let j = 0; j < 24 && !m.growing(h); j++) {
              const [lo, hi] = key(bucket, j);
              m.mapassign_fast64(t, h, lo, hi);
            }
            if (m.growing(h)) break;
            for (let j = 0; j < 24; j++) {
              const [lo, hi] = key(bucket, j);
              m.mapdelete_fast64(t, h, lo, hi);
            }
            bucket++;
            expect(bucket).to.be.below(16);
          }
          expect(m.sameSizeGrow(h)).to.equal(true);
          expect(mem.load8(h + L.B)).to.equal(4);
          // noverflow was >= 16 when the grow started, and is reset by hashGrow
          expect(mem.load16(h + L.noverflow)).to.be.below(16);
          checkTable(m, t, h);
          for (let i = 0; m.growing(h); i++) m.mapassign_fast64(t, h, 1000 + i * 16, 0);
          expect(m.sameSizeGrow(h)).to.equal(false);
          expect(mem.loadPtr(h + L.nevacuate)).to.equal(16);
          checkTable(m, t, h);
        });

        it(`makeBucketArray preallocates overflow buckets for B >= 4 (${arch}/${profile})`, () => {
          const rt = makeRuntime(arch, profile);
          const m = new MapRuntime(rt);
          const t = mapType(rt, INT64, int64Type(rt));
          const mem = rt.mem, L = m.L;
          for (let B = 0; B <= 12; B++) {
            const buckets = m.makeBucketArray(t, B, 0);
            const base = 1 << B;
            let nbuckets = base;
            if (B >= 4) {
              nbuckets += 1 << (B - 4);
              const sz = t.bucketsize * nbuckets;
              const up = rt.heap.roundupsize(sz);
              if (up !== sz) nbuckets = Math.floor(up / t.bucketsize);
            }
            if (nbuckets === base) {
              expect(m.nextOverflow).to.equal(0);
            } else {
              expect(m.nextOverflow).to.equal(buckets + base * t.bucketsize);
              expect(m.overflow(t, buckets + (nbuckets - 1) * t.bucketsize)).to.equal(buckets);
              for (let i = base; i < nbuckets - 1; i++) expect(m.overflow(t, buckets + i * t.bucketsize)).to.equal(0);
            }
          }
          // makemap with B=4 records nextOverflow in h.extra; newoverflow consumes them in order
          const h = m.makemap(t, 100, 0);
          const extra = mem.loadPtr(h + L.extra);
          expect(extra).to.not.equal(0);
          const buckets = mem.loadPtr(h + L.buckets);
          const next = mem.loadPtr(extra + L.xNextOverflow);
          expect(next).to.equal(buckets + 16 * t.bucketsize);
          const o1 = m.newoverflow(t, h, buckets);
          expect(o1).to.equal(next);
          expect(mem.loadPtr(extra + L.xNextOverflow)).to.equal(next + t.bucketsize);
          expect(m.overflow(t, buckets)).to.equal(o1);
          expect(mem.load16(h + L.noverflow)).to.equal(1);
          // the noscan bucket's overflow is tracked in *h.extra.overflow
          const s = mem.loadPtr(extra + L.xOverflow);
          expect(mem.loadInt(s + L.sLen)).to.equal(1);
          expect(mem.loadInt(s + L.sCap)).to.equal(arch === 'amd64' ? 1 : 2);
          expect(mem.loadPtr(mem.loadPtr(s))).to.equal(o1);
        });
      }
    }
  });

  describe('delete: emptyRest back-propagation and key clearing', () => {
    for (const arch of ARCHES) {
      for (const profile of PROFILES) {
        it(`tophash marks in one bucket and across an overflow chain (${arch}/${profile})`, () => {
          const rt = makeRuntime(arch, profile);
          const m = new MapRuntime(rt);
          for (const fast of [true, false]) {
            const t = mapType(rt, identityKey(fast), int64Type(rt));
            const ops = new MapOps(m);
            const mem = rt.mem, L = m.L;
            const h = m.makemap_small();
            const k = rt.heap.persistentalloc(8, 8);
            // B=0: everything goes to the one bucket; tophash = top byte
            const put = (n: number): void => { mem.store64(k, (n << 24) >>> 0, (n << 24) >>> 0); mem.store64(ops.assign(t, h, k), n, 0); };
            const del = (n: number): void => { mem.store64(k, (n << 24) >>> 0, (n << 24) >>> 0); ops.delete(t, h, k); };
            for (let n = 10; n < 15; n++) put(n);
            const b = mem.loadPtr(h + L.buckets);
            const tops = (): number[] => { const r: number[] = []; for (let i = 0; i < 8; i++) r.push(mem.load8(b + i)); return r; };
            expect(tops()).to.deep.equal([10, 11, 12, 13, 14, 0, 0, 0]);
            del(14);
            expect(tops()).to.deep.equal([10, 11, 12, 13, emptyRest, 0, 0, 0]);
            del(12);
            expect(tops()).to.deep.equal([10, 11, emptyOne, 13, 0, 0, 0, 0]);
            del(13);
            expect(tops()).to.deep.equal([10, 11, emptyRest, emptyRest, 0, 0, 0, 0]);
            put(20); // reuses slot 2
            expect(tops()).to.deep.equal([10, 11, 20, emptyRest, 0, 0, 0, 0]);
            // the deleted elem is zeroed
            expect(mem.load64(b + dataOffset + 8 * 8 + 3 * 8)).to.equal(0);
            // Overflow chain: fill to 8 + 3 (count 11 > 8 would grow at B=0, so use B=1 map)
            const h2 = m.makemap(t, 10, 0);
            expect(mem.load8(h2 + L.B)).to.equal(1);
            const put2 = (n: number): void => { mem.store64(k, (n << 24) >>> 0, (n << 24) >>> 0); mem.store64(ops.assign(t, h2, k), n, 0); };
            const del2 = (n: number): void => { mem.store64(k, (n << 24) >>> 0, (n << 24) >>> 0); ops.delete(t, h2, k); };
            for (let n = 30; n < 40; n++) put2(n); // all in bucket 0 (low bits 0): 8 + 2 in overflow
            const b0 = mem.loadPtr(h2 + L.buckets);
            const ovf = m.overflow(t, b0);
            expect(ovf).to.not.equal(0);
            const tops2 = (x: number): number[] => { const r: number[] = []; for (let i = 0; i < 8; i++) r.push(mem.load8(x + i)); return r; };
            expect(tops2(ovf)).to.deep.equal([38, 39, 0, 0, 0, 0, 0, 0]);
            del2(37); // last slot of the first bucket; overflow not empty → emptyOne
            expect(tops2(b0)[7]).to.equal(emptyOne);
            del2(36);
            expect(tops2(b0)[6]).to.equal(emptyOne);
            del2(39);
            expect(tops2(ovf)).to.deep.equal([38, emptyRest, 0, 0, 0, 0, 0, 0]);
            del2(38); // overflow bucket empties: propagate back into the first bucket's 7, 6
            expect(tops2(ovf)).to.deep.equal([0, 0, 0, 0, 0, 0, 0, 0]);
            expect(tops2(b0)).to.deep.equal([30, 31, 32, 33, 34, 35, emptyRest, emptyRest]);
            checkTable(m, t, h2);
          }
        });

        it(`string keys: faststr delete keeps the len word, generic zeroes it (${arch}/${profile})`, () => {
          const rt = makeRuntime(arch, profile);
          const m = new MapRuntime(rt);
          const mem = rt.mem, P = rt.ptrSize;
          const key = rt.heap.persistentalloc(2 * P, 8);
          for (const kk of [STRING, STRING_GENERIC]) {
            const t = mapType(rt, kk, int64Type(rt));
            const ops = new MapOps(m);
            const h = m.makemap_small();
            writeKey(rt, kk, key, 1);
            const len = mem.loadInt(key + P);
            ops.assign(t, h, key);
            ops.delete(t, h, key);
            const b = mem.loadPtr(h + m.L.buckets);
            expect(mem.loadPtr(b + dataOffset)).to.equal(0);
            expect(mem.loadInt(b + dataOffset + P)).to.equal(kk === STRING ? len : 0);
          }
        });

        it(`string keys: overwrite keeps (go1.15 faststr) or replaces the data pointer (${arch}/${profile})`, () => {
          const rt = makeRuntime(arch, profile);
          const m = new MapRuntime(rt);
          const mem = rt.mem, P = rt.ptrSize;
          const key = rt.heap.persistentalloc(2 * P, 8);
          for (const kk of [STRING, STRING_GENERIC]) {
            const t = mapType(rt, kk, int64Type(rt));
            const ops = new MapOps(m);
            const h = m.makemap_small();
            writeKey(rt, kk, key, 5);
            const p1 = mem.loadPtr(key);
            ops.assign(t, h, key);
            writeKey(rt, kk, key, 5); // same string, new data pointer
            const p2 = mem.loadPtr(key);
            expect(p2).to.not.equal(p1);
            ops.assign(t, h, key);
            expect(m.reflect_maplen(h)).to.equal(1);
            const b = mem.loadPtr(h + m.L.buckets);
            const keepsOld = kk === STRING && profile === 'go1.15';
            expect(mem.loadPtr(b + dataOffset)).to.equal(keepsOld ? p1 : p2);
          }
        });

        it(`hash0 reseeding on delete-to-empty and mapclear (${arch}/${profile})`, () => {
          const rt = makeRuntime(arch, profile);
          const m = new MapRuntime(rt);
          const mem = rt.mem, L = m.L;
          const reseeds = profile === 'go1.19';
          const key = rt.heap.persistentalloc(16, 8);
          for (const kk of [INT64, INT32, STRING, INT16]) {
            const t = mapType(rt, kk, int64Type(rt));
            const ops = new MapOps(m);
            const h = m.makemap_small();
            const h0 = mem.load32(h + L.hash0);
            writeKey(rt, kk, key, 1);
            ops.assign(t, h, key);
            writeKey(rt, kk, key, 2);
            ops.assign(t, h, key);
            ops.delete(t, h, key);
            expect(mem.load32(h + L.hash0)).to.equal(h0);
            writeKey(rt, kk, key, 1);
            ops.delete(t, h, key);
            expect(m.reflect_maplen(h)).to.equal(0);
            expect(mem.load32(h + L.hash0) !== h0, `${kk.name} reseeded`).to.equal(reseeds);
            // mapclear
            ops.assign(t, h, key);
            const h1 = mem.load32(h + L.hash0);
            m.mapclear(t, h);
            expect(m.reflect_maplen(h)).to.equal(0);
            expect(mem.load32(h + L.hash0) !== h1).to.equal(reseeds);
            // mapclear of an empty map does nothing
            const h2 = mem.load32(h + L.hash0);
            m.mapclear(t, h);
            expect(mem.load32(h + L.hash0)).to.equal(h2);
          }
        });
      }
    }
  });

  describe('mapclear', () => {
    for (const arch of ARCHES) {
      for (const profile of PROFILES) {
        it(`clears buckets, growth state and extra, recovers preallocated overflow (${arch}/${profile})`, () => {
          const rt = makeRuntime(arch, profile);
          const m = new MapRuntime(rt);
          const t = mapType(rt, INT64, int64Type(rt));
          const mem = rt.mem, L = m.L;
          const h = m.makemap_small();
          let i = 0;
          for (; i < 1000 || !m.growing(h); i++) m.mapassign_fast64(t, h, i, 0);
          expect(m.growing(h)).to.equal(true);
          const B = mem.load8(h + L.B);
          const buckets = mem.loadPtr(h + L.buckets);
          const extra = mem.loadPtr(h + L.extra);
          expect(extra).to.not.equal(0);
          m.mapclear(t, h);
          expect(mem.load8(h + L.B)).to.equal(B);
          expect(mem.loadPtr(h + L.buckets)).to.equal(buckets);
          expect(mem.loadPtr(h + L.oldbuckets)).to.equal(0);
          expect(mem.loadPtr(h + L.nevacuate)).to.equal(0);
          expect(mem.load16(h + L.noverflow)).to.equal(0);
          expect(mem.load8(h + L.flags) & (sameSizeGrow | hashWriting)).to.equal(0);
          expect(mem.loadPtr(h + L.extra)).to.equal(extra);
          expect(mem.loadPtr(extra + L.xOverflow)).to.equal(0);
          expect(mem.loadPtr(extra + L.xOldoverflow)).to.equal(0);
          expect(mem.loadPtr(extra + L.xNextOverflow)).to.equal(buckets + (1 << B) * t.bucketsize);
          for (let j = 0; j < (1 << B); j++) {
            for (let s = 0; s < 8; s++) expect(mem.load8(buckets + j * t.bucketsize + s)).to.equal(0);
          }
          checkTable(m, t, h);
          for (let j = 0; j < 100; j++) m.mapassign_fast64(t, h, j, 1);
          checkTable(m, t, h);
          expect(m.reflect_maplen(h)).to.equal(100);
        });
      }
    }
  });

  describe('iteration', () => {
    for (const arch of ARCHES) {
      for (const profile of PROFILES) {
        it(`each key once; mapiterinit's side effects on h (${arch}/${profile})`, () => {
          const rt = makeRuntime(arch, profile);
          const m = new MapRuntime(rt);
          const t = mapType(rt, INT64, int64Type(rt));
          const mem = rt.mem, L = m.L;
          // nil and empty maps: key stays nil, no side effects
          const it0 = new hiter();
          m.mapiterinit(t, 0, it0);
          expect(it0.key).to.equal(0);
          expect(it0.t === t).to.equal(profile === 'go1.19');
          const h = m.makemap_small();
          m.mapiterinit(t, h, new hiter());
          expect(mem.loadPtr(h + L.extra)).to.equal(0);
          expect(mem.load8(h + L.flags)).to.equal(0);
          for (let i = 0; i < 3; i++) m.mapassign_fast64(t, h, i, 0);
          const it = new hiter();
          m.mapiterinit(t, h, it);
          // noscan bucket: h.extra and h.extra.overflow are allocated, flags get iterator|oldIterator
          const extra = mem.loadPtr(h + L.extra);
          expect(extra).to.not.equal(0);
          expect(mem.loadPtr(extra + L.xOverflow)).to.not.equal(0);
          expect(it.overflow).to.equal(mem.loadPtr(extra + L.xOverflow));
          expect(mem.load8(h + L.flags)).to.equal(iterator | oldIterator);
          const seen: number[] = [];
          for (; it.key !== 0; m.mapiternext(it)) seen.push(mem.load64(it.key));
          expect(seen.sort()).to.deep.equal([0, 1, 2]);
          // hashGrow moves iterator to oldIterator
          for (let i = 3; i < 8; i++) m.mapassign_fast64(t, h, i, 0);
          expect(mem.load8(h + L.B)).to.equal(0);
          expect(mem.load8(h + L.flags) & (iterator | oldIterator)).to.equal(iterator | oldIterator);
          m.mapassign_fast64(t, h, 8, 0); // 9th key: grow
          expect(mem.load8(h + L.B)).to.equal(1);
          expect(mem.load8(h + L.flags) & (iterator | oldIterator)).to.equal(oldIterator);
        });

        it(`start bucket and offset come from r (fed IterStart draw) (${arch}/${profile})`, () => {
          const rt = makeRuntime(arch, profile);
          const m = new MapRuntime(rt);
          const t = mapType(rt, INT64, int64Type(rt));
          const h = m.makemap(t, 1000, 0);
          const B = rt.mem.load8(h + m.L.B);
          expect(B).to.equal(8);
          for (let i = 0; i < 1000; i++) m.mapassign_fast64(t, h, i, 0);
          for (const r of [0, 0x12345, 0xdeadbeef, 0x7ff]) {
            rt.rand.feedIterStart(r);
            const it = new hiter();
            m.mapiterinit(t, h, it);
            expect(it.startBucket).to.equal(r & 0xff);
            expect(it.offset).to.equal((r >>> 8) & 7);
            let n = 0;
            for (; it.key !== 0; m.mapiternext(it)) n++;
            expect(n).to.equal(1000);
          }
        });

        it(`iterating while growing returns every untouched key once (${arch}/${profile})`, () => {
          for (const [kk, seed] of [[INT64, 'a'], [STRING, 'b'], [INT16, 'c']] as [KeyKind, string][]) {
            const rt = makeRuntime(arch, profile, 'aes', seed);
            const m = new MapRuntime(rt);
            const ops = new MapOps(m);
            const t = mapType(rt, kk, int64Type(rt));
            const rng = seedrandom(seed + arch + profile);
            const keyTmp = rt.heap.persistentalloc(16, 8);
            for (let round = 0; round < 20; round++) {
              const h = m.makemap_small();
              const model = new Map<string, number>();
              const n = 5 + Math.floor(rng() * 300);
              for (let i = 0; i < n; i++) {
                writeKey(rt, kk, keyTmp, i);
                rt.mem.store32(ops.assign(t, h, keyTmp), i);
                model.set(readKey(rt, kk, keyTmp), i);
              }
              iterateWhileMutating(rt, m, ops, t, kk, h, model, rng, kk === INT16 ? 30000 : n * 8, keyTmp);
              checkTable(m, t, h);
            }
          }
        });

        it(`NaN keys: each insert is a new entry, iteration (also across growth) returns them all (${arch}/${profile})`, () => {
          const rt = makeRuntime(arch, profile);
          const m = new MapRuntime(rt);
          const t = mapType(rt, FLOAT64, int64Type(rt));
          const mem = rt.mem;
          const k = rt.heap.persistentalloc(8, 8);
          const h = m.makemap_small();
          for (let i = 0; i < 5; i++) {
            mem.dv.setFloat64(mem.off(k, 8), NaN, true);
            mem.store32(m.mapassign(t, h, k), 1000 + i);
          }
          expect(m.reflect_maplen(h)).to.equal(5);
          m.mapaccess2(t, h, k);
          expect(m.ok).to.equal(false);
          m.mapdelete(t, h, k);
          expect(m.reflect_maplen(h)).to.equal(5);
          // start iterating, then grow the map a lot under the iterator
          const it = new hiter();
          const seen = new Set<number>();
          let step = 0;
          for (m.mapiterinit(t, h, it); it.key !== 0; m.mapiternext(it)) {
            const v = mem.load32(it.elem);
            expect(seen.has(v)).to.equal(false);
            seen.add(v);
            for (let j = 0; j < 40; j++) {
              mem.dv.setFloat64(mem.off(k, 8), step * 100 + j + 0.25, true);
              mem.store32(m.mapassign(t, h, k), 5000000 + step * 100 + j);
            }
            step++;
          }
          for (let i = 0; i < 5; i++) expect(seen.has(1000 + i), `NaN entry ${i}`).to.equal(true);
          m.mapclear(t, h);
          expect(m.reflect_maplen(h)).to.equal(0);
        });
      }
    }
  });

  describe('panics and throws', () => {
    for (const arch of ARCHES) {
      for (const profile of PROFILES) {
        it(`nil map: assignment panics, reads and deletes do not (${arch}/${profile})`, () => {
          const rt = makeRuntime(arch, profile);
          const m = new MapRuntime(rt);
          const k = rt.heap.persistentalloc(16, 8);
          for (const kk of [INT64, INT32, STRING, INT16]) {
            const t = mapType(rt, kk, int64Type(rt));
            const ops = new MapOps(m);
            writeKey(rt, kk, k, 3);
            expect(() => ops.assign(t, 0, k)).to.throw(GoPanic, /^assignment to entry in nil map$/);
            expect(ops.access2(t, 0, k)).to.equal(m.zeroVal);
            expect(ops.ok).to.equal(false);
            expect(ops.access1(t, 0, k)).to.equal(m.zeroVal);
            ops.delete(t, 0, k);
            expect(m.reflect_maplen(0)).to.equal(0);
            expect(ops.len(0)).to.equal(0);
          }
        });

        it(`hashWriting set: concurrent map writes / read and map write / iteration (${arch}/${profile})`, () => {
          const rt = makeRuntime(arch, profile);
          const m = new MapRuntime(rt);
          const t = mapType(rt, INT64, int64Type(rt));
          const tg = mapType(rt, INT16, int64Type(rt));
          const mem = rt.mem, L = m.L;
          const k = rt.heap.persistentalloc(8, 8);
          const h = m.makemap_small();
          m.mapassign_fast64(t, h, 1, 0);
          const it = new hiter();
          m.mapiterinit(t, h, it);
          mem.store8(h + L.flags, mem.load8(h + L.flags) | hashWriting);
          expect(() => m.mapassign_fast64(t, h, 2, 0)).to.throw(GoThrow, /^concurrent map writes$/);
          expect(() => m.mapassign(tg, h, k)).to.throw(GoThrow, /^concurrent map writes$/);
          expect(() => m.mapdelete_fast64(t, h, 1, 0)).to.throw(GoThrow, /^concurrent map writes$/);
          expect(() => m.mapclear(t, h)).to.throw(GoThrow, /^concurrent map writes$/);
          expect(() => m.mapaccess1_fast64(t, h, 1, 0)).to.throw(GoThrow, /^concurrent map read and map write$/);
          expect(() => m.mapaccess2(tg, h, k)).to.throw(GoThrow, /^concurrent map read and map write$/);
          expect(() => m.mapiternext(it)).to.throw(GoThrow, /^concurrent map iteration and map write$/);
        });

        it(`hashMightPanic: an empty map still hashes the key (${arch}/${profile})`, () => {
          const rt = makeRuntime(arch, profile);
          const m = new MapRuntime(rt);
          const base = mapType(rt, INT64, int64Type(rt));
          let calls = 0;
          const t: MapType = { ...base, flags: base.flags | 16, fastAssign: MapFast.Slow, fastAccess: MapFast.Slow,
            hasher: (p, lo, hi) => { calls++; if (rt.mem.load32(p) === 666) throw new GoPanic('runtime error: hash of unhashable type []int'); return base.hasher(p, lo, hi); } };
          const k = rt.heap.persistentalloc(8, 8);
          rt.mem.store64(k, 666, 0);
          expect(() => m.mapaccess1(t, 0, k)).to.throw(GoPanic, /unhashable/);
          expect(() => m.mapaccess2(t, 0, k)).to.throw(GoPanic, /unhashable/);
          expect(() => m.mapdelete(t, 0, k)).to.throw(GoPanic, /unhashable/);
          const h = m.makemap_small();
          expect(() => m.mapassign(t, h, k)).to.throw(GoPanic, /unhashable/);
          // the failed assign left no hashWriting behind
          expect(rt.mem.load8(h + m.L.flags) & hashWriting).to.equal(0);
          rt.mem.store64(k, 1, 0);
          calls = 0;
          m.mapaccess2(t, 0, k);
          expect(calls).to.equal(1);
          const plain = { ...t, flags: base.flags };
          m.mapaccess2(plain, 0, k);
          expect(calls).to.equal(1);
        });
      }
    }
  });

  describe('reflect entry points and profile-specific API', () => {
    for (const arch of ARCHES) {
      for (const profile of PROFILES) {
        it(`reflect_makemap, reflect_mapiterinit, reflect_*_faststr (${arch}/${profile})`, () => {
          const rt = makeRuntime(arch, profile);
          const m = new MapRuntime(rt);
          const t = mapType(rt, STRING, int64Type(rt));
          const mem = rt.mem, P = rt.ptrSize;
          const h = m.reflect_makemap(t, 20);
          expect(mem.load8(h + m.L.B)).to.equal(2);
          const key = rt.heap.persistentalloc(2 * P, 8);
          const val = rt.heap.persistentalloc(8, 8);
          writeKey(rt, STRING, key, 40);
          mem.store64(val, 77, 0);
          m.reflect_mapassign(t, h, key, val);
          expect(mem.load64(m.reflect_mapaccess(t, h, key))).to.equal(77);
          writeKey(rt, STRING, key, 41);
          expect(m.reflect_mapaccess(t, h, key)).to.equal(0);
          const before = rt.heap.mallocs;
          const it = m.reflect_mapiterinit(t, h);
          if (profile === 'go1.15') {
            expect(it.addr).to.not.equal(0);
            expect(rt.heap.mallocs - before).to.be.at.least(1);
          } else {
            expect(it.addr).to.equal(0);
          }
          expect(readKey(rt, STRING, m.reflect_mapiterkey(it))).to.equal('key-' + (40).toString(36));
          expect(mem.load64(m.reflect_mapiterelem(it))).to.equal(77);
          m.reflect_mapiternext(it);
          expect(m.reflect_mapiterkey(it)).to.equal(0);
          const sp = mem.loadPtr(key), sl = mem.loadInt(key + P);
          if (profile === 'go1.19') {
            m.reflect_mapassign_faststr(t, h, sp, sl, val);
            expect(m.reflect_mapaccess_faststr(t, h, sp, sl)).to.not.equal(0);
            m.reflect_mapdelete_faststr(t, h, sp, sl);
            expect(m.reflect_mapaccess_faststr(t, h, sp, sl)).to.equal(0);
          } else {
            expect(() => m.reflect_mapassign_faststr(t, h, sp, sl, val)).to.throw(/does not exist/);
          }
          // invariant checks
          const bad = { ...t, keysize: 3 };
          expect(() => m.reflect_makemap(bad, 0)).to.throw(GoThrow, /^key size wrong$/);
          const noeq = { ...t, key: { ...t.key, equal: null } };
          expect(() => m.reflect_makemap(noeq, 0)).to.throw(GoThrow, /unsupported map key type/);
        });

        it(`makemap hint handling (${arch}/${profile})`, () => {
          const rt = makeRuntime(arch, profile);
          const m = new MapRuntime(rt);
          const t = mapType(rt, INT64, int64Type(rt));
          const L = m.L;
          const Bof = (h: number): number => rt.mem.load8(h + L.B);
          expect(Bof(m.makemap(t, 0, 0))).to.equal(0);
          expect(Bof(m.makemap(t, 8, 0))).to.equal(0);
          expect(Bof(m.makemap(t, 9, 0))).to.equal(1);
          expect(Bof(m.makemap(t, 13, 0))).to.equal(1);
          expect(Bof(m.makemap(t, 14, 0))).to.equal(2);
          expect(Bof(m.makemap(t, -5, 0))).to.equal(0);
          expect(Bof(m.makemap64(t, 2 ** 47, 0))).to.equal(0); // too big: hint = 0 (maxAlloc; int on 386)
          // an existing (stack) hmap is initialized in place
          const sh = rt.heap.persistentalloc(L.size, 8);
          expect(m.makemap(t, 100, sh)).to.equal(sh);
          expect(Bof(sh)).to.equal(4);
        });
      }
    }
  });

  describe('helpers', () => {
    it('maskHash / shrHash over 64-bit hashes', () => {
      expect(maskHash(0xdeadbeef, 0x12345678, 0xff)).to.equal(0xef);
      expect(maskHash(0xdeadbeef, 0x12345678, 2 ** 32 - 1)).to.equal(0xdeadbeef);
      expect(maskHash(0xdeadbeef, 0x12345678, 2 ** 36 - 1)).to.equal(0x8 * TWO32 + 0xdeadbeef);
      expect(shrHash(0x80000000, 0x3, 31)).to.equal(7);
      expect(shrHash(0x80000000, 0x3, 33)).to.equal(1);
      expect(isEmpty(emptyOne)).to.equal(true);
      expect(isEmpty(evacuatedEmpty)).to.equal(false);
    });

    it('go1.15 iteration start for B > 28: r = f1 + f2<<31 (uintptr)', () => {
      // A fake hmap with B = 30 and count > 0: mapiterinit computes the start and then faults
      // reading the (nonexistent) buckets; the hiter holds startBucket/offset by then.
      for (const arch of ARCHES) {
        for (const profile of PROFILES) {
          const draws = [0xfedcba98, 0x89abcdef, 0x13579bdf];
          let n = 0;
          const gen: FastRandGen = { fastrand64Hi: 0, fastrand: () => draws[n++ % 3], fastrand64: () => { const lo = draws[n++ % 3]; gen.fastrand64Hi = draws[n++ % 3]; return lo; } };
          const rt = makeRuntime(arch, profile, 'aes', 'x', gen);
          const m = new MapRuntime(rt);
          const t = mapType(rt, INT64, int64Type(rt));
          const L = m.L, mem = rt.mem;
          const h = rt.heap.persistentalloc(L.size, 8);
          mem.storeInt(h + L.count, 1);
          mem.store8(h + L.B, 30);
          mem.storePtr(h + L.buckets, rt.heap.persistentalloc(t.bucketsize, 8));
          const it = new hiter();
          try { m.mapiterinit(t, h, it); } catch { /* fault on the bucket walk */ }
          const [f1, f2] = [draws[0], draws[1]];
          let lo: number, hi: number;
          if (profile === 'go1.15') {
            // r = f1 + f2<<31
            const s = f1 + (f2 & 1) * 2 ** 31;
            lo = s >>> 0;
            hi = arch === 'amd64' ? ((f2 >>> 1) + (s >= TWO32 ? 1 : 0)) >>> 0 : 0;
          } else {
            lo = f1; hi = arch === 'amd64' ? f2 : 0; // fastrand64: lo, hi
          }
          expect(it.startBucket, `${arch}/${profile}`).to.equal((lo & (2 ** 30 - 1)) >>> 0);
          expect(it.offset, `${arch}/${profile}`).to.equal(((lo >>> 30) | (hi << 2)) & 7);
        }
      }
    });
  });
});
