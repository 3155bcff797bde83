// Hash and equality functions of Go types (src/runtime/alg.ts).
//
// The main check replays fixtures/typedhash/<profile>-<arch>-<family>.json, written only by
// scripts/typedhashvec.sh from REAL Go: each vector is a key of some map type (in the contract's
// value encoding), a seed, and what that map type's maptype.hasher returned (or the panic it
// raised), with the fastrand values it drew for NaNs. The vector's key is encoded into simulated
// memory with values.ts and hashed with compilerHasher; results must be bit-exact.
// The remaining tests check formulas against Go's source (runtime/alg.go), computed here with
// BigInt, and the equality functions against Go's == semantics.

import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import { archByName, ArchName, Profile, HashFamily, ARCHES, PROFILES } from '../src/arch';
import { GoRuntime, FastRandGen } from '../src/runtime/runtime';
import { GoPanic } from '../src/runtime/errors';
import { GoType, Kind } from '../src/runtime/types';
import * as hashMod from '../src/runtime/hash';
import * as regMod from '../src/runtime/typeregistry';
import * as alg from '../src/runtime/alg';
import * as values from '../src/runtime/values';

interface Vector {
  type: string;
  value: unknown;
  ptrval?: string;
  seed: string;
  result?: string;
  panic?: string;
  draws?: string[];
}
interface Fixture {
  generator: string;
  goVersion: string;
  goarch: string;
  ptrSize: number;
  family: string;
  aeskeysched: string;
  hashkey: string[];
  types: { type: string; hasher: string }[];
  vectors: Vector[];
}

type RegMod = typeof regMod;

function findUp(rel: string): string | null {
  for (const start of [__dirname, process.cwd()]) {
    let d = start;
    for (let i = 0; i < 5; i++) {
      const c = path.join(d, rel);
      if (fs.existsSync(c)) return c;
      d = path.dirname(d);
    }
  }
  return null;
}

/** A fastrand stub: hands out queued values and fails on an unexpected draw. */
class QueueRand implements FastRandGen {
  queue: number[] = [];
  drawn = 0;
  fastrand64Hi = 0;
  fastrand(): number {
    const v = this.queue.shift();
    if (v === undefined) throw new Error('unexpected fastrand draw');
    this.drawn++;
    return v;
  }
  fastrand64(): number {
    throw new Error('unexpected fastrand64 draw');
  }
}

function hexBytes(h: string): Uint8Array {
  const b = new Uint8Array(h.length / 2);
  for (let i = 0; i < b.length; i++) b[i] = parseInt(h.substr(2 * i, 2), 16);
  return b;
}

/** "0x" + 8 or 16 hex digits → [lo, hi]. */
function word(h: string): [number, number] {
  const d = h.startsWith('0x') ? h.slice(2) : h;
  if (d.length === 16) return [parseInt(d.slice(8), 16) >>> 0, parseInt(d.slice(0, 8), 16) >>> 0];
  if (d.length === 8) return [parseInt(d, 16) >>> 0, 0];
  throw new Error(`bad word ${h}`);
}

function wordHex(lo: number, hi: number, ptrSize: number): string {
  const l = (lo >>> 0).toString(16).padStart(8, '0');
  return '0x' + (ptrSize === 8 ? (hi >>> 0).toString(16).padStart(8, '0') + l : l);
}

interface Env {
  rt: GoRuntime;
  reg: InstanceType<RegMod['TypeRegistry']>;
  rand: QueueRand;
}

function makeEnv(arch: ArchName, profile: Profile, family: HashFamily, aes?: Uint8Array, hk?: Uint32Array): Env {
  const a = archByName(arch);
  const aeskeysched = aes ?? new Uint8Array(arch === 'amd64' ? 128 : 64).map((_, i) => (i * 37 + 11) & 0xff);
  const hashkey = hk ?? new Uint32Array(8).map((_, i) => ((i * 0x9e3779b9) | 1) >>> 0);
  const rand = new QueueRand();
  const rt = new GoRuntime({
    arch: a, profile, family, gen: rand, aeskeysched, hashkey,
    hash: hashMod.makeRawHash(arch, profile, family, aeskeysched, hashkey),
  });
  return { rt, reg: new regMod.TypeRegistry(rt), rand };
}

/** A fresh zeroed object for a value of type t. */
function alloc(env: Env, t: GoType): number {
  return env.rt.heap.mallocgc(Math.max(t.size, 1), false);
}

/** The value with every "ptr" replaced by null. */
function nilPtrs(v: unknown): unknown {
  if (v === 'ptr') return null;
  if (Array.isArray(v)) return v.map(nilPtrs);
  if (typeof v === 'object' && v !== null) {
    const o = v as Record<string, unknown>;
    return { type: o.type, value: nilPtrs(o.value) };
  }
  return v;
}

const FAMILIES: HashFamily[] = ['aes', 'fallback'];

describe('alg: compiler hashers vs real Go (fixtures/typedhash)', function () {
  const dir = findUp(path.join('fixtures', 'typedhash'));
  for (const profile of PROFILES) {
    for (const arch of ARCHES) {
      for (const family of FAMILIES) {
        const name = `${profile}-${arch}-${family}`;
        it(`${name}: every vector bit-exact`, function () {
          if (dir === null) throw new Error('fixtures/typedhash not found (run npm run typedhashvec)');
          const fx = JSON.parse(fs.readFileSync(path.join(dir, name + '.json'), 'utf8')) as Fixture;
          expect(fx.goVersion.startsWith(profile), fx.goVersion).to.equal(true);
          expect(fx.goarch).to.equal(arch);
          const hk = new Uint32Array(8);
          fx.hashkey.forEach((h, i) => {
            const [lo, hi] = word(h);
            hk[2 * i] = lo;
            hk[2 * i + 1] = hi;
          });
          const env = makeEnv(arch, profile, family, hexBytes(fx.aeskeysched), hk);
          const { rt, reg, rand } = env;
          const ps = rt.ptrSize;
          let n = 0;
          const failures: string[] = [];
          for (const v of fx.vectors) {
            const t = reg.get(v.type);
            const p = alloc(env, t);
            // A pointer word travels as "ptrval"; the value says "ptr" there: encode nil, then patch.
            values.encodeValue(reg, t, v.ptrval !== undefined ? nilPtrs(v.value) : v.value, p, `vector ${n}`);
            if (v.ptrval !== undefined) {
              const [lo, hi] = word(v.ptrval);
              const pv = lo + hi * 2 ** 32;
              if (t.kind === Kind.Interface) {
                const dt = reg.get((v.value as { type: string }).type);
                rt.mem.storePtr(p, dt.addr);
                rt.mem.storePtr(p + ps, pv);
              } else {
                rt.mem.storePtr(p, pv);
              }
            }
            rand.queue = (v.draws ?? []).map((d) => parseInt(d.slice(2), 16) >>> 0);
            rand.drawn = 0;
            const [slo, shi] = word(v.seed);
            const h = alg.compilerHasher(reg, t);
            let got: string;
            try {
              const lo = h(p, slo, shi);
              got = wordHex(lo, rt.hash.hi, ps);
              if (ps === 4 && rt.hash.hi !== 0) got += ' (hash.hi not 0 on 386)';
              if (rand.queue.length !== 0) got += ` (drew ${rand.drawn} of ${(v.draws ?? []).length})`;
            } catch (e) {
              if (!(e instanceof GoPanic)) throw e;
              got = 'panic: ' + e.message;
            }
            const want = v.panic !== undefined ? 'panic: ' + v.panic : v.result!;
            if (got !== want) failures.push(`${v.type} ${JSON.stringify(v.value)} seed ${v.seed}: got ${got}, want ${want}`);
            n++;
          }
          expect(failures.slice(0, 20), `${failures.length} of ${n} vectors differ`).to.deep.equal([]);
          expect(n).to.be.greaterThan(600);
        });
      }
    }
  }
});

// ---- formulas from runtime/alg.go, computed with BigInt ----

const C0_64 = 33054211828000289n, C1_64 = 23344194077549503n;
const C0_32 = 2860486313n, C1_32 = 3267000013n;

function mixExpected(ptrSize: number, seed: bigint, x: bigint): bigint {
  const mask = ptrSize === 8 ? (1n << 64n) - 1n : (1n << 32n) - 1n;
  const c0 = ptrSize === 8 ? C0_64 : C0_32;
  const c1 = ptrSize === 8 ? C1_64 : C1_32;
  return (c1 * ((c0 ^ seed ^ x) & mask)) & mask;
}

function result(env: Env, lo: number): bigint {
  return (BigInt(env.rt.hash.hi >>> 0) << 32n) | BigInt(lo >>> 0);
}

function split(s: bigint): [number, number] {
  return [Number(s & 0xffffffffn), Number((s >> 32n) & 0xffffffffn)];
}

describe('alg: formulas of runtime/alg.go', function () {
  const seeds64 = [0n, 1n, 0xc49b380cn, 0xffffffffn, 0x123456789abcdef0n, (1n << 64n) - 1n, 0x8000000000000000n];
  for (const arch of ARCHES) {
    const ps = arch === 'amd64' ? 8 : 4;
    const seeds = seeds64.map((s) => (ps === 8 ? s : s & 0xffffffffn));
    it(`${arch}: float ±0 hash to c1*(c0^h); complex ±0 applies it twice`, function () {
      const env = makeEnv(arch, 'go1.19', 'aes');
      const { reg, rt } = env;
      for (const ts of ['float32', 'float64']) {
        const t = reg.get(ts);
        const p = alloc(env, t);
        for (const z of ['-0', 0]) {
          values.encodeValue(reg, t, z, p, 't');
          for (const s of seeds) {
            const [lo, hi] = split(s);
            const r = result(env, alg.compilerHasher(reg, t)(p, lo, hi));
            expect(r, `${ts} ${z} seed ${s}`).to.equal(mixExpected(ps, s, 0n));
          }
        }
      }
      const c = reg.get('complex128');
      const p = alloc(env, c);
      values.encodeValue(reg, c, ['-0', 0], p, 't');
      for (const s of seeds) {
        const [lo, hi] = split(s);
        const r = result(env, alg.compilerHasher(reg, c)(p, lo, hi));
        expect(r).to.equal(mixExpected(ps, mixExpected(ps, s, 0n), 0n));
      }
      expect(rt.hash.hi === 0 || ps === 8).to.equal(true);
    });
    it(`${arch}: NaN hashes to c1*(c0^h^uintptr(fastrand())), one draw (Draw.Other) per NaN`, function () {
      const env = makeEnv(arch, 'go1.15', 'fallback');
      const { reg, rand } = env;
      for (const [ts, nan] of [['float32', 'NaN'], ['float64', 'NaN'], ['float64', '0xfff0000000000001'], ['float32', '0xff800001']]) {
        const t = reg.get(ts);
        const p = alloc(env, t);
        values.encodeValue(reg, t, nan, p, 't');
        for (const s of seeds) {
          rand.queue = [0xdeadbeef];
          const [lo, hi] = split(s);
          const r = result(env, alg.compilerHasher(reg, t)(p, lo, hi));
          expect(r).to.equal(mixExpected(ps, s, 0xdeadbeefn));
          expect(rand.queue).to.deep.equal([]);
        }
      }
      // Infinities are not NaN: no draw (memhash).
      const t = reg.get('float64');
      const p = alloc(env, t);
      values.encodeValue(reg, t, '+Inf', p, 't');
      rand.queue = [];
      alg.compilerHasher(reg, t)(p, 5, 0);
    });
    it(`${arch}: a nil interface and zero-size keys hash to the seed (memhash0)`, function () {
      const env = makeEnv(arch, 'go1.19', 'aes');
      const { reg } = env;
      for (const ts of ['interface {}', 'struct {}', '[0]string', '[0]float64']) {
        const t = reg.get(ts);
        const p = alloc(env, t);
        for (const s of seeds) {
          const [lo, hi] = split(s);
          expect(result(env, alg.compilerHasher(reg, t)(p, lo, hi)), `${ts} seed ${s}`).to.equal(s);
        }
      }
    });
    for (const profile of PROFILES) {
      it(`${profile} ${arch}: typehash of a size-0 regular type is memhash(p, h, 0), not the seed`, function () {
        const env = makeEnv(arch, profile, 'aes');
        const { reg, rt } = env;
        const t = reg.get('struct {}');
        const p = alloc(env, t);
        const r = alg.typehash(reg, t, p, 0x1234, 0);
        const want = rt.hash.memhash(rt.mem.u8, 0, 0, 0x1234, 0);
        expect(r).to.equal(want);
        expect(r).to.not.equal(0x1234);
      });
    }
    it(`${arch}: interface hash = c1*typehash(dyn, data, h^c0), ignoring the dynamic type`, function () {
      const env = makeEnv(arch, 'go1.19', 'aes');
      const { reg } = env;
      const ti = reg.get('interface {}');
      const a = alloc(env, ti);
      const b = alloc(env, ti);
      values.encodeValue(reg, ti, { type: 'int64', value: 5 }, a, 't');
      values.encodeValue(reg, ti, { type: 'uint64', value: 5 }, b, 't');
      const h = alg.compilerHasher(reg, ti);
      for (const s of seeds) {
        const [lo, hi] = split(s);
        const ra = result(env, h(a, lo, hi));
        const rb = result(env, h(b, lo, hi));
        expect(ra).to.equal(rb);
        // c1 * typehash(int64, data, h^c0): typehash of a regular 8-byte type is memhash64.
        const c0 = ps === 8 ? C0_64 : C0_32;
        const [slo, shi] = split(s ^ c0);
        const data = env.rt.mem.loadPtr(a + ps);
        const inner = result(env, alg.typehash(reg, reg.get('int64'), data, slo, shi));
        const mask = ps === 8 ? (1n << 64n) - 1n : (1n << 32n) - 1n;
        expect(ra).to.equal(((ps === 8 ? C1_64 : C1_32) * inner) & mask);
      }
    });
  }
});

describe('alg: typehash per profile (runtime/alg.go typehash)', function () {
  for (const arch of ARCHES) {
    it(`${arch}: go1.15 merges struct memory runs like the compiler; go1.19 hashes field by field`, function () {
      for (const profile of PROFILES) {
        const env = makeEnv(arch, profile, 'aes');
        const { reg, rt } = env;
        const t = reg.get('struct { a int32; b int32; s string }');
        const p = alloc(env, t);
        values.encodeValue(reg, t, [1, 2, 'x'], p, 't');
        const gen = alg.compilerHasher(reg, t)(p, 77, 0);
        const genHi = rt.hash.hi;
        const th = alg.typehash(reg, t, p, 77, 0);
        const same = gen === th && genHi === rt.hash.hi;
        expect(same, profile).to.equal(profile === 'go1.15');
        // go1.19: typehash = strhash(s, memhash32(b, memhash32(a, h)))
        if (profile === 'go1.19') {
          let lo = rt.hash.memhash32(rt.mem.u8, rt.mem.off(p, 4), 77, 0);
          lo = rt.hash.memhash32(rt.mem.u8, rt.mem.off(p + 4, 4), lo, rt.hash.hi);
          const sp = rt.mem.loadPtr(p + 8);
          lo = rt.hash.memhash(rt.mem.u8, rt.mem.off(sp, 1), 1, lo, rt.hash.hi);
          expect(th).to.equal(lo);
        }
      }
    });
    it(`${arch}: unhashable dynamic types panic with Go's message, naming the innermost interface's type`, function () {
      const env = makeEnv(arch, 'go1.19', 'fallback');
      const { reg } = env;
      const cases: [string, unknown, string][] = [
        ['interface {}', { type: '[]int', value: [1] }, '[]int'],
        ['interface {}', { type: 'map[string]int', value: null }, 'map[string]int'],
        ['interface {}', { type: 'func()', value: null }, 'func()'],
        ['interface {}', { type: 'struct { a int; s []int }', value: [0, null] }, 'struct { a int; s []int }'],
        ['interface {}', { type: 'struct { i interface {}; n int32 }', value: [{ type: '[]int', value: null }, 1] }, '[]int'],
        ['[2]interface {}', [{ type: 'int', value: 1 }, { type: '[]string', value: [] }], '[]string'],
      ];
      for (const [ts, v, name] of cases) {
        const t = reg.get(ts);
        const p = alloc(env, t);
        values.encodeValue(reg, t, v, p, 't');
        expect(() => alg.compilerHasher(reg, t)(p, 1, 0)).to.throw(GoPanic, 'runtime error: hash of unhashable type ' + name);
      }
    });
  }
});

describe('alg: equality (_type.equal)', function () {
  for (const arch of ARCHES) {
    const env = (): Env => makeEnv(arch, 'go1.19', 'aes');
    function eq(e: Env, ts: string, a: unknown, b: unknown): boolean {
      const t = e.reg.get(ts);
      const p = alloc(e, t);
      const q = alloc(e, t);
      values.encodeValue(e.reg, t, a, p, 'a');
      values.encodeValue(e.reg, t, b, q, 'b');
      const f = alg.makeEqual(e.reg, t);
      expect(f, ts).to.not.equal(null);
      return f!(p, q);
    }
    it(`${arch}: floats and complex compare as IEEE ==`, function () {
      const e = env();
      expect(eq(e, 'float64', 0, '-0')).to.equal(true);
      expect(eq(e, 'float64', 'NaN', 'NaN')).to.equal(false);
      expect(eq(e, 'float64', 1.5, 1.5)).to.equal(true);
      expect(eq(e, 'float64', 1.5, 2.5)).to.equal(false);
      expect(eq(e, 'float32', '-0', 0)).to.equal(true);
      expect(eq(e, 'float32', 'NaN', 'NaN')).to.equal(false);
      expect(eq(e, 'float32', '+Inf', '+Inf')).to.equal(true);
      expect(eq(e, 'float32', '+Inf', '-Inf')).to.equal(false);
      expect(eq(e, 'complex128', [0, '-0'], ['-0', 0])).to.equal(true);
      expect(eq(e, 'complex64', [1, 'NaN'], [1, 'NaN'])).to.equal(false);
      expect(eq(e, '[2]float32', [0, 1], ['-0', 1])).to.equal(true);
    });
    it(`${arch}: strings compare by content, not by pointer`, function () {
      const e = env();
      expect(eq(e, 'string', 'hello', 'hello')).to.equal(true);
      expect(eq(e, 'string', 'hello', 'hellp')).to.equal(false);
      expect(eq(e, 'string', 'hello', 'hell')).to.equal(false);
      expect(eq(e, 'string', '', '')).to.equal(true);
      expect(eq(e, '[2]string', ['a', 'b'], ['a', 'b'])).to.equal(true);
      expect(eq(e, '[2]string', ['a', 'b'], ['a', 'c'])).to.equal(false);
    });
    it(`${arch}: structs ignore blank fields and padding`, function () {
      const e = env();
      const ts = 'struct { a int8; _ int16; b int32; s string }';
      expect(eq(e, ts, [1, 2, 3, 'x'], [1, 9, 3, 'x'])).to.equal(true);
      expect(eq(e, ts, [1, 2, 3, 'x'], [1, 2, 4, 'x'])).to.equal(false);
      const t = e.reg.get('struct { a int8; b int64 }');
      const p = alloc(e, t);
      const q = alloc(e, t);
      values.encodeValue(e.reg, t, [1, 2], p, 'a');
      values.encodeValue(e.reg, t, [1, 2], q, 'b');
      e.rt.mem.store8(q + 1, 0xa5); // padding
      expect(alg.makeEqual(e.reg, t)!(p, q)).to.equal(true);
      e.rt.mem.store8(q + t.fields![1].offset, 3);
      expect(alg.makeEqual(e.reg, t)!(p, q)).to.equal(false);
    });
    it(`${arch}: interfaces need the same dynamic type, then its ==`, function () {
      const e = env();
      const ti = 'interface {}';
      expect(eq(e, ti, null, null)).to.equal(true);
      expect(eq(e, ti, null, { type: 'int', value: 0 })).to.equal(false);
      expect(eq(e, ti, { type: 'int64', value: 5 }, { type: 'int64', value: 5 })).to.equal(true);
      expect(eq(e, ti, { type: 'int64', value: 5 }, { type: 'uint64', value: 5 })).to.equal(false);
      expect(eq(e, ti, { type: 'float64', value: 0 }, { type: 'float64', value: '-0' })).to.equal(true);
      expect(eq(e, ti, { type: 'float64', value: 'NaN' }, { type: 'float64', value: 'NaN' })).to.equal(false);
      expect(eq(e, ti, { type: 'string', value: 'ab' }, { type: 'string', value: 'ab' })).to.equal(true);
      expect(eq(e, ti, { type: 'struct { a int8; s string }', value: [1, 'x'] },
        { type: 'struct { a int8; s string }', value: [1, 'x'] })).to.equal(true);
      // Direct-iface: the data words compare.
      expect(eq(e, ti, { type: '*int', value: 'new' }, { type: '*int', value: 'new' })).to.equal(false);
      expect(eq(e, ti, { type: '*int', value: null }, { type: '*int', value: null })).to.equal(true);
      const t = e.reg.get(ti);
      const p = alloc(e, t);
      values.encodeValue(e.reg, t, { type: '*int', value: 'new' }, p, 'a');
      const q = alloc(e, t);
      e.rt.mem.memmove(q, p, t.size);
      expect(alg.makeEqual(e.reg, t)!(p, q)).to.equal(true);
    });
    it(`${arch}: comparing an uncomparable dynamic type panics (runtime/alg.go efaceeq)`, function () {
      const e = env();
      const t = e.reg.get('interface {}');
      const p = alloc(e, t);
      const q = alloc(e, t);
      values.encodeValue(e.reg, t, { type: '[]int', value: [1] }, p, 'a');
      values.encodeValue(e.reg, t, { type: '[]int', value: [1] }, q, 'b');
      expect(() => alg.makeEqual(e.reg, t)!(p, q)).to.throw(GoPanic, 'runtime error: comparing uncomparable type []int');
      values.encodeValue(e.reg, t, { type: 'map[int]int', value: null }, q, 'b');
      expect(alg.makeEqual(e.reg, t)!(p, q)).to.equal(false); // different type words: no panic
    });
    it(`${arch}: incomparable types have no equal`, function () {
      const e = env();
      for (const ts of ['[]int', 'map[int]int', 'func()', 'struct { a int; s []int }', '[2][]int']) {
        expect(alg.makeEqual(e.reg, e.reg.get(ts)), ts).to.equal(null);
      }
    });
  }
});

describe('alg: hashers are consistent with equality', function () {
  it('equal keys (±0, padding, blank fields, separate string copies) hash alike', function () {
    for (const arch of ARCHES) {
      for (const profile of PROFILES) {
        const e = makeEnv(arch, profile, 'aes');
        const pairs: [string, unknown, unknown][] = [
          ['float64', 0, '-0'],
          ['complex64', ['-0', 1], [0, 1]],
          ['struct { a int8; _ int16; b int32; s string }', [1, 2, 3, 'x'], [1, 7, 3, 'x']],
          ['interface {}', { type: 'float32', value: '-0' }, { type: 'float32', value: 0 }],
          ['interface {}', { type: 'struct { _ int8; a string }', value: [1, 'q'] }, { type: 'struct { _ int8; a string }', value: [2, 'q'] }],
          ['[2]string', ['ab', 'c'], ['ab', 'c']],
        ];
        for (const [ts, a, b] of pairs) {
          const t = e.reg.get(ts);
          const p = alloc(e, t);
          const q = alloc(e, t);
          values.encodeValue(e.reg, t, a, p, 'a');
          values.encodeValue(e.reg, t, b, q, 'b');
          expect(alg.makeEqual(e.reg, t)!(p, q), ts).to.equal(true);
          const h = alg.compilerHasher(e.reg, t);
          const r1 = h(p, 0x5eed, 0);
          const r1hi = e.rt.hash.hi;
          const r2 = h(q, 0x5eed, 0);
          expect([r2, e.rt.hash.hi], `${profile} ${arch} ${ts}`).to.deep.equal([r1, r1hi]);
        }
      }
    }
  });
});
