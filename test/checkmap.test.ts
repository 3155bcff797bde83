// checkmap (src/check/checkmap.ts) and `goemu check` (src/cli/check.ts):
//  * healthy maps — random operations (with iterators alive across growth, NaN keys, address
//    keys, indirect keys and elems, all compiled entry points), every real-Go fixture trace of two
//    configurations replayed — report nothing;
//  * checkmap never changes a run (a NaN's hash would draw from fastrand);
//  * deliberately corrupted maps each report the expected problem at the expected location;
//  * the command's output and exit codes.

import { expect } from 'chai';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import seedrandom from 'seedrandom';
import { CONFIGS, Cfg, cfgName, Proc, GoMap } from './go_helpers';
import { checkmap } from '../src/check/checkmap';
import { checkRun } from '../src/cli/check';
import { main } from '../src/cli/main';
import { hiter, maskHash } from '../src/runtime/map';
import {
  bucketCnt, dataOffset, emptyRest, emptyOne, evacuatedX, evacuatedY, minTopHash, hashWriting,
} from '../src/runtime/hmap';
import { checkScenario, checkTrace, parseJSON } from '../src/scenario/scenario';
import { runScenario, ScenarioRunner } from '../src/scenario/run';
import { Memory } from '../src/mem/memory';
import { FastRand } from '../src/runtime/fastrand';

const ROOT = path.join(__dirname, '..', '..');
const SCENARIOS = path.join(ROOT, 'fixtures', 'scenarios');
const TRACES = path.join(ROOT, 'fixtures', 'traces');

// ------------------------------------------------------------------------------------------------
// Healthy maps

interface KeyGen {
  type: string;
  key(r: () => number): unknown;
  elem(r: () => number): unknown;
}

const KEYS: KeyGen[] = [
  { type: 'map[int64]int', key: (r) => Math.floor(r() * 400), elem: (r) => Math.floor(r() * 1000) },
  { type: 'map[int32]int32', key: (r) => Math.floor(r() * 400), elem: (r) => Math.floor(r() * 1000) },
  { type: 'map[string]string', key: (r) => 'k' + Math.floor(r() * 400), elem: (r) => 'v' + Math.floor(r() * 9) },
  {
    type: 'map[float64]int8',
    key: (r) => { const x = r(); return x < 0.05 ? 'NaN' : x < 0.1 ? '-0' : x < 0.15 ? 0 : Math.floor(x * 300) / 2; },
    elem: (r) => Math.floor(r() * 100),
  },
  { type: 'map[[3]uint16]bool', key: (r) => [Math.floor(r() * 20), Math.floor(r() * 20), 1], elem: () => true },
  { type: 'map[*int]int', key: () => 'new', elem: (r) => Math.floor(r() * 1000) },
  {
    type: 'map[interface {}]string',
    key: (r) => { const x = r(); return x < 0.3 ? { type: 'int', value: Math.floor(x * 1000) } : x < 0.6 ? { type: 'string', value: 's' + Math.floor(x * 1000) } : x < 0.65 ? { type: 'float64', value: 'NaN' } : { type: '[2]int8', value: [Math.floor(x * 100), 1] }; },
    elem: (r) => 'v' + Math.floor(r() * 9),
  },
  { type: 'map[[130]byte]int', key: (r) => { const a = new Array(130).fill(0); a[7] = Math.floor(r() * 250); a[99] = Math.floor(r() * 2); return a; }, elem: (r) => Math.floor(r() * 1000) },
  { type: 'map[uint16][129]byte', key: (r) => Math.floor(r() * 400), elem: (r) => { const a = new Array(129).fill(0); a[3] = Math.floor(r() * 250); return a; } },
];

/** Random sets/deletes/gets, iterators kept alive across mutations, clears; checkmap after each step. */
function randomOps(cfg: Cfg, kg: KeyGen, seed: string, steps: number): { checks: number } {
  const p = new Proc(cfg, seed);
  const r = seedrandom(seed);
  const rnd = (): number => r();
  const m = p.make(kg.type, r() < 0.5 ? {} : { hint: Math.floor(r() * 40), variable: true });
  const keys: unknown[] = [];
  let it: hiter | null = null;
  let checks = 0;
  const check = (what: string): void => {
    checks++;
    const probs = m.problems();
    if (probs.length) expect.fail(`${cfgName(cfg)} ${kg.type} ${seed} after ${what}:\n  ${probs.slice(0, 8).join('\n  ')}`);
  };
  for (let s = 0; s < steps; s++) {
    const x = r();
    let what: string;
    if (x < 0.55) {
      const k = kg.key(rnd);
      m.set(k, kg.elem(rnd));
      keys.push(k);
      what = `set ${JSON.stringify(k).slice(0, 30)}`;
    } else if (x < 0.8 && keys.length) {
      const k = keys[Math.floor(r() * keys.length)];
      m.delete(k);
      what = `delete ${JSON.stringify(k).slice(0, 30)}`;
    } else if (x < 0.88) {
      m.get(kg.key(rnd));
      what = 'get';
    } else if (x < 0.995) {
      // an iterator: start one, or advance the live one a few steps (it marks the map
      // iterator|oldIterator, so later evacuations keep the old buckets' contents)
      if (it === null || it.key === 0) {
        it = new hiter();
        p.maps.mapiterinit(m.mt, m.h, it);
      } else {
        for (let i = 0; i < 5 && it.key !== 0; i++) p.maps.mapiternext(it);
      }
      what = 'iter';
    } else {
      m.clearLoop();
      it = null;
      what = 'clear';
    }
    if (s < 150 || s % 5 === 0) check(what);
  }
  check('the end');
  return { checks };
}

describe('checkmap: healthy maps report nothing', () => {
  for (const cfg of CONFIGS) {
    describe(cfgName(cfg), () => {
      for (const kg of KEYS) {
        it(`random operations on ${kg.type}`, function () {
          for (let s = 0; s < 2; s++) randomOps(cfg, kg, `${kg.type}#${s}`, 700);
        });
      }
    });
  }
});

describe('checkmap: healthy same-size growth', () => {
  // Churn overflow buckets in a B = 2 map until noverflow reaches 1<<B: the next insert of a new
  // key starts a same-size growth (tooManyOverflowBuckets), which then runs to its end.
  for (const cfg of CONFIGS) {
    for (const withIter of [false, true]) {
      it(`${cfgName(cfg)}${withIter ? ', an iterator alive' : ''}`, () => {
        const p = new Proc(cfg, 'same-size');
        const m = p.make('map[int]int', { hint: 20, variable: true });
        const keep = keysForBucket(m, 2, 3, 1, 5_000_000)[0];
        m.set(keep, 1); // keeps count > 0 (go1.19 reseeds hash0 at 0)
        let it: hiter | null = null;
        let sawSameSize = false;
        for (let bucket = 0; bucket < 4 && !sawSameSize; bucket++) {
          const ks = keysForBucket(m, 2, bucket, 9, 1_000_000 * (bucket + 1));
          for (const k of ks) {
            m.set(k, k);
            if (m.rt.mem.load8(m.h + m.p.L.flags) & 8) sawSameSize = true;
            m.check();
          }
          if (withIter && it === null) {
            it = new hiter();
            p.maps.mapiterinit(m.mt, m.h, it);
          }
          for (const k of ks) { m.delete(k); m.check(); }
          for (let i = 0; i < 3; i++) {
            m.set(7_000_000 + 10 * bucket + i, i); // new keys: the insert that may start the growth
            if (m.rt.mem.load8(m.h + m.p.L.flags) & 8) sawSameSize = true;
            m.check();
          }
        }
        expect(sawSameSize, 'a same-size growth happened').to.equal(true);
        while (m.oldbuckets !== 0) { m.set(8_000_000 + m.len(), 1); m.check(); }
        if (it) while (it.key !== 0) { p.maps.mapiternext(it); m.check(); }
      });
    }
  }
});

describe('checkmap: real-Go fixture traces, checked after every op', () => {
  const dirs = fs.existsSync(TRACES) ? ['go1.15-amd64-aes', 'go1.19-386-fallback'].filter((d) => fs.existsSync(path.join(TRACES, d))) : [];
  for (const dir of dirs) {
    it(dir, () => {
      const files = fs.readdirSync(path.join(TRACES, dir)).filter((f) => f.endsWith('.trace.json')).sort();
      expect(files.length).to.be.greaterThan(0);
      for (const f of files) {
        const { trace, scenario, config } = checkTrace(parseJSON(fs.readFileSync(path.join(TRACES, dir, f), 'utf8')));
        const res = checkRun(scenario, config, { seeds: trace.seeds, recorded: trace.events });
        expect(res.problems, `${dir}/${f}`).to.deep.equal([]);
        expect(res.ops).to.equal(scenario.ops.length);
      }
    });
  }
});

describe('checkmap never changes the run', () => {
  it('leaves fastrand untouched on a map full of NaN keys', () => {
    for (const cfg of CONFIGS) {
      const p = new Proc(cfg, 'nan-rand');
      const m = p.make('map[float64]int');
      for (let i = 0; i < 40; i++) m.set(i % 3 ? 'NaN' : i, i);
      const gen = p.rt.rand.gen as FastRand;
      const before = [gen.lo, gen.hi];
      expect(m.problems()).to.deep.equal([]);
      expect([gen.lo, gen.hi]).to.deep.equal(before);
    }
  });

  it('a scenario run with checks after every op writes the same trace', () => {
    for (const name of ['nan-grow-iter', 'iter-mid-growth-float', 'any-keys-kinds']) {
      const file = path.join(SCENARIOS, `${name}.scenario.json`);
      if (!fs.existsSync(file)) continue;
      for (const cfg of CONFIGS) {
        const { scenario, config } = checkScenario(parseJSON(fs.readFileSync(file, 'utf8')), { arch: cfg.arch, go: cfg.go, hash: cfg.hash });
        const plain = runScenario(scenario, config);
        let checks = 0;
        const runner: ScenarioRunner = new ScenarioRunner(scenario, config, {
          onOp: () => {
            for (const mv of runner.vars.values()) { checkmap(runner.rt, runner.reg, mv.mt, mv.h); checks++; }
          },
        });
        const checked = runner.run();
        expect(checks).to.be.greaterThan(0);
        expect(JSON.stringify(checked), `${name} ${cfgName(cfg)}`).to.equal(JSON.stringify(plain));
      }
    }
  });
});

// ------------------------------------------------------------------------------------------------
// Corrupted maps

/** Memory access to a map's buckets. */
class Mem {
  constructor(readonly m: GoMap) {}
  get mem(): Memory {
    return this.m.rt.mem;
  }
  get bs(): number {
    return this.m.mt.bucketsize;
  }
  bucket(i: number, old = false): number {
    return (old ? this.m.oldbuckets : this.m.buckets) + i * this.bs;
  }
  overflow(b: number): number {
    return this.mem.loadPtr(b + this.bs - this.m.p.P);
  }
  setOverflow(b: number, v: number): void {
    this.mem.storePtr(b + this.bs - this.m.p.P, v);
  }
  chain(i: number, old = false): number[] {
    const out: number[] = [];
    for (let b = this.bucket(i, old); b !== 0; b = this.overflow(b)) out.push(b);
    return out;
  }
  top(b: number, s: number): number {
    return this.mem.load8(b + s);
  }
  setTop(b: number, s: number, v: number): void {
    this.mem.store8(b + s, v);
  }
  keyAddr(b: number, s: number): number {
    return b + dataOffset + s * this.m.mt.keysize;
  }
  elemAddr(b: number, s: number): number {
    return b + dataOffset + bucketCnt * this.m.mt.keysize + s * this.m.mt.elemsize;
  }
  /** The first live slot of bucket i's chain. */
  live(i: number, old = false): [number, number] {
    for (const b of this.chain(i, old)) for (let s = 0; s < bucketCnt; s++) if (this.top(b, s) >= minTopHash) return [b, s];
    throw new Error(`no live slot in bucket ${i}`);
  }
  /** hmap field */
  field(off: 'count' | 'flags' | 'noverflow' | 'nevacuate' | 'extra'): number {
    const L = this.m.p.L, mem = this.mem, h = this.m.h;
    switch (off) {
      case 'count': return mem.loadInt(h + L.count);
      case 'flags': return mem.load8(h + L.flags);
      case 'noverflow': return mem.load16(h + L.noverflow);
      case 'nevacuate': return mem.loadPtr(h + L.nevacuate);
      default: return mem.loadPtr(h + L.extra);
    }
  }
}

/** n keys keyOf(i) (i counting up from `from`) that land in bucket `want` of a map with B `B` (by its hash0). */
function keysForBucket(m: GoMap, B: number, want: number, n: number, from = 1_000_000, keyOf: (i: number) => unknown = (i) => i): unknown[] {
  const out: unknown[] = [];
  const hash0 = m.rt.mem.load32(m.h + m.p.L.hash0);
  for (let i = from; out.length < n; i++) {
    const a = m.p.enc(m.mt.key, keyOf(i), 3);
    const lo = m.mt.hasher(a, hash0, 0);
    if (maskHash(lo, m.rt.hash.hi, 2 ** B - 1) === want) out.push(keyOf(i));
  }
  return out;
}

/** A map with B = 2 (hint 20): 2 keys in each of buckets 1..3 and `chainLen` keys in bucket 0. */
function chained(p: Proc, chainLen: number, type = 'map[int]int', keyOf: (i: number) => unknown = (i) => i, elem: unknown = 1): GoMap {
  const m = p.make(type, { hint: 20, variable: true });
  expect(m.B).to.equal(2);
  for (const k of keysForBucket(m, 2, 0, chainLen, 1_000_000, keyOf)) m.set(k, elem);
  for (let i = 1; i <= 3; i++) for (const k of keysForBucket(m, 2, i, 2, 2_000_000, keyOf)) m.set(k, elem);
  expect(m.B).to.equal(2);
  expect(m.oldbuckets).to.equal(0);
  return m;
}

/** map[int]int caught in the middle of growing from B 2 to B 3. */
function midGrowth(p: Proc, type = 'map[int]int'): GoMap {
  const m = p.make(type, { hint: 20, variable: true });
  for (let k = 0; m.oldbuckets === 0; k++) m.set(k, k);
  expect(m.B).to.equal(3);
  return m;
}

/** map[int]int (B 2) caught in the middle of a same-size growth: churned overflow buckets. */
function sameSizeMidGrowth(p: Proc): GoMap {
  const m = p.make('map[int]int', { hint: 20, variable: true });
  m.set(keysForBucket(m, 2, 3, 1, 5_000_000)[0], 1);
  for (let bucket = 0; bucket < 4; bucket++) {
    const ks = keysForBucket(m, 2, bucket, 9, 1_000_000 * (bucket + 1));
    for (const k of ks) {
      m.set(k, k);
      if (m.oldbuckets !== 0 && (m.rt.mem.load8(m.h + m.p.L.flags) & 8)) return m;
    }
    for (const k of ks) m.delete(k);
  }
  throw new Error('no same-size growth');
}

function expectProblem(m: GoMap, re: RegExp): string[] {
  const probs = m.problems();
  expect(probs.some((x) => re.test(x)), `want ${re}, got:\n  ${probs.join('\n  ')}`).to.equal(true);
  return probs;
}

describe('checkmap: corrupted maps', () => {
  for (const cfg of CONFIGS) {
    describe(cfgName(cfg), () => {
      const proc = (): Proc => new Proc(cfg, 'corrupt');

      it('healthy starting points', () => {
        chained(proc(), 20).check();
        chained(proc(), 20, 'map[int]*int', (i) => i, null).check();
        chained(proc(), 20, 'map[string]int', (i) => 's' + i).check();
        midGrowth(proc()).check();
        const m = proc().make('map[int]int', { hint: 100, variable: true });
        m.check();
      });

      it('a flipped tophash', () => {
        const m = chained(proc(), 3);
        const x = new Mem(m);
        const [b, s] = x.live(1);
        const t = x.top(b, s);
        x.setTop(b, s, t === 0xff ? 0x80 : t + 1);
        expectProblem(m, new RegExp(`^B:1 slot ${s}: tophash 0x[0-9a-f]{2} but the key's hash gives 0x${t.toString(16).padStart(2, '0')}$`));
      });

      it('a broken count', () => {
        const m = chained(proc(), 3);
        const n = m.len();
        m.rt.mem.storeInt(m.h + m.p.L.count, n + 1);
        expect(m.problems()).to.deep.equal([`hmap: count ${n + 1} but ${n} live slots`]);
      });

      it('an overflow cycle', () => {
        const m = chained(proc(), 20); // bucket 0 → O:0 → O:1
        const x = new Mem(m);
        const c = x.chain(0);
        expect(c.length).to.equal(3);
        x.setOverflow(c[2], c[1]);
        expectProblem(m, /^O:0: overflow chain cycles \(chain of B:0\)$/);
      });

      it('an overflow chain back to its main bucket', () => {
        const m = chained(proc(), 12);
        const x = new Mem(m);
        const c = x.chain(0);
        x.setOverflow(c[1], c[0]);
        expectProblem(m, /^O:0 \(chain of B:0\): overflow points at main bucket B:0$/);
      });

      it('an overflow bucket on two chains', () => {
        const m = chained(proc(), 12);
        const x = new Mem(m);
        x.setOverflow(x.bucket(3), x.chain(0)[1]);
        expectProblem(m, /^O:0: on the chains of both B:0 and B:3$/);
      });

      it('an overflow pointer outside allocated memory', () => {
        const m = chained(proc(), 3);
        const x = new Mem(m);
        x.setOverflow(x.bucket(2), m.rt.mem.base + m.rt.mem.used + 4096);
        expectProblem(m, /^B:2: overflow pointer 0x[0-9a-f]+ outside allocated memory$/);
      });

      it('a key in the wrong bucket', () => {
        const m = chained(proc(), 3);
        const x = new Mem(m);
        const b = x.bucket(1), s = 1; // bucket 1 holds two keys: move the second
        expect(x.top(b, s)).to.be.at.least(minTopHash);
        expect(x.top(b, s + 1)).to.equal(emptyRest);
        // move the entry to the first free slot of bucket 2
        const dst = x.bucket(2);
        let d = 0;
        while (x.top(dst, d) !== emptyRest) d++;
        x.setTop(dst, d, x.top(b, s));
        m.rt.mem.memmove(x.keyAddr(dst, d), x.keyAddr(b, s), m.mt.keysize);
        m.rt.mem.memmove(x.elemAddr(dst, d), x.elemAddr(b, s), m.mt.elemsize);
        x.setTop(b, s, emptyRest);
        m.rt.mem.memclrNoHeapPointers(x.elemAddr(b, s), m.mt.elemsize);
        expectProblem(m, new RegExp(`^B:2 slot ${d}: key \\d+ hashes to bucket 1$`));
      });

      it('a key twice', () => {
        const m = chained(proc(), 3);
        const x = new Mem(m);
        const [b, s] = x.live(0);
        const c = x.chain(0);
        const last = c[c.length - 1];
        let d = 0;
        while (x.top(last, d) !== emptyRest) d++;
        x.setTop(last, d, x.top(b, s));
        m.rt.mem.memmove(x.keyAddr(last, d), x.keyAddr(b, s), m.mt.keysize);
        expectProblem(m, new RegExp(`^B:0 slot ${d}: key \\d+ also sits at B:0 slot ${s}$`));
      });

      it('a live slot after emptyRest', () => {
        const m = chained(proc(), 3);
        const x = new Mem(m);
        const b = x.bucket(0);
        x.setTop(b, 0, emptyRest);
        expectProblem(m, /^B:0 slot 1: tophash 0x[0-9a-f]{2} after an emptyRest earlier in the chain$/);
      });

      it('an emptyOne that should be emptyRest', () => {
        const m = chained(proc(), 3);
        const x = new Mem(m);
        const b = x.bucket(0);
        x.setTop(b, 2, emptyOne);
        m.rt.mem.memclrNoHeapPointers(x.elemAddr(b, 2), m.mt.elemsize);
        m.rt.mem.storeInt(m.h + m.p.L.count, m.len() - 1);
        expect(m.problems()).to.deep.equal(['B:0 slot 2: emptyOne is the last non-emptyRest slot of the chain (should be emptyRest)']);
      });

      it('an evacuation mark in h.buckets', () => {
        const m = chained(proc(), 3);
        const x = new Mem(m);
        x.setTop(x.bucket(0), 0, evacuatedX);
        expectProblem(m, /^B:0 slot 0: tophash evacuatedX in a bucket of h.buckets$/);
      });

      it('an elem left behind by a delete', () => {
        const m = chained(proc(), 3);
        const x = new Mem(m);
        m.rt.mem.store8(x.elemAddr(x.bucket(3), 7), 1);
        expectProblem(m, /^B:3 slot 7: empty slot keeps its elem \(not cleared\)$/);
      });

      it('a key pointer left behind by a delete', () => {
        const m = chained(proc(), 3, 'map[string]int', (i) => 's' + i);
        const x = new Mem(m);
        m.rt.mem.storePtr(x.keyAddr(x.bucket(3), 7), m.h);
        expectProblem(m, /^B:3 slot 7: empty slot keeps a pointer in its key$/);
      });

      it('hashWriting left set', () => {
        const m = chained(proc(), 3);
        m.rt.mem.store8(m.h + m.p.L.flags, new Mem(m).field('flags') | hashWriting);
        expect(m.problems()).to.deep.equal(['hmap: flags: hashWriting set outside a map write']);
      });

      it('a wrong noverflow', () => {
        const m = chained(proc(), 20);
        const x = new Mem(m);
        expect(x.field('noverflow')).to.equal(2);
        m.rt.mem.store16(m.h + m.p.L.noverflow, 3);
        expect(m.problems()).to.deep.equal(['hmap: noverflow 3 but the bucket array has 2 overflow buckets']);
      });

      it('an entry dropped from extra.overflow', () => {
        const m = chained(proc(), 20);
        const x = new Mem(m);
        const extra = x.field('extra');
        const s = m.rt.mem.loadPtr(extra + m.p.L.xOverflow);
        expect(m.rt.mem.loadInt(s + m.p.L.sLen)).to.equal(2);
        m.rt.mem.storeInt(s + m.p.L.sLen, 1);
        expect(m.problems()).to.deep.equal(['extra: overflow misses O:1 (chain of B:0)']);
      });

      it('a bucket listed in extra.overflow that is on no chain', () => {
        const m = chained(proc(), 20);
        const x = new Mem(m);
        const c = x.chain(0);
        x.setOverflow(c[1], 0); // cut O:1 off the chain
        const probs = expectProblem(m, /^extra: overflow lists O:1, which is on no h.buckets chain$/);
        expect(probs).to.include(`hmap: count ${m.len()} but ${m.len() - 4} live slots`);
      });

      it('extra.overflow on a bucket type with pointers', () => {
        const m = chained(proc(), 20, 'map[int]*int', (i) => i, null);
        m.p.maps.createOverflow(m.h);
        expect(m.problems()).to.deep.equal(['extra: overflow set but the bucket type has pointers']);
      });

      it('a broken preallocated-overflow sentinel', () => {
        const m = proc().make('map[int]int', { hint: 100, variable: true });
        const x = new Mem(m);
        expect(m.B).to.equal(4);
        const na = (m.rt.heap.roundupsize(17 * m.mt.bucketsize) / m.mt.bucketsize) | 0;
        const last = x.bucket(na - 1);
        expect(x.overflow(last)).to.equal(m.buckets);
        x.setOverflow(last, 0);
        expect(m.problems()).to.deep.equal([`B:${na - 1}: preallocated overflow sentinel broken: overflow is nil, want B:0 (h.buckets)`]);
      });

      it('a used preallocated bucket handed out again', () => {
        const m = proc().make('map[int]int', { hint: 100, variable: true });
        for (const k of keysForBucket(m, 4, 5, 9)) m.set(k, 1); // bucket 5 → B:16
        const x = new Mem(m);
        m.check();
        expect(x.chain(5)[1]).to.equal(x.bucket(16));
        const extra = x.field('extra');
        m.rt.mem.storePtr(extra + m.p.L.xNextOverflow, x.bucket(16));
        expectProblem(m, /^B:16: on the chain of B:5 but not yet handed out \(extra.nextOverflow is B:16\)$/);
      });

      it('extra.nextOverflow outside the preallocated buckets', () => {
        const m = proc().make('map[int]int', { hint: 100, variable: true });
        const x = new Mem(m);
        m.rt.mem.storePtr(x.field('extra') + m.p.L.xNextOverflow, x.bucket(3));
        expectProblem(m, /^extra: nextOverflow B:3 is not a preallocated bucket of h.buckets \(B:16\.\.B:\d+\)$/);
      });

      it('wrong nevacuate', () => {
        const m = midGrowth(proc());
        const x = new Mem(m);
        const nev = x.field('nevacuate');
        expect(nev).to.be.lessThan(4);
        const notEvac = [0, 1, 2, 3].find((i) => { const t = m.rt.mem.load8(x.bucket(i, true)); return t < evacuatedX || t >= minTopHash; })!;
        m.rt.mem.storePtr(m.h + m.p.L.nevacuate, notEvac + 1);
        expectProblem(m, new RegExp(`^OB:${notEvac}: not evacuated but nevacuate is ${notEvac + 1}$`));
        m.rt.mem.storePtr(m.h + m.p.L.nevacuate, 4);
        expectProblem(m, /^hmap: nevacuate 4 but there are only 4 old buckets \(the growth should have ended\)$/);
      });

      it('an evacuation mark in a not evacuated old bucket', () => {
        const m = midGrowth(proc());
        const x = new Mem(m);
        const j = [0, 1, 2, 3].find((i) => m.rt.mem.load8(x.bucket(i, true)) >= minTopHash)!;
        const b = x.bucket(j, true);
        x.setTop(b, 1, evacuatedY);
        expectProblem(m, new RegExp(`^OB:${j} slot 1: tophash evacuatedY in a not evacuated old bucket$`));
        x.setTop(b, 0, evacuatedX); // now it looks evacuated, with live slots
        expectProblem(m, new RegExp(`^OB:${j} slot [2-7]: tophash 0x[0-9a-f]{2} in an evacuated bucket$`));
      });

      it('a new bucket written before its old bucket was evacuated', () => {
        const m = midGrowth(proc());
        const x = new Mem(m);
        const j = [0, 1, 2, 3].find((i) => m.rt.mem.load8(x.bucket(i, true)) >= minTopHash)!;
        x.setTop(x.bucket(j + 4), 0, emptyOne);
        expectProblem(m, new RegExp(`^B:${j + 4}: written to before its old bucket OB:${j} was evacuated$`));
      });

      it('an evacuation mark that disagrees with the hash (go1.15)', function () {
        if (cfg.go !== 'go1.15') this.skip(); // go1.19 may reseed hash0 mid-growth: not checkable
        const m = midGrowth(proc());
        const x = new Mem(m);
        const j = [0, 1, 2, 3].find((i) => { const t = m.rt.mem.load8(x.bucket(i, true)); return t === evacuatedX || t === evacuatedY; })!;
        const b = x.bucket(j, true);
        let s = 0;
        while (x.top(b, s) !== evacuatedX && x.top(b, s) !== evacuatedY) s++;
        const t = x.top(b, s);
        x.setTop(b, s, t === evacuatedX ? evacuatedY : evacuatedX);
        expect(m.problems()).to.have.length(1);
        expectProblem(m, new RegExp(`^OB:${j} slot ${s}: ${t === evacuatedX ? 'evacuatedY' : 'evacuatedX'} but key \\d+ belongs to ${t === evacuatedX ? 'X' : 'Y'} \\(B:\\d\\)$`));
      });

      it('evacuatedY in a same-size growth', () => {
        const m = sameSizeMidGrowth(proc());
        m.check();
        const x = new Mem(m);
        let found: [number, number] | null = null;
        for (let j = 0; j < 4 && !found; j++) {
          for (let s = 0; s < bucketCnt; s++) if (x.top(x.bucket(j, true), s) === evacuatedX) { found = [j, s]; break; }
        }
        expect(found, 'an evacuatedX slot').to.not.equal(null);
        const [j, s] = found!;
        x.setTop(x.bucket(j, true), s, evacuatedY);
        expect(m.problems()).to.deep.equal([`OB:${j} slot ${s}: evacuatedY in a same-size growth`]);
      });

      it('sameSizeGrow without a growth', () => {
        const m = chained(proc(), 3);
        m.rt.mem.store8(m.h + m.p.L.flags, 8);
        expect(m.problems()).to.deep.equal(['hmap: flags: sameSizeGrow set but no growth in progress']);
      });
    });
  }
});

// ------------------------------------------------------------------------------------------------
// goemu check

function runMain(args: string[]): { code: number; out: string; err: string } {
  let out = '', err = '';
  const ow = process.stdout.write, ew = process.stderr.write;
  process.stdout.write = ((s: string | Uint8Array) => { out += String(s); return true; }) as typeof process.stdout.write;
  process.stderr.write = ((s: string | Uint8Array) => { err += String(s); return true; }) as typeof process.stderr.write;
  try {
    const code = main(args);
    return { code, out, err };
  } finally {
    process.stdout.write = ow;
    process.stderr.write = ew;
  }
}

describe('goemu check', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'goemu-check-'));
  const scenario = {
    name: 'check-cli', seed: 'check-cli',
    ops: [
      { op: 'make', map: 'm', type: 'map[int]string' },
      { op: 'make', map: 'n', type: 'map[float64]int', hint: 30 },
      ...Array.from({ length: 40 }, (_, i) => ({ op: 'set', map: 'm', key: i, elem: 's' + i })),
      ...Array.from({ length: 10 }, (_, i) => ({ op: 'set', map: 'n', key: i % 2 ? 'NaN' : i, elem: i })),
      { op: 'iter', map: 'm', iter: 'it' },
      ...Array.from({ length: 20 }, (_, i) => ({ op: 'delete', map: 'm', key: i })),
      { op: 'next', iter: 'it' },
      { op: 'clear', map: 'n' },
      { op: 'range', map: 'm' },
    ],
  };
  const nops = scenario.ops.length;
  const sfile = path.join(tmp, 'check.scenario.json');
  fs.writeFileSync(sfile, JSON.stringify(scenario));

  it('checks a scenario under one configuration', () => {
    const r = runMain(['check', sfile, '--arch', '386', '--go', 'go1.19', '--hash', 'fallback']);
    expect(r.err).to.equal('');
    // every map after every op: m from op 0, n from op 1
    expect(r.out).to.equal(`ok: ${nops} ops, ${2 * nops - 1} checks\n`);
    expect(r.code).to.equal(0);
  });

  it('checks a scenario under every open configuration', () => {
    const r = runMain(['check', sfile, '--go', 'go1.15']);
    const lines = r.out.trim().split('\n');
    expect(lines).to.have.length(4);
    for (const l of lines) expect(l).to.match(new RegExp(`^(amd64|386) go1\\.15 (aes|fallback): ok: ${nops} ops, ${2 * nops - 1} checks$`));
    expect(r.code).to.equal(0);
  });

  it('replays and checks a real-Go trace', () => {
    const dir = path.join(TRACES, 'go1.19-amd64-aes');
    const file = path.join(dir, 'same-size-growth.trace.json');
    if (!fs.existsSync(file)) return;
    const n = JSON.parse(fs.readFileSync(file, 'utf8')).events.length;
    const r = runMain(['check', file]);
    expect(r.out).to.match(new RegExp(`^ok: ${n} ops, \\d+ checks\\n$`));
    expect(r.code).to.equal(0);
    const bad = runMain(['check', file, '--arch', '386']);
    expect(bad.code).to.equal(2);
    expect(bad.err).to.match(/^goemu check: .*same-size-growth\.trace\.json: the trace was recorded for amd64 go1\.19 aes; --arch 386 applies to scenarios only\n$/);
  });

  it('reports problems with their op and map, exit 1', () => {
    // A runtime whose deletes forget to clear the elem (issue 25936 in reverse).
    const orig = Memory.prototype.memclrNoHeapPointers;
    Memory.prototype.memclrNoHeapPointers = function (this: Memory, a: number, n: number): void {
      if (/mapdelete/.test(new Error().stack ?? '')) return;
      orig.call(this, a, n);
    };
    let r;
    try {
      r = runMain(['check', sfile, '--arch', 'amd64', '--go', 'go1.19', '--hash', 'aes']);
    } finally {
      Memory.prototype.memclrNoHeapPointers = orig;
    }
    expect(r.code).to.equal(1);
    const lines = r.out.trim().split('\n');
    expect(lines[0]).to.match(/^op 53 \(delete\) map m: B:\d+ slot \d: empty slot keeps its elem \(not cleared\)$/);
    expect(lines[lines.length - 1]).to.match(new RegExp(`^\\d+ problems in ${nops} ops, ${2 * nops - 1} checks$`));
  });

  it('bad input: one line naming the file, exit 2', () => {
    const missing = runMain(['check', path.join(tmp, 'nope.json')]);
    expect(missing.code).to.equal(2);
    expect(missing.err).to.match(/^goemu check: .*nope\.json: cannot read: no such file\n$/);
    const badOp = path.join(tmp, 'bad.scenario.json');
    fs.writeFileSync(badOp, JSON.stringify({ arch: 'amd64', go: 'go1.19', hash: 'aes', ops: [{ op: 'set', map: 'm', key: 1, elem: 1 }] }));
    const r = runMain(['check', badOp]);
    expect(r.code).to.equal(2);
    expect(r.err.split('\n')).to.have.length(2);
    expect(r.err).to.match(/bad\.scenario\.json: op 0 \(set\) field "map": unknown map "m"/);
    const usage = runMain(['check']);
    expect(usage.code).to.equal(2);
  });
});
