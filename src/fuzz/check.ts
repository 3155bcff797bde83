// Runs a scenario on goemu op by op and checks every event against the model of Go map semantics
// (./model.ts), h.count against the model's length, and the invariant checker checkmap
// (src/check/checkmap.ts) on the map the op touched. The first disagreement is the run's failure.

import { parseJSONText, stringifyJSON } from '../trace/json';
import { ScenarioRunner } from '../scenario/run';
import { Config, InputError, InternalFault, OpFatal, checkScenario } from '../scenario/scenario';
import { GoThrow } from '../runtime/errors';
import { GoRuntime } from '../runtime/runtime';
import { TypeRegistry } from '../runtime/typeregistry';
import { MapType } from '../runtime/types';
import { hmapLayout } from '../runtime/hmap';
import { checkmap } from '../check/checkmap';
import { Event, Op, Scenario } from '../trace/format';
import { T, typeOf, sameValue, norm } from './gotypes';
import { MIter, MMap, iterEnded, iterReturned } from './model';

export type Checkmap = (rt: GoRuntime, reg: TypeRegistry, mt: MapType, h: number) => string[];

/** The invariant checker (src/check/checkmap.ts). */
export function loadCheckmap(): Checkmap | null {
  return checkmap;
}

export interface Failure {
  /** index of the failing op */
  op: number;
  /** a short class of the failure (the shrinker keeps it) */
  kind: string;
  message: string;
}

/** What makemap does with a hint (runtime/map.go makemap, makemap64): the B it picks. */
export function expectedB(hint: number | string | { toString(): string } | undefined, ptrSize: number, bucketsize: number): number {
  if (hint === undefined) return 0; // makemap_small
  let h = BigInt(typeof hint === 'number' ? hint : String(hint)); // the fuzzer writes decimal hints
  if (ptrSize === 4 && (h < -(2n ** 31n) || h >= 2n ** 31n)) h = 0n; // makemap64: int64(int(hint)) != hint
  const maxAlloc = ptrSize === 8 ? 2n ** 48n : 2n ** 32n - 1n;
  const umax = 2n ** BigInt(ptrSize * 8);
  if (h < 0n) h = 0n; // uintptr(hint) * size overflows
  const mem = h * BigInt(bucketsize);
  if (mem >= umax || mem > maxAlloc) h = 0n;
  let B = 0;
  // overLoadFactor: count > bucketCnt && count > loadFactorNum*(bucketShift(B)/loadFactorDen)
  while (h > 8n && h > 13n * ((1n << BigInt(B)) / 2n)) B++;
  return B;
}

interface IterVarModel {
  it: MIter;
  map: MMap;
}

/** One scenario under test: ops are added one at a time and checked as they run. */
export class FuzzRun {
  readonly scenario: Scenario;
  readonly runner: ScenarioRunner;
  readonly maps = new Map<string, MMap>();
  readonly iters = new Map<string, IterVarModel>();
  failure: Failure | null = null;
  /** the events so far (null where the emulator threw) */
  readonly events: (Event | null)[] = [];
  /** how many checkmap calls were made */
  checkmapCalls = 0;
  private readonly checkmap: Checkmap | null;

  constructor(base: Omit<Scenario, 'ops'>, readonly config: Config, checkmap: Checkmap | null = loadCheckmap()) {
    this.scenario = { ...base, arch: config.arch, go: config.go, hash: config.hash, ops: [] };
    this.runner = new ScenarioRunner(this.scenario, config);
    this.checkmap = checkmap;
  }

  get length(): number {
    return this.scenario.ops.length;
  }

  private fail(i: number, kind: string, message: string): void {
    if (!this.failure) this.failure = { op: i, kind, message: `op ${i} (${this.scenario.ops[i].op}): ${message}` };
  }

  /** Runs one more op; returns its event (null when the emulator threw). */
  exec(op: Op): Event | null {
    const i = this.scenario.ops.length;
    this.scenario.ops.push(op);
    let ev: Event;
    try {
      ev = this.runner.step(i);
    } catch (e) {
      const err = e as Error;
      const cause = e instanceof InternalFault && e.cause instanceof Error ? e.cause : err;
      if (e instanceof OpFatal) this.fail(i, 'fatal', `fatal error: ${err.message}`);
      else if (e instanceof GoThrow) this.fail(i, 'fatal', `fatal error: ${err.message}`);
      else if (e instanceof InputError) this.fail(i, 'input', `goemu rejected the op: ${err.message}`);
      else this.fail(i, `exception:${cause.name}`, `${err.message}` + (cause.stack ? ` @ ${firstFrame(cause.stack)}` : ''));
      this.events.push(null);
      return null;
    }
    this.events.push(ev);
    try {
      this.check(i, op, ev);
    } catch (e) {
      const err = e as Error;
      this.fail(i, 'model-exception', `checking the event threw ${err.name}: ${err.message} (event ${JSON.stringify(ev).slice(0, 300)})`);
    }
    return ev;
  }

  private mapTypeStrings(op: Op): [T, T] {
    const t = typeOf(op.type!);
    if (t.k !== 'map') throw new Error('not a map type');
    return [t.key, t.elem];
  }

  private check(i: number, op: Op, ev: Event): void {
    const expectPanic = (want: string | null): boolean => {
      const got = ev.panic ?? null;
      if (got !== want) {
        this.fail(i, 'panic', want === null ? `unexpected panic ${JSON.stringify(got)}` : `want panic ${JSON.stringify(want)}, got ${got === null ? 'none' : JSON.stringify(got)}`);
        return false;
      }
      return true;
    };
    switch (op.op) {
      case 'make': case 'nil': {
        if (!expectPanic(null)) return;
        const [k, e] = this.mapTypeStrings(op);
        const m = new MMap(k, e, op.op === 'nil');
        this.maps.set(op.map!, m);
        if (op.op === 'make') {
          const mv = this.runner.vars.get(op.map!)!;
          const L = hmapLayout(this.runner.rt.ptrSize);
          const B = this.runner.rt.mem.load8(mv.h + L.B);
          const want = expectedB(op.hint, this.runner.rt.ptrSize, mv.mt.bucketsize);
          if (B !== want) this.fail(i, 'make.B', `hint ${JSON.stringify(op.hint)} gave B = ${B}, want ${want} (makemap's rules)`);
        }
        break;
      }
      case 'set': {
        const m = this.maps.get(op.map!)!;
        expectPanic(m.set(op.key === undefined ? null : this.normKey(m, op.key), this.normElem(m, op.elem)));
        break;
      }
      case 'get': {
        const m = this.maps.get(op.map!)!;
        const r = m.get(this.normKey(m, op.key));
        if (!expectPanic(r.panic) || r.panic) break;
        if (ev.found !== r.found) this.fail(i, 'get.found', `found = ${ev.found}, want ${r.found}`);
        else if (!sameValue(m.elemType, r.elem, ev.elem)) this.fail(i, 'get.elem', `elem = ${JSON.stringify(ev.elem)}, want ${JSON.stringify(r.elem)}`);
        break;
      }
      case 'delete': {
        const m = this.maps.get(op.map!)!;
        if (!expectPanic(m.delete(this.normKey(m, op.key)))) break;
        if (!ev.panic && (ev.hash0 === null) !== m.nil) this.fail(i, 'delete.hash0', `hash0 = ${JSON.stringify(ev.hash0)} for a ${m.nil ? 'nil' : 'non-nil'} map`);
        break;
      }
      case 'len': {
        const m = this.maps.get(op.map!)!;
        if (ev.len !== m.len) this.fail(i, 'len', `len = ${ev.len}, want ${m.len}`);
        break;
      }
      case 'clear': {
        const m = this.maps.get(op.map!)!;
        if (!expectPanic(null)) break;
        if (!m.reflexive && (ev.start === null) !== (m.len === 0)) {
          this.fail(i, 'clear.start', `start = ${JSON.stringify(ev.start)} for a map of ${m.len} entries`);
        }
        m.clear();
        break;
      }
      case 'range': {
        const m = this.maps.get(op.map!)!;
        if (!expectPanic(null)) break;
        if ((ev.start === null) !== (m.len === 0)) this.fail(i, 'range.start', `start = ${JSON.stringify(ev.start)} for a map of ${m.len} entries`);
        const it = m.startIter();
        for (const [k, e] of ev.entries ?? []) {
          const bad = iterReturned(it, k, e);
          if (bad) {
            this.fail(i, 'range', bad);
            break;
          }
        }
        const bad = iterEnded(it);
        if (bad) this.fail(i, 'range', bad);
        break;
      }
      case 'iter': {
        const m = this.maps.get(op.map!)!;
        if (!expectPanic(null)) break;
        const old = this.iters.get(op.iter!);
        if (old) old.map.iters.delete(old.it);
        if ((ev.start === null) !== (m.len === 0)) this.fail(i, 'iter.start', `start = ${JSON.stringify(ev.start)} for a map of ${m.len} entries`);
        const it = m.startIter();
        this.iters.set(op.iter!, { it, map: m });
        this.iterStep(i, it, ev.entry);
        break;
      }
      case 'next': {
        const iv = this.iters.get(op.iter!)!;
        if (!expectPanic(null)) break;
        if (iv.it.done) {
          if (ev.entry !== null) this.fail(i, 'next', `an ended iterator returned ${JSON.stringify(ev.entry)}`);
          break;
        }
        this.iterStep(i, iv.it, ev.entry);
        break;
      }
      case 'dump': {
        const m = this.maps.get(op.map!)!;
        if (m.nil) {
          if (ev.state !== null) this.fail(i, 'dump', 'a nil map dumped as non-null');
        } else if (!ev.state || ev.state.count !== m.len) {
          this.fail(i, 'dump', `state.count = ${ev.state?.count}, want ${m.len}`);
        }
        break;
      }
    }
    if (!this.failure) this.checkState(i, op);
  }

  private iterStep(i: number, it: MIter, entry: [unknown, unknown] | null | undefined): void {
    if (entry === undefined) {
      this.fail(i, 'iter', 'the event has no entry');
      return;
    }
    if (entry === null) {
      if (!it.done) {
        const bad = iterEnded(it);
        if (bad) this.fail(i, 'iter.missed', bad);
      }
      return;
    }
    if (it.done) {
      this.fail(i, 'iter', `an iterator over an empty map returned ${JSON.stringify(entry)}`);
      return;
    }
    const bad = iterReturned(it, entry[0], entry[1]);
    if (bad) this.fail(i, 'iter.returned', bad);
  }

  /** h.count against the model, then checkmap, on the map the op touched. */
  private checkState(i: number, op: Op): void {
    let mv: { mt: MapType; h: number } | undefined;
    let m: MMap | undefined;
    if (op.op === 'next') {
      mv = this.runner.iters.get(op.iter!)?.m;
      m = this.iters.get(op.iter!)?.map;
    } else {
      mv = this.runner.vars.get(op.map!);
      m = this.maps.get(op.map!);
    }
    if (!mv || !m || mv.h === 0) return;
    const count = this.runner.rt.mem.loadInt(mv.h);
    if (count !== m.len) {
      this.fail(i, 'count', `h.count = ${count}, want ${m.len}`);
      return;
    }
    if (this.checkmap) {
      this.checkmapCalls++;
      let errs: string[];
      try {
        errs = this.checkmap(this.runner.rt, this.runner.reg, mv.mt, mv.h);
      } catch (e) {
        errs = [`checkmap threw ${(e as Error).name}: ${(e as Error).message}`];
      }
      if (errs.length) this.fail(i, 'checkmap', `checkmap: ${errs.slice(0, 3).join('; ')}${errs.length > 3 ? ` (+${errs.length - 3} more)` : ''}`);
    }
  }

  private normKey(m: MMap, v: unknown): unknown {
    return norm(m.keyType, v);
  }

  private normElem(m: MMap, v: unknown): unknown {
    return norm(m.elemType, v);
  }
}

function firstFrame(stack: string): string {
  const l = stack.split('\n').find((s) => /^\s+at /.test(s));
  return l ? l.trim().replace(/^at /, '') : '?';
}

/** Runs a whole scenario under the checks; returns the first failure or null. */
export function checkScenarioRun(sc: Scenario, config: Config, checkmap: Checkmap | null = loadCheckmap(), onOp?: () => void): Failure | null {
  const { ops, ...base } = sc;
  const run = new FuzzRun(base, config, checkmap);
  for (const op of ops) {
    run.exec(op);
    onOp?.();
    if (run.failure) return run.failure;
  }
  return null;
}

/** A scenario file as the fuzzer checks it (valid per checkScenario, or an error message). */
export function validScenario(sc: Scenario, config: Config): string | null {
  try {
    checkScenario(parseJSONText(stringifyJSON(sc)), config); // as written to a file (numbers kept)
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}
