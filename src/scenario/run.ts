// Running a scenario in the emulator: each op is the runtime call (or calls) a compiled Go program
// makes for it, and each op's event is built exactly as the contract says. A replay passes the
// recorded trace's events so that hash0 values and iterator starts are drawn as real Go drew them.

import { GoRuntime } from '../runtime/runtime';
import { GoPanic, GoThrow } from '../runtime/errors';
import { Kind, MapType, mapReflexiveKey } from '../runtime/types';
import { TypeRegistry } from '../runtime/typeregistry';
import { ValueTooDeep, zeroJSON } from '../runtime/values';
import { hmapLayout } from '../runtime/hmap';
import { createRuntime, keysFromSeeds, seedsJSON } from '../runtime/create';
import { allocatedBuckets } from '../trace/dump';
import { GoMap, GoMapIter, Runtime } from '../api';
import { Event, Op, Scenario, Seeds, Trace, TRACE_FORMAT } from '../trace/format';
import { Config, InputError, InternalFault, OpFatal, hintValue, opWhere } from './scenario';

export const PRODUCER = 'goemu 0.1.0';

/** The largest dump goemu writes (its estimated JSON text). */
export const MAX_DUMP_BYTES = 512 * 2 ** 20;

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
    // The scenario's named types, in declaration order (type Name T in package main).
    for (const [name, src] of Object.entries(scenario.types ?? {})) {
      try {
        this.reg.declare(name, src);
      } catch (e) {
        throw new InputError(`field "types" ${JSON.stringify(name)}: ${(e as Error).message}`);
      }
    }
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
    const where = opWhere(i, op.op, which);
    try {
      return m.encode(which, v, where);
    } catch (e) {
      if (e instanceof GoPanic) throw e;
      // Making the value ran the runtime out of memory ("new" of a huge type): Go dies there.
      if (e instanceof GoThrow || isHostOOM(e)) throw new OpFatal(fatalText(e), where);
      throw new InputError((e as Error).message);
    }
  }

  /**
   * Replay: feeds the recorded start of an iteration, which must fit the map as it is now: null
   * exactly when the map is nil or empty (mapiterinit draws nothing then), a bucket below 2^B.
   */
  private feedIterStart(ev: Event | undefined, h: number, i: number): void {
    if (!ev || 'panic' in ev) return;
    const L = hmapLayout(this.rt.ptrSize);
    const count = h === 0 ? 0 : this.rt.mem.loadInt(h + L.count);
    if (ev.start === undefined) {
      throw new InputError(`event ${i} field "start": missing (an iteration records where real Go started it, or null)`);
    }
    if (ev.start === null) {
      if (count !== 0) throw new InputError(`event ${i} field "start": null, but the map has ${count} entries here (real Go drew a start)`);
      return;
    }
    if (count === 0) throw new InputError(`event ${i} field "start": ${JSON.stringify(ev.start)}, but the map is ${h === 0 ? 'nil' : 'empty'} here (mapiterinit draws nothing)`);
    const B = this.rt.mem.load8(h + L.B);
    if (ev.start.bucket >= 2 ** B) {
      throw new InputError(`event ${i} field "start": bucket ${ev.start.bucket} is beyond the map's ${2 ** B} buckets (B = ${B}) here`);
    }
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
          if (!ev.found) checkValueSize(m.mt.elem, i);
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
          if (!(m.mt.flags & mapReflexiveKey)) this.feedIterStart(rec, m.h, i);
          begin();
          const start = m.clearMap();
          end();
          if (!(m.mt.flags & mapReflexiveKey)) ev.start = start; // the loop draws a start; mapclear does not
          ev.hash0 = m.hash0();
          break;
        }
        case 'range': {
          const m = this.mapVar(op, i);
          this.feedIterStart(rec, m.h, i);
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
          this.feedIterStart(rec, m.h, i);
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
          this.checkDumpSize(m, i);
          ev.state = m.dump();
          begin();
          end();
          break;
        }
      }
    } catch (e) {
      if (!(e instanceof GoPanic)) throw opFault(e, i, op);
      for (const k of Object.keys(ev)) if (k !== 'i' && k !== 'op' && k !== 'map' && k !== 'iter') delete ev[k];
      ev.panic = e.message;
    } finally {
      this.rt.rand.clearFeed();
    }
    return ev;
  }

  /**
   * A dump writes every bucket: refuse one whose text would not fit in memory (a hint that
   * passed makemap's check but made millions of buckets), with one line instead of a crash.
   */
  private checkDumpSize(m: GoMap, i: number): void {
    if (m.h === 0) return;
    const L = hmapLayout(this.rt.ptrSize);
    const mem = this.rt.mem;
    const B = mem.load8(m.h + L.B);
    const bs = m.mt.bucketsize;
    let n = mem.loadPtr(m.h + L.buckets) === 0 ? 0 : allocatedBuckets(this.rt, bs, B);
    if (mem.loadPtr(m.h + L.oldbuckets) !== 0) n += allocatedBuckets(this.rt, bs, mem.load8(m.h + L.flags) & 8 ? B : B - 1);
    n += mem.load16(m.h + L.noverflow);
    // Text per bucket: the hex bytes, and the decoded keys and elems (a few characters a byte).
    const bytes = n * (2 * bs + 8 * 4 * (m.mt.key.size + m.mt.elem.size) + 200);
    if (bytes > MAX_DUMP_BYTES) {
      throw new InputError(`${opWhere(i, 'dump', 'map')}: map ${JSON.stringify(m.type)} has ${n} buckets (B = ${B}): ` +
        `a dump of about ${Math.round(bytes / 2 ** 20)} MB is more than goemu writes (${MAX_DUMP_BYTES / 2 ** 20} MB)`);
    }
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

/** The most JSON array elements goemu writes for one value (Go takes arrays of 2^63-1 struct{}). */
const MAX_VALUE_ELEMS = 1 << 24;

/** Refuses a value whose JSON would have more than MAX_VALUE_ELEMS elements, with one line. */
function checkValueSize(t: MapType['elem'], i: number): void {
  const count = (u: MapType['elem']): number => {
    if (u.kind === Kind.Array) return u.len * Math.max(1, count(u.elem!));
    if (u.kind === Kind.Struct) return u.fields!.reduce((n, f) => n + count(f.type), 0);
    return 1;
  };
  const n = count(t);
  if (n > MAX_VALUE_ELEMS) {
    throw new InputError(`${opWhere(i, 'get', 'map')}: the zero value of ${t.str} has ${n.toExponential(3)} elements in JSON, ` +
      `more than goemu writes (${MAX_VALUE_ELEMS})`);
  }
}

/** A JS engine that cannot back the simulated memory any more (ArrayBuffer allocation failed). */
function isHostOOM(e: unknown): boolean {
  return e instanceof RangeError && /allocation failed|Array buffer/i.test(e.message);
}

function fatalText(e: unknown): string {
  return e instanceof GoThrow ? e.message : 'out of memory (the host cannot allocate the simulated memory)';
}

/**
 * What escapes an op that is not a Go panic: a fatal error of the Go runtime (out of memory,
 * a fault) ends the program in Go too: an OpFatal (still a GoThrow) naming the op and the field
 * that asked for it, which the CLI reports like bad input (one line, exit 2, as Go exits 2);
 * anything else is a fault of goemu, reported with the op.
 */
function opFault(e: unknown, i: number, op: Op): Error {
  if (e instanceof InputError || e instanceof OpFatal) return e;
  if (e instanceof ValueTooDeep) return new InputError(`${opWhere(i, op.op)}: ${e.message}`);
  if (e instanceof GoThrow || isHostOOM(e)) {
    const field = op.op === 'make' ? (op.hint !== undefined ? 'hint' : 'type') : undefined;
    return new OpFatal(fatalText(e), opWhere(i, op.op, field));
  }
  const err = e as Error;
  return new InternalFault(`${opWhere(i, op.op)}: internal error: ${err?.name ?? 'Error'}: ${err?.message ?? String(e)}`, e);
}

export function runScenario(scenario: Scenario, config: Config, opts: RunOptions = {}): Trace {
  return new ScenarioRunner(scenario, config, opts).run();
}
