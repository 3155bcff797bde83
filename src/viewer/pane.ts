// One trace's view of the current step: the event's result, the hmap header, the layout, the
// iterators, the bucket arrays as grids (overflow chains as links, old buckets beside the new ones
// during growth) and the byte view of the selected bucket. A pane re-renders a part only when what
// it shows changed (another dump, another comparison, another iterator position).

namespace GoemuView {
  /** Pixel sizes the grid is laid out with (viewer.css uses the same numbers). */
  export const SLOT_W = 48;
  export const BOX_W = 8 * SLOT_W + 8;
  export const LINK_W = 70;
  export const LABEL_W = 88;
  /** the height of one line of a bucket row (a chain too long for the width wraps onto more lines) */
  export const ROW_H = 66;
  export const ROW_H_COMPACT = 30;
  /** the extra line of a row whose last link does not fit beside its last bucket */
  export const END_H = 20;
  /** overflow lists in the hmap panel longer than this show their first LIST_HEAD refs and "… N more" */
  export const LIST_MAX = 16;
  export const LIST_HEAD = 8;

  const KIND_NAMES: Record<number, string> = {
    1: 'bool', 2: 'int', 3: 'int8', 4: 'int16', 5: 'int32', 6: 'int64', 7: 'uint', 8: 'uint8', 9: 'uint16', 10: 'uint32',
    11: 'uint64', 12: 'uintptr', 13: 'float32', 14: 'float64', 15: 'complex64', 16: 'complex128', 17: 'array', 18: 'chan',
    19: 'func', 20: 'interface', 21: 'map', 22: 'ptr', 23: 'slice', 24: 'string', 25: 'struct', 26: 'unsafe.Pointer',
  };

  export function kindName(k: number): string {
    let s = `${k} ${KIND_NAMES[k & 31] ?? '?'}`;
    if (k & 32) s += ' +directIface';
    if (k & 64) s += ' +GCProg';
    return s;
  }

  /** What the user has chosen, shared by the panes. */
  export interface ViewOptions {
    selected: string;
    wordBits: number;
    showKV: boolean;
  }

  /** Where the entries an iteration returned sit in the shown dump. */
  export interface Marks {
    /** "Ref/slot" → visit order, from 1 */
    visits: Map<string, number>;
    current: string | null;
    start: Start | null;
    /** the event whose iteration is marked, or -1 */
    from: number;
  }

  interface RowSpec {
    label: string;
    kind: 'primary' | 'prealloc' | 'old' | 'oldprealloc' | 'loose';
    index: number;
    chain: Bucket[];
    /** a link that is not followed (to a primary bucket, the end-of-preallocation mark, "ptr") */
    end: Ref | null;
    notes: string[];
    /** chain buckets per line of the row, and whether the last link takes a line of its own */
    perLine: number;
    endLine: boolean;
  }

  interface ColumnSpec {
    rows: RowSpec[];
    /** each row's height (px) */
    heights: number[];
    /** the first row showing each bucket */
    rowOf: Map<string, number>;
    /** old array: the index of the primary bucket whose chain each bucket is in (evacuation's oldbucket) */
    home: Map<string, number>;
    /** old array: newbit, the number of old primary buckets (evacuatedY goes to index + newbit) */
    newbit: number;
  }

  function noColumn(): ColumnSpec {
    return { rows: [], heights: [], rowOf: new Map(), home: new Map(), newbit: 0 };
  }

  /** How many chain buckets fit on one line of a row w px wide (the first line starts with the label). */
  export function chainPerLine(w: number): number {
    return Math.max(1, 1 + Math.floor((w - LABEL_W - BOX_W) / (LINK_W + BOX_W)));
  }

  /** The text of an op, Go-like: `m["k"] = 1`, `delete(m, "k")`, … */
  export function opText(op: Op | undefined, e: Event): string {
    const m = e.map ?? op?.map ?? '';
    const k = op && 'key' in op ? fmtValue(op.key, 40) : '';
    switch (e.op) {
      case 'make': return `${m} = make(${op?.type ?? '?'}${op && op.hint !== undefined ? ', ' + op.hint : ''})${op && op.hash0 ? ' hash0=' + op.hash0 : ''}`;
      case 'nil': return `var ${m} ${op?.type ?? ''}`;
      case 'set': return `${m}[${k}] = ${op ? fmtValue(op.elem, 40) : ''}`;
      case 'get': return `${m}[${k}]`;
      case 'delete': return `delete(${m}, ${k})`;
      case 'len': return `len(${m})`;
      case 'clear': return `clear ${m}`;
      case 'range': return `range ${m}`;
      case 'iter': return `${e.iter} := iter ${m}`;
      case 'next': return `next ${e.iter}`;
      case 'dump': return `dump ${m}`;
      default: return e.op;
    }
  }

  function startText(s: Start | null | undefined): string {
    return s ? `bucket ${s.bucket}, offset ${s.offset}` : 'nil (no random draw)';
  }

  function entryText(x: [unknown, unknown] | null | undefined): string {
    return x ? `${fmtValue(x[0], 60)} → ${fmtValue(x[1], 60)}` : 'end';
  }

  export class Pane {
    readonly root: HTMLElement;
    private readonly title: HTMLElement;
    private readonly result: HTMLElement;
    private readonly hmapBox: HTMLElement;
    private readonly layoutBox: HTMLElement;
    private readonly itersBox: HTMLElement;
    private readonly newHead: HTMLElement;
    private readonly oldHead: HTMLElement;
    private readonly oldCol: HTMLElement;
    private readonly progress: HTMLElement;
    private readonly newList: VirtualList;
    private readonly oldList: VirtualList;
    private readonly bytesBox: HTMLElement;
    private newSpec: ColumnSpec = noColumn();
    private oldSpec: ColumnSpec = noColumn();
    /** the widths (px) the grids were laid out for */
    private gridW: [number, number] = [0, 0];
    /** hmap fields whose long ref list the user expanded */
    private readonly expanded = new Set<string>();

    // What is shown, to render only what changed.
    private shownLayout: Layout | null | undefined = undefined;
    private gridKey = '';
    private headKey = '';
    private bytesKey = '';
    private itersKey = '';

    // The current step's view.
    step = 0;
    map = '';
    dumpIdx = -1;
    st: State | null = null;
    lay: Layout | null = null;
    byRef = new Map<string, Bucket>();
    prev: StateDelta | null = null;
    cmp: StateDelta | null = null;
    marks: Marks = { visits: new Map(), current: null, start: null, from: -1 };
    private prevCache = new Map<number, StateDelta>();
    private byRefCache = new Map<number, Map<string, Bucket>>();
    private keyIdxCache = new Map<number, Map<string, [string, number][]>>();

    constructor(readonly m: TraceModel, readonly side: string, readonly opts: ViewOptions, private readonly onSelect: (ref: string) => void) {
      const t = m.trace;
      this.title = h('h2', { class: 'ptitle' },
        side ? h('span', { class: 'side' }, side) : null,
        h('span', { class: 'plabel' }, m.label),
        h('span', { class: 'pconf' }, ` ${t.go} ${t.arch} (PtrSize ${t.ptrSize}) hash=${t.hash}`),
        t.producer ? h('span', { class: 'producer' }, ' · ' + t.producer) : null);
      this.result = h('div', { class: 'result card' });
      this.hmapBox = h('div', { class: 'card hmap' });
      this.layoutBox = h('div', { class: 'card layout' });
      this.itersBox = h('div', { class: 'card iters' });
      this.newHead = h('h3');
      this.oldHead = h('h3');
      this.progress = h('div', { class: 'progress' });
      this.newList = new VirtualList('grid new', ROW_H, (i) => this.renderRow(this.newSpec.rows[i], this.newSpec));
      this.oldList = new VirtualList('grid old', ROW_H, (i) => this.renderRow(this.oldSpec.rows[i], this.oldSpec));
      this.oldCol = h('div', { class: 'col oldcol', hidden: true }, this.oldHead, this.progress, this.oldList.el);
      this.bytesBox = h('div', { class: 'card bytes' });
      this.root = h('section', { class: 'pane', 'data-pane': side || 'A' },
        this.title, this.result,
        h('div', { class: 'cards' }, this.hmapBox, this.layoutBox, this.itersBox),
        h('div', { class: 'arrays' }, h('div', { class: 'col newcol' }, this.newHead, this.newList.el), this.oldCol),
        this.bytesBox);
      this.root.addEventListener('click', (ev) => {
        const more = (ev.target as HTMLElement).closest('[data-expand]') as HTMLElement | null;
        if (more && this.root.contains(more)) {
          this.expanded.add(more.getAttribute('data-expand')!);
          this.headKey = '';
          this.renderHmap(null);
          return;
        }
        const el = (ev.target as HTMLElement).closest('[data-goto],[data-at]') as HTMLElement | null;
        if (!el || !this.root.contains(el)) return;
        const ref = el.getAttribute('data-goto') ?? el.getAttribute('data-at');
        if (ref) this.onSelect(ref);
      });
    }

    /** Finds what step i shows of map `map` (call render after the app has set the comparison). */
    prepare(i: number, map: string): void {
      const m = this.m;
      this.step = i;
      this.map = map;
      this.dumpIdx = map ? m.dumpAt(map, i) : -1;
      this.st = m.state(this.dumpIdx);
      this.lay = map ? m.layoutAt(map, i) : null;
      this.byRef = this.refs(this.dumpIdx);
      this.prev = this.prevDelta(map);
      this.marks = this.iterMarks(i);
      this.cmp = null;
    }

    /** Renders what changed; `other` is the other trace's pane when comparing (this.cmp set). */
    render(other: Pane | null): void {
      const i = this.step;
      this.renderResult(i, this.m.events[i], this.map);
      this.renderIters(i, this.map);
      if (this.lay !== this.shownLayout) {
        this.shownLayout = this.lay;
        this.renderLayout();
      }
      this.renderHmap(other);
      this.renderGrid(other);
      this.renderBytes(other);
    }

    private refs(j: number): Map<string, Bucket> {
      if (j < 0) return new Map();
      let r = this.byRefCache.get(j);
      if (!r) {
        const st = this.m.state(j);
        r = st ? bucketsByRef(st) : new Map<string, Bucket>();
        this.byRefCache.set(j, r);
      }
      return r;
    }

    private prevDelta(map: string): StateDelta | null {
      const j = this.dumpIdx;
      if (j < 0 || !this.st) return null;
      let d = this.prevCache.get(j);
      if (!d) {
        const p = this.m.prevDump(map, j);
        if (p < 0) return null;
        d = stateDelta(this.m.state(p), this.st, this.lay, true);
        this.prevCache.set(j, d);
      }
      return d;
    }

    private keyIndex(): Map<string, [string, number][]> {
      let k = this.keyIdxCache.get(this.dumpIdx);
      if (!k) {
        k = keyIndex(this.st!);
        this.keyIdxCache.set(this.dumpIdx, k);
      }
      return k;
    }

    /** The iteration of the current event (range, clear loop, iter, next), placed in the shown dump. */
    private iterMarks(i: number): Marks {
      const m = this.m;
      const e = m.events[i];
      const marks: Marks = { visits: new Map(), current: null, start: null, from: -1 };
      let entries: [unknown, unknown][] = [];
      let cur: [unknown, unknown] | null = null;
      if (e.panic !== undefined) return marks;
      if (e.op === 'range' || (e.op === 'clear' && 'start' in e)) {
        marks.start = e.start ?? null;
        entries = e.entries ?? [];
        marks.from = i;
      } else if (e.op === 'iter' || e.op === 'next') {
        const run = m.runOf.get(i);
        if (!run) return marks;
        const first = m.events[run.events[0]];
        marks.start = first.start ?? null;
        for (const j of run.events) {
          if (j > i) break;
          const x = m.events[j].entry;
          if (x) entries.push(x);
          cur = x ?? null;
        }
        marks.from = i;
      } else {
        return marks;
      }
      if (!this.st) return marks;
      const idx = this.keyIndex();
      const used = new Map<string, number>();
      entries.forEach((x, n) => {
        const k = valueKey(x[0]);
        const locs = idx.get(k);
        if (!locs) return;
        const u = used.get(k) ?? 0;
        if (u >= locs.length) return;
        used.set(k, u + 1);
        const key = locs[u][0] + '/' + locs[u][1];
        marks.visits.set(key, n + 1);
        if (cur && n === entries.length - 1) marks.current = key;
      });
      return marks;
    }

    // ---- the event's result ----

    private renderResult(i: number, e: Event, map: string): void {
      const m = this.m;
      const r = clear(this.result);
      r.className = 'result card' + (e.panic !== undefined ? ' panicked' : '');
      const row = (k: string, v: Kid, cls?: string): HTMLElement => h('div', { class: 'kv' + (cls ? ' ' + cls : ''), 'data-k': k }, h('span', { class: 'k' }, k), h('span', { class: 'v' }, v));
      r.appendChild(h('div', { class: 'rhead' }, h('span', { class: 'evno' }, '#' + i), ' ', h('span', { class: 'op' }, e.op), ' ', h('code', null, opText(m.ops[i], e))));
      if (e.panic !== undefined) {
        r.appendChild(row('panic', e.panic, 'panic'));
        return;
      }
      const hash0Row = (now: string | null | undefined): void => {
        const before = m.hash0Before(map, i);
        if (now === undefined) return;
        if (e.op === 'make') r.appendChild(row('hash0', String(now)));
        else if (now !== before && before !== null) r.appendChild(row('hash0', `${before} → ${now} (reseeded)`, 'chg'));
        else r.appendChild(row('hash0', `${now} (unchanged)`));
      };
      switch (e.op) {
        case 'make':
          hash0Row(e.hash0);
          break;
        case 'nil':
          r.appendChild(row('map', 'nil'));
          break;
        case 'set':
          break;
        case 'get':
          r.appendChild(row('found', e.found ? 'true' : 'false', e.found ? 'found' : 'notfound'));
          r.appendChild(row('elem', fmtValue(e.elem, 200)));
          break;
        case 'delete':
        case 'clear':
          if ('start' in e) r.appendChild(row('start', startText(e.start)));
          hash0Row(e.hash0);
          break;
        case 'len':
          r.appendChild(row('len', String(e.len)));
          break;
        case 'range': {
          const n = e.entries ? e.entries.length : 0;
          r.appendChild(row('start', startText(e.start)));
          r.appendChild(row('entries', String(n)));
          if (e.entries && n) r.appendChild(entryList(e.entries, 100));
          break;
        }
        case 'iter':
          r.appendChild(row('start', startText(e.start)));
          r.appendChild(row('entry', entryText(e.entry), e.entry ? '' : 'end'));
          break;
        case 'next':
          r.appendChild(row('entry', entryText(e.entry), e.entry ? '' : 'end'));
          break;
        case 'dump':
          if (!e.state) r.appendChild(row('state', 'nil map'));
          else {
            r.appendChild(row('state', `count ${e.state.count}, B ${e.state.B}${e.state.oldbuckets ? ', growing' : ''}`));
            hash0Row(e.state.hash0);
          }
          break;
        default:
          break;
      }
      if (e.alloc) r.appendChild(row('alloc', `${e.alloc.objects} objects, ${e.alloc.bytes} bytes`));
    }

    // ---- hmap header ----

    private renderHmap(other: Pane | null): void {
      const key = `${this.map}|${this.dumpIdx}|${other ? other.dumpIdx : ''}|${this.cmp ? 'c' : ''}`;
      if (key === this.headKey) return;
      this.headKey = key;
      const box = clear(this.hmapBox);
      const s = this.st;
      const j = this.dumpIdx;
      box.appendChild(h('h3', null, 'hmap ', h('span', { class: 'sub' }, j < 0 ? (this.map ? `${this.map}: no dump yet` : '') : `${this.map} as of dump #${j}`)));
      if (j < 0) return;
      if (!s) {
        box.appendChild(h('div', { class: 'nilmap' }, 'nil map (the map pointer is nil)'));
        return;
      }
      const cls = (f: string): string => 'hf' + (this.prev && this.prev.header.has(f) ? ' chg' : '') + (this.cmp && this.cmp.header.has(f) ? ' diff' : '');
      const f = (name: string, value: Kid, field = name, title?: string): HTMLElement =>
        h('div', { class: cls(field), 'data-field': name, title: title ?? null }, h('span', { class: 'k' }, name), h('span', { class: 'v' }, value));
      // A long list (a 200,000-entry map has thousands of overflow buckets) shows its head and
      // "… N more", which expands it.
      const refs = (r: Ref[] | null, field: string): Kid => {
        if (r === null) return 'nil';
        if (r.length <= LIST_MAX || this.expanded.has(field)) return '[' + r.join(' ') + ']';
        return h('span', { class: 'reflist' }, '[' + r.slice(0, LIST_HEAD).join(' ') + ' ',
          h('button', { type: 'button', class: 'more', 'data-expand': field, title: `show all ${r.length} refs` }, `… ${r.length - LIST_HEAD} more`), ']');
      };
      const nb = s.buckets ? s.buckets.nbuckets : 0;
      const nold = s.oldbuckets ? primaryCount(s, true) : 0;
      box.appendChild(h('div', { class: 'hgrid' },
        f('count', String(s.count)),
        f('flags', `${s.flags} ${flagNames(s.flags)}`),
        f('B', `${s.B} (2^B = ${2 ** s.B})`),
        f('noverflow', String(s.noverflow)),
        f('hash0', s.hash0),
        f('nevacuate', s.oldbuckets ? `${s.nevacuate} / ${nold}` : String(s.nevacuate)),
        f('buckets', s.buckets ? `${nb} allocated` : 'nil'),
        f('oldbuckets', s.oldbuckets ? `${s.oldbuckets.nbuckets} allocated` : 'nil'),
        f('extra', s.extra ? 'set' : 'nil'),
        s.extra ? f('overflow', refs(s.extra.overflow, 'overflow'), 'extra', 'extra.overflow') : null,
        s.extra ? f('oldoverflow', refs(s.extra.oldoverflow, 'oldoverflow'), 'extra', 'extra.oldoverflow') : null,
        s.extra ? f('nextOverflow', s.extra.nextOverflow ?? 'nil', 'extra', 'extra.nextOverflow') : null));
    }

    // ---- layout ----

    private renderLayout(): void {
      const box = clear(this.layoutBox);
      const L = this.lay;
      box.appendChild(h('h3', null, 'layout'));
      if (!L) return;
      box.appendChild(h('div', { class: 'ltype' }, h('code', null, L.type), ' · hasher ', h('code', { 'data-field': 'hasher' }, L.hasher)));
      const t = h('table', { class: 'ltab' },
        h('tr', null, ...['', 'size', 'align', 'fieldAlign', 'ptrdata', 'kind', 'tflag', 'equal', 'gcmask'].map((x) => h('th', null, x))));
      const trow = (name: string, x: TypeInfo): HTMLElement => h('tr', { 'data-type': name }, h('th', null, name),
        h('td', null, String(x.size)), h('td', null, String(x.align)), h('td', null, String(x.fieldAlign)), h('td', null, String(x.ptrdata)),
        h('td', null, kindName(x.kind)), h('td', null, String(x.tflag)), h('td', null, x.equal ? 'yes' : 'no'),
        h('td', null, wordStrip(x.gcmask, Math.ceil(x.size / L.ptrSize), L.ptrSize, null)));
      t.appendChild(trow('key', L.key));
      t.appendChild(trow('elem', L.elem));
      t.appendChild(h('tr', { 'data-type': 'bucket' }, h('th', null, 'bucket'), h('td', null, String(L.bucket.size)), h('td', null, String(L.bucket.align)),
        h('td', null, ''), h('td', null, String(L.bucket.ptrdata)), h('td', null, ''), h('td', null, ''), h('td', null, ''), h('td', null, L.bucket.gcmask || '""')));
      box.appendChild(t);
      box.appendChild(h('div', { class: 'strip-wrap' }, h('span', { class: 'k' }, 'bucket words '), wordStrip(L.bucket.gcmask, L.bucketsize / L.ptrSize, L.ptrSize, L)));
      box.appendChild(h('div', { class: 'lsizes' },
        `keysize ${L.keysize} · elemsize ${L.elemsize} · bucketsize ${L.bucketsize} · hmap ${L.hmapSize} · hiter ${L.hiterSize} · dataOffset ${L.dataOffset} · flags ${L.flags}`));
      const flag = (name: string, on: boolean): HTMLElement => h('span', { class: 'lflag' + (on ? ' on' : ''), 'data-flag': name, 'data-on': on ? '1' : '0' }, (on ? '✓ ' : '✗ ') + name);
      box.appendChild(h('div', { class: 'lflags' }, flag('indirectkey', L.indirectkey), flag('indirectelem', L.indirectelem),
        flag('reflexivekey', L.reflexivekey), flag('needkeyupdate', L.needkeyupdate), flag('hashMightPanic', L.hashMightPanic)));
    }

    // ---- iterators ----

    private renderIters(i: number, map: string): void {
      const runs = map ? this.m.itersAt(map, i) : [];
      const key = `${map}|${this.marks.from}|${runs.map((r) => r.run.events[0] + ':' + r.upTo.length).join(',')}|${this.dumpIdx}`;
      if (key === this.itersKey) return;
      this.itersKey = key;
      const box = clear(this.itersBox);
      box.appendChild(h('h3', null, 'iterators'));
      if (runs.length === 0) {
        box.appendChild(h('div', { class: 'none' }, 'none on this map'));
        return;
      }
      for (const { run, upTo } of runs) {
        const first = this.m.events[run.events[0]];
        const entries: [unknown, unknown][] = [];
        let last: [unknown, unknown] | null | undefined = null;
        for (const j of upTo) {
          const x = this.m.events[j].entry;
          if (x) entries.push(x);
          last = x;
        }
        const ended = last === null && first.panic === undefined;
        const active = this.marks.from >= 0 && this.m.runOf.get(this.marks.from) === run;
        let pos = '';
        if (active && this.marks.current) pos = ` at ${this.marks.current.replace('/', ' slot ')}`;
        box.appendChild(h('div', { class: 'iter' + (active ? ' active' : ''), 'data-iter': run.name },
          h('div', null, h('b', null, run.name), ` started at #${run.events[0]}: start ${startText(first.start)}`),
          h('div', null, `${entries.length} entries returned · `, ended ? h('span', { class: 'end' }, 'ended') : h('span', null, 'current: ', entryText(last), pos)),
          entries.length ? entryList(entries, 50) : null));
      }
    }

    // ---- bucket grids ----

    /** The width (px) rows of a grid can use: its box, less a vertical scroll bar. */
    private static rowWidth(list: VirtualList): number {
      const w = list.el.getBoundingClientRect().width;
      return w > 0 ? w - 18 : 4000;
    }

    private renderGrid(other: Pane | null): void {
      const key = `${this.map}|${this.dumpIdx}|${other ? other.dumpIdx : ''}|${this.cmp ? 'c' : ''}|${this.marks.from}|${this.opts.showKV}`;
      if (key === this.gridKey) return;
      this.gridKey = key;
      const s = this.st;
      const rowH = this.opts.showKV ? ROW_H : ROW_H_COMPACT;
      this.root.classList.toggle('compact', !this.opts.showKV);
      // Show or hide the old array first: the rows wrap to the width the columns then have.
      this.oldCol.hidden = !(s && s.oldbuckets);
      this.root.classList.toggle('growing', !!(s && s.oldbuckets));
      this.gridW = [Pane.rowWidth(this.newList), s && s.oldbuckets ? Pane.rowWidth(this.oldList) : 0];
      if (!s || !s.buckets) {
        this.newHead.textContent = this.dumpIdx < 0 ? 'buckets: no dump at or before this step' : s ? 'buckets: nil (no bucket array yet)' : 'nil map';
        this.newSpec = noColumn();
        this.newList.reset(0, 0, rowH);
      } else {
        this.newSpec = this.columnSpec(s, false, this.gridW[0], rowH);
        const np = primaryCount(s, false);
        const pre = s.buckets.nbuckets - np;
        const usedPre = this.newSpec.rows.filter((r) => r.kind === 'prealloc' && r.notes.some((n) => n.startsWith('in chain'))).length;
        clear(this.newHead).append(
          h('span', { class: 'colname' }, 'buckets'),
          ` B=${s.B}: ${np} bucket${np === 1 ? '' : 's'}`,
          pre > 0 ? ` + ${pre} preallocated overflow (${usedPre} used, nextOverflow → ${s.extra && s.extra.nextOverflow ? s.extra.nextOverflow : 'nil'})` : '',
          s.overflowBuckets.length ? ` · ${s.overflowBuckets.length} overflow bucket${s.overflowBuckets.length === 1 ? '' : 's'} allocated alone` : '');
        this.newList.reset(this.newSpec.rows.length, 0, rowH, this.newSpec.heights);
      }
      if (s && s.oldbuckets) {
        this.oldSpec = this.columnSpec(s, true, this.gridW[1], rowH);
        const nold = primaryCount(s, true);
        let done = 0;
        for (let k = 0; k < nold; k++) if (isEvacuated(s.oldbuckets.buckets[k])) done++;
        clear(this.oldHead).append(h('span', { class: 'colname' }, 'oldbuckets'),
          ` ${nold} bucket${nold === 1 ? '' : 's'}${s.flags & 8 ? ' (same-size growth)' : ''}: evacuated ${done}/${nold}, nevacuate ${s.nevacuate}`);
        clear(this.progress).append(
          h('div', { class: 'bar done', style: `width:${(100 * done) / nold}%` }),
          h('div', { class: 'mark', style: `left:${(100 * s.nevacuate) / nold}%`, title: `nevacuate = ${s.nevacuate}` }));
        this.progress.setAttribute('data-evacuated', String(done));
        this.progress.setAttribute('data-total', String(nold));
        this.oldList.reset(this.oldSpec.rows.length, 0, rowH, this.oldSpec.heights);
      } else {
        this.oldSpec = noColumn();
        this.oldList.reset(0, 0, rowH);
      }
    }

    /** The rows of one array: each primary bucket with its overflow chain, then preallocated ones. */
    private columnSpec(s: State, old: boolean, w: number, lineH: number): ColumnSpec {
      const arr = old ? s.oldbuckets! : s.buckets!;
      const np = primaryCount(s, old);
      const byRef = this.byRef;
      const stops = (ref: Ref): boolean => {
        const m = /^(B|OB):(\d+)$/.exec(ref);
        if (!m) return ref === 'ptr';
        return +m[2] < primaryCount(s, m[1] === 'OB');
      };
      const rows: RowSpec[] = [];
      const owner = new Map<string, string>();
      for (let k = 0; k < np && k < arr.buckets.length; k++) {
        const first = arr.buckets[k];
        const chain = [first];
        const seen = new Set<string>([first.at]);
        let ref = first.overflow;
        let end: Ref | null = null;
        while (ref !== null) {
          const b = byRef.get(ref);
          if (!b || seen.has(ref) || stops(ref)) {
            end = ref;
            break;
          }
          chain.push(b);
          seen.add(ref);
          owner.set(ref, first.at);
          ref = b.overflow;
        }
        const notes: string[] = [];
        if (old) {
          if (isEvacuated(first)) notes.push('evacuated');
          if (k === s.nevacuate) notes.push('nevacuate');
        } else if (this.marks.start && this.marks.start.bucket === k) {
          notes.push('start');
        }
        rows.push({ label: first.at, kind: old ? 'old' : 'primary', index: k, chain, end, notes, perLine: 1, endLine: false });
      }
      for (let k = np; k < arr.buckets.length; k++) {
        const b = arr.buckets[k];
        const notes: string[] = [];
        const o = owner.get(b.at);
        notes.push(o ? `in chain of ${o}` : 'free');
        if (s.extra && s.extra.nextOverflow === b.at) notes.push('nextOverflow');
        rows.push({ label: b.at, kind: old ? 'oldprealloc' : 'prealloc', index: k, chain: [b], end: b.overflow, notes, perLine: 1, endLine: false });
      }
      if (!old) {
        // Overflow buckets that no chain reaches (kept alive only by extra.overflow, say).
        const reached = new Set<string>(owner.keys());
        if (s.oldbuckets) {
          for (const ob of s.oldbuckets.buckets) {
            let ref = ob.overflow;
            const seen = new Set<string>();
            while (ref && ref.startsWith('O:') && !seen.has(ref)) {
              seen.add(ref);
              reached.add(ref);
              ref = byRef.get(ref)?.overflow ?? null;
            }
          }
        }
        for (const b of s.overflowBuckets) {
          if (reached.has(b.at)) continue;
          rows.push({ label: b.at, kind: 'loose', index: rows.length, chain: [b], end: b.overflow, notes: ['not in a chain'], perLine: 1, endLine: false });
          reached.add(b.at);
        }
      }
      const rowOf = new Map<string, number>();
      rows.forEach((r, n) => {
        for (const b of r.chain) if (!rowOf.has(b.at)) rowOf.set(b.at, n);
      });
      // Chains wrap: perLine buckets a line; the last link goes beside the last bucket when it fits.
      const perLine = chainPerLine(w);
      const fullLine = LABEL_W + BOX_W + (perLine - 1) * (LINK_W + BOX_W);
      const heights = rows.map((r) => {
        const lines = Math.ceil(r.chain.length / perLine);
        const last = r.chain.length - (lines - 1) * perLine;
        r.perLine = perLine;
        r.endLine = r.end !== null && last === perLine && w - fullLine < LINK_W;
        return lines * lineH + (r.endLine ? END_H : 0);
      });
      // Evacuation's destination of each old bucket: its chain's primary index (runtime/map.go evacuate, oldbucket).
      const home = new Map<string, number>();
      if (old) {
        for (const r of rows) {
          if (r.kind === 'old') for (const b of r.chain) home.set(b.at, r.index);
          else if (!home.has(r.label)) {
            const o = /^OB:(\d+)$/.exec(owner.get(r.label) ?? '');
            if (o) home.set(r.label, +o[1]);
          }
        }
      }
      return { rows, heights, rowOf, home, newbit: old ? np : 0 };
    }

    private renderRow(r: RowSpec, spec: ColumnSpec): HTMLElement {
      const row = h('div', { class: `row ${r.kind}`, 'data-ref': r.label, 'data-chain': r.chain.length });
      const label = h('div', { class: 'rlabel' }, h('b', null, r.label));
      for (const n of r.notes) {
        const cls = n.startsWith('in chain') ? 'used' : n.replace(/\s+/g, '-');
        const text = n === 'evacuated' ? '✓ evacuated' : n === 'nevacuate' ? '◀ nevacuate' : n === 'start' ? '▶ iter start' : n === 'nextOverflow' ? '⇦ nextOverflow' : n;
        label.appendChild(h('span', { class: 'note n-' + cls, title: text }, text));
      }
      if (r.kind === 'prealloc' || r.kind === 'oldprealloc') label.appendChild(h('span', { class: 'note n-prealloc' }, 'prealloc'));
      // One line per perLine buckets of the chain; a line after the first starts with its link.
      let line = h('div', { class: 'rline' }, label);
      row.appendChild(line);
      const newLine = (cls: string): void => {
        line = h('div', { class: 'rline ' + cls });
        row.appendChild(line);
      };
      r.chain.forEach((b, n) => {
        if (n > 0) {
          const wrap = n % r.perLine === 0;
          if (wrap) newLine('cont');
          line.appendChild(this.link(r.chain[n - 1].at, b.at, true, wrap));
        }
        const start = n === 0 && r.kind === 'primary' && this.marks.start && this.marks.start.bucket === r.index ? this.marks.start : null;
        line.appendChild(this.bucketBox(b, start, spec));
      });
      if (r.end) {
        if (r.endLine) newLine('cont endline');
        line.appendChild(this.link(r.chain[r.chain.length - 1].at, r.end, false, r.endLine));
      }
      return row;
    }

    private link(from: string, to: string, followed: boolean, lead = false): HTMLElement {
      const endMark = !followed && /^B:0$/.test(to) && /^B:/.test(from) && from !== 'B:0';
      const txt = followed ? `→ ${to}` : endMark ? `↩ ${to} (end mark)` : `↪ ${to}`;
      return h('span', {
        class: 'link' + (followed ? '' : ' end') + (lead ? ' lead' : ''), 'data-from': from, 'data-to': to, 'data-goto': to === 'ptr' ? null : to,
        title: `overflow pointer of ${from} → ${to}` + (endMark ? ' (the last preallocated bucket points to B:0 until it is used)' : ''),
      }, txt);
    }

    private bucketBox(b: Bucket, start: Start | null, spec: ColumnSpec): HTMLElement {
      const home = spec.home.get(b.at);
      const dp = this.prev ? this.prev.buckets.get(b.at) : undefined;
      const dc = this.cmp ? this.cmp.buckets.get(b.at) : undefined;
      const box = h('div', {
        class: 'bkt' + (dp ? ' chg' : '') + (dp && dp.added ? ' added' : '') + (dc ? ' diff' : '') + (this.opts.selected === b.at ? ' sel' : ''),
        'data-at': b.at,
        title: `${b.at}${dp && dp.added ? ' (new since the previous dump)' : dp ? ' (changed since the previous dump)' : ''}${dc ? (dc.added ? ' (not in the other trace)' : ' (differs from the other trace)') : ''}: click for its bytes`,
      });
      const slots = new Map<number, Slot>();
      for (const s of b.slots) slots.set(s.i, s);
      for (let i = 0; i < 8; i++) {
        const t = b.tophash[i];
        const state = topState(t);
        const sl = slots.get(i);
        const vk = b.at + '/' + i;
        const visit = this.marks.visits.get(vk);
        let cls = 'slot s-' + state;
        if (dp && dp.slots[i]) cls += ' chg';
        if (dc && dc.slots[i]) cls += ' diff';
        if (this.marks.current === vk) cls += ' cur';
        if (start && start.offset === i) cls += ' start';
        let title = `${b.at} slot ${i}: tophash ${t} (${state})`;
        // An evacuated entry lives on in the new array (runtime/map.go evacuate: X keeps the old
        // bucket's index, Y adds newbit); what is left here is stale memory, maybe cleared.
        const moved = state === 'evacuatedX' || state === 'evacuatedY';
        const half = state === 'evacuatedX' ? 'X' : 'Y';
        const dest = moved && home !== undefined ? `B:${home + (half === 'Y' ? spec.newbit : 0)}` : null;
        if (moved) {
          cls += ' moved';
          title += `: moved to ${dest ?? 'the new array'} (${half === 'X' ? 'X half: same index' : 'Y half: index + ' + spec.newbit})`;
        }
        if (sl) {
          title += moved ? `\nleft in the old memory: key ${fmtValue(sl.key, 300)}, elem ${fmtValue(sl.elem, 300)}` : `\nkey: ${fmtValue(sl.key, 300)}\nelem: ${fmtValue(sl.elem, 300)}`;
          if (sl.x && typeof sl.x.hash === 'string') title += `\nhash: ${sl.x.hash}`;
        }
        if (visit) title += `\nvisited ${visit}${visit === 1 ? 'st' : visit === 2 ? 'nd' : visit === 3 ? 'rd' : 'th'}`;
        box.appendChild(h('div', { class: cls, 'data-i': i, 'data-state': state, 'data-dest': dest, title },
          h('span', { class: 'th' }, topText(t)),
          this.opts.showKV ? h('span', { class: 'kk' }, moved ? `→ ${half}` : sl ? fmtValue(sl.key, 7) : '') : null,
          this.opts.showKV ? h('span', { class: 'ee', 'data-goto': dest }, moved ? dest ?? '' : sl ? fmtValue(sl.elem, 7) : '') : null,
          visit ? h('span', { class: 'visit' }, String(visit)) : null));
      }
      return box;
    }

    // ---- bytes ----

    private renderBytes(other: Pane | null): void {
      const ref = this.opts.selected;
      const bits = this.opts.wordBits || this.m.trace.ptrSize * 8;
      const key = `${this.dumpIdx}|${ref}|${bits}|${other ? other.dumpIdx : ''}|${this.cmp ? 'c' : ''}`;
      if (key === this.bytesKey) return;
      this.bytesKey = key;
      const box = clear(this.bytesBox);
      const b = this.byRef.get(ref);
      const L = this.lay;
      box.appendChild(h('h3', null, 'bytes ', h('span', { class: 'sub' }, b ? `of ${ref}` : `(${ref} is not in this dump: click a bucket)`)));
      if (!b || !L) return;
      const ws = bits / 8;
      const bytes: number[] = [];
      for (let k = 0; k < b.hex.length; k += 2) bytes.push(parseInt(b.hex.substr(k, 2), 16));
      const prevB = this.prev && this.dumpIdx >= 0 ? this.prevBucket(ref) : undefined;
      const otherB = other && this.cmp ? other.byRef.get(ref) : undefined;
      const fields = bucketFields(L);
      const fieldAt: ByteField[] = new Array(bytes.length);
      for (const f of fields) for (let o = f.start; o < f.end && o < bytes.length; o++) fieldAt[o] = f;
      const P = L.ptrSize;
      const isPtr = maskWords(L.bucket.gcmask, L.bucketsize / P);
      isPtr[L.bucketsize / P - 1] = true; // the overflow word (a uintptr when the bucket has no pointers)
      box.appendChild(h('div', { class: 'bsum' }, `${bytes.length} bytes, ${Math.ceil(bytes.length / ws)} × ${bits}-bit words; pointer words are written as zero and shown as their Refs`));
      const tbl = h('table', { class: 'btab', 'data-at': ref });
      for (let w = 0; w * ws < bytes.length; w++) {
        const off = w * ws;
        const tr = h('tr', { 'data-off': off });
        tr.appendChild(h('td', { class: 'off' }, '+' + off.toString(16).padStart(3, '0')));
        const names: string[] = [];
        const refs: HTMLElement[] = [];
        for (let k = off; k < off + ws && k < bytes.length; k++) {
          const f = fieldAt[k];
          let cls = 'by f-' + (f ? f.cls : 'pad');
          if (f && f.start === k) {
            cls += ' fstart';
            names.push(f.name);
          }
          if (isPtr[Math.floor(k / P)]) cls += ' pw';
          if (prevB && prevB.hex.substr(2 * k, 2) !== b.hex.substr(2 * k, 2)) cls += ' chg';
          if (otherB && otherB.hex.substr(2 * k, 2) !== b.hex.substr(2 * k, 2)) cls += ' diff';
          if (k % P === 0 && isPtr[k / P]) {
            const r = b.ptrs[String(k)];
            const od = otherB ? otherB.ptrs[String(k)] !== r : false;
            const pd = prevB ? prevB.ptrs[String(k)] !== r : false;
            refs.push(h('span', { class: 'ref' + (r ? '' : ' nil') + (od ? ' diff' : '') + (pd ? ' chg' : ''), 'data-off': k, 'data-goto': r && r !== 'ptr' ? r : null }, `@${k}: ${r ?? 'nil'}`));
          }
          tr.appendChild(h('td', { class: cls, title: `offset ${k} (0x${k.toString(16)}): ${f ? f.name : 'padding'} byte ${f ? k - f.start : ''}` }, b.hex.substr(2 * k, 2)));
        }
        tr.appendChild(h('td', { class: 'fname' }, names.join(' '), ...refs));
        tbl.appendChild(tr);
      }
      box.appendChild(tbl);
    }

    /** The same bucket in the previous dump (see sameArrays: across a growth, B:i became OB:i). */
    private prevBucket(ref: string): Bucket | undefined {
      const p = this.m.prevDump(this.map, this.dumpIdx);
      if (p < 0 || !this.st) return undefined;
      const ps = this.m.state(p);
      if (!ps) return undefined;
      const arr = sameArrays(ps, this.st);
      const c = ref.indexOf(':');
      const pfx = ref.slice(0, c);
      const was = pfx === 'O' ? 'O' : pfx === 'B' ? arr.B : pfx === 'OB' ? arr.OB : null;
      return was === null ? undefined : this.refs(p).get(was + ref.slice(c));
    }

    /** Marks the selected bucket in the rendered rows and scrolls its row into view. */
    select(ref: string): void {
      this.root.querySelectorAll('.bkt.sel').forEach((el) => el.classList.remove('sel'));
      this.root.querySelectorAll(`.bkt[data-at="${ref}"]`).forEach((el) => el.classList.add('sel'));
      const n = this.newSpec.rowOf.get(ref);
      if (n !== undefined) this.newList.show(n);
      const o = this.oldSpec.rowOf.get(ref);
      if (o !== undefined) this.oldList.show(o);
    }

    /** Fills the lists after a resize; the grids are laid out again when their width changed. */
    refill(): void {
      const w: [number, number] = [Pane.rowWidth(this.newList), this.oldCol.hidden ? 0 : Pane.rowWidth(this.oldList)];
      if (w[0] !== this.gridW[0] || w[1] !== this.gridW[1]) this.gridKey = '';
      for (const l of [this.newList, this.oldList]) {
        l.measure();
        l.fill();
      }
    }

    /** Renders the grids again (options changed). */
    invalidate(): void {
      this.gridKey = '';
      this.bytesKey = '';
      this.headKey = '';
      this.itersKey = '';
    }
  }

  function entryList(entries: [unknown, unknown][], max: number): HTMLElement {
    const ol = h('ol', { class: 'entries' });
    for (let k = 0; k < entries.length && k < max; k++) ol.appendChild(h('li', null, entryText(entries[k])));
    if (entries.length > max) ol.appendChild(h('li', { class: 'more' }, `… ${entries.length - max} more`));
    return ol;
  }

  /** The pointer bitmap as a strip of words; with a layout, each word coloured by its bucket field. */
  export function wordStrip(gcmask: string, nwords: number, ptrSize: number, L: Layout | null): HTMLElement {
    const bits = maskWords(gcmask, nwords);
    const strip = h('span', { class: 'strip', 'data-words': nwords, title: `gcmask ${gcmask || '(none)'}: one cell per ${ptrSize * 8}-bit word, P = pointer` });
    const fields = L ? bucketFields(L) : [];
    for (let w = 0; w < nwords; w++) {
      const off = w * ptrSize;
      const f = fields.find((x) => off >= x.start && off < x.end);
      strip.appendChild(h('span', { class: 'w' + (bits[w] ? ' p' : '') + (f ? ' f-' + f.cls : ''), title: `word ${w} (offset ${off})${f ? ': ' + f.name : ''}${bits[w] ? ' · pointer' : ''}` }, bits[w] ? 'P' : ''));
    }
    return strip;
  }
}
