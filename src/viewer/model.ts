// The viewer's model of a trace (`gomap-trace/1`, docs/trace-format.md): indexes built once
// per trace (dumps, layouts, hash0 values and iterator runs per map), state comparisons (a dump
// against the previous dump of its map, or trace A against trace B) and value formatting.
//
// This file runs in the browser. It is a script, not a module: the viewer's files share the
// namespace GoemuView and are compiled by src/viewer/tsconfig.json into one file,
// dist/viewer/viewer.js, which `goemu view` inlines into the page. It needs nothing but the trace
// format, so the types below restate the parts of the contract the viewer reads.

namespace GoemuView {
  export type Ref = string;

  export interface Slot {
    i: number;
    key: unknown;
    elem: unknown;
    x?: { hash?: string; [k: string]: unknown };
  }

  export interface Bucket {
    at: string;
    tophash: number[];
    hex: string;
    ptrs: Record<string, Ref>;
    slots: Slot[];
    overflow: Ref | null;
  }

  export interface BucketArray {
    nbuckets: number;
    buckets: Bucket[];
  }

  export interface Extra {
    overflow: Ref[] | null;
    oldoverflow: Ref[] | null;
    nextOverflow: Ref | null;
  }

  export interface State {
    count: number;
    flags: number;
    B: number;
    noverflow: number;
    hash0: string;
    nevacuate: number;
    buckets: BucketArray | null;
    oldbuckets: BucketArray | null;
    extra: Extra | null;
    overflowBuckets: Bucket[];
  }

  export interface TypeInfo {
    size: number;
    align: number;
    fieldAlign: number;
    ptrdata: number;
    kind: number;
    tflag: number;
    equal: boolean;
    gcmask: string;
  }

  export interface Layout {
    type: string;
    ptrSize: number;
    hmapSize: number;
    hiterSize: number;
    dataOffset: number;
    key: TypeInfo;
    elem: TypeInfo;
    bucket: { size: number; align: number; ptrdata: number; gcmask: string };
    keysize: number;
    elemsize: number;
    bucketsize: number;
    flags: number;
    indirectkey: boolean;
    indirectelem: boolean;
    reflexivekey: boolean;
    needkeyupdate: boolean;
    hashMightPanic: boolean;
    hasher: string;
  }

  export interface Start {
    bucket: number;
    offset: number;
  }

  export interface Event {
    i: number;
    op: string;
    map?: string;
    iter?: string;
    panic?: string;
    hash0?: string | null;
    layout?: Layout;
    found?: boolean;
    elem?: unknown;
    len?: number;
    start?: Start | null;
    entries?: [unknown, unknown][];
    entry?: [unknown, unknown] | null;
    state?: State | null;
    alloc?: { objects: number; bytes: number };
    [k: string]: unknown;
  }

  export interface Op {
    op: string;
    map?: string;
    iter?: string;
    type?: string;
    hint?: number | string;
    hash0?: string;
    key?: unknown;
    elem?: unknown;
  }

  export interface Trace {
    format: string;
    producer?: string;
    scenario: { name?: string; ops: Op[]; [k: string]: unknown };
    arch: string;
    ptrSize: number;
    go: string;
    hash: string;
    seeds: unknown;
    events: Event[];
  }

  /** What the page embeds: one trace, or two to compare. */
  export interface Payload {
    traces: { label: string; trace: Trace }[];
  }

  // runtime/map.go: tophash values below minTopHash (5) are marks.
  export type TopState = 'emptyRest' | 'emptyOne' | 'evacuatedX' | 'evacuatedY' | 'evacuatedEmpty' | 'live';

  export function topState(t: number): TopState {
    switch (t) {
      case 0: return 'emptyRest';
      case 1: return 'emptyOne';
      case 2: return 'evacuatedX';
      case 3: return 'evacuatedY';
      case 4: return 'evacuatedEmpty';
      default: return 'live';
    }
  }

  /**
   * The cell text of a tophash, as the text view writes it (src/trace/text.ts tophashCell; the
   * browser test checks they agree): live values in hex, marks as symbols no hex byte looks like.
   */
  export function topText(t: number): string {
    switch (t) {
      case 0: return '..';
      case 1: return '_1';
      case 2: return '>X';
      case 3: return '>Y';
      case 4: return '>E';
      default: return t.toString(16).padStart(2, '0');
    }
  }

  /** runtime/map.go evacuated(b): the first tophash is an evacuation mark. */
  export function isEvacuated(b: Bucket): boolean {
    const h = b.tophash[0];
    return h > 1 && h < 5;
  }

  const FLAG_NAMES: [number, string][] = [[1, 'iterator'], [2, 'oldIterator'], [4, 'hashWriting'], [8, 'sameSizeGrow']];

  /** hmap.flags by name (as src/trace/text.ts flagNames). */
  export function flagNames(f: number): string {
    const names = FLAG_NAMES.filter(([b]) => f & b).map(([, n]) => n);
    return names.length ? names.join('|') : '-';
  }

  /**
   * Deep equality of JSON values, leaving out every key `x` (the contract's comparison). With an
   * explicit stack, not recursion: a value nested 100,000 deep (a type like [1][1]…int) is
   * compared, not a stack overflow.
   */
  export function deepEq(a0: unknown, b0: unknown): boolean {
    const stack: unknown[] = [a0, b0];
    while (stack.length) {
      const b = stack.pop(), a = stack.pop();
      if (a === b) continue;
      if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
      const aa = Array.isArray(a), ba = Array.isArray(b);
      if (aa !== ba) return false;
      if (aa) {
        const x = a as unknown[], y = b as unknown[];
        if (x.length !== y.length) return false;
        for (let i = x.length - 1; i >= 0; i--) stack.push(x[i], y[i]);
        continue;
      }
      const x = a as Record<string, unknown>, y = b as Record<string, unknown>;
      let n = 0;
      for (const k in x) {
        if (k === 'x') continue;
        n++;
        if (!(k in y)) return false;
        stack.push(x[k], y[k]);
      }
      for (const k in y) if (k !== 'x') n--;
      if (n !== 0) return false;
    }
    return true;
  }

  /**
   * A JSON value as a string that is equal for equal values (JSON.stringify's), built without
   * recursion: JSON.stringify itself overflows the stack a few thousand levels deep.
   */
  export function valueKey(v0: unknown): string {
    let out = '';
    const stack: unknown[] = [v0];
    while (stack.length) {
      const v = stack.pop();
      if (v instanceof Raw) out += v.s;
      else if (v === null || v === undefined || typeof v !== 'object') out += v === undefined ? 'null' : JSON.stringify(v);
      else if (Array.isArray(v)) {
        out += '[';
        stack.push(new Raw(']'));
        for (let i = v.length - 1; i >= 0; i--) {
          stack.push(v[i]);
          if (i > 0) stack.push(new Raw(','));
        }
      } else {
        out += '{';
        stack.push(new Raw('}'));
        const ks = Object.keys(v as object);
        for (let i = ks.length - 1; i >= 0; i--) {
          stack.push((v as Record<string, unknown>)[ks[i]]);
          stack.push(new Raw((i > 0 ? ',' : '') + JSON.stringify(ks[i]) + ':'));
        }
      }
    }
    return out;
  }

  /** valueKey's punctuation on its stack (never a JSON value). */
  class Raw {
    constructor(readonly s: string) {}
  }

  export interface PathDiff {
    path: string;
    a: unknown;
    b: unknown;
  }

  /** How deep fmtValue goes into a value before it stops with "…" (diffPaths: as deep below an event's slots). */
  export const MAX_DEPTH = 16;

  /**
   * The JSON paths where a and b differ (as src/trace/diff.ts), at most max. Deeper than
   * MAX_DEPTH + 8 levels, a difference is reported at the path reached, ending in "…".
   */
  export function diffPaths(a: unknown, b: unknown, path: string, max: number, out: PathDiff[] = [], top = false, depth = 0): PathDiff[] {
    if (out.length >= max || a === b) return out;
    if (depth >= MAX_DEPTH + 8 && a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
      // (events[i].state.buckets.buckets[k].slots[n].key is 7 levels down before the value's own.)
      if (!deepEq(a, b)) out.push({ path: path + '…', a, b });
      return out;
    }
    if (Array.isArray(a) && Array.isArray(b)) {
      if (a.length !== b.length) out.push({ path: `${path}.length`, a: a.length, b: b.length });
      const n = Math.min(a.length, b.length);
      for (let i = 0; i < n && out.length < max; i++) diffPaths(a[i], b[i], `${path}[${i}]`, max, out, false, depth + 1);
      return out;
    }
    if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
      const ao = a as Record<string, unknown>, bo = b as Record<string, unknown>;
      const keys = new Set([...Object.keys(ao), ...Object.keys(bo)]);
      for (const k of keys) {
        if (k === 'x' || (top && k === 'producer')) continue;
        if (out.length >= max) break;
        const p = /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k) ? `${path}.${k}` : `${path}[${JSON.stringify(k)}]`;
        if (!(k in ao)) out.push({ path: p, a: undefined, b: bo[k] });
        else if (!(k in bo)) out.push({ path: p, a: ao[k], b: undefined });
        else diffPaths(ao[k], bo[k], p, max, out, false, depth + 1);
      }
      return out;
    }
    out.push({ path, a, b });
    return out;
  }

  /**
   * A Go value's JSON (the contract's encoding) as a short readable string, at most max
   * characters (0: no limit). Values nested deeper than MAX_DEPTH show "…" there.
   */
  export function fmtValue(v: unknown, max = 0): string {
    const s = fmt(v, 0, max > 0 ? max : Infinity);
    return max > 0 && s.length > max ? s.slice(0, max - 1) + '…' : s;
  }

  /** fmtValue's text of v at the given depth; stops adding elements once past budget characters. */
  function fmt(v: unknown, depth: number, budget: number): string {
    if (v === null) return 'nil';
    if (v === undefined) return '?';
    if (typeof v === 'string') return JSON.stringify(v);
    if (typeof v !== 'object') return String(v);
    if (depth >= MAX_DEPTH) return '…';
    if (Array.isArray(v)) {
      let s = '[';
      for (let i = 0; i < v.length; i++) {
        if (s.length > budget) return s + '…';
        s += (i ? ' ' : '') + fmt(v[i], depth + 1, budget - s.length);
      }
      return s + ']';
    }
    const o = v as Record<string, unknown>;
    if (typeof o.hex === 'string' && Object.keys(o).length === 1) return 'hex:' + o.hex;
    if (typeof o.type === 'string' && 'value' in o) return `${o.type}(${fmt(o.value, depth + 1, budget)})`;
    let s = '{';
    for (const k of Object.keys(o)) {
      if (s.length > budget) return s + '…';
      s += (s.length > 1 ? ', ' : '') + JSON.stringify(k) + ': ' + fmt(o[k], depth + 1, budget - s.length);
    }
    return s + '}';
  }

  /** The last index in sorted xs that is ≤ v, or -1. */
  export function lastLE(xs: number[], v: number): number {
    let lo = 0, hi = xs.length - 1, r = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (xs[mid] <= v) {
        r = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return r;
  }

  /** An iterator's life: its iter op and the next ops that follow until it is restarted. */
  export interface IterRun {
    name: string;
    map: string;
    /** event indices: the iter op, then each next */
    events: number[];
  }

  /** Where things are in one trace, found once when the page loads. */
  export class TraceModel {
    readonly ops: Op[];
    readonly events: Event[];
    /** the map variable each event works on (next: the iterator's map), or '' */
    readonly mapOf: string[];
    readonly mapNames: string[] = [];
    /** per map: the events that (re)declare it (make, nil) */
    readonly decls = new Map<string, number[]>();
    /** per map: its dump events that have a state (no panic) */
    readonly dumps = new Map<string, number[]>();
    /** per map: events that tell its hash0 (make, delete, clear, dump) */
    readonly hash0At = new Map<string, number[]>();
    readonly iterRuns: IterRun[] = [];
    /** per iterator name: its runs in order */
    readonly itersByName = new Map<string, IterRun[]>();
    /** event index → run, for iter and next events */
    readonly runOf = new Map<number, IterRun>();

    constructor(readonly trace: Trace, readonly label: string) {
      this.ops = trace.scenario && Array.isArray(trace.scenario.ops) ? trace.scenario.ops : [];
      this.events = trace.events;
      this.mapOf = new Array(this.events.length);
      const iterMap = new Map<string, IterRun>();
      const push = (m: Map<string, number[]>, k: string, i: number): void => {
        const a = m.get(k);
        if (a) a.push(i);
        else m.set(k, [i]);
      };
      for (let i = 0; i < this.events.length; i++) {
        const e = this.events[i];
        const op = this.ops[i] ?? (e as unknown as Op);
        let m = e.map ?? op.map ?? '';
        if (e.op === 'iter') {
          const run: IterRun = { name: e.iter ?? '', map: m, events: [i] };
          iterMap.set(run.name, run);
          this.iterRuns.push(run);
          const list = this.itersByName.get(run.name);
          if (list) list.push(run);
          else this.itersByName.set(run.name, [run]);
          this.runOf.set(i, run);
        } else if (e.op === 'next') {
          const run = iterMap.get(e.iter ?? '');
          if (run) {
            run.events.push(i);
            this.runOf.set(i, run);
            m = run.map;
          }
        }
        this.mapOf[i] = m;
        if (m && this.mapNames.indexOf(m) < 0) this.mapNames.push(m);
        if (e.op === 'make' || e.op === 'nil') push(this.decls, m, i);
        if (e.op === 'dump' && e.panic === undefined && 'state' in e) push(this.dumps, m, i);
        if (typeof e.hash0 === 'string' || (e.op === 'dump' && e.state)) push(this.hash0At, m, i);
      }
    }

    /** The event that declared map m last at or before step i (its layout), or -1. */
    declAt(m: string, i: number): number {
      const d = this.decls.get(m);
      if (!d) return -1;
      const k = lastLE(d, i);
      return k < 0 ? -1 : d[k];
    }

    layoutAt(m: string, i: number): Layout | null {
      const d = this.declAt(m, i);
      return d < 0 ? null : this.events[d].layout ?? null;
    }

    /** The last dump of map m at or before step i (after its last declaration), or -1. */
    dumpAt(m: string, i: number): number {
      const d = this.dumps.get(m);
      if (!d) return -1;
      const k = lastLE(d, i);
      if (k < 0) return -1;
      return d[k] > this.declAt(m, i) ? d[k] : -1;
    }

    /** The dump of map m before dump event j, after the same declaration, or -1. */
    prevDump(m: string, j: number): number {
      const d = this.dumps.get(m);
      if (!d) return -1;
      const k = lastLE(d, j - 1);
      if (k < 0) return -1;
      return d[k] > this.declAt(m, j) ? d[k] : -1;
    }

    state(j: number): State | null {
      return j < 0 ? null : this.events[j].state ?? null;
    }

    /** hash0 of map m as known just before step i: from its last make, delete, clear or dump. */
    hash0Before(m: string, i: number): string | null {
      const d = this.hash0At.get(m);
      if (!d) return null;
      for (let k = lastLE(d, i - 1); k >= 0; k--) {
        const e = this.events[d[k]];
        if (d[k] < this.declAt(m, i)) return null;
        if (typeof e.hash0 === 'string') return e.hash0;
        if (e.op === 'dump' && e.state) return e.state.hash0;
      }
      return null;
    }

    /** The iterator runs on map m that have started by step i, with the entries returned so far. */
    itersAt(m: string, i: number): { run: IterRun; upTo: number[] }[] {
      const out: { run: IterRun; upTo: number[] }[] = [];
      for (const name of Array.from(this.itersByName.keys())) {
        const runs = this.itersByName.get(name)!;
        let cur: IterRun | null = null;
        for (const r of runs) if (r.events[0] <= i) cur = r;
        if (!cur || cur.map !== m || cur.events[0] < this.declAt(m, i)) continue;
        out.push({ run: cur, upTo: cur.events.filter((e) => e <= i) });
      }
      return out;
    }
  }

  /** How one bucket differs from another (previous dump, or the other trace). */
  export interface BucketDelta {
    /** per slot: tophash, key, elem or their bytes differ */
    slots: boolean[];
    overflow: boolean;
    /** any byte or pointer of the bucket differs (padding and the overflow word included) */
    bytes: boolean;
    /** the bucket is new (absent from the other state) */
    added: boolean;
  }

  export interface StateDelta {
    /** header fields that differ: count, flags, B, noverflow, hash0, nevacuate, extra, buckets, oldbuckets */
    header: Set<string>;
    buckets: Map<string, BucketDelta>;
  }

  /** Every bucket of a state by its Ref: B:i, OB:i, O:n. */
  export function bucketsByRef(s: State): Map<string, Bucket> {
    const m = new Map<string, Bucket>();
    if (s.buckets) for (const b of s.buckets.buckets) m.set(b.at, b);
    if (s.oldbuckets) for (const b of s.oldbuckets.buckets) m.set(b.at, b);
    for (const b of s.overflowBuckets) m.set(b.at, b);
    return m;
  }

  function ptrsIn(p: Record<string, Ref>, from: number, to: number): string {
    let s = '';
    for (const k in p) {
      const o = +k;
      if (o >= from && o < to) s += k + '=' + p[k] + ';';
    }
    return s;
  }

  /** Compares bucket b (shown) with a (the reference) slot by slot. */
  export function bucketDelta(a: Bucket | undefined, b: Bucket, lay: Layout | null): BucketDelta {
    if (!a) return { slots: [false, false, false, false, false, false, false, false], overflow: false, bytes: false, added: true };
    const slots: boolean[] = [];
    const ks = lay ? lay.keysize : 0, es = lay ? lay.elemsize : 0;
    const sa = new Map<number, Slot>(), sb = new Map<number, Slot>();
    for (const s of a.slots) sa.set(s.i, s);
    for (const s of b.slots) sb.set(s.i, s);
    const bytesDiffer = a.hex !== b.hex;
    for (let i = 0; i < 8; i++) {
      let d = a.tophash[i] !== b.tophash[i];
      const x = sa.get(i), y = sb.get(i);
      if (!d && (x === undefined) !== (y === undefined)) d = true;
      if (!d && x && y && (!deepEq(x.key, y.key) || !deepEq(x.elem, y.elem))) d = true;
      if (!d && lay) {
        const k0 = 8 + i * ks, e0 = 8 + 8 * ks + i * es;
        if (bytesDiffer && (a.hex.substr(2 * k0, 2 * ks) !== b.hex.substr(2 * k0, 2 * ks) || a.hex.substr(2 * e0, 2 * es) !== b.hex.substr(2 * e0, 2 * es))) d = true;
        if (!d && (ptrsIn(a.ptrs, k0, k0 + ks) !== ptrsIn(b.ptrs, k0, k0 + ks) || ptrsIn(a.ptrs, e0, e0 + es) !== ptrsIn(b.ptrs, e0, e0 + es))) d = true;
      }
      slots.push(d);
    }
    return { slots, overflow: a.overflow !== b.overflow, bytes: bytesDiffer || !deepEq(a.ptrs, b.ptrs), added: false };
  }

  /**
   * How state b (shown) differs from a (the reference): header fields and buckets by Ref. With
   * `sameMap` (a is an earlier dump of the same map), a growth that started in between is
   * followed: the earlier B:i is now OB:i, and the new array's buckets are new.
   */
  export function stateDelta(a: State | null, b: State | null, lay: Layout | null, sameMap = false): StateDelta {
    const d: StateDelta = { header: new Set(), buckets: new Map() };
    if (!b) return d;
    if (!a) {
      for (const k of ['count', 'flags', 'B', 'noverflow', 'hash0', 'nevacuate', 'extra', 'buckets', 'oldbuckets']) d.header.add(k);
      for (const [ref, bk] of bucketsByRef(b)) d.buckets.set(ref, bucketDelta(undefined, bk, lay));
      return d;
    }
    for (const k of ['count', 'flags', 'B', 'noverflow', 'hash0', 'nevacuate'] as const) if (a[k] !== b[k]) d.header.add(k);
    if (!deepEq(a.extra, b.extra)) d.header.add('extra');
    if ((a.buckets === null) !== (b.buckets === null) || (a.buckets && b.buckets && a.buckets.nbuckets !== b.buckets.nbuckets)) d.header.add('buckets');
    if ((a.oldbuckets === null) !== (b.oldbuckets === null) || (a.oldbuckets && b.oldbuckets && a.oldbuckets.nbuckets !== b.oldbuckets.nbuckets)) d.header.add('oldbuckets');
    const am = new Map<string, Bucket>();
    const arr = sameMap ? sameArrays(a, b) : { B: 'B', OB: 'OB' };
    for (const [ref, bk] of bucketsByRef(a)) {
      const c = ref.indexOf(':');
      const p = ref.slice(0, c);
      if (p === 'O') am.set(ref, bk);
      if (arr.B === p) am.set('B' + ref.slice(c), bk);
      if (arr.OB === p) am.set('OB' + ref.slice(c), bk);
    }
    for (const [ref, bk] of bucketsByRef(b)) {
      const x = bucketDelta(am.get(ref), bk, lay);
      if (x.added || x.overflow || x.bytes || x.slots.some((s) => s)) d.buckets.set(ref, x);
    }
    return d;
  }

  /**
   * Which array of an earlier dump a of a map each array of a later dump b is (null: a new one).
   * Refs name buckets by position, so across a growth B:i of a is OB:i of b; after two growths, or
   * when B changed otherwise, b's arrays are new. (Overflow buckets O:n are numbered in walk
   * order; they are compared by number.)
   */
  export function sameArrays(a: State, b: State): { B: string | null; OB: string | null } {
    if (!b.oldbuckets) return { B: a.B === b.B ? 'B' : null, OB: null };
    if (a.oldbuckets && a.B === b.B && (a.flags & 8) === (b.flags & 8)) return { B: 'B', OB: 'OB' };
    const grewFromA = b.flags & 8 ? a.B === b.B : a.B + 1 === b.B;
    return { B: null, OB: grewFromA ? 'B' : null };
  }

  /** Where each key of a state sits: JSON of the key → [Ref, slot], live slots before evacuated ones. */
  export function keyIndex(s: State): Map<string, [string, number][]> {
    const m = new Map<string, [string, number][]>();
    const add = (b: Bucket, liveOnly: boolean): void => {
      for (const sl of b.slots) {
        const live = b.tophash[sl.i] >= 5;
        if (live !== liveOnly) continue;
        const k = valueKey(sl.key);
        const a = m.get(k);
        if (a) a.push([b.at, sl.i]);
        else m.set(k, [[b.at, sl.i]]);
      }
    };
    for (const live of [true, false]) {
      if (s.buckets) for (const b of s.buckets.buckets) add(b, live);
      for (const b of s.overflowBuckets) add(b, live);
      if (s.oldbuckets) for (const b of s.oldbuckets.buckets) add(b, live);
    }
    return m;
  }

  /** The primary bucket count of an array: 2^B (new buckets), or the old array's before growth. */
  export function primaryCount(s: State, old: boolean): number {
    if (!old) return 2 ** s.B;
    return s.flags & 8 ? 2 ** s.B : 2 ** (s.B - 1);
  }

  /** The field a byte of a bucket belongs to. */
  export interface ByteField {
    name: string;
    cls: 'tophash' | 'key' | 'elem' | 'pad' | 'overflow';
    start: number;
    end: number;
  }

  /** The fields of a bucket in byte order: tophash, keys, elems, padding, overflow word. */
  export function bucketFields(lay: Layout): ByteField[] {
    const f: ByteField[] = [{ name: 'tophash', cls: 'tophash', start: 0, end: 8 }];
    let o = lay.dataOffset;
    for (let i = 0; i < 8; i++, o += lay.keysize) if (lay.keysize > 0) f.push({ name: `key[${i}]`, cls: 'key', start: o, end: o + lay.keysize });
    for (let i = 0; i < 8; i++, o += lay.elemsize) if (lay.elemsize > 0) f.push({ name: `elem[${i}]`, cls: 'elem', start: o, end: o + lay.elemsize });
    const ovf = lay.bucketsize - lay.ptrSize;
    if (o < ovf) f.push({ name: 'padding', cls: 'pad', start: o, end: ovf });
    f.push({ name: 'overflow', cls: 'overflow', start: ovf, end: lay.bucketsize });
    return f;
  }

  /** The pointer words of a bucket by type: gcmask bits (LSB first), one per PtrSize word. */
  export function maskWords(gcmask: string, nwords: number): boolean[] {
    const out: boolean[] = [];
    for (let w = 0; w < nwords; w++) {
      const byte = parseInt(gcmask.substr(2 * (w >> 3), 2) || '0', 16);
      out.push(((byte >> (w & 7)) & 1) === 1);
    }
    return out;
  }
}
