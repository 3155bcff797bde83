// Trace equality per the contract (docs/trace-format.md §11): JSON deep equality, leaving out the top-level `producer` and
// every key `x`. Differences are reported with their JSON paths.

import { JSONNumber, stringifyJSON } from './json';

export interface Difference {
  path: string;
  a: unknown;
  b: unknown;
}

function pathKey(path: string, k: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k) ? `${path}.${k}` : `${path}[${JSON.stringify(k)}]`;
}

function walk(a: unknown, b: unknown, path: string, out: Difference[], max: number, top: boolean): void {
  if (out.length >= max) return;
  if (a === b) return;
  if (a instanceof JSONNumber || b instanceof JSONNumber) {
    // A number kept as its text (src/trace/json.ts) equals the same text: the echo is exact.
    if (numberText(a) === undefined || numberText(a) !== numberText(b)) out.push({ path, a, b });
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) {
      out.push({ path: `${path}.length`, a: a.length, b: b.length });
    }
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n && out.length < max; i++) walk(a[i], b[i], `${path}[${i}]`, out, max, false);
    return;
  }
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const ao = a as Record<string, unknown>;
    const bo = b as Record<string, unknown>;
    const keys = new Set([...Object.keys(ao), ...Object.keys(bo)]);
    for (const k of keys) {
      if (k === 'x' || (top && k === 'producer')) continue;
      if (out.length >= max) return;
      if (!(k in ao)) out.push({ path: pathKey(path, k), a: undefined, b: bo[k] });
      else if (!(k in bo)) out.push({ path: pathKey(path, k), a: ao[k], b: undefined });
      else walk(ao[k], bo[k], pathKey(path, k), out, max, false);
    }
    return;
  }
  out.push({ path, a, b });
}

function numberText(v: unknown): string | undefined {
  return v instanceof JSONNumber ? v.text : typeof v === 'number' ? String(v) : undefined;
}

/** The first `max` differences between two traces (empty when equal per the contract). */
export function diffTraces(a: unknown, b: unknown, max = 20): Difference[] {
  const out: Difference[] = [];
  walk(a, b, '$', out, max, true);
  return out;
}

function show(v: unknown): string {
  if (v === undefined) return '(missing)';
  const s = stringifyJSON(v);
  return s.length > 120 ? s.slice(0, 117) + '...' : s;
}

export function formatDifference(d: Difference): string {
  return `${d.path}: ${show(d.a)} != ${show(d.b)}`;
}
