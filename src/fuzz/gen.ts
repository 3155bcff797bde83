// The scenario generator. It works online: it looks at the model's state (how big each map is,
// which iterators are still running) to pick the next op, so scenarios spend their ops where
// the runtime is interesting: growth, same-size growth from churn, evacuation under iterators,
// NaN keys, clear in the middle of an iteration, nil maps, panics, odd hints.

import { ArchName, HashFamily, Profile } from '../arch';
import { Config } from '../scenario/scenario';
import { Op } from '../trace/format';
import { Rng } from './rng';
import { T, str, typeOf } from './gotypes';
import { ValueOpts, genValue, genUnhashable, interfaceSlots, replaceAt, spell, spellType } from './values';
import { FuzzRun, validScenario } from './check';

/** Key types by family (the --types option picks families). */
export const KEY_FAMILIES: Record<string, string[]> = {
  int: ['int8', 'int16', 'int32', 'int64', 'uint8', 'uint16', 'uint32', 'uint64', 'int', 'uint', 'uintptr'],
  bool: ['bool'],
  string: ['string'],
  float: ['float32', 'float64'],
  complex: ['complex64', 'complex128'],
  array: ['[2]int32', '[3]uint8', '[4]float32', '[2]string', '[0]int', '[1]interface {}', '[2]float64', '[3]int16',
    '[8]uint8', '[16]uint8', '[5]bool', '[2]complex64', '[1]string', '[2]uint64'],
  struct: ['struct { a int8; b string }', 'struct { a int32; b int32 }', 'struct { x float64; y string }', 'struct {}',
    'struct { _ int32; a int32 }', 'struct { a int8; _ int8; b int16 }', 'struct { a int64; b float32 }',
    'struct { a interface {}; b int }', 'struct { s string; _ float64 }', 'struct { a [2]int8; b bool }',
    'struct { a uint8; b int64 }', 'struct { f float32; _ string; c complex64 }'],
  any: ['interface {}'],
  big: ['[17]int64', '[130]uint8', 'struct { a [16]int64; s string }', '[9]string', '[33]int32', '[20]float64',
    'struct { k [130]uint8; f float32 }', '[3]struct { a [6]int64; b interface {} }'],
};

export const FAMILIES = Object.keys(KEY_FAMILIES);

const FAMILY_WEIGHTS: Record<string, number> = { int: 5, bool: 0.5, string: 4, float: 3, complex: 1.5, array: 3, struct: 3, any: 3, big: 2 };

export const ELEM_TYPES = [
  'int64', 'int32', 'string', 'interface {}', 'bool', 'float64', '[3]int16', 'struct { a int8; b string }',
  '[20]int64', '[200]uint8', '*int', '[]int', 'map[int]int', 'struct {}', '[0]int', 'uint8', 'complex128',
  'struct { x float32; _ int32; y int8 }', '[2]interface {}', 'func()', 'int',
];

export const CONFIGS: Config[] = [];
for (const go of ['go1.15', 'go1.19'] as Profile[]) {
  for (const arch of ['amd64', '386'] as ArchName[]) {
    for (const hash of ['aes', 'fallback'] as HashFamily[]) CONFIGS.push({ arch, go, hash });
  }
}

export function configName(c: Config): string {
  return `${c.go}-${c.arch}-${c.hash}`;
}

type Phase = 'grow' | 'churn' | 'shrink' | 'iterate' | 'mixed';

interface VarGen {
  name: string;
  type: string;
  keyT: T;
  elemT: T;
  nil: boolean;
  /** keys drawn for sets (output spelling), with repeats */
  universe: unknown[];
  /** recently inserted keys (output spelling), oldest first */
  recent: unknown[];
  /** the entry count this scenario lets the map reach */
  cap: number;
  hasIface: boolean;
}

export interface GenParams {
  /** ops in this scenario */
  ops: number;
  /** key families to draw from */
  families: string[];
}

export class Generator {
  private readonly vars: VarGen[] = [];
  private phase: Phase = 'grow';
  private phaseLeft = 0;
  /** the phase the current op is drawn in (churn when a map reached its cap) */
  private eff: Phase = 'grow';
  private readonly vo: ValueOpts;
  private readonly wide: ValueOpts;
  private readonly ptrSize: number;
  private iterCount = 0;
  private readonly iterNames: string[] = [];

  constructor(private readonly rng: Rng, private readonly run: FuzzRun, private readonly p: GenParams) {
    this.ptrSize = run.config.arch === 'amd64' ? 8 : 4;
    this.vo = { nan: rng.pick([0, 0, 0.005, 0.02, 0.1]), spread: rng.pick([0, 0.2, 0.5, 0.9]) };
    this.wide = { nan: this.vo.nan, spread: 1 };
    // One scenario in eight only churns one map just below a growth threshold (same-size growth).
    this.churnOnly = rng.chance(0.125);
    if (this.churnOnly) this.vo.nan = 0;
  }

  private readonly churnOnly: boolean;

  private keyType(): string {
    const fams = this.p.families;
    const f = this.rng.weighted(fams.map((x) => [FAMILY_WEIGHTS[x] ?? 1, x] as const));
    return this.rng.pick(KEY_FAMILIES[f]);
  }

  /** The ops that set the scenario up (maps made). */
  private newVar(name: string, nil: boolean, type?: string): VarGen {
    const r = this.rng;
    const k = type ? (typeOf(type) as { key: T }).key : typeOf(this.keyType());
    const e = type ? (typeOf(type) as { elem: T }).elem : typeOf(r.pick(ELEM_TYPES));
    const ks = str(k), es = str(e);
    const typeStr = type ?? `map[${spellType(r, ks)}]${spellType(r, es)}`;
    // Half the maps hover just below a growth threshold (6.5 × 2^B entries), where churn with
    // fresh keys piles up overflow buckets until a same-size growth.
    const cap = this.churnOnly
      ? 13 * 2 ** (r.range(3, 5) - 1) - r.range(1, 3)
      : r.chance(0.5)
      ? Math.max(1, 13 * 2 ** (r.weighted([[1, 1], [1, 2], [4, 3], [3, 4], [2, 5], [1, 6], [1, 7], [0.5, 8]] as const) - 1) - r.range(1, 4))
      : r.weighted([[3, r.range(4, 16)], [4, r.range(17, 120)], [2, r.range(121, 600)], [1, r.range(601, 2500)]] as const);
    const usize = Math.max(1, Math.round(cap * r.pick([0.5, 1, 1.5, 3])));
    const v: VarGen = {
      name, type: typeStr, keyT: k, elemT: e, nil, universe: [], recent: [], cap,
      hasIface: interfaceSlots(k).length > 0,
    };
    for (let i = 0; i < usize; i++) v.universe.push(genValue(r, k, this.ptrSize, this.vo, true));
    return v;
  }

  private makeOp(v: VarGen): Op {
    const r = this.rng;
    if (v.nil) return { op: 'nil', map: v.name, type: v.type };
    const op: Op = { op: 'make', map: v.name, type: v.type };
    const h = this.churnOnly ? 0 : r.float();
    if (h < 0.4) {
      // make(map[K]V)
    } else if (h < 0.7) {
      op.hint = r.range(0, 64);
    } else if (h < 0.8) {
      op.hint = r.range(65, Math.max(65, Math.min(v.cap, 3000)));
    } else if (h < 0.9) {
      op.hint = r.pick([-1, -8, -1000000, '-9223372036854775808', -(2 ** 53)]);
    } else {
      op.hint = this.oversizedHint(v);
    }
    if (typeof op.hint === 'number' && r.chance(0.2)) op.hint = String(op.hint);
    if (r.chance(0.1)) op.hash0 = '0x' + r.u32().toString(16);
    return op;
  }

  /** A hint that fails makemap's checks on this arch (so it acts as 0). */
  private oversizedHint(v: VarGen): number | string {
    const r = this.rng;
    // The exact boundary (hint × bucketsize just past maxAlloc) once the type is known; before
    // that, 12 bytes (the smallest bucket: 386, zero-size key and elem) gives hints that fail for
    // every type.
    const bs = this.run.runner.vars.get(v.name)?.mt.bucketsize ?? 12;
    if (this.ptrSize === 4) {
      return r.pick<number | string>([
        2 ** 31, 2 ** 32 + 5, '9223372036854775807', 2 ** 40,
        Math.floor((2 ** 32 - 1) / bs) + 1, 2 ** 31 - 1,
      ]);
    }
    return r.pick<number | string>([
      '9223372036854775807', '-4611686018427387905', Math.floor(2 ** 48 / bs) + 1, '4611686018427387904', 2 ** 53,
    ]);
  }

  /** The scenario's first ops. */
  start(): Op[] {
    const r = this.rng;
    const n = this.churnOnly ? 1 : r.weighted([[6, 1], [3, 2], [1, 3]] as const);
    const ops: Op[] = [];
    for (let i = 0; i < n; i++) {
      // Sometimes two variables share a map type (one registry entry, two maps).
      const same = i > 0 && r.chance(0.2) ? this.vars[0].type : undefined;
      const v = this.newVar(`m${i}`, false, same);
      this.vars.push(v);
      ops.push(this.makeOp(v));
    }
    if (!this.churnOnly && r.chance(0.15)) {
      const v = this.newVar('nilmap', true);
      this.vars.push(v);
      ops.push(this.makeOp(v));
    }
    return ops;
  }

  private pickVar(): VarGen {
    const r = this.rng;
    // Mostly the first map; nil maps rarely.
    const live = this.vars.filter((v) => !v.nil);
    if (this.vars.length > live.length && r.chance(0.04)) return this.vars.find((v) => v.nil)!;
    return r.chance(0.7) ? live[0] : r.pick(live);
  }

  private size(v: VarGen): number {
    return this.run.maps.get(v.name)?.len ?? 0;
  }

  private nextPhase(): void {
    const r = this.rng;
    this.phase = this.churnOnly ? 'churn' : r.weighted([[3, 'grow'], [4, 'churn'], [1, 'shrink'], [3, 'iterate'], [2, 'mixed']] as const);
    this.phaseLeft = r.logRange(20, 800);
  }

  /** An input spelling of a key to use (fresh, from the universe, or a present one). */
  private key(v: VarGen, purpose: 'set' | 'get' | 'delete'): unknown {
    const r = this.rng;
    let k: unknown;
    const x = r.float();
    const m = this.run.maps.get(v.name);
    if (purpose === 'delete' && this.eff === 'churn' && m && x < 0.9) {
      // the oldest key still present (churn: the map keeps its size, its keys keep changing)
      for (let tries = 0; tries < 16 && v.recent.length > 0 && k === undefined; tries++) {
        const c = v.recent.shift();
        if (m.get(c).found) k = c;
      }
    }
    if (k !== undefined) {
      // chosen above
    } else if (purpose !== 'set' && v.recent.length > 0 && x < 0.5) {
      k = v.recent[r.int(v.recent.length)];
    } else if (x < (this.eff === 'churn' ? 0.15 : this.eff === 'grow' ? 0.5 : 0.75)) {
      k = v.universe[r.int(v.universe.length)];
    } else {
      // a fresh key: from wide domains
      k = genValue(r, v.keyT, this.ptrSize, this.wide, true);
    }
    if (v.hasIface && r.chance(0.02)) {
      // an unhashable dynamic type somewhere in the key: the hash panics
      const slots = interfaceSlots(v.keyT);
      k = replaceAt(k, r.pick(slots), genUnhashable(r, this.ptrSize, this.vo));
    }
    if (purpose === 'set') {
      v.recent.push(k);
      if (v.recent.length > 4096) v.recent.splice(0, 1024);
    }
    return spell(r, v.keyT, k, this.ptrSize);
  }

  private elem(v: VarGen): unknown {
    return spell(this.rng, v.elemT, genValue(this.rng, v.elemT, this.ptrSize, this.vo, false), this.ptrSize);
  }

  private activeIters(): string[] {
    return this.iterNames.filter((n) => {
      const it = this.run.iters.get(n);
      return it !== undefined && !it.it.done;
    });
  }

  /** The next op. */
  next(): Op {
    const r = this.rng;
    if (this.phaseLeft-- <= 0) this.nextPhase();
    const v = this.pickVar();
    const n = this.size(v);
    const active = this.activeIters();
    let phase = this.phase;
    if (n >= v.cap && phase !== 'shrink') phase = 'churn';
    if (n >= v.cap * 1.5 + 8) phase = 'shrink';
    this.eff = phase;
    const w = (set: number, get: number, del: number, itr: number, nxt: number): readonly (readonly [number, string])[] => [
      [set, 'set'], [get, 'get'], [del, 'delete'], [itr, 'iter'], [active.length ? nxt : 0, 'next'],
      [1.2, 'len'], [n > 400 ? 0.1 : n > 100 ? 0.5 : 1.5, 'range'], [phase === 'churn' || phase === 'grow' ? 0.03 : phase === 'iterate' ? 2 : 0.4, 'clear'],
      [n > 300 ? 0.02 : 0.3, 'dump'], [phase === 'churn' || phase === 'grow' ? 0.01 : 0.12, 'remake'],
    ];
    let what: string;
    switch (phase) {
      case 'grow': what = r.weighted(w(70, 10, 4, 2, 12)); break;
      // churn: hold the map at its cap, replacing old keys with fresh ones
      case 'churn': what = r.chance(0.85) ? (n >= v.cap ? 'delete' : 'set') : r.weighted(w(10, 10, 10, 1, 30)); break;
      case 'shrink': what = r.weighted(w(8, 12, 60, 2, 12)); break;
      case 'iterate': what = r.weighted(w(25, 5, 20, active.length < 2 ? 10 : 1, 45)); break;
      default: what = r.weighted(w(35, 25, 20, 4, 12)); break;
    }
    switch (what) {
      case 'set': return { op: 'set', map: v.name, key: this.key(v, 'set'), elem: this.elem(v) };
      case 'get': return { op: 'get', map: v.name, key: this.key(v, 'get') };
      case 'delete': return { op: 'delete', map: v.name, key: this.key(v, 'delete') };
      case 'len': return { op: 'len', map: v.name };
      case 'range': return { op: 'range', map: v.name };
      case 'clear': return { op: 'clear', map: v.name };
      case 'dump': return { op: 'dump', map: v.name };
      case 'iter': {
        let name: string;
        if (this.iterNames.length < 3 || r.chance(0.3)) {
          name = `it${this.iterCount++ % 4}`;
          if (!this.iterNames.includes(name)) this.iterNames.push(name);
        } else {
          name = r.pick(this.iterNames);
        }
        return { op: 'iter', map: v.name, iter: name };
      }
      case 'next': return { op: 'next', iter: r.pick(active) };
      case 'remake': {
        // m = make(...) again: iterators keep the old map
        v.recent.length = 0;
        return this.makeOp(v);
      }
    }
    return { op: 'len', map: v.name };
  }
}

/** Generates and runs one scenario; returns the run (its failure, if any, is in run.failure). */
export function fuzzScenario(seed: string, config: Config, p: GenParams, onOp?: () => void): FuzzRun {
  const rng = new Rng(seed);
  const run = new FuzzRun({ name: `fuzz ${seed}`, seed, ...(rng.chance(0.15) ? { allocs: true } : {}) }, config);
  const g = new Generator(rng, run, p);
  for (const op of g.start()) {
    run.exec(op);
    onOp?.();
    if (run.failure) return run;
  }
  while (run.length < p.ops) {
    run.exec(g.next());
    onOp?.();
    if (run.failure) break;
  }
  // The scenario must also be valid as a file (what a repro is): the generator's own check.
  const bad = run.failure ? null : validScenario(run.scenario, config);
  if (bad) run.failure = { op: run.length - 1, kind: 'generator', message: `the generated scenario is not valid: ${bad}` };
  return run;
}
