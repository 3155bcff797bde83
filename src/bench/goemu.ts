// The goemu side of `goemu bench`: one emulated Go process per (configuration, key kind, N), its
// keys laid out in simulated memory before any timing, and the workloads as a compiled Go program
// runs them — `m[k] = v` is MapOps.assign plus the store of the elem, `v, ok := m[k]` is
// MapOps.access2, `delete(m, k)` MapOps.delete, a range loop mapiterinit/mapiternext.
//
// Each repetition of a building workload starts from the same simulated heap (Memory.release back
// to a mark taken after the keys were built), so memory does not pile up across repetitions.

import { ArchName, HashFamily, Profile } from '../arch';
import { GoRuntime } from '../runtime/runtime';
import { createRuntime, KeyMaterial } from '../runtime/create';
import { TypeRegistry } from '../runtime/typeregistry';
import { MapRuntime, hiter } from '../runtime/map';
import { MapOps } from '../runtime/mapops';
import { MapType } from '../runtime/types';
import { Memory } from '../mem/memory';
import { Heap } from '../mem/heap';
import { BenchOp, KeyKind, MAP_TYPE, strKey } from './workloads';

export interface BenchConfig {
  arch: ArchName;
  go: Profile;
  hash: HashFamily;
}

export interface AllocCount {
  bytes: number;
  objects: number;
}

/** A monotonic clock in nanoseconds (a double: no BigInt). */
export function nowNs(): number {
  return performance.now() * 1e6;
}

let gcFn: (() => void) | null | undefined;

/** A full GC between repetitions (outside any timed region), when Node lets us have one. */
export function fullGC(): void {
  if (gcFn === undefined) {
    gcFn = null;
    const g = (globalThis as { gc?: () => void }).gc;
    if (typeof g === 'function') {
      gcFn = g;
    } else {
      try {
        // eslint-disable-next-line @typescript-eslint/no-var-requires
        require('v8').setFlagsFromString('--expose-gc');
        // eslint-disable-next-line @typescript-eslint/no-var-requires
        gcFn = require('vm').runInNewContext('gc') as () => void;
      } catch {
        gcFn = null;
      }
    }
  }
  if (gcFn) gcFn();
}

export class GoemuBench {
  readonly rt: GoRuntime;
  readonly mem: Memory;
  readonly heap: Heap;
  readonly reg: TypeRegistry;
  readonly maps: MapRuntime;
  readonly ops: MapOps;
  readonly mt: MapType;
  readonly n: number;
  /** Key slot size (the key type's size). */
  private readonly ks: number;
  /** The inserted keys, the lookup keys (freshly built equal keys) and the absent keys: arrays of n keys. */
  private readonly keys: number;
  private readonly keys2: number;
  private readonly miss: number;
  /** arr2: the string header stored as every elem. */
  private readonly elemSrc: number;
  /** The map the lookup and range workloads read (built on first use). */
  private built = 0;
  /** Where each repetition's heap starts. */
  private mark: number;
  /** Sink for read results. */
  sink = 0;
  /**
   * A hiter kept alive: V8 drops the hidden classes of hiter objects (and the optimised code
   * built on them) at a full GC when no hiter is alive, which would put every repetition of a
   * range loop after its GC back into the interpreter.
   */
  private anchor: hiter | null = null;

  constructor(readonly config: BenchConfig, readonly key: KeyKind, n: number, keys?: KeyMaterial, seed = 'goemu bench') {
    this.n = n;
    this.rt = createRuntime(config.arch, config.go, config.hash, seed, keys);
    this.mem = this.rt.mem;
    this.heap = this.rt.heap;
    this.reg = new TypeRegistry(this.rt);
    this.maps = new MapRuntime(this.rt);
    this.ops = new MapOps(this.maps);
    this.mt = this.reg.mapType(MAP_TYPE[key]);
    this.ks = this.mt.key.size;
    this.keys = this.buildKeys(0, false);
    this.keys2 = key === 'str' || key === 'any' ? this.buildKeys(0, true) : this.keys;
    this.miss = this.buildKeys(n, true);
    this.elemSrc = 0;
    if (key === 'arr2') {
      this.elemSrc = this.heap.persistentalloc(2 * this.rt.ptrSize, 8);
      this.writeString(this.elemSrc, 'value');
    }
    this.mark = this.mem.mark();
  }

  // ---- keys, built before any timing ----

  /** A string's bytes in simulated memory, its header at hdr. */
  private writeString(hdr: number, s: string): void {
    const mem = this.mem;
    const data = this.heap.persistentalloc(s.length, 1);
    for (let j = 0; j < s.length; j++) mem.store8(data + j, s.charCodeAt(j));
    mem.storePtr(hdr, data);
    mem.storeInt(hdr + this.rt.ptrSize, s.length);
  }

  /** n keys from..from+n-1 in a fresh array (fresh strings and boxes every call). */
  private buildKeys(from: number, _fresh: boolean): number {
    const n = this.n, ks = this.ks, mem = this.mem, P = this.rt.ptrSize;
    const arr = this.heap.persistentalloc(n * ks, 8);
    switch (this.key) {
      case 'int64':
        for (let i = 0; i < n; i++) mem.store64(arr + i * 8, from + i, 0);
        break;
      case 'str':
        for (let i = 0; i < n; i++) this.writeString(arr + i * ks, strKey(from + i));
        break;
      case 'arr2':
        // [2]int64{i, ^i}
        for (let i = 0; i < n; i++) {
          const j = from + i;
          mem.store64(arr + i * 16, j, 0);
          mem.store64(arr + i * 16 + 8, ~j, 0xffffffff);
        }
        break;
      case 'any': {
        // int64(i) for even i, "k<i>" for odd i, each boxed as a conversion to interface{} boxes it
        const tInt64 = this.reg.get('int64').addr;
        const tString = this.reg.get('string').addr;
        for (let i = 0; i < n; i++) {
          const j = from + i;
          const slot = arr + i * ks;
          if (j % 2 === 0) {
            const box = this.heap.persistentalloc(8, 8);
            mem.store64(box, j, 0);
            mem.storePtr(slot, tInt64);
            mem.storePtr(slot + P, box);
          } else {
            const box = this.heap.persistentalloc(2 * P, P);
            this.writeString(box, strKey(j));
            mem.storePtr(slot, tString);
            mem.storePtr(slot + P, box);
          }
        }
        break;
      }
    }
    return arr;
  }

  // ---- the compiled operations ----

  /** make(map[K]V) (hint < 0) or make(map[K]V, hint). */
  make(hint: number): number {
    return hint < 0 ? this.maps.makemap_small(this.mt) : this.maps.makemap(this.mt, hint, 0);
  }

  /** for i, k := range keys { m[k] = V(i) } */
  fill(h: number): void {
    const ops = this.ops, mt = this.mt, mem = this.mem, n = this.n, ks = this.ks, keys = this.keys;
    switch (this.key) {
      case 'arr2': {
        const es = mt.elem.size, src = this.elemSrc;
        for (let i = 0; i < n; i++) {
          const p = ops.assign(mt, h, keys + i * ks);
          mem.memmove(p, src, es);
        }
        return;
      }
      default:
        for (let i = 0; i < n; i++) {
          const p = ops.assign(mt, h, keys + i * ks);
          mem.store64(p, i, 0);
        }
    }
  }

  /** for _, k := range keys2 (or miss) { v, ok := m[k]; if ok { s += v } } */
  lookup(h: number, miss: boolean): number {
    const ops = this.ops, mt = this.mt, mem = this.mem, n = this.n, ks = this.ks;
    const keys = miss ? this.miss : this.keys2;
    let s = 0;
    if (this.key === 'arr2') {
      const lenOff = this.rt.ptrSize;
      for (let i = 0; i < n; i++) {
        const p = ops.access2(mt, h, keys + i * ks);
        if (ops.ok) s += mem.loadInt(p + lenOff);
      }
      return s;
    }
    for (let i = 0; i < n; i++) {
      const p = ops.access2(mt, h, keys + i * ks);
      if (ops.ok) s += mem.load32(p);
    }
    return s;
  }

  /** for _, k := range keys2 { delete(m, k) } */
  del(h: number): void {
    const ops = this.ops, mt = this.mt, n = this.n, ks = this.ks, keys = this.keys2;
    for (let i = 0; i < n; i++) ops.delete(mt, h, keys + i * ks);
  }

  /** for _, v := range m { s += v }: returns the number of entries visited. */
  iter(h: number): number {
    const maps = this.maps, mem = this.mem;
    const it = new hiter();
    maps.mapiterinit(this.mt, h, it);
    if (this.anchor === null) this.anchor = it;
    let c = 0, s = 0;
    const lenOff = this.key === 'arr2' ? this.rt.ptrSize : -1;
    while (it.key !== 0) {
      s += lenOff < 0 ? mem.load32(it.elem) : mem.loadInt(it.elem + lenOff);
      c++;
      maps.mapiternext(it);
    }
    this.sink += s;
    return c;
  }

  /** The map the lookups and range loops read. */
  private lookupMap(): number {
    if (this.built === 0) {
      this.release();
      this.built = this.make(-1);
      this.fill(this.built);
      // A first range loop, so that what mapiterinit allocates (h.extra.overflow) lies below the mark.
      this.iter(this.built);
      this.mark = this.mem.mark();
    }
    return this.built;
  }

  /** Back to the heap as it was after the keys (and the lookup map) were built. */
  release(): void {
    this.heap.release(this.mark);
  }

  /**
   * One timed repetition: op `iters` times. Returns nanoseconds per operation (per insert,
   * lookup, delete or visited entry).
   */
  rep(op: BenchOp, iters: number): number {
    const n = this.n;
    switch (op) {
      case 'grow':
      case 'hint': {
        const hint = op === 'hint' ? n : -1;
        this.release();
        fullGC();
        // Warm up after the GC (untimed): the first allocations after a full GC fault pages in.
        this.fill(this.make(hint));
        this.release();
        const t0 = nowNs();
        for (let r = 0; r < iters; r++) this.fill(this.make(hint));
        return (nowNs() - t0) / (iters * n);
      }
      case 'hit':
      case 'miss': {
        const h = this.lookupMap();
        fullGC();
        this.sink += this.lookup(h, op === 'miss'); // warm-up after the GC
        let s = 0;
        const t0 = nowNs();
        for (let r = 0; r < iters; r++) s += this.lookup(h, op === 'miss');
        const dt = nowNs() - t0;
        this.sink += s;
        return dt / (iters * n);
      }
      case 'delete': {
        this.release();
        const hs: number[] = [];
        for (let r = 0; r <= iters; r++) {
          const h = this.make(-1);
          this.fill(h);
          hs.push(h);
        }
        fullGC();
        this.del(hs[iters]); // warm-up after the GC
        const t0 = nowNs();
        for (let r = 0; r < iters; r++) this.del(hs[r]);
        return (nowNs() - t0) / (iters * n);
      }
      case 'range': {
        const h = this.lookupMap();
        fullGC();
        this.iter(h); // warm-up after the GC
        let c = 0;
        const t0 = nowNs();
        for (let r = 0; r < iters; r++) c += this.iter(h);
        return (nowNs() - t0) / c;
      }
    }
  }

  /**
   * The allocations of one execution of op, as runtime.MemStats would count them around it
   * (TotalAlloc, Mallocs). hash0, when given, is what the map's make draws (real Go's value, so
   * that the same overflow buckets get allocated).
   */
  allocs(op: BenchOp, hash0?: number): AllocCount {
    const heap = this.heap, rand = this.rt.rand;
    this.release();
    let h = 0;
    if (hash0 !== undefined) rand.feedHash0(hash0);
    if (op !== 'grow' && op !== 'hint') {
      h = this.make(-1);
      rand.clearFeed();
      this.fill(h);
    }
    heap.resetTiny(); // ReadMemStats flushes the mcache
    const m0 = heap.mallocs, b0 = heap.totalAlloc;
    switch (op) {
      case 'grow':
      case 'hint':
        h = this.make(op === 'hint' ? this.n : -1);
        rand.clearFeed();
        this.fill(h);
        break;
      case 'hit':
      case 'miss':
        this.sink += this.lookup(h, op === 'miss');
        break;
      case 'delete':
        this.del(h);
        break;
      case 'range':
        this.sink += this.iter(h);
        break;
    }
    const r = { bytes: heap.totalAlloc - b0, objects: heap.mallocs - m0 };
    this.release();
    return r;
  }
}
