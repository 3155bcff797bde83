// The viewer page: controls (step buttons, scrubber, keys), the timeline of ops, one pane per trace
// and, with two traces, their comparison aligned by event. Boots from the JSON that `goemu view`
// embeds in <script type="application/json" id="goemu-data">, or from files opened in the page.

namespace GoemuView {
  const LEGEND: [TopState, string, string][] = [
    ['live', 'b7', 'live entry: the top 8 bits of its hash (≥ 5)'],
    ['emptyRest', '..', 'emptyRest: empty, and so is every later slot of the chain'],
    ['emptyOne', '_1', 'emptyOne: empty slot'],
    ['evacuatedX', '>X', 'evacuatedX: moved to the X half (same index)'],
    ['evacuatedY', '>Y', 'evacuatedY: moved to the Y half (index + old 2^B)'],
    ['evacuatedEmpty', '>E', 'evacuatedEmpty: was empty, bucket evacuated'],
  ];

  const KEYS: [string, string][] = [
    ['→ / ←', 'next / previous op'],
    ['Shift+→ / Shift+←, PgDn / PgUp', '10 ops on / back'],
    ['Home / End', 'first / last op'],
    ['] / [', 'next / previous dump'],
    ['n / p', 'next / previous difference (two traces)'],
    ['Space', 'play / pause'],
    ['v', 'show / hide keys and elems'],
    ['w', 'byte view in 32- or 64-bit words'],
    ['?', 'this help'],
  ];

  function withoutEvents(t: Trace): Record<string, unknown> {
    const o: Record<string, unknown> = {};
    for (const k in t) if (k !== 'events') o[k] = (t as unknown as Record<string, unknown>)[k];
    return o;
  }

  export class App {
    readonly models: TraceModel[];
    readonly panes: Pane[] = [];
    readonly n: number;
    step = -1;
    mapChoice = '';
    readonly opts: ViewOptions = { selected: 'B:0', wordBits: 0, showKV: true };
    /** per event: whether the two traces differ there (two traces only) */
    readonly evDiff: boolean[] = [];
    readonly diffSteps: number[] = [];
    topDiffs: PathDiff[] = [];
    private readonly cmpCache = new Map<string, [StateDelta, StateDelta]>();
    private readonly timeline: VirtualList;
    private readonly scrub: HTMLInputElement;
    private readonly stepLabel: HTMLElement;
    private readonly mapSel: HTMLSelectElement;
    private readonly cmpBar: HTMLElement;
    private readonly help: HTMLElement;
    private readonly playBtn: HTMLButtonElement;
    private playing: number | null = null;
    private hashTimer: number | null = null;

    /** `start`: the step to show first; by default the first dump (a teacher opens on a map, not on "no dump yet"). */
    constructor(readonly root: HTMLElement, readonly payload: Payload, start?: number) {
      clear(root);
      this.models = payload.traces.map((t) => new TraceModel(t.trace, t.label));
      this.n = this.models.length ? Math.min(...this.models.map((m) => m.events.length)) : 0;
      const two = this.models.length === 2;
      if (two) this.compare();

      const btn = (label: string, title: string, fn: () => void, cls = ''): HTMLButtonElement => {
        const b = h('button', { type: 'button', title, class: cls }, label);
        b.addEventListener('click', fn);
        return b;
      };
      this.scrub = h('input', { type: 'range', min: 0, max: Math.max(0, this.n - 1), value: 0, class: 'scrub', 'aria-label': 'step' });
      this.scrub.addEventListener('input', () => this.go(+this.scrub.value));
      this.stepLabel = h('span', { class: 'steplabel' });
      this.mapSel = h('select', { class: 'mapsel', title: 'the map to show' }, h('option', { value: '' }, 'map of the op'));
      const names: string[] = [];
      for (const m of this.models) for (const x of m.mapNames) if (names.indexOf(x) < 0) names.push(x);
      for (const x of names) this.mapSel.appendChild(h('option', { value: x }, x));
      this.mapSel.addEventListener('change', () => {
        this.mapChoice = this.mapSel.value;
        this.render();
      });
      const wordSel = h('select', { class: 'wordsel', title: 'word size of the byte view' },
        h('option', { value: '0' }, 'words: PtrSize'), h('option', { value: '32' }, '32-bit words'), h('option', { value: '64' }, '64-bit words'));
      wordSel.addEventListener('change', () => this.setWordBits(+wordSel.value));
      const kv = h('input', { type: 'checkbox', checked: true, class: 'kvtoggle' });
      kv.addEventListener('change', () => this.setShowKV(kv.checked));
      this.playBtn = btn('▶ play', 'play / pause (Space)', () => this.togglePlay(), 'play');
      const openIn = h('input', { type: 'file', accept: '.json,application/json', class: 'openfile' });
      openIn.addEventListener('change', () => this.openFile(openIn, false));
      const cmpIn = h('input', { type: 'file', accept: '.json,application/json', class: 'cmpfile' });
      cmpIn.addEventListener('change', () => this.openFile(cmpIn, true));
      this.help = h('div', { class: 'help', hidden: true },
        h('h3', null, 'keys'), h('table', null, ...KEYS.map(([k, v]) => h('tr', null, h('th', null, k), h('td', null, v)))),
        h('p', null, 'Click a bucket (or a link) to see its bytes. Hover a slot for its key, elem and hash.'));
      this.cmpBar = h('div', { class: 'cmpbar', hidden: !two });

      const first = this.models[0];
      const sc = first ? first.trace.scenario : null;
      const header = h('header', { class: 'top' },
        h('h1', null, 'goemu view'),
        h('span', { class: 'scen' }, sc ? sc.name ?? '(unnamed scenario)' : 'no trace loaded'),
        h('span', { class: 'files' },
          h('label', { class: 'btn', title: 'open a trace file (gomap-trace/1)' }, 'open…', openIn),
          h('label', { class: 'btn', title: 'compare with another trace of the same scenario' }, 'compare with…', cmpIn)));
      const controls = h('div', { class: 'controls' },
        btn('|◀', 'first op (Home)', () => this.go(0)),
        btn('◀', 'previous op (←)', () => this.go(this.step - 1), 'prev'),
        this.playBtn,
        btn('▶', 'next op (→)', () => this.go(this.step + 1), 'next'),
        btn('▶|', 'last op (End)', () => this.go(this.n - 1)),
        this.scrub, this.stepLabel,
        btn('[ dump', 'previous dump ([)', () => this.jumpDump(-1)),
        btn('dump ]', 'next dump (])', () => this.jumpDump(1)),
        two ? btn('◀ diff', 'previous difference (p)', () => this.jumpDiff(-1)) : null,
        two ? btn('diff ▶', 'next difference (n)', () => this.jumpDiff(1), 'nextdiff') : null,
        this.mapSel, wordSel,
        h('label', { class: 'chk', title: 'show keys and elems (v)' }, kv, ' keys/elems'),
        btn('?', 'keys (?)', () => { this.help.hidden = !this.help.hidden; }));
      const legend = h('div', { class: 'legend' },
        ...LEGEND.map(([st, txt, what]) => h('span', { class: 'lg', 'data-state': st }, h('span', { class: 'slot mini s-' + st }, h('span', { class: 'th' }, txt)), ' ' + what)),
        h('span', { class: 'lg' }, h('span', { class: 'slot mini s-live chg' }, h('span', { class: 'th' }, '12')), ' changed since the previous dump'),
        two ? h('span', { class: 'lg' }, h('span', { class: 'slot mini s-live diff' }, h('span', { class: 'th' }, '12')), ' differs from the other trace') : null,
        h('span', { class: 'lg' }, h('span', { class: 'slot mini s-live cur' }, h('span', { class: 'th' }, '12'), h('span', { class: 'visit' }, '3')), ' iteration: visit order, current entry'));

      this.timeline = new VirtualList('timeline', 22, (i) => this.timelineRow(i), 400);
      const panes = h('div', { class: 'panes' + (two ? ' two' : '') });
      this.models.forEach((m, k) => {
        const p = new Pane(m, two ? (k === 0 ? 'A' : 'B') : '', this.opts, (ref) => this.select(ref));
        this.panes.push(p);
        panes.appendChild(p.root);
      });
      const body = h('div', { class: 'main' }, h('aside', { class: 'tl' }, this.timeline.el), panes);
      root.append(header, controls, legend, this.cmpBar, this.help, body);
      if (!first) {
        panes.appendChild(h('div', { class: 'empty' }, 'Open a trace (gomap-trace/1) with "open…", or run `goemu view TRACE.json`.'));
        return;
      }
      // The op-number column as wide as the widest number (viewer.css .ev .evno), so that numbers
      // never run into op names however long the trace.
      this.timeline.el.style.setProperty('--evno-digits', String(String(this.n - 1).length));
      this.timeline.reset(this.n, 0);
      this.go(Math.min(start ?? this.firstDump(), this.n - 1));
    }

    /** The first dump of the (first) trace that shows a map, or 0 when it has none. */
    private firstDump(): number {
      const ev = this.models[0].events;
      for (let i = 0; i < this.n; i++) if (ev[i].op === 'dump' && ev[i].panic === undefined && 'state' in ev[i]) return i;
      return 0;
    }

    /** Aligns the two traces by event and finds where they differ (the contract's equality). */
    private compare(): void {
      const [a, b] = this.models;
      for (let i = 0; i < this.n; i++) {
        const d = !deepEq(a.events[i], b.events[i]);
        this.evDiff.push(d);
        if (d) this.diffSteps.push(i);
      }
      this.topDiffs = diffPaths(withoutEvents(a.trace), withoutEvents(b.trace), '$', 20, [], true);
      if (a.events.length !== b.events.length) this.topDiffs.push({ path: '$.events.length', a: a.events.length, b: b.events.length });
    }

    private timelineRow(i: number): HTMLElement {
      const m = this.models[0];
      const e = m.events[i];
      let cls = 'ev op-' + e.op;
      if (e.panic !== undefined) cls += ' panic';
      if (this.evDiff[i]) cls += ' diff';
      if (i === this.step) cls += ' cur';
      const row = h('div', { class: cls, 'data-i': i, title: opText(m.ops[i], e) },
        h('span', { class: 'evno' }, String(i)),
        h('span', { class: 'evop' }, e.op === 'dump' ? '▦ dump' : e.op),
        h('span', { class: 'evtxt' }, opText(m.ops[i], e)),
        e.panic !== undefined ? h('span', { class: 'evflag', title: e.panic }, '⚠') : null,
        this.evDiff[i] ? h('span', { class: 'evflag neq', title: 'the traces differ here' }, '≠') : null);
      row.addEventListener('click', () => this.go(i));
      return row;
    }

    /** The map step i shows: the chosen one, else the op's, else the last one shown. */
    private mapAt(i: number): string {
      if (this.mapChoice) return this.mapChoice;
      const m = this.models[0].mapOf[i];
      if (m) return m;
      for (let j = i; j >= 0; j--) if (this.models[0].mapOf[j]) return this.models[0].mapOf[j];
      return '';
    }

    go(i: number): void {
      if (this.n === 0) return;
      i = Math.max(0, Math.min(this.n - 1, Math.floor(i)));
      const old = this.step;
      this.step = i;
      if (old !== i) {
        const r0 = this.timeline.row(old);
        if (r0) r0.classList.remove('cur');
        const r1 = this.timeline.row(i);
        if (r1) r1.classList.add('cur');
        this.timeline.show(i);
        this.timeline.row(i)?.classList.add('cur');
      }
      this.scrub.value = String(i);
      this.stepLabel.textContent = `step ${i} / ${this.n - 1}`;
      this.root.setAttribute('data-step', String(i));
      // The step in the address (for reloads and links), once stepping pauses: browsers throttle
      // replaceState.
      if (this.hashTimer !== null) window.clearTimeout(this.hashTimer);
      this.hashTimer = window.setTimeout(() => {
        this.hashTimer = null;
        try {
          window.history.replaceState(null, '', '#' + this.step);
        } catch {
          // file: pages may refuse; the step in the address is only a convenience.
        }
      }, 250);
      this.render();
    }

    render(): void {
      const i = this.step;
      if (i < 0) return;
      const map = this.mapAt(i);
      for (const p of this.panes) p.prepare(i, map);
      if (this.panes.length === 2) {
        const [a, b] = this.panes;
        const key = `${map}|${a.dumpIdx}|${b.dumpIdx}`;
        let c = this.cmpCache.get(key);
        if (!c) {
          const same = a.dumpIdx === b.dumpIdx && a.dumpIdx >= 0 && !this.evDiff[a.dumpIdx];
          const empty = (): StateDelta => ({ header: new Set(), buckets: new Map() });
          c = same ? [empty(), empty()] : [stateDelta(b.st, a.st, a.lay), stateDelta(a.st, b.st, b.lay)];
          this.cmpCache.set(key, c);
        }
        a.cmp = c[0];
        b.cmp = c[1];
        a.render(b);
        b.render(a);
        this.renderCmpBar(i);
      } else {
        for (const p of this.panes) p.render(null);
      }
    }

    private renderCmpBar(i: number): void {
      const bar = clear(this.cmpBar);
      const [a, b] = this.models;
      const identical = this.diffSteps.length === 0 && this.topDiffs.length === 0;
      bar.classList.toggle('same', identical);
      bar.setAttribute('data-diffs', String(this.diffSteps.length));
      bar.appendChild(h('div', { class: 'cmpsum' }, h('b', null, 'A'), ` ${a.label} vs `, h('b', null, 'B'), ` ${b.label}: `,
        identical ? h('span', { class: 'verdict same' }, `identical: all ${this.n} events equal (producer and x ignored)`)
          : h('span', { class: 'verdict differ' }, `${this.diffSteps.length} of ${this.n} events differ` +
            (this.diffSteps.length ? ` (first at #${this.diffSteps[0]})` : '') +
            (this.topDiffs.length ? `; top level: ${this.topDiffs.map((d) => d.path.replace(/^\$\./, '')).join(', ')}` : ''))));
      if (this.evDiff[i]) {
        const d = diffPaths(a.events[i], b.events[i], `events[${i}]`, 12);
        bar.appendChild(h('div', { class: 'cmphere' }, `this event differs: `,
          ...d.map((x) => h('code', { class: 'dpath', title: `A: ${fmtValue(x.a, 2000)}\nB: ${fmtValue(x.b, 2000)}` },
            `${x.path}: ${fmtValue(x.a, 40)} ≠ ${fmtValue(x.b, 40)}`))));
      }
    }

    select(ref: string): void {
      this.opts.selected = ref;
      for (const p of this.panes) p.select(ref);
      this.render();
    }

    setWordBits(bits: number): void {
      this.opts.wordBits = bits;
      this.render();
    }

    setShowKV(on: boolean): void {
      this.opts.showKV = on;
      (this.root.querySelector('.kvtoggle') as HTMLInputElement).checked = on;
      this.render();
    }

    private jumpDump(dir: number): void {
      const m = this.models[0];
      for (let i = this.step + dir; i >= 0 && i < this.n; i += dir) {
        if (m.events[i].op === 'dump' && (!this.mapChoice || m.mapOf[i] === this.mapChoice)) {
          this.go(i);
          return;
        }
      }
    }

    private jumpDiff(dir: number): void {
      const d = this.diffSteps;
      if (dir > 0) {
        const k = d.find((x) => x > this.step);
        if (k !== undefined) this.go(k);
      } else {
        for (let j = d.length - 1; j >= 0; j--) if (d[j] < this.step) return this.go(d[j]);
      }
    }

    private togglePlay(): void {
      if (this.playing !== null) {
        window.clearInterval(this.playing);
        this.playing = null;
        this.playBtn.textContent = '▶ play';
        return;
      }
      if (this.step >= this.n - 1) this.go(0);
      this.playBtn.textContent = '⏸ pause';
      this.playing = window.setInterval(() => {
        if (this.step >= this.n - 1) this.togglePlay();
        else this.go(this.step + 1);
      }, 400);
    }

    /** Fills the virtualised lists again (the window was resized). */
    resized(): void {
      this.timeline.measure();
      this.timeline.fill();
      for (const p of this.panes) p.refill();
      this.render();
    }

    key(ev: KeyboardEvent): void {
      if (this.n === 0) return;
      const t = ev.target as HTMLElement;
      if (t && (t.tagName === 'SELECT' || (t.tagName === 'INPUT' && (t as HTMLInputElement).type !== 'checkbox' && (t as HTMLInputElement).type !== 'file'))) return;
      if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
      const big = ev.shiftKey ? 10 : 1;
      switch (ev.key) {
        case 'ArrowRight': this.go(this.step + big); break;
        case 'ArrowLeft': this.go(this.step - big); break;
        case 'PageDown': this.go(this.step + 10); break;
        case 'PageUp': this.go(this.step - 10); break;
        case 'Home': this.go(0); break;
        case 'End': this.go(this.n - 1); break;
        case ']': this.jumpDump(1); break;
        case '[': this.jumpDump(-1); break;
        case 'n': this.jumpDiff(1); break;
        case 'p': case 'N': this.jumpDiff(-1); break;
        case ' ': this.togglePlay(); break;
        case 'v': this.setShowKV(!this.opts.showKV); break;
        case 'w': {
          const cur = this.opts.wordBits || this.models[0].trace.ptrSize * 8;
          const sel = this.root.querySelector('.wordsel') as HTMLSelectElement;
          sel.value = cur === 64 ? '32' : '64';
          this.setWordBits(+sel.value);
          break;
        }
        case '?': this.help.hidden = !this.help.hidden; break;
        default: return;
      }
      ev.preventDefault();
    }

    private openFile(input: HTMLInputElement, compare: boolean): void {
      const f = input.files && input.files[0];
      if (!f) return;
      const rd = new FileReader();
      rd.onload = (): void => {
        let t: Trace;
        try {
          t = JSON.parse(String(rd.result)) as Trace;
        } catch (e) {
          window.alert(`${f.name}: not JSON: ${(e as Error).message}`);
          return;
        }
        if (!t || t.format !== 'gomap-trace/1' || !Array.isArray(t.events)) {
          window.alert(`${f.name}: not a trace (gomap-trace/1). A scenario must be run first: goemu view ${f.name}`);
          return;
        }
        const traces = compare && this.payload.traces.length ? [this.payload.traces[0], { label: f.name, trace: t }] : [{ label: f.name, trace: t }];
        window.goemuViewer = new App(this.root, { traces });
      };
      rd.readAsText(f);
    }
  }

  export function boot(): void {
    const root = document.getElementById('app')!;
    const data = document.getElementById('goemu-data');
    let payload: Payload = { traces: [] };
    try {
      if (data && data.textContent && data.textContent.trim()) payload = JSON.parse(data.textContent) as Payload;
    } catch (e) {
      root.textContent = 'goemu view: the embedded trace is not valid JSON: ' + (e as Error).message;
      return;
    }
    const m = /^#(\d+)$/.exec(window.location.hash);
    window.goemuViewer = new App(root, payload, m ? +m[1] : undefined);
    // One listener each for the page's life: an app opened from a file replaces window.goemuViewer.
    document.addEventListener('keydown', (ev) => window.goemuViewer?.key(ev));
    window.addEventListener('resize', () => window.goemuViewer?.resized());
  }
}

interface Window {
  goemuViewer?: GoemuView.App;
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', GoemuView.boot);
else GoemuView.boot();
