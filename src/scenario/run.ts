// Running a scenario in the emulator: each op is the runtime call (or calls) a compiled Go program
// makes for it, and each op's event is built exactly as the contract says. A replay passes the
// recorded trace's events so that hash0 values and iterator starts are drawn as real Go drew them.

import { GoRuntime } from '../runtime/runtime';
import { GoPanic } from '../runtime/errors';
import { MapType, mapReflexiveKey } from '../runtime/types';
import { TypeRegistry } from '../runtime/typeregistry';
import { zeroJSON } from '../runtime/values';
import { hmapLayout } from '../runtime/hmap';
import { createRuntime, keysFromSeeds, seedsJSON } from '../runtime/create';
import { GoMap, GoMapIter, Runtime } from '../api';
import { Event, Op, Scenario, Seeds, Trace, TRACE_FORMAT } from '../trace/format';
import { Config, InputError, hintValue, opWhere } from './scenario';

export const PRODUCER = 'goemu 0.1.0';

export interface RunOptions {
  /** the seed string for fastrand and key material (defaults to the scenario's seed) */
  seed?: string;
  /** recorded key material (replay) */
  seeds?: Seeds;
  /** recorded events (replay): their hash0 and start values are fed to the random source */
  recorded?: Event[];
  /** called once the runtime exists, before the first op */
  onStart?: (runner: ScenarioRunner) => void;
  /** called after each op (progress, checks) */
  onOp?: (i: number, rt: GoRuntime) => void;
}

/** The emulator side of a scenario run: a fresh runtime, its maps and iterators. */
export class ScenarioRunner {
  readonly api: Runtime;
  readonly rt: GoRuntime;
  readonly reg: TypeRegistry;
  /** map variables by name (a nil map has h = 0) */
  readonly vars = new Map<string, GoMap>();
  readonly iters = new Map<string, GoMapIter>();
  private readonly allocs: boolean;

  constructor(readonly scenario: Scenario, readonly config: Config, readonly opts: RunOptions = {}) {
    const seed = opts.seed ?? scenario.seed ?? '';
    this.api = new Runtime(createRuntime(config.arch, config.go, config.hash, seed,
      opts.seeds ? keysFromSeeds(opts.seeds, config.arch) : undefined));
    this.rt = this.api.rt;
    this.reg = this.api.reg;
    this.allocs = scenario.allocs === true;
  }

  /** Runs every op and returns the trace. */
  run(): Trace {
    const events: Event[] = [];
    this.opts.onStart?.(this);
    const n = this.scenario.ops.length;
    for (let i = 0; i < n; i++) {
      events.push(this.step(i));
      this.opts.onOp?.(i, this.rt);
    }
    return {
      format: TRACE_FORMAT,
      producer: PRODUCER,
      scenario: this.scenario,
      arch: this.config.arch,
      ptrSize: this.rt.ptrSize,
      go: this.config.go,
      hash: this.config.hash,
      seeds: seedsJSON(this.rt),
      events,
    };
  }

  private mapVar(op: Op, i: number): GoMap {
    const m = this.vars.get(op.map!);
    if (!m) throw new InputError(`${opWhere(i, op.op, 'map')}: unknown map ${JSON.stringify(op.map)}`);
    return m;
  }

  /** Encodes an op's key or elem into its scratch slot; bad values are input errors. */
  private encode(m: GoMap, which: 'key' | 'elem', v: unknown, i: number, op: Op): number {
    try {
      return m.encode(which, v, opWhere(i, op.op, which));
    } catch (e) {
      if (e instanceof GoPanic) throw e;
      throw new InputError((e as Error).message);
    }
  }

  private feedIterStart(ev: Event | undefined, h: number): void {
    if (!ev || !ev.start || h === 0) return;
    const B = this.rt.mem.load8(h + hmapLayout(this.rt.ptrSize).B);
    this.rt.rand.feedIterStart(ev.start.bucket + ev.start.offset * 2 ** B);
  }

  private feedHash0(ev: Event | undefined): void {
    if (ev && typeof ev.hash0 === 'string') this.rt.rand.feedHash0(parseInt(ev.hash0.slice(2), 16));
  }

  /** Runs op i and returns its event. */
  step(i: number): Event {
    const op = this.scenario.ops[i];
    const ev: Event = { i, op: op.op };
    if (op.map !== undefined) ev.map = op.map;
    if (op.iter !== undefined) ev.iter = op.iter;
    const rec = this.opts.recorded?.[i];
    const heap = this.rt.heap;
    let m0 = 0, b0 = 0;
    // The alloc figures count exactly the runtime calls an op stands for: inputs are made
    // before begin(), results decoded after end(). Each op starts without a tiny block.
    const begin = (): void => {
      heap.resetTiny();
      m0 = heap.mallocs;
      b0 = heap.totalAlloc;
    };
    const end = (): void => {
      if (this.allocs) ev.alloc = { objects: heap.mallocs - m0, bytes: heap.totalAlloc - b0 };
    };
    try {
      switch (op.op) {
        case 'make': {
          const mt = this.mapType(op, i);
          this.feedHash0(rec);
          begin();
          const h = this.api.makeAt(mt, op.hint === undefined ? undefined : hintValue(op.hint));
          end();
          const m = new GoMap(this.api, op.type!, mt, h);
          if (op.hash0 !== undefined) this.rt.mem.store32(h + hmapLayout(this.rt.ptrSize).hash0, parseInt(op.hash0.slice(2), 16));
          this.vars.set(op.map!, m);
          ev.hash0 = m.hash0();
          ev.layout = m.layout();
          break;
        }
        case 'nil': {
          const m = new GoMap(this.api, op.type!, this.mapType(op, i), 0);
          this.vars.set(op.map!, m);
          ev.layout = m.layout();
          begin();
          end();
          break;
        }
        case 'set': {
          const m = this.mapVar(op, i);
          const k = this.encode(m, 'key', op.key, i, op);
          const e = this.encode(m, 'elem', op.elem, i, op);
          begin();
          m.assignAt(k, e);
          end();
          break;
        }
        case 'get': {
          const m = this.mapVar(op, i);
          const k = this.encode(m, 'key', op.key, i, op);
          begin();
          const p = m.access2At(k);
          end();
          ev.found = this.api.ops.found;
          ev.elem = ev.found ? m.decode('elem', p) : zeroJSON(this.reg, m.mt.elem);
          break;
        }
        case 'delete': {
          const m = this.mapVar(op, i);
          const k = this.encode(m, 'key', op.key, i, op);
          this.feedHash0(rec);
          begin();
          m.deleteAt(k);
          end();
          ev.hash0 = m.hash0();
          break;
        }
        case 'len': {
          const m = this.mapVar(op, i);
          begin();
          ev.len = m.len();
          end();
          break;
        }
        case 'clear': {
          const m = this.mapVar(op, i);
          this.feedHash0(rec);
          this.feedIterStart(rec, m.h);
          begin();
          const start = m.clearMap();
          end();
          if (!(m.mt.flags & mapReflexiveKey)) ev.start = start; // the loop draws a start; mapclear does not
          ev.hash0 = m.hash0();
          break;
        }
        case 'range': {
          const m = this.mapVar(op, i);
          this.feedIterStart(rec, m.h);
          begin();
          // Decoding entries reads memory only: it allocates nothing simulated.
          const it = m.iter();
          const entries: [unknown, unknown][] = [];
          for (let e = it.entry; e !== null; e = it.next()) entries.push(e);
          end();
          ev.start = it.start;
          ev.entries = entries;
          break;
        }
        case 'iter': {
          const m = this.mapVar(op, i);
          this.feedIterStart(rec, m.h);
          begin();
          const it = m.iter();
          end();
          ev.start = it.start;
          ev.entry = it.entry;
          this.iters.set(op.iter!, it);
          break;
        }
        case 'next': {
          const it = this.iters.get(op.iter!);
          if (!it) throw new InputError(`${opWhere(i, op.op, 'iter')}: unknown iterator ${JSON.stringify(op.iter)}`);
          begin();
          ev.entry = it.next();
          end();
          break;
        }
        case 'dump': {
          const m = this.mapVar(op, i);
          ev.state = m.dump();
          begin();
          end();
          break;
        }
      }
    } catch (e) {
      if (!(e instanceof GoPanic)) throw e;
      for (const k of Object.keys(ev)) if (k !== 'i' && k !== 'op' && k !== 'map' && k !== 'iter') delete ev[k];
      ev.panic = e.message;
    } finally {
      this.rt.rand.clearFeed();
    }
    return ev;
  }

  private mapType(op: Op, i: number): MapType {
    try {
      return this.reg.mapType(op.type!);
    } catch (e) {
      if (e instanceof GoPanic) throw e;
      throw new InputError(`${opWhere(i, op.op, 'type')}: ${(e as Error).message}`);
    }
  }
}

export function runScenario(scenario: Scenario, config: Config, opts: RunOptions = {}): Trace {
  return new ScenarioRunner(scenario, config, opts).run();
}
