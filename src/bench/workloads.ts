// The standard workloads of `goemu bench`, named after Go's runtime/map_benchmark_test.go
// (BenchmarkMapAssignGrow, …AssignPreAllocate, …AccessHit, …AccessMiss, …Delete, …Iter).
//
// The same workloads run in three places with the same keys in the same order: goemu
// (./goemu.ts), JS Map (./jsmap.ts) and native Go (oracle/bench/main.go, whose header comment
// describes them in Go).

export type KeyKind = 'int64' | 'str' | 'arr2' | 'any';
export type BenchOp = 'grow' | 'hint' | 'hit' | 'miss' | 'delete' | 'range';

export const KEY_KINDS: readonly KeyKind[] = ['int64', 'str', 'arr2', 'any'];
export const BENCH_OPS: readonly BenchOp[] = ['grow', 'hint', 'hit', 'miss', 'delete', 'range'];

/** The Go map type of each key kind. */
export const MAP_TYPE: Record<KeyKind, string> = {
  int64: 'map[int64]int64',
  str: 'map[string]int64',
  arr2: 'map[[2]int64]string',
  any: 'map[interface {}]int64',
};

/** The key part of a workload's name. */
export const KEY_NAME: Record<KeyKind, string> = {
  int64: 'Int64',
  str: 'Str',
  arr2: 'Array2Int64',
  any: 'Any',
};

/** The benchmark part of a workload's name. */
export const OP_NAME: Record<BenchOp, string> = {
  grow: 'MapAssignGrow',
  hint: 'MapAssignPreAllocate',
  hit: 'MapAccessHit',
  miss: 'MapAccessMiss',
  delete: 'MapDelete',
  range: 'MapIter',
};

/** What one operation of a workload is (for the table's legend). */
export const OP_DOC: Record<BenchOp, string> = {
  grow: 'm := make(map[K]V); m[k] = v for N keys (ns per insert)',
  hint: 'm := make(map[K]V, N); m[k] = v for N keys (ns per insert)',
  hit: 'v, ok := m[k] for the N keys, freshly built equal keys (ns per lookup)',
  miss: 'v, ok := m[k] for N absent keys (ns per lookup)',
  delete: 'delete(m, k) for the N keys until empty (ns per delete)',
  range: 'for _, v := range m over N entries (ns per entry)',
};

export interface Workload {
  key: KeyKind;
  op: BenchOp;
  n: number;
}

/** "MapAccessHit/Int64" */
export function workloadName(w: { key: KeyKind; op: BenchOp }): string {
  return `${OP_NAME[w.op]}/${KEY_NAME[w.key]}`;
}

/** "MapAccessHit/Int64/1000" */
export function workloadFullName(w: Workload): string {
  return `${workloadName(w)}/${w.n}`;
}

/** Whether an op builds the map it measures (its allocations are the map's build). */
export function buildsMap(op: BenchOp): boolean {
  return op === 'grow' || op === 'hint';
}

/**
 * The standard list: int64 and string keys at 1,000, 100,000 and 1,000,000 entries, [2]int64 and
 * interface{} keys at 100,000, each with the six ops. `quick` drops the 1,000,000-entry sizes.
 * Grouped by (key, n) so that one set of keys serves six workloads.
 */
export function standardWorkloads(quick: boolean): Workload[] {
  const out: Workload[] = [];
  const sizes = quick ? [1000, 100000] : [1000, 100000, 1000000];
  for (const key of ['int64', 'str'] as KeyKind[]) {
    for (const n of sizes) for (const op of BENCH_OPS) out.push({ key, op, n });
  }
  for (const key of ['arr2', 'any'] as KeyKind[]) {
    for (const op of BENCH_OPS) out.push({ key, op, n: 100000 });
  }
  return out;
}

// ---- key spellings shared by the three sides ----

/** The i-th string key: "k" + i (misses use i >= N). */
export function strKey(i: number): string {
  return 'k' + i;
}
