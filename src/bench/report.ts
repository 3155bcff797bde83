// The text and JSON output of `goemu bench`.

import { BenchRow, ConfigResult, allocSummary, ratioSummary } from './run';

/** The JSON line of a row (fields in the documented order). */
export function rowJSON(r: BenchRow): string {
  return JSON.stringify({
    workload: r.workload, n: r.n, arch: r.arch, go: r.go, hash: r.hash,
    goemu_ns: r.goemu_ns, native_ns: r.native_ns, jsmap_ns: r.jsmap_ns,
    goemu_bytes: r.goemu_bytes, native_bytes: r.native_bytes,
    goemu_objects: r.goemu_objects, native_objects: r.native_objects,
  });
}

function ns(x: number | null): string {
  if (x === null) return '-';
  return x >= 100 ? x.toFixed(0) : x.toFixed(1);
}

function ratio(a: number | null, b: number | null): string {
  if (a === null || b === null || b <= 0) return '-';
  const q = a / b;
  return (q >= 10 ? q.toFixed(1) : q.toFixed(2)) + 'x';
}

function group(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function allocCell(bytes: number | null, objects: number | null): string {
  if (bytes === null || objects === null) return '-';
  return `${group(bytes)} B / ${group(objects)}`;
}

function pad(s: string, w: number, left = false): string {
  return left ? s.padEnd(w) : s.padStart(w);
}

/** A table of rows (Markdown-compatible). */
export function rowsTable(rows: BenchRow[]): string {
  const head = ['workload', 'N', 'goemu ns/op', 'Go ns/op', 'JS Map ns/op', 'goemu/Go', 'goemu/JS', 'goemu allocs (bytes / objects)', 'Go allocs', ''];
  const body = rows.map((r) => {
    const cmp = r.native_bytes === null || r.goemu_bytes === null ? ''
      : r.native_bytes === r.goemu_bytes && r.native_objects === r.goemu_objects ? '=' : 'DIFF';
    return [
      r.workload, group(r.n), ns(r.goemu_ns), ns(r.native_ns), ns(r.jsmap_ns),
      ratio(r.goemu_ns, r.native_ns), ratio(r.goemu_ns, r.jsmap_ns),
      allocCell(r.goemu_bytes, r.goemu_objects), allocCell(r.native_bytes, r.native_objects), cmp,
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]): string =>
    '| ' + cells.map((c, i) => pad(c, widths[i], i === 0 || i === 9)).join(' | ') + ' |';
  const sep = '|' + widths.map((w, i) => (i === 0 || i === 9 ? ':' + '-'.repeat(w + 1) : '-'.repeat(w + 1) + ':')).join('|') + '|';
  return [line(head), sep, ...body.map(line)].join('\n');
}

function x(v: number | null, digits = 2): string {
  return v === null ? '-' : v.toFixed(digits) + 'x';
}

/** The summary lines of one configuration. */
export function summaryLines(res: ConfigResult): string[] {
  const out: string[] = [];
  const g = ratioSummary(res.rows, 'native_ns');
  const j = ratioSummary(res.rows, 'jsmap_ns');
  if (g.count) {
    out.push(`goemu / native Go: geometric mean ${x(g.geomean)} over ${g.count} workloads; max ${x(g.max, 1)} (${g.maxWorkload})`);
  } else {
    out.push(`goemu / native Go: not measured (${res.nativeMissing})`);
  }
  if (j.count) out.push(`goemu / JS Map:    geometric mean ${x(j.geomean)} over ${j.count} workloads; max ${x(j.max, 1)} (${j.maxWorkload})`);
  const a = allocSummary(res.rows);
  if (a.compared) {
    out.push(`allocations equal to native Go's MemStats deltas: ${a.equal}/${a.compared} workloads (map builds: ${a.buildingEqual}/${a.building})`);
  }
  if (res.memory) {
    const m = res.memory;
    const mb = (b: number): string => (b / 1048576).toFixed(1) + ' MiB';
    out.push(`Node memory for a ${group(m.n)}-entry map[int64]int64: ${mb(m.nodeBytes)} (heap + array buffers) for ${mb(m.heapBytes)} of simulated heap = ${m.ratio.toFixed(2)}x` +
      ` (simulated memory in use ${mb(m.usedBytes)}, buffer ${mb(m.bufferBytes)})`);
  }
  return out;
}

/** The whole text report. */
export function textReport(results: ConfigResult[], header: string): string {
  const parts: string[] = [header];
  for (const res of results) {
    const c = res.config;
    parts.push('');
    parts.push(`## ${c.arch} / ${c.go} / ${c.hash}` + (res.nativeVersion ? ` (native: ${res.nativeVersion})` : '') + ` — ${res.seconds.toFixed(0)} s`);
    parts.push('');
    parts.push(rowsTable(res.rows));
    parts.push('');
    for (const l of summaryLines(res)) parts.push(l);
  }
  return parts.join('\n') + '\n';
}
