// Running a scenario in the emulator: each op is the runtime call (or calls) a compiled Go program
// makes for it, and each op's event is built exactly as the contract says. A replay passes the
// recorded trace's events so that hash0 values and iterator starts are drawn as real Go drew them.

import { GoRuntime, Draw } from '../runtime/runtime';
import { GoPanic } from '../runtime/errors';
import { MapType, mapReflexiveKey } from '../runtime/types';
import { TypeRegistry } from '../runtime/typeregistry';
import { encodeValue, decodeValue, zeroJSON } from '../runtime/values';
import { layoutJSON } from '../runtime/layout';
import { Maps, hiter } from '../runtime/map';
import { MapOps } from '../runtime/mapops';
import { hmapLayout } from '../runtime/hmap';
import { createRuntime, keysFromSeeds, seedsJSON } from '../runtime/create';
import { dumpState } from '../trace/dump';
import { Event, Op, Scenario, Seeds, Trace, TRACE_FORMAT, hex32 } from '../trace/format';
import { Config, InputError, hintValue, opWhere } from './scenario';

export const PRODUCER = 'goemu 0.1.0';

interface MapVar {
  mt: MapType;
  h: number;
}

interface IterVar {
  it: hiter;
  mv: MapVar;
  /** whether the iterator has ended (a range loop never calls mapiternext again) */
  done: boolean;
}

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
  readonly rt: GoRuntime;
  readonly reg: TypeRegistry;
  readonly maps: Maps;
  readonly ops: MapOps;
  readonly vars = new Map<string, MapVar>();
  readonly iters = new Map<string, IterVar>();
  private readonly scratch = new Map<number, number>();
  private readonly allocs: boolean;

  constructor(readonly scenario: Scenario, readonly config: Config, readonly opts: RunOptions = {}) {
    const seed = opts.seed ?? scenario.seed ?? '';
    this.rt = createRuntime(config.arch, config.go, config.hash, seed,
      opts.seeds ? keysFromSeeds(opts.seeds, config.arch) : undefined);
    this.reg = new TypeRegistry(this.rt);
    this.maps = new Maps(this.rt);
    this.ops = new MapOps(this.maps);
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

  /** A zeroed scratch slot of at least `size` bytes for an op's key or elem (inputs are not map work). */
  private temp(size: number, which: number): number {
    const want = Math.max(size, 8);
    const key = which;
    let p = this.scratch.get(key);
    let cap = this.scratch.get(key + 1e9) ?? 0;
    if (p === undefined || cap < want) {
      p = this.rt.heap.persistentalloc(want, 8);
      cap = want;
      this.scratch.set(key, p);
      this.scratch.set(key + 1e9, cap);
    }
    this.rt.mem.memclrNoHeapPointers(p, size);
    return p;
  }

  private mapVar(op: Op, i: number): MapVar {
    const mv = this.vars.get(op.map!);
    if (!mv) throw new InputError(`${opWhere(i, op.op, 'map')}: unknown map ${JSON.stringify(op.map)}`);
    return mv;
  }

  private encode(mt: MapType, which: 'key' | 'elem', v: unknown, i: number, op: Op): number {
    const t = which === 'key' ? mt.key : mt.elem;
    const p = this.temp(t.size, which === 'key' ? 0 : 1);
    try {
      encodeValue(this.reg, t, v, p, opWhere(i, op.op, which));
    } catch (e) {
      if (e instanceof GoPanic) throw e;
      throw new InputError((e as Error).message);
    }
    return p;
  }

  private feedIterStart(ev: Event | undefined, h: number): void {
    if (!ev || !ev.start || h === 0) return;
    const B = this.rt.mem.load8(h + hmapLayout(this.rt.ptrSize).B);
    this.rt.rand.feedIterStart(ev.start.bucket + ev.start.offset * 2 ** B);
  }

  private feedHash0(ev: Event | undefined): void {
    if (ev && typeof ev.hash0 === 'string') this.rt.rand.feedHash0(parseInt(ev.hash0.slice(2), 16));
  }

  private hash0Of(h: number): string | null {
    return h === 0 ? null : hex32(this.rt.mem.load32(h + hmapLayout(this.rt.ptrSize).hash0));
  }

  private entry(it: hiter, mt: MapType): [unknown, unknown] | null {
    if (it.key === 0) return null;
    return [decodeValue(this.reg, mt.key, it.key), decodeValue(this.reg, mt.elem, it.elem)];
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
          let hint: number | undefined;
          if (op.hint !== undefined) hint = hintValue(op.hint);
          this.feedHash0(rec);
          begin();
          let h: number;
          if (hint === undefined) {
            h = this.maps.makemap_small(mt);
          } else if (this.rt.ptrSize === 4) {
            h = this.maps.makemap64(mt, hint, 0);
          } else {
            h = this.maps.makemap(mt, hint, 0);
          }
          end();
          if (op.hash0 !== undefined) this.rt.mem.store32(h + hmapLayout(this.rt.ptrSize).hash0, parseInt(op.hash0.slice(2), 16));
          this.vars.set(op.map!, { mt, h });
          ev.hash0 = this.hash0Of(h);
          ev.layout = layoutJSON(mt, op.type!, this.rt);
          break;
        }
        case 'nil': {
          const mt = this.mapType(op, i);
          this.vars.set(op.map!, { mt, h: 0 });
          ev.layout = layoutJSON(mt, op.type!, this.rt);
          if (this.allocs) ev.alloc = { objects: 0, bytes: 0 };
          break;
        }
        case 'set': {
          const mv = this.mapVar(op, i);
          const k = this.encode(mv.mt, 'key', op.key, i, op);
          const e = this.encode(mv.mt, 'elem', op.elem, i, op);
          begin();
          // m[k] = e: *mapassign(t, h, &k) = e
          const p = this.ops.assign(mv.mt, mv.h, k);
          this.rt.mem.memmove(p, e, mv.mt.elem.size);
          end();
          break;
        }
        case 'get': {
          const mv = this.mapVar(op, i);
          const k = this.encode(mv.mt, 'key', op.key, i, op);
          begin();
          // elem, found := m[k]
          const p = this.ops.access2(mv.mt, mv.h, k);
          const found = this.ops.found;
          end();
          ev.found = found;
          ev.elem = found ? decodeValue(this.reg, mv.mt.elem, p) : zeroJSON(this.reg, mv.mt.elem);
          break;
        }
        case 'delete': {
          const mv = this.mapVar(op, i);
          const k = this.encode(mv.mt, 'key', op.key, i, op);
          this.feedHash0(rec);
          begin();
          this.ops.delete(mv.mt, mv.h, k);
          end();
          ev.hash0 = this.hash0Of(mv.h);
          break;
        }
        case 'len': {
          const mv = this.mapVar(op, i);
          ev.len = mv.h === 0 ? 0 : this.rt.mem.loadInt(mv.h);
          if (this.allocs) ev.alloc = { objects: 0, bytes: 0 };
          break;
        }
        case 'clear': {
          const mv = this.mapVar(op, i);
          this.feedHash0(rec);
          if (mv.mt.flags & mapReflexiveKey) {
            // for k := range m { delete(m, k) } compiles to mapclear for reflexive keys.
            begin();
            this.maps.mapclear(mv.mt, mv.h);
            end();
          } else {
            // Otherwise the loop stays: mapiterinit, then mapdelete of each key visited.
            const it = new hiter();
            this.feedIterStart(rec, mv.h);
            const empty = mv.h === 0 || this.rt.mem.loadInt(mv.h) === 0;
            const k = this.temp(mv.mt.key.size, 0);
            begin();
            this.maps.mapiterinit(mv.mt, mv.h, it);
            ev.start = empty ? null : { bucket: it.startBucket, offset: it.offset };
            while (it.key !== 0) {
              this.rt.mem.memmove(k, it.key, mv.mt.key.size);
              this.ops.delete(mv.mt, mv.h, k);
              this.maps.mapiternext(it);
            }
            end();
          }
          ev.hash0 = this.hash0Of(mv.h);
          break;
        }
        case 'range': {
          const mv = this.mapVar(op, i);
          const it = new hiter();
          this.feedIterStart(rec, mv.h);
          const empty = mv.h === 0 || this.rt.mem.loadInt(mv.h) === 0;
          const entries: [unknown, unknown][] = [];
          begin();
          this.maps.mapiterinit(mv.mt, mv.h, it);
          ev.start = empty ? null : { bucket: it.startBucket, offset: it.offset };
          while (it.key !== 0) {
            entries.push(this.entry(it, mv.mt)!); // decoding reads memory only: it allocates nothing
            this.maps.mapiternext(it);
          }
          end();
          ev.entries = entries;
          break;
        }
        case 'iter': {
          const mv = this.mapVar(op, i);
          const it = new hiter();
          this.feedIterStart(rec, mv.h);
          const empty = mv.h === 0 || this.rt.mem.loadInt(mv.h) === 0;
          begin();
          this.maps.mapiterinit(mv.mt, mv.h, it);
          end();
          ev.start = empty ? null : { bucket: it.startBucket, offset: it.offset };
          ev.entry = this.entry(it, mv.mt);
          this.iters.set(op.iter!, { it, mv, done: it.key === 0 });
          break;
        }
        case 'next': {
          const iv = this.iters.get(op.iter!);
          if (!iv) throw new InputError(`${opWhere(i, op.op, 'iter')}: unknown iterator ${JSON.stringify(op.iter)}`);
          begin();
          if (!iv.done) this.maps.mapiternext(iv.it);
          end();
          iv.done = iv.it.key === 0;
          ev.entry = this.entry(iv.it, iv.mv.mt);
          break;
        }
        case 'dump': {
          const mv = this.mapVar(op, i);
          ev.state = dumpState(this.rt, this.reg, mv.mt, mv.h);
          if (this.allocs) ev.alloc = { objects: 0, bytes: 0 };
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
