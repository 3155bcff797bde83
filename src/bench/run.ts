// `goemu bench`: the standard workloads in goemu, JS Map and native Go, interleaved round by round
// (goemu, then JS Map, then native Go, for every round of every workload) so that the noise of a
// shared machine falls on all three alike; the best repetition of each side counts. Ratios from
// one run are what matter, never absolute times.
//
// Allocations: native Go reports its runtime.MemStats TotalAlloc/Mallocs deltas for one run of
// each workload together with its hash keys and each map's hash0; goemu then builds the same maps
// with the same keys and seeds, so that the same overflow buckets are allocated, and its
// accounting must be equal byte for byte. Without Go, goemu's own accounting is shown alone.
//
// Memory: Node's heap + array buffers (after a full GC) per simulated heap byte, for a
// 1,000,000-entry map[int64]int64 built without a hint.

import { keysFromSeeds } from '../runtime/create';
import { createRuntime } from '../runtime/create';
import { TypeRegistry } from '../runtime/typeregistry';
import { MapRuntime } from '../runtime/map';
import { MapOps } from '../runtime/mapops';
import { BenchConfig, GoemuBench, fullGC, nowNs } from './goemu';
import { JsMapBench } from './jsmap';
import { NativeAllocs, NativeBench } from './native';
import { BenchOp, KeyKind, Workload, buildsMap, standardWorkloads, workloadFullName, workloadName } from './workloads';

export interface BenchOptions {
  configs: BenchConfig[];
  /** --quick: no 1,000,000-entry workloads, fewer rounds, shorter repetitions. */
  quick: boolean;
  /** Rounds per workload (each side: one repetition per round); the best counts. */
  rounds?: number;
  /** Minimum milliseconds per repetition (small N repeats the workload within a repetition). */
  minRepMs?: number;
  /** Measure native Go when a toolchain is present. */
  native?: boolean;
  /** Measure JS Map. */
  jsmap?: boolean;
  /** Measure Node's memory for a 1,000,000-entry map[int64]int64 (memoryN entries). */
  memory?: boolean;
  memoryN?: number;
  /** Only workloads whose full name contains this. */
  filter?: string;
  /** Instead of the standard list. */
  workloads?: Workload[];
  /** Progress messages (a terminal line). */
  progress?: (msg: string) => void;
  /** Called with each finished row. */
  onRow?: (row: BenchRow) => void;
}

/** One workload's result: the JSON line of --json. `null` where a side was not measured. */
export interface BenchRow {
  workload: string;
  n: number;
  arch: string;
  go: string;
  hash: string;
  goemu_ns: number | null;
  native_ns: number | null;
  jsmap_ns: number | null;
  goemu_bytes: number | null;
  native_bytes: number | null;
  goemu_objects: number | null;
  native_objects: number | null;
}

export interface MemoryFigure {
  n: number;
  /** Simulated heap bytes allocated (MemStats.TotalAlloc of the build). */
  heapBytes: number;
  /** Simulated memory in use (heap, descriptors, alignment). */
  usedBytes: number;
  /** The backing buffer's size. */
  bufferBytes: number;
  /** Node's heapUsed + arrayBuffers growth over the build, after a full GC. */
  nodeBytes: number;
  /** nodeBytes / heapBytes */
  ratio: number;
}

export interface ConfigResult {
  config: BenchConfig;
  rows: BenchRow[];
  memory: MemoryFigure | null;
  /** Why native Go was not measured (null when it was). */
  nativeMissing: string | null;
  /** The Go version that ran natively. */
  nativeVersion: string | null;
  seconds: number;
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

/** Repetitions per measurement so that one takes at least minMs: from a warm-up run. */
function calibrate(rep: (iters: number) => number, n: number, minMs: number): number {
  rep(1); // warm-up (JIT)
  const ns = Math.min(rep(1), rep(1));
  const per = Math.max(ns * n, 1);
  return Math.max(1, Math.min(100000, Math.ceil((minMs * 1e6) / per)));
}

/** Node's memory (JS heap + array buffers) per simulated heap byte for a map[int64]int64 of n entries. */
export function measureNodeMemory(config: BenchConfig, n: number): MemoryFigure {
  fullGC();
  fullGC();
  const m0 = process.memoryUsage();
  const rt = createRuntime(config.arch, config.go, config.hash, 'goemu bench memory');
  const reg = new TypeRegistry(rt);
  const maps = new MapRuntime(rt);
  const ops = new MapOps(maps);
  const mt = reg.mapType('map[int64]int64');
  const mem = rt.mem;
  const slot = rt.heap.persistentalloc(8, 8);
  const b0 = rt.heap.totalAlloc;
  const h = maps.makemap_small(mt);
  for (let i = 0; i < n; i++) {
    mem.store64(slot, i, 0);
    const p = ops.assign(mt, h, slot);
    mem.store64(p, i, 0);
  }
  const heapBytes = rt.heap.totalAlloc - b0;
  fullGC();
  fullGC();
  const m1 = process.memoryUsage();
  const nodeBytes = (m1.heapUsed + m1.arrayBuffers) - (m0.heapUsed + m0.arrayBuffers);
  const fig = { n, heapBytes, usedBytes: mem.used, bufferBytes: mem.capacity, nodeBytes, ratio: nodeBytes / heapBytes };
  if (ops.len(h) !== n) throw new Error('goemu bench: the memory map lost entries');
  return fig;
}

/** Runs the benchmark for every configuration. */
export function runBench(opts: BenchOptions): ConfigResult[] {
  const rounds = opts.rounds ?? (opts.quick ? 3 : 5);
  const minRepMs = opts.minRepMs ?? (opts.quick ? 10 : 20);
  let workloads = opts.workloads ?? standardWorkloads(opts.quick);
  if (opts.filter) workloads = workloads.filter((w) => workloadFullName(w).includes(opts.filter!));
  const progress = opts.progress ?? (() => undefined);
  const results: ConfigResult[] = [];
  for (const config of opts.configs) {
    const t0 = nowNs();
    const cfgName = `${config.arch}/${config.go}/${config.hash}`;
    let native: NativeBench | null = null;
    let nativeMissing: string | null = 'not requested';
    if (opts.native !== false) {
      progress(`${cfgName}: building the native benchmark…`);
      const nb = NativeBench.open(config);
      if (typeof nb === 'string') nativeMissing = nb;
      else {
        native = nb;
        nativeMissing = null;
      }
    }
    const rows: BenchRow[] = [];
    // Groups of workloads with the same keys.
    const groups: { key: KeyKind; n: number; ws: Workload[] }[] = [];
    for (const w of workloads) {
      const g = groups.find((x) => x.key === w.key && x.n === w.n);
      if (g) g.ws.push(w);
      else groups.push({ key: w.key, n: w.n, ws: [w] });
    }
    let done = 0;
    for (const g of groups) {
      progress(`${cfgName} [${done + 1}/${workloads.length}] ${workloadName(g.ws[0])}/${g.n}: keys…`);
      let nAllocs: NativeAllocs | null = null;
      if (native) nAllocs = native.allocs(g.key, g.n);
      const keys = nAllocs ? keysFromSeeds(nAllocs.seeds, config.arch) : undefined;
      let ge: GoemuBench | null = new GoemuBench(config, g.key, g.n, keys);
      let js: JsMapBench | null = opts.jsmap === false ? null : new JsMapBench(g.key, g.n);
      for (const w of g.ws) {
        done++;
        const name = `${cfgName} [${done}/${workloads.length}] ${workloadFullName(w)}`;
        const nat = nAllocs ? nAllocs.allocs[w.op] : null;
        const ga = ge.allocs(w.op, nat ? nat.hash0 : undefined);
        progress(`${name}: calibrating…`);
        const gIters = calibrate((k) => ge!.rep(w.op, k), w.n, minRepMs);
        const jIters = js ? calibrate((k) => js!.rep(w.op, k), w.n, minRepMs) : 0;
        let bestG = Infinity, bestJ = Infinity, bestN = Infinity;
        for (let r = 0; r < rounds; r++) {
          progress(`${name}: round ${r + 1}/${rounds}`);
          bestG = Math.min(bestG, ge.rep(w.op, gIters));
          if (js) bestJ = Math.min(bestJ, js.rep(w.op, jIters));
          if (native) bestN = Math.min(bestN, native.time(w.key, w.op, w.n, 2, minRepMs).best);
        }
        const row: BenchRow = {
          workload: workloadName(w),
          n: w.n,
          arch: config.arch,
          go: config.go,
          hash: config.hash,
          goemu_ns: round1(bestG),
          native_ns: native ? round1(bestN) : null,
          jsmap_ns: js ? round1(bestJ) : null,
          goemu_bytes: ga.bytes,
          native_bytes: nat ? nat.bytes : null,
          goemu_objects: ga.objects,
          native_objects: nat ? nat.objects : null,
        };
        rows.push(row);
        opts.onRow?.(row);
      }
      ge = null;
      js = null;
      fullGC();
    }
    let memory: MemoryFigure | null = null;
    if (opts.memory !== false) {
      progress(`${cfgName}: Node memory for a ${opts.memoryN ?? 1000000}-entry map[int64]int64…`);
      memory = measureNodeMemory(config, opts.memoryN ?? 1000000);
    }
    results.push({
      config, rows, memory, nativeMissing,
      nativeVersion: native ? native.version : null,
      seconds: (nowNs() - t0) / 1e9,
    });
  }
  return results;
}

// ---- summaries ----

export interface RatioSummary {
  /** Geometric mean of the ratio over the workloads where both sides were measured. */
  geomean: number | null;
  max: number | null;
  maxWorkload: string | null;
  count: number;
}

export function ratioSummary(rows: BenchRow[], other: 'native_ns' | 'jsmap_ns'): RatioSummary {
  let sum = 0, count = 0, max: number | null = null, maxWorkload: string | null = null;
  for (const r of rows) {
    const o = r[other];
    if (r.goemu_ns === null || o === null || o <= 0) continue;
    const q = r.goemu_ns / o;
    sum += Math.log(q);
    count++;
    if (max === null || q > max) {
      max = q;
      maxWorkload = `${r.workload}/${r.n}`;
    }
  }
  return { geomean: count ? Math.exp(sum / count) : null, max, maxWorkload, count };
}

/** Workloads whose allocation accounting was compared, and how many matched exactly. */
export function allocSummary(rows: BenchRow[]): { compared: number; equal: number; building: number; buildingEqual: number } {
  let compared = 0, equal = 0, building = 0, buildingEqual = 0;
  for (const r of rows) {
    if (r.native_bytes === null || r.goemu_bytes === null) continue;
    const eq = r.native_bytes === r.goemu_bytes && r.native_objects === r.goemu_objects;
    compared++;
    if (eq) equal++;
    const op = (Object.entries({ MapAssignGrow: 'grow', MapAssignPreAllocate: 'hint' }).find(([k]) => r.workload.startsWith(k + '/')) || [])[1];
    if (op && buildsMap(op as BenchOp)) {
      building++;
      if (eq) buildingEqual++;
    }
  }
  return { compared, equal, building, buildingEqual };
}
