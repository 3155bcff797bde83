// The TypeScript API: drive emulated Go maps directly, with keys and elems in the contract's JSON
// encoding (docs/trace-format.md §4). A Go panic inside an operation is thrown as a GoPanic whose
// message is Go's.
//
//   const rt = Runtime.create({ arch: '386', go: 'go1.19', hash: 'aes', seed: 'x' });
//   const m = rt.makeMap('map[string]int64');
//   m.set('a', 1); m.get('a');  // { found: true, elem: 1 }
//   m.dump();                   // the contract's State
//
// Each method is the runtime call sequence a compiled Go statement makes (see ./runtime/mapops.ts),
// so the bytes it leaves behind are real Go's. The scenario runner is built on the same methods.

import { ArchName, HashFamily, Profile } from './arch';
import { GoRuntime } from './runtime/runtime';
import { createRuntime, keysFromSeeds, seedsJSON } from './runtime/create';
import { TypeRegistry } from './runtime/typeregistry';
import { MapRuntime, hiter } from './runtime/map';
import { MapOps } from './runtime/mapops';
import { MapType, mapReflexiveKey } from './runtime/types';
import { hmapLayout } from './runtime/hmap';
import { encodeValue, decodeValue, zeroJSON } from './runtime/values';
import { layoutJSON, LayoutJSON } from './runtime/layout';
import { dumpState } from './trace/dump';
import { x87Store } from './runtime/x87';
import { Seeds, Start, StateJSON, hex32 } from './trace/format';

export { GoPanic, GoThrow } from './runtime/errors';
export type { Seeds, StateJSON, Trace, Scenario, Event } from './trace/format';
export { runScenario } from './scenario/run';
export { diffTraces } from './trace/diff';

export interface RuntimeOptions {
  arch?: ArchName;
  go?: Profile;
  hash?: HashFamily;
  /** seeds fastrand and, without `seeds`, the hash keys */
  seed?: string;
  /** real Go's per-process hash keys (a trace's `seeds`) */
  seeds?: Seeds;
}

/** One emulated Go process. */
export class Runtime {
  readonly rt: GoRuntime;
  readonly reg: TypeRegistry;
  readonly maps: MapRuntime;
  readonly ops: MapOps;
  /** Whether compiled stores go through the x87 FPU (Go 1.15 on 386: GO386=387). */
  readonly x87: boolean;
  private readonly temps: number[] = [];
  private readonly tempCaps: number[] = [];

  constructor(rt: GoRuntime) {
    this.rt = rt;
    this.reg = new TypeRegistry(rt);
    this.maps = new MapRuntime(rt);
    this.ops = new MapOps(this.maps);
    this.x87 = rt.profile === 'go1.15' && rt.ptrSize === 4;
  }

  static create(o: RuntimeOptions = {}): Runtime {
    const arch = o.arch ?? 'amd64';
    return new Runtime(createRuntime(arch, o.go ?? 'go1.19', o.hash ?? 'aes', o.seed ?? '',
      o.seeds ? keysFromSeeds(o.seeds, arch) : undefined));
  }

  /** The process's hash keys, as a trace's `seeds`. */
  seeds(): Seeds {
    return seedsJSON(this.rt);
  }

  /** `make(map[K]V)` (makemap_small), or `make(map[K]V, hint)` with a run-time int64 hint. */
  makeMap(type: string, hint?: number | string): GoMap {
    const mt = this.reg.mapType(type);
    return new GoMap(this, type, mt, this.makeAt(mt, hint));
  }

  /** `var m map[K]V` */
  nilMap(type: string): GoMap {
    return new GoMap(this, type, this.reg.mapType(type), 0);
  }

  /** The contract's layout object for a map type. */
  layout(type: string): LayoutJSON {
    return layoutJSON(this.reg.mapType(type), type, this.rt);
  }

  /** A copy of n bytes of simulated memory at addr. */
  readMemory(addr: number, n: number): Uint8Array {
    return this.rt.mem.bytes(addr, n);
  }

  /** makemap_small, makemap (amd64: an int64 hint is an int) or makemap64 (386). */
  makeAt(mt: MapType, hint?: number | string): number {
    if (hint === undefined) return this.maps.makemap_small(mt);
    const n = typeof hint === 'number' ? hint : Number(hint);
    return this.rt.ptrSize === 4 ? this.maps.makemap64(mt, n, 0) : this.maps.makemap(mt, n, 0);
  }

  /**
   * A zeroed scratch object of `size` bytes for an op's input (slot 0: key, 1: elem). Inputs are
   * not map work: they live outside the heap's accounting, like a compiled program's temporaries.
   */
  temp(size: number, slot: number): number {
    if (!(this.tempCaps[slot] >= size)) {
      this.tempCaps[slot] = Math.max(size, 8);
      this.temps[slot] = this.rt.heap.persistentalloc(this.tempCaps[slot], 8);
    }
    const p = this.temps[slot];
    this.rt.mem.memclrNoHeapPointers(p, size);
    return p;
  }
}

/** An emulated map variable. */
export class GoMap {
  constructor(readonly runtime: Runtime, readonly type: string, readonly mt: MapType, public h: number) {}

  // --- compiled statements on keys and elems already in memory (what the runner measures) ---

  /** `m[k] = v`: *mapassign(t, h, &k) = v */
  assignAt(k: number, e: number): void {
    const p = this.runtime.ops.assign(this.mt, this.h, k);
    const mem = this.runtime.rt.mem;
    mem.memmove(p, e, this.mt.elem.size);
    // Go 1.15's 386 code stores small float elems through the x87 FPU (see ./runtime/x87.ts).
    if (this.runtime.x87) x87Store(mem, this.mt.elem, p);
  }

  /** `v, ok := m[k]`: the elem's address; `found` in runtime.ops.found */
  access2At(k: number): number {
    return this.runtime.ops.access2(this.mt, this.h, k);
  }

  /** `delete(m, k)` */
  deleteAt(k: number): void {
    this.runtime.ops.delete(this.mt, this.h, k);
  }

  /**
   * `for k := range m { delete(m, k) }`: mapclear for reflexive keys; otherwise the loop stays
   * (mapiterinit, then mapdelete of each key visited). Returns the loop's start, or null.
   */
  clearMap(): Start | null {
    const { maps, rt } = this.runtime;
    if (this.mt.flags & mapReflexiveKey) {
      maps.mapclear(this.mt, this.h);
      return null;
    }
    const empty = this.len() === 0;
    const it = new hiter();
    const k = this.runtime.temp(this.mt.key.size, 0);
    maps.mapiterinit(this.mt, this.h, it);
    const start = empty ? null : { bucket: it.startBucket, offset: it.offset };
    while (it.key !== 0) {
      rt.mem.memmove(k, it.key, this.mt.key.size); // k := *it.key
      this.runtime.ops.delete(this.mt, this.h, k);
      maps.mapiternext(it);
    }
    return start;
  }

  // --- the same statements with JSON values ---

  encode(which: 'key' | 'elem', v: unknown, where: string = which): number {
    const t = which === 'key' ? this.mt.key : this.mt.elem;
    const p = this.runtime.temp(t.size, which === 'key' ? 0 : 1);
    encodeValue(this.runtime.reg, t, v, p, where);
    return p;
  }

  decode(which: 'key' | 'elem', addr: number): unknown {
    return decodeValue(this.runtime.reg, which === 'key' ? this.mt.key : this.mt.elem, addr);
  }

  set(key: unknown, elem: unknown): void {
    const k = this.encode('key', key);
    const e = this.encode('elem', elem);
    this.assignAt(k, e);
  }

  get(key: unknown): { found: boolean; elem: unknown } {
    const p = this.access2At(this.encode('key', key));
    const found = this.runtime.ops.found;
    return { found, elem: found ? this.decode('elem', p) : zeroJSON(this.runtime.reg, this.mt.elem) };
  }

  delete(key: unknown): void {
    this.deleteAt(this.encode('key', key));
  }

  len(): number {
    return this.h === 0 ? 0 : this.runtime.rt.mem.loadInt(this.h);
  }

  clear(): void {
    this.clearMap();
  }

  /** A whole `for k, v := range m` loop: the entries in the order visited. */
  range(): [unknown, unknown][] {
    const it = this.iter();
    const out: [unknown, unknown][] = [];
    for (let e = it.entry; e !== null; e = it.next()) out.push(e);
    return out;
  }

  /** Starts an iterator (mapiterinit, which already moves to the first entry). */
  iter(): GoMapIter {
    return new GoMapIter(this);
  }

  /** h.hash0, as the contract writes it (null for a nil map). */
  hash0(): string | null {
    return this.h === 0 ? null : hex32(this.runtime.rt.mem.load32(this.h + hmapLayout(this.runtime.rt.ptrSize).hash0));
  }

  /** The contract's State of the map (null for a nil map). */
  dump(): StateJSON | null {
    return dumpState(this.runtime.rt, this.runtime.reg, this.mt, this.h);
  }

  layout(): LayoutJSON {
    return layoutJSON(this.mt, this.type, this.runtime.rt);
  }
}

/** A stepwise iterator over a GoMap (a range loop's hiter). */
export class GoMapIter {
  readonly it = new hiter();
  /** The start bucket and offset mapiterinit drew, or null for a nil or empty map. */
  readonly start: Start | null;
  /** The current entry, or null once the iteration has ended. */
  entry: [unknown, unknown] | null;

  constructor(readonly m: GoMap) {
    const empty = m.len() === 0;
    m.runtime.maps.mapiterinit(m.mt, m.h, this.it);
    this.start = empty ? null : { bucket: this.it.startBucket, offset: this.it.offset };
    this.entry = this.current();
  }

  get done(): boolean {
    return this.it.key === 0;
  }

  private current(): [unknown, unknown] | null {
    return this.it.key === 0 ? null : [this.m.decode('key', this.it.key), this.m.decode('elem', this.it.elem)];
  }

  /** mapiternext; once ended, nothing is called (a range loop never calls it again). */
  next(): [unknown, unknown] | null {
    if (this.it.key !== 0) this.m.runtime.maps.mapiternext(this.it);
    this.entry = this.current();
    return this.entry;
  }
}
