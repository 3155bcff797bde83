// The readable view of a trace (`--text`): one line per event, and each dump as a table of
// buckets (tophash, keys, elems, overflow link), old buckets with their evacuation marks.

import { stringifyJSON } from './json';
import { BucketArrayJSON, BucketJSON, Event, Op, StateJSON, Trace } from './format';

const FLAG_NAMES: [number, string][] = [[1, 'iterator'], [2, 'oldIterator'], [4, 'hashWriting'], [8, 'sameSizeGrow']];

export function flagNames(f: number): string {
  const names = FLAG_NAMES.filter(([b]) => f & b).map(([, n]) => n);
  return names.length ? names.join('|') : '-';
}

/**
 * A tophash cell: live values in hex; the marks below minTopHash as symbols no hex byte can
 * be mistaken for: `..` emptyRest, `_1` emptyOne, `>X`/`>Y` evacuatedX/Y, `>E` evacuatedEmpty.
 */
export function tophashCell(t: number): string {
  switch (t) {
    case 0: return '..';
    case 1: return '_1';
    case 2: return '>X';
    case 3: return '>Y';
    case 4: return '>E';
    default: return t.toString(16).padStart(2, '0');
  }
}

export const TOPHASH_LEGEND = 'tophash: hex = live slot, .. emptyRest, _1 emptyOne, >X/>Y evacuated to X/Y, >E evacuatedEmpty';

function v(x: unknown): string {
  let s: string | undefined;
  try {
    s = stringifyJSON(x); // numbers as the scenario wrote them
  } catch {
    s = undefined;
  }
  return s === undefined ? '?' : s.length > 60 ? s.slice(0, 57) + '...' : s;
}

function bucketLines(b: BucketJSON, out: string[]): void {
  const tops = b.tophash.map(tophashCell).join(' ');
  out.push(`    ${b.at.padEnd(6)} [${tops}]${b.overflow ? ' -> ' + b.overflow : ''}`);
  for (const s of b.slots) {
    const top = b.tophash[s.i];
    // An evacuated slot's key and elem may have been cleared: say where it went instead.
    out.push(top === 2 || top === 3 ? `           ${s.i}: moved to ${top === 2 ? 'X' : 'Y'}` : `           ${s.i}: ${v(s.key)} => ${v(s.elem)}`);
  }
}

function arrayLines(name: string, a: BucketArrayJSON | null, out: string[]): void {
  if (!a) {
    out.push(`  ${name}: nil`);
    return;
  }
  out.push(`  ${name}: ${a.nbuckets} allocated`);
  for (const b of a.buckets) bucketLines(b, out);
}

export function stateLines(s: StateJSON | null): string[] {
  if (!s) return ['  nil map'];
  const out: string[] = [];
  out.push(`  hmap count=${s.count} flags=${flagNames(s.flags)} B=${s.B} noverflow=${s.noverflow} hash0=${s.hash0} nevacuate=${s.nevacuate}`);
  if (s.extra) {
    const l = (r: string[] | null): string => (r === null ? 'nil' : '[' + r.join(' ') + ']');
    out.push(`  extra overflow=${l(s.extra.overflow)} oldoverflow=${l(s.extra.oldoverflow)} nextOverflow=${s.extra.nextOverflow ?? 'nil'}`);
  }
  arrayLines('buckets', s.buckets, out);
  if (s.oldbuckets) arrayLines(`oldbuckets (evacuated below nevacuate=${s.nevacuate})`, s.oldbuckets, out);
  if (s.overflowBuckets.length) {
    out.push(`  overflow buckets: ${s.overflowBuckets.length}`);
    for (const b of s.overflowBuckets) bucketLines(b, out);
  }
  return out;
}

export function eventLine(e: Event, op?: Op): string {
  let s = `#${e.i} ${e.op}`;
  if (e.map) s += ' ' + e.map;
  if (op && (op.op === 'set' || op.op === 'get' || op.op === 'delete')) s += `[${v(op.key)}]`;
  if (op?.op === 'set') s += ` = ${v(op.elem)}`;
  if (e.iter) s += ' ' + e.iter;
  const opType = op?.type;
  if (e.panic !== undefined) return s + ` PANIC: ${e.panic}`;
  switch (e.op) {
    case 'make': s += ` ${opType ?? ''}${op?.hint !== undefined ? ` hint=${op.hint}` : ''} hash0=${e.hash0}`; break;
    case 'nil': s += ` ${opType ?? ''} (nil map)`; break;
    case 'get': s += e.found ? ` -> ${v(e.elem)}` : ` -> not found (${v(e.elem)})`; break;
    case 'delete': case 'clear':
      if (e.start !== undefined) s += ` start=${e.start ? `${e.start.bucket}/${e.start.offset}` : 'nil'}`;
      s += ` hash0=${e.hash0}`;
      break;
    case 'len': s += ` = ${e.len}`; break;
    case 'range':
      s += ` start=${e.start ? `${e.start.bucket}/${e.start.offset}` : 'nil'} ${e.entries!.length} entries: ` +
        e.entries!.slice(0, 8).map(([k, x]) => `${v(k)}:${v(x)}`).join(' ') + (e.entries!.length > 8 ? ' ...' : '');
      break;
    case 'iter': s += ` start=${e.start ? `${e.start.bucket}/${e.start.offset}` : 'nil'} -> ${e.entry ? v(e.entry) : 'end'}`; break;
    case 'next': s += ` -> ${e.entry ? v(e.entry) : 'end'}`; break;
    default: break;
  }
  if (e.alloc) s += `  [alloc ${e.alloc.objects} objects, ${e.alloc.bytes} bytes]`;
  return s;
}

export function traceText(t: Trace): string {
  const out: string[] = [];
  out.push(`${t.scenario.name ?? 'scenario'}: ${t.go} ${t.arch} (PtrSize ${t.ptrSize}) hash=${t.hash}`);
  out.push(TOPHASH_LEGEND);
  for (const e of t.events) {
    out.push(eventLine(e, t.scenario.ops[e.i]));
    if (e.op === 'dump' && e.panic === undefined) out.push(...stateLines(e.state ?? null));
  }
  return out.join('\n') + '\n';
}
