// The trace viewer (`goemu view`), tested in a real browser: Debian's Chromium driven by
// playwright-core opens pages built from committed real-Go fixtures, steps through them and checks
// what is shown against the trace (buckets, slots, tophash states, overflow links, the highlight of
// what changed, side-by-side differences), plus the page's self-containment and the CLI.
//
// Without /usr/bin/chromium (scripts/install-chromium.sh installs it) the browser tests fail in CI
// (CI set) and are skipped locally.

import { expect } from 'chai';
import * as cp from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { chromium, Browser, Page } from 'playwright-core';
import { viewerHTML, embedJSON, ViewInput } from '../src/cli/view';
import { checkScenario, checkTrace } from '../src/scenario/scenario';
import { runScenario } from '../src/scenario/run';
import { tophashCell, flagNames } from '../src/trace/text';
import { Trace, StateJSON, BucketJSON } from '../src/trace/format';

const ROOT = path.join(__dirname, '..', '..');
const TRACES = path.join(ROOT, 'fixtures', 'traces');
const CLI = path.join(ROOT, 'dist', 'src', 'cli', 'main.js');
const CHROMIUM = process.env.GOEMU_CHROMIUM || '/usr/bin/chromium';
const LAUNCH_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

// Fixtures the tests read (go1.19 amd64 aes unless named otherwise).
const CFG = 'go1.19-amd64-aes';
const GROW = 'grow-string';               // growth with overflow buckets and a preallocated one
const ITER = 'iter-mid-growth-string';    // iterators started during a growth

function fixturePath(cfg: string, name: string): string {
  return path.join(TRACES, cfg, `${name}.trace.json`);
}

function loadTrace(cfg: string, name: string): Trace {
  return JSON.parse(fs.readFileSync(fixturePath(cfg, name), 'utf8')) as Trace;
}

function replay(t: Trace): Trace {
  const { trace, scenario, config } = checkTrace(JSON.parse(JSON.stringify(t)));
  return runScenario(scenario, config, { seeds: trace.seeds, recorded: trace.events });
}

function topState(t: number): string {
  return ['emptyRest', 'emptyOne', 'evacuatedX', 'evacuatedY', 'evacuatedEmpty'][t] ?? 'live';
}

function dumpSteps(t: Trace): number[] {
  return t.events.filter((e) => e.op === 'dump' && e.state).map((e) => e.i);
}

/** The overflow links the grid must draw: each primary bucket's chain, as [from, to]. */
function chainEdges(s: StateJSON, old: boolean): string[][] {
  const arr = old ? s.oldbuckets! : s.buckets!;
  const np = old ? (s.flags & 8 ? 2 ** s.B : 2 ** (s.B - 1)) : 2 ** s.B;
  const byRef = new Map<string, BucketJSON>();
  for (const b of [...(s.buckets?.buckets ?? []), ...(s.oldbuckets?.buckets ?? []), ...s.overflowBuckets]) byRef.set(b.at, b);
  const edges: string[][] = [];
  for (let i = 0; i < np; i++) {
    const seen = new Set<string>();
    let b = arr.buckets[i];
    for (;;) {
      const to = b.overflow;
      if (to === null) break;
      const m = /^(B|OB):(\d+)$/.exec(to);
      const primary = m ? +m[2] < (m[1] === 'OB' ? (s.flags & 8 ? 2 ** s.B : 2 ** (s.B - 1)) : 2 ** s.B) : false;
      if (primary || seen.has(to) || !byRef.has(to)) break;
      edges.push([b.at, to]);
      seen.add(to);
      b = byRef.get(to)!;
    }
  }
  return edges;
}

interface RowInfo {
  ref: string;
  cls: string;
  boxes: { at: string; cls: string; states: string[]; th: string[]; chg: number[]; diff: number[] }[];
  links: { from: string; to: string; end: boolean }[];
  notes: string[];
}

const errors = new WeakMap<Page, string[]>();

describe('goemu view: the page', () => {
  it('is self-contained: styles, script and trace inline, no URL, a CSP that forbids the network', () => {
    const t = loadTrace(CFG, GROW);
    const html = viewerHTML([{ label: 'x', trace: t }]);
    expect(html).to.match(/^<!DOCTYPE html>/);
    expect(html).to.include('<script type="application/json" id="goemu-data">');
    expect(html).to.include("default-src 'none'");
    expect(html).not.to.match(/https?:\/\//);
    expect(html).not.to.match(/<link\b|<img\b|\bsrc=|@import|url\(/i);
    expect((html.match(/<\/script>/g) ?? []).length).to.equal(2);
  });

  it('escapes </script> and <!-- in embedded values', () => {
    const s = embedJSON({ k: '</script><script>alert(1)</script><!--' });
    expect(s).not.to.include('<');
    expect(JSON.parse(s)).to.deep.equal({ k: '</script><script>alert(1)</script><!--' });
  });
});

/** The port a `goemu view --port 0` child says it serves on. */
function servedPort(child: cp.ChildProcess): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /serving http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
      if (m) resolve(+m[1]);
    });
    child.on('exit', (c) => reject(new Error(`exited ${c}: ${out}`)));
    setTimeout(() => reject(new Error('no address printed: ' + out)), 20000);
  });
}

describe('goemu view: the command', function () {
  let tmp = '';
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'goemu-view-cli-'));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  const run = (...args: string[]): cp.SpawnSyncReturns<string> => cp.spawnSync(process.execPath, [CLI, 'view', ...args], { encoding: 'utf8' });

  it('writes a trace\'s page with --html', () => {
    const out = path.join(tmp, 'a.html');
    const r = run(fixturePath(CFG, GROW), '--html', out);
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout).to.equal(`goemu view: wrote ${out}\n`);
    const html = fs.readFileSync(out, 'utf8');
    const data = JSON.parse(/<script type="application\/json" id="goemu-data">(.*?)<\/script>/s.exec(html)![1]);
    expect(data.traces).to.have.length(1);
    expect(data.traces[0].trace).to.deep.equal(loadTrace(CFG, GROW));
  });

  it('runs a scenario first, and writes a temporary file without --html', () => {
    const r = run(path.join(ROOT, 'fixtures', 'scenarios', `${GROW}.scenario.json`), '--arch', '386', '--go', 'go1.19', '--hash', 'aes');
    expect(r.status, r.stderr).to.equal(0);
    const m = /^goemu view: wrote (.*\.html) \(open it in a browser\)\n$/.exec(r.stdout);
    expect(m, r.stdout).to.not.equal(null);
    const html = fs.readFileSync(m![1], 'utf8');
    fs.rmSync(path.dirname(m![1]), { recursive: true, force: true });
    const data = JSON.parse(/<script type="application\/json" id="goemu-data">(.*?)<\/script>/s.exec(html)![1]);
    expect(data.traces[0].trace.arch).to.equal('386');
    expect(data.traces[0].trace.producer).to.match(/^goemu/);
  });

  it('puts two files, or a trace and its replay, side by side', () => {
    const out = path.join(tmp, 'b.html');
    let r = run(fixturePath(CFG, GROW), fixturePath('go1.19-386-aes', GROW), '--html', out);
    expect(r.status, r.stderr).to.equal(0);
    r = run(fixturePath(CFG, GROW), '--replay', '--html', out);
    expect(r.status, r.stderr).to.equal(0);
    const data = JSON.parse(/<script type="application\/json" id="goemu-data">(.*?)<\/script>/s.exec(fs.readFileSync(out, 'utf8'))![1]);
    expect(data.traces.map((x: ViewInput) => x.label)).to.deep.equal([`${GROW}.trace.json`, `goemu replay of ${GROW}.trace.json`]);
  });

  it('with --port, answers only requests whose Host names this machine (no DNS rebinding)', async () => {
    const child = cp.spawn(process.execPath, [CLI, 'view', fixturePath(CFG, GROW), '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const port = await servedPort(child);
      /** The status line of a raw HTTP/1.1 request carrying the given Host header (or none). */
      const status = (host: string | null): Promise<string> => new Promise((resolve, reject) => {
        const sock = net.connect(port, '127.0.0.1');
        let got = '';
        sock.on('connect', () => sock.write(`GET / HTTP/1.1\r\n${host === null ? '' : `Host: ${host}\r\n`}Connection: close\r\n\r\n`));
        sock.on('data', (d) => { got += d; });
        sock.on('end', () => resolve(got.split('\r\n')[0]));
        sock.on('error', reject);
      });
      for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, `[::1]:${port}`]) {
        expect(await status(host), host).to.equal('HTTP/1.1 200 OK');
      }
      for (const host of [`evil.example:${port}`, 'evil.example', `127.0.0.1.evil.example:${port}`, `localhost.:${port}`,
        `127.0.0.1:${port + 1}`, '127.0.0.1', `localhost:${port}@evil.example`, `x${port}`]) {
        expect(await status(host), host).to.equal('HTTP/1.1 403 Forbidden');
      }
      expect(await status(null), 'no Host').to.match(/^HTTP\/1\.1 (400 Bad Request|403 Forbidden)$/);
    } finally {
      child.kill();
    }
  });

  it('reports a value nested too deeply to embed in one line, exit 2', () => {
    const t = loadTrace(CFG, GROW);
    const e = t.events.find((x) => x.op === 'dump' && x.state && x.state.buckets!.buckets[0].slots.length > 0)!;
    e.state!.buckets!.buckets[0].slots[0].key = '@DEEP@';
    const file = path.join(tmp, 'deep.trace.json');
    fs.writeFileSync(file, JSON.stringify(t).replace('"@DEEP@"', '['.repeat(20000) + '"k"' + ']'.repeat(20000)));
    const r = run(file, '--html', path.join(tmp, 'deep.html'));
    expect(r.status, r.stderr).to.equal(2);
    // goemu's JSON reader (src/trace/json.ts) bounds nesting at 1,000 levels, so the file is refused as it is read.
    expect(r.stderr.split('\n').filter((l) => l !== '')).to.have.length(1);
    expect(r.stderr).to.match(/^goemu view: .*deep\.trace\.json: invalid JSON: arrays and objects nest deeper than 1000 levels at line 1 column \d+\n$/);
  });

  it('reports bad input in one line, exit 2', () => {
    for (const [args, msg] of [
      [['/nonexistent.json'], /^goemu view: \/nonexistent\.json: cannot read: no such file\n$/],
      [[path.join(TRACES, 'manifest.json')], /^goemu view: .*manifest\.json: field "format": want "gomap-trace\/1"/],
      [[fixturePath(CFG, GROW), '--arch', '386'], /^goemu view: --arch applies to scenarios/],
      [[fixturePath(CFG, GROW), '--port', 'x'], /^goemu view: --port: want a port number/],
      [[], /^goemu view: view takes a trace or scenario file/],
    ] as [string[], RegExp][]) {
      const r = run(...args);
      expect(r.status, args.join(' ')).to.equal(2);
      expect(r.stderr).to.match(msg);
      expect(r.stderr.trim().split('\n')).to.have.length(1);
    }
  });
});

describe('goemu view in Chromium', function () {
  let browser: Browser | null = null;
  let tmp = '';

  before(async function () {
    if (!fs.existsSync(CHROMIUM)) {
      if (process.env.CI) throw new Error(`${CHROMIUM} is missing: the browser tests need it (scripts/install-chromium.sh installs Debian's chromium)`);
      // eslint-disable-next-line no-console
      console.log(`      skipping the browser tests: ${CHROMIUM} is missing (scripts/install-chromium.sh installs it)`);
      this.skip();
    }
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: LAUNCH_ARGS });
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'goemu-view-'));
  });

  after(async () => {
    if (browser) await browser.close();
    if (tmp) {
      // Screenshots stay for a look; everything else goes.
      for (const f of fs.readdirSync(tmp)) if (!f.endsWith('.png')) fs.rmSync(path.join(tmp, f), { force: true });
    }
  });

  async function open(inputs: ViewInput[], name: string, step = 0, viewport = { width: 1600, height: 1100 }): Promise<Page> {
    const file = path.join(tmp, name + '.html');
    fs.writeFileSync(file, viewerHTML(inputs));
    return openURL('file://' + file + '#' + step, undefined, viewport);
  }

  async function openURL(url: string, allowed = (u: string): boolean => u.startsWith('file://') || u.startsWith('data:'), viewport = { width: 1600, height: 1100 }): Promise<Page> {
    const page = await browser!.newPage({ viewport });
    const errs: string[] = [];
    errors.set(page, errs);
    page.on('pageerror', (e) => errs.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error') errs.push(m.text());
    });
    page.on('request', (r) => {
      if (!allowed(r.url())) errs.push('network request: ' + r.url());
    });
    await page.goto(url);
    await page.waitForSelector('.pane');
    return page;
  }

  async function close(page: Page): Promise<void> {
    const errs = errors.get(page) ?? [];
    await page.close();
    expect(errs, 'page errors').to.deep.equal([]);
  }

  const step = (page: Page): Promise<number> => page.evaluate(() => Number(document.getElementById('app')!.getAttribute('data-step')));
  const go = (page: Page, i: number): Promise<number> => page.evaluate((k) => {
    const t = performance.now();
    window.goemuViewer!.go(k);
    return performance.now() - t;
  }, i);

  function rows(page: Page, pane: string, col: 'new' | 'old'): Promise<RowInfo[]> {
    return page.$$eval(`.pane[data-pane="${pane}"] .grid.${col} .row`, (els) => els.map((r) => ({
      ref: (r as HTMLElement).dataset.ref!,
      cls: r.className,
      boxes: Array.from(r.querySelectorAll('.bkt')).map((b) => {
        const slots = Array.from(b.querySelectorAll('.slot')) as HTMLElement[];
        return {
          at: (b as HTMLElement).dataset.at!,
          cls: b.className,
          states: slots.map((s) => s.dataset.state!),
          th: slots.map((s) => s.querySelector('.th')!.textContent!),
          chg: slots.filter((s) => s.classList.contains('chg')).map((s) => +s.dataset.i!),
          diff: slots.filter((s) => s.classList.contains('diff')).map((s) => +s.dataset.i!),
        };
      }),
      links: Array.from(r.querySelectorAll('.link')).map((l) => ({ from: (l as HTMLElement).dataset.from!, to: (l as HTMLElement).dataset.to!, end: l.classList.contains('end') })),
      notes: Array.from(r.querySelectorAll('.note')).map((n) => n.textContent!),
    })));
  }

  /** Checks the grids of a pane against a dump: rows, slots, tophash states and texts, links. */
  async function checkGrid(page: Page, pane: string, s: StateJSON): Promise<RowInfo[]> {
    const np = 2 ** s.B;
    const byRef = new Map<string, BucketJSON>();
    for (const b of [...(s.buckets?.buckets ?? []), ...(s.oldbuckets?.buckets ?? []), ...s.overflowBuckets]) byRef.set(b.at, b);
    const got = await rows(page, pane, 'new');
    const primary = got.filter((r) => r.cls.split(' ').includes('primary'));
    expect(primary.map((r) => r.ref)).to.deep.equal(Array.from({ length: np }, (_, i) => `B:${i}`));
    expect(got.filter((r) => r.cls.split(' ').includes('prealloc')).length).to.equal(s.buckets!.nbuckets - np);
    // Preallocated buckets: used (in a chain) or free, and where nextOverflow points.
    const inChain = new Map(chainEdges(s, false).map(([from, to]) => [to, from]));
    for (const r of got.filter((x) => x.cls.split(' ').includes('prealloc'))) {
      expect(r.notes.includes('⇦ nextOverflow'), r.ref).to.equal(s.extra?.nextOverflow === r.ref);
      expect(r.notes.includes('free'), r.ref).to.equal(!inChain.has(r.ref));
      expect(r.notes.includes('prealloc'), r.ref).to.equal(true);
    }
    let slots = 0;
    for (const r of got) {
      for (const b of r.boxes) {
        const want = byRef.get(b.at)!;
        expect(b.states, b.at).to.deep.equal(want.tophash.map(topState));
        expect(b.th, b.at).to.deep.equal(want.tophash.map(tophashCell));
        slots += b.states.length;
      }
    }
    expect(slots).to.be.at.least(8 * s.buckets!.nbuckets);
    const links = (rs: RowInfo[]): string[][] => rs.filter((r) => /\b(primary|old)\b/.test(r.cls)).flatMap((r) => r.links.filter((l) => !l.end).map((l) => [l.from, l.to]));
    expect(links(got)).to.deep.equal(chainEdges(s, false));
    if (s.oldbuckets) {
      const old = await rows(page, pane, 'old');
      const nold = s.flags & 8 ? np : np / 2;
      expect(old.filter((r) => r.cls.split(' ').includes('old')).map((r) => r.ref)).to.deep.equal(Array.from({ length: nold }, (_, i) => `OB:${i}`));
      for (const r of old) for (const b of r.boxes) expect(b.states, b.at).to.deep.equal(byRef.get(b.at)!.tophash.map(topState));
      expect(links(old)).to.deep.equal(chainEdges(s, true));
      const evacuated = s.oldbuckets.buckets.slice(0, nold).filter((b) => b.tophash[0] > 1 && b.tophash[0] < 5).length;
      expect(await page.getAttribute(`.pane[data-pane="${pane}"] .progress`, 'data-evacuated')).to.equal(String(evacuated));
      expect(old.filter((r) => r.cls.includes('old ') || r.cls.endsWith('old')).filter((r) => r.ref === `OB:${s.nevacuate}`).length).to.be.at.most(1);
    } else {
      expect(await page.isHidden(`.pane[data-pane="${pane}"] .oldcol`)).to.equal(true);
    }
    return got;
  }

  it('opens on the first dump, not on "no dump yet"', async () => {
    const t = loadTrace(CFG, GROW);
    const file = path.join(tmp, 'first-dump.html');
    fs.writeFileSync(file, viewerHTML([{ label: GROW, trace: t }]));
    const page = await openURL('file://' + file);
    const first = dumpSteps(t)[0];
    expect(first).to.be.above(0);
    expect(await step(page)).to.equal(first);
    expect(await page.textContent('.hmap h3')).to.equal(`hmap m as of dump #${first}`);
    expect(await page.locator('.pane .grid.new .row').count()).to.equal(t.events[first].state!.buckets!.nbuckets);
    // An address with a step still opens there.
    await close(page);
    const at3 = await openURL('file://' + file + '#3');
    expect(await step(at3)).to.equal(3);
    await close(at3);
  });

  it('sizes the op-number column for the widest number: 6 digits never run into op names', async () => {
    const ops: unknown[] = [{ op: 'make', map: 'm', type: 'map[int8]int8' }, { op: 'set', map: 'm', key: 1, elem: 1 }];
    for (let k = 0; k < 100000; k++) ops.push({ op: 'len', map: 'm' });
    ops.push({ op: 'dump', map: 'm' });
    const { scenario, config } = checkScenario({ name: 'long', arch: 'amd64', go: 'go1.19', hash: 'aes', seed: 's', ops });
    const t = runScenario(scenario, config);
    const page = await open([{ label: 'long', trace: t }], 'long', t.events.length - 1);
    await page.waitForSelector(`.ev[data-i="${t.events.length - 1}"]`);
    for (const i of [t.events.length - 1, t.events.length - 2]) {
      const g = await page.$eval(`.ev[data-i="${i}"]`, (row) => {
        const no = row.querySelector('.evno') as HTMLElement, op = row.querySelector('.evop') as HTMLElement;
        return { text: no.textContent, sw: no.scrollWidth, cw: no.clientWidth, right: no.getBoundingClientRect().right, opLeft: op.getBoundingClientRect().left };
      });
      expect(g.text).to.equal(String(i));
      expect(g.sw, `#${i}: number wider than its column`).to.be.at.most(g.cw);
      expect(g.right, `#${i}: number runs into the op name`).to.be.at.most(g.opLeft);
    }
    await close(page);
  });

  it('steps through a growth with keys and buttons, showing every dump as the trace has it', async () => {
    const t = loadTrace(CFG, GROW);
    const page = await open([{ label: GROW, trace: t }], 'grow');
    const dumps = dumpSteps(t);
    expect(await step(page)).to.equal(0);
    let overflowLinks = 0, growing = 0;
    for (let i = 0; i < t.events.length; i++) {
      if (i > 0) await page.keyboard.press('ArrowRight');
      expect(await step(page)).to.equal(i);
      expect(await page.textContent('.steplabel')).to.equal(`step ${i} / ${t.events.length - 1}`);
      expect(await page.getAttribute('.ev.cur', 'data-i')).to.equal(String(i));
      expect(await page.textContent('.result .evno')).to.equal('#' + i);
      const e = t.events[i];
      if (e.op !== 'dump') continue;
      const s = e.state!;
      await checkGrid(page, 'A', s);
      overflowLinks += chainEdges(s, false).length + (s.oldbuckets ? chainEdges(s, true).length : 0);
      if (s.oldbuckets) growing++;
      const field = (f: string): Promise<string | null> => page.textContent(`.hmap [data-field="${f}"] .v`);
      expect(await field('count')).to.equal(String(s.count));
      expect(await field('flags')).to.equal(`${s.flags} ${flagNames(s.flags)}`);
      expect(await field('B')).to.equal(`${s.B} (2^B = ${2 ** s.B})`);
      expect(await field('hash0')).to.equal(s.hash0);
      expect(await field('noverflow')).to.equal(String(s.noverflow));
    }
    expect(dumps.length).to.be.at.least(10);
    expect(growing, 'dumps in a growth').to.be.at.least(2);
    expect(overflowLinks, 'overflow links checked').to.be.at.least(2);
    // Back, and the other keys.
    await page.keyboard.press('Home');
    expect(await step(page)).to.equal(0);
    await page.keyboard.press(']');
    expect(await step(page)).to.equal(dumps[0]);
    await page.keyboard.press(']');
    expect(await step(page)).to.equal(dumps[1]);
    await page.keyboard.press('[');
    expect(await step(page)).to.equal(dumps[0]);
    await page.keyboard.press('Shift+ArrowRight');
    expect(await step(page)).to.equal(dumps[0] + 10);
    await page.keyboard.press('ArrowLeft');
    expect(await step(page)).to.equal(dumps[0] + 9);
    await page.keyboard.press('End');
    expect(await step(page)).to.equal(t.events.length - 1);
    await page.click('button.prev');
    expect(await step(page)).to.equal(t.events.length - 2);
    await page.click('button.next');
    expect(await step(page)).to.equal(t.events.length - 1);
    // The scrubber.
    await page.$eval('.scrub', (el) => {
      (el as HTMLInputElement).value = '5';
      el.dispatchEvent(new Event('input'));
    });
    expect(await step(page)).to.equal(5);
    // The timeline.
    await page.click('.ev[data-i="3"]');
    expect(await step(page)).to.equal(3);
    await close(page);
  });

  it('fits a bucket\'s 8 slots and its overflow chain at 1400 px wide: chains wrap, nothing is cut off', async () => {
    // A 5-bucket chain: 40 interface keys of struct types whose values hash alike (collide-chain's idea, more keys).
    const ops: unknown[] = [{ op: 'make', map: 'm', type: 'map[any]int32', hint: 20 }];
    for (let k = 0; k < 40; k++) ops.push({ op: 'set', map: 'm', key: { type: `struct{ f${k} int64 }`, value: [77] }, elem: k });
    ops.push({ op: 'dump', map: 'm' });
    const { scenario, config } = checkScenario({ name: 'chain', arch: 'amd64', go: 'go1.19', hash: 'aes', seed: 'chain', ops });
    const chain = runScenario(scenario, config);
    expect(chainEdges(chain.events[chain.events.length - 1].state!, false).length, 'overflow links in the chain scenario').to.be.at.least(4);
    const g = loadTrace(CFG, GROW), g386 = loadTrace('go1.19-386-aes', GROW);
    const mid = dumpSteps(g).find((d) => g.events[d].state!.oldbuckets && g.events[d].state!.nevacuate > 0 && chainEdges(g.events[d].state!, true).length > 0)!;
    const cases: [string, ViewInput[], number][] = [
      ['growth', [{ label: GROW, trace: g }], mid],
      ['chain', [{ label: 'chain', trace: chain }], chain.events.length - 1],
      ['two-panes', [{ label: 'amd64', trace: g }, { label: '386', trace: g386 }], mid],
      ['two-chains', [{ label: 'a', trace: chain }, { label: 'b', trace: chain }], chain.events.length - 1],
    ];
    for (const [name, inputs, at] of cases) {
      const page = await open(inputs, 'fit-' + name, at, { width: 1400, height: 940 });
      const misfits = (): Promise<string[]> => page.evaluate(() => {
        const out: string[] = [];
        let slots = 0;
        for (const grid of Array.from(document.querySelectorAll('.pane .vlist.grid')) as HTMLElement[]) {
          if (grid.offsetParent === null) continue;
          const gr = grid.getBoundingClientRect();
          const right = gr.left + grid.clientWidth;
          if (grid.scrollWidth > grid.clientWidth) out.push(`${grid.className}: ${grid.scrollWidth} px of rows in ${grid.clientWidth}`);
          for (const row of Array.from(grid.querySelectorAll('.row')) as HTMLElement[]) {
            const rr = row.getBoundingClientRect();
            for (const el of Array.from(row.querySelectorAll('.slot, .link, .rlabel')) as HTMLElement[]) {
              const r = el.getBoundingClientRect();
              const what = `${row.dataset.ref} ${el.className} ${el.dataset.i ?? el.dataset.to ?? ''}`;
              if (r.left < gr.left - 0.5 || r.right > right + 0.5) out.push(`${what}: x ${r.left}..${r.right} outside ${gr.left}..${right}`);
              if (r.top < rr.top - 0.5 || r.bottom > rr.bottom + 0.5) out.push(`${what}: y ${r.top}..${r.bottom} outside its row ${rr.top}..${rr.bottom}`);
              if (el.classList.contains('slot')) slots++;
            }
          }
        }
        if (slots === 0) out.push('no slots drawn');
        return out;
      });
      expect(await misfits(), name).to.deep.equal([]);
      if (name === 'growth' || name === 'two-chains') {
        // Narrower and wider windows: the rows are laid out again.
        // (Below 1400 px a single pane puts the old array under the new one; two panes need 1400 px.)
        for (const width of name === 'growth' ? [1100, 1900] : [1900]) {
          await page.setViewportSize({ width, height: 940 });
          await page.waitForTimeout(100);
          expect(await misfits(), `${name} at ${width} px`).to.deep.equal([]);
        }
        await page.setViewportSize({ width: 1400, height: 940 });
        await page.waitForTimeout(100);
      }
      if (name.includes('chain')) {
        // The 5-bucket chain is drawn whole, over more than one line.
        const lines = await page.$$eval('.pane[data-pane="A"] .grid.new .row', (rs) => rs.filter((r) => +(r as HTMLElement).dataset.chain! >= 5).map((r) => r.querySelectorAll('.rline').length));
        expect(lines.length, name).to.equal(1);
        expect(lines[0], name).to.be.above(1);
      }
      for (const [k, x] of inputs.entries()) await checkGrid(page, k === 0 ? 'A' : 'B', x.trace.events[at].state!);
      if (name === 'growth') await page.screenshot({ path: path.join(tmp, 'fit-1400.png') });
      await close(page);
    }
  });

  it('collapses a long overflow list in the hmap panel to its first refs and "… N more", which expands it', async () => {
    const ops: unknown[] = [{ op: 'make', map: 'm', type: 'map[int64]int64' }];
    for (let k = 0; k < 3000; k++) ops.push({ op: 'set', map: 'm', key: k * 7919, elem: k });
    ops.push({ op: 'dump', map: 'm' }, { op: 'len', map: 'm' });
    const { scenario, config } = checkScenario({ name: 'overflows', arch: 'amd64', go: 'go1.19', hash: 'aes', seed: 's', ops });
    const t = runScenario(scenario, config);
    const j = t.events.length - 2;
    const list = t.events[j].state!.extra!.overflow!;
    expect(list.length).to.be.above(20);
    const page = await open([{ label: 'overflows', trace: t }], 'overflows', j);
    const v = '.hmap [data-field="overflow"] .v';
    expect(await page.textContent(v)).to.equal(`[${list.slice(0, 8).join(' ')} … ${list.length - 8} more]`);
    await page.click(`${v} button.more`);
    expect(await page.textContent(v)).to.equal(`[${list.join(' ')}]`);
    // Stays expanded while stepping.
    await page.keyboard.press('ArrowRight');
    expect(await page.textContent(v)).to.equal(`[${list.join(' ')}]`);
    // Short lists are shown whole.
    const g = loadTrace(CFG, 'grow-int64');
    const d = dumpSteps(g).find((x) => (g.events[x].state!.extra?.overflow?.length ?? 0) > 0);
    if (d !== undefined) {
      await page.evaluate((payload) => { window.goemuViewer = new GoemuView.App(document.getElementById('app')!, payload); }, { traces: [{ label: 'g', trace: g }] } as unknown as GoemuView.Payload);
      await go(page, d);
      expect(await page.textContent(v)).to.equal(`[${g.events[d].state!.extra!.overflow!.join(' ')}]`);
    }
    await close(page);
  });

  it('shows evacuated slots as moved: greyed, → X or → Y and the new bucket, which holds the entry (real Go)', async () => {
    let moved = 0, found = 0;
    for (const name of ['grow-int64', GROW, 'grow-float64']) {
      const t = loadTrace(CFG, name);
      const page = await open([{ label: name, trace: t }], 'moved-' + name);
      for (const d of dumpSteps(t).filter((x) => t.events[x].state!.oldbuckets)) {
        const s = t.events[d].state!;
        await go(page, d);
        const byRef = new Map<string, BucketJSON>();
        for (const b of [...s.buckets!.buckets, ...s.oldbuckets!.buckets, ...s.overflowBuckets]) byRef.set(b.at, b);
        const slots = await page.$$eval('.pane .grid.old .slot', (els) => els.map((el) => ({
          at: (el.closest('.bkt') as HTMLElement).dataset.at!, i: +(el as HTMLElement).dataset.i!, state: (el as HTMLElement).dataset.state!,
          cls: el.className, kk: el.querySelector('.kk')!.textContent!, ee: el.querySelector('.ee')!.textContent!,
        })));
        for (const sl of slots) {
          if (sl.state !== 'evacuatedX' && sl.state !== 'evacuatedY') {
            expect(sl.cls, `${sl.at}/${sl.i}`).not.to.include('moved');
            continue;
          }
          moved++;
          expect(sl.cls.split(' '), `${sl.at}/${sl.i}`).to.include('moved');
          expect(sl.kk).to.equal(sl.state === 'evacuatedX' ? '→ X' : '→ Y');
          expect(sl.ee).to.match(/^B:\d+$/);
          // The key left in the old slot (when evacuation did not clear it) is live in the named bucket's chain.
          const key = byRef.get(sl.at)!.slots.find((x) => x.i === sl.i)?.key;
          if (key === undefined || key === '' || key === 0) continue;
          const inChain: unknown[] = [];
          for (let b: BucketJSON | undefined = byRef.get(sl.ee), n = 0; b && n < 64; b = b.overflow && b.overflow.startsWith('O:') ? byRef.get(b.overflow) : undefined, n++) {
            for (const x of b.slots) if (b.tophash[x.i] >= 5) inChain.push(JSON.stringify(x.key));
          }
          expect(inChain, `${name} #${d} ${sl.at}/${sl.i} → ${sl.ee}`).to.include(JSON.stringify(key));
          found++;
        }
      }
      await close(page);
    }
    expect(moved, 'evacuated slots checked').to.be.at.least(100);
    expect(found, 'evacuated entries found in their new bucket').to.be.at.least(50);
  });

  it('bounds the depth of nested values: 100,000 levels show "…", compare and mark iterations without a stack overflow', async () => {
    // A real-Go trace with one dump's entry, the iterator's entry for it and the set op's key made
    // 100,000 deep, in the page (no JSON.stringify can embed that).
    const t = loadTrace(CFG, ITER);
    const nx = t.events.find((e) => e.op === 'next' && e.entry && t.events.slice(0, e.i).some((d) => d.op === 'dump'))!;
    const j = [...t.events.slice(0, nx.i)].reverse().find((e) => e.op === 'dump')!.i;
    const key = nx.entry![0];
    const st = t.events[j].state!;
    const bk = [...st.buckets!.buckets, ...(st.oldbuckets?.buckets ?? []), ...st.overflowBuckets].find((b) => b.slots.some((x) => x.key === key && b.tophash[x.i] >= 5))!;
    const sl = bk.slots.find((x) => x.key === key)!;
    const setIdx = t.events.findIndex((e, i) => e.op === 'set' && (t.scenario.ops[i] as { key?: unknown }).key === key);
    const page = await open([{ label: 'real Go', trace: t }], 'deep', nx.i);
    await page.evaluate(([j, at, si, ni, setIdx]) => {
      const DEPTH = 100000;
      const deepArray = (leaf: unknown): unknown => {
        let v: unknown = leaf;
        for (let k = 0; k < DEPTH; k++) v = [v];
        return v;
      };
      let elem: unknown = 1;
      for (let k = 0; k < DEPTH; k++) elem = { type: 'any', value: elem };
      // Trace A and B differ only at the leaves of the keys: "j" and "k".
      const real = window.goemuViewer!.payload.traces[0].trace;
      const traces = ['j', 'k'].map((leaf) => {
        const deep = JSON.parse(JSON.stringify(real)) as GoemuView.Trace;
        const s = deep.events[j].state!;
        const b = [...s.buckets!.buckets, ...(s.oldbuckets ? s.oldbuckets.buckets : []), ...s.overflowBuckets].find((x) => x.at === at)!;
        const slot = b.slots.find((x) => x.i === si)!;
        slot.key = deepArray(leaf);
        slot.elem = elem;
        deep.events[ni].entry = [deepArray(leaf), elem];
        deep.scenario.ops[setIdx].key = deepArray(0);
        return { label: 'deep ' + leaf, trace: deep };
      });
      window.goemuViewer = new GoemuView.App(document.getElementById('app')!, { traces }, ni);
    }, [j, bk.at, sl.i, nx.i, setIdx] as [number, string, number, number, number]);
    const diffs = [j, nx.i].sort((x, y) => x - y);
    expect(await step(page)).to.equal(nx.i);
    // The slot's text and tooltip stop with "…" (and the iteration still finds the entry: its visit number).
    const slot = page.locator(`.pane[data-pane="B"] .bkt[data-at="${bk.at}"] .slot[data-i="${sl.i}"]`);
    const title = (await slot.getAttribute('title'))!;
    expect(title).to.include(`key: ${'['.repeat(16)}…`);
    expect(title).to.include(`elem: ${'any('.repeat(16)}…`);
    expect(await slot.locator('.kk').textContent()).to.equal('[[[[[[…');
    expect(await slot.locator('.visit').count(), 'visit mark on the deep entry').to.equal(1);
    // The comparison found the differing events, down to a path ending in "…".
    expect(await page.getAttribute('.cmpbar', 'data-diffs')).to.equal('2');
    expect(await page.$$eval('.ev.diff', (els) => els.map((el) => +(el as HTMLElement).dataset.i!))).to.deep.equal(diffs);
    const paths = await page.$$eval('.cmphere .dpath', (els) => els.map((el) => el.textContent!));
    expect(paths.length).to.be.above(0);
    expect(paths, 'paths where the events differ').to.have.length(1);
    expect(paths[0]).to.match(new RegExp(`^events\\[${nx.i}\\]\\.entry\\[0\\](\\[0\\])+…: \\[{16}…\\]{16} ≠ \\[{16}…\\]{16}$`));
    await go(page, j);
    const atDump = await page.$$eval('.cmphere .dpath', (els) => els.map((el) => el.textContent!));
    expect(atDump).to.have.length(1);
    expect(atDump[0]).to.match(/^events\[\d+\]\.state\.\w+\.buckets\[\d+\]\.slots\[\d+\]\.key(\[0\])+…: /);
    // Both panes mark the slot as differing.
    for (const pane of ['A', 'B']) expect(await page.locator(`.pane[data-pane="${pane}"] .slot.diff`).count(), pane).to.equal(1);
    await go(page, nx.i);
    // The timeline's text of the set op.
    await go(page, setIdx);
    expect(await page.textContent(`.ev[data-i="${setIdx}"] .evtxt`)).to.match(/^m\[\[{16}…\]{17} = /);
    expect(await page.evaluate(() => [[1, 'a', { type: 'x', value: [null, true] }], { hex: '00' }, -0.5].map((v) => GoemuView.valueKey(v) === JSON.stringify(v)))).to.deep.equal([true, true, true]);
    await close(page);
  });

  it('highlights what changed since the previous dump, slot by slot', async () => {
    const t = loadTrace(CFG, GROW);
    const page = await open([{ label: GROW, trace: t }], 'changes');
    const dumps = dumpSteps(t);
    const lay = t.events[0].layout as { keysize: number; elemsize: number };
    /** The slots of `now` that differ from the same bucket of `was` (`rename` maps a Ref of now to was). */
    const changedSlots = (was: BucketJSON[], now: BucketJSON[], rename: (r: string) => string): string[] => {
      const want: string[] = [];
      const prev = new Map(was.map((x) => [x.at, x]));
      for (const x of now) {
        const y = prev.get(rename(x.at));
        if (!y) continue;
        for (let i = 0; i < 8; i++) {
          const k0 = 8 + i * lay.keysize, e0 = 8 + 8 * lay.keysize + i * lay.elemsize;
          const sx = JSON.stringify(x.slots.find((s) => s.i === i) ?? null, ['key', 'elem', 'i']);
          const sy = JSON.stringify(y.slots.find((s) => s.i === i) ?? null, ['key', 'elem', 'i']);
          const bytes = (h: string): string => h.substr(2 * k0, 2 * lay.keysize) + h.substr(2 * e0, 2 * lay.elemsize);
          const ptrs = (p: Record<string, string>): string => Object.keys(p).filter((o) => (+o >= k0 && +o < k0 + lay.keysize) || (+o >= e0 && +o < e0 + lay.elemsize)).map((o) => o + p[o]).join();
          if (x.tophash[i] !== y.tophash[i] || sx !== sy || bytes(x.hex) !== bytes(y.hex) || ptrs(x.ptrs) !== ptrs(y.ptrs)) want.push(`${x.at}/${i}`);
        }
      }
      return want;
    };
    let pairs = 0, changed = 0, growths = 0;
    for (let k = 1; k < dumps.length; k++) {
      const a = t.events[dumps[k - 1]].state!, b = t.events[dumps[k]].state!;
      if (!a.oldbuckets && b.oldbuckets && b.B === a.B + 1) {
        // A growth started in between: the old B:i is now OB:i, and the new array is all new.
        await go(page, dumps[k]);
        const want = changedSlots(a.buckets!.buckets, b.oldbuckets.buckets, (r) => r.slice(1));
        const old = await rows(page, 'A', 'old');
        const got = old.flatMap((r) => r.boxes.flatMap((bx) => bx.chg.map((i) => `${bx.at}/${i}`)));
        expect([...new Set(got)].sort(), `dump #${dumps[k]}`).to.deep.equal(want.sort());
        const fresh = (await rows(page, 'A', 'new')).filter((r) => r.cls.includes('primary')).map((r) => r.boxes[0]);
        expect(fresh.length).to.equal(2 ** b.B);
        for (const bx of fresh) {
          expect(bx.cls.split(' '), bx.at).to.include('added');
          expect(bx.chg, bx.at).to.deep.equal([]);
        }
        growths++;
        continue;
      }
      if (a.oldbuckets || b.oldbuckets || a.B !== b.B) continue; // no growth in between: B:i is the same bucket
      const want = changedSlots([...a.buckets!.buckets, ...a.overflowBuckets], [...b.buckets!.buckets, ...b.overflowBuckets], (r) => r);
      await go(page, dumps[k]);
      const got = (await rows(page, 'A', 'new')).flatMap((r) => r.boxes.flatMap((bx) => bx.chg.map((i) => `${bx.at}/${i}`)));
      expect([...new Set(got)].sort(), `dump #${dumps[k]}`).to.deep.equal(want.sort());
      const hdr = await page.$$eval('.hmap .hf.chg', (els) => els.map((el) => (el as HTMLElement).dataset.field));
      if (a.count !== b.count) expect(hdr).to.include('count');
      else expect(hdr).not.to.include('count');
      pairs++;
      changed += want.length;
    }
    expect(pairs).to.be.at.least(4);
    expect(growths).to.be.at.least(1);
    expect(changed).to.be.at.least(8);
    // The first dump has nothing to compare with.
    await go(page, dumps[0]);
    expect(await page.locator('.pane .slot.chg').count()).to.equal(0);
    await close(page);
  });

  it('shows each op\'s result: found and elem, len, panics, hash0 reseeds, allocations', async () => {
    let reseeds = 0, panics = 0, gets = 0;
    for (const name of ['delete-to-empty', 'any-keys-unhashable', 'random-int64']) {
      const t = loadTrace(CFG, name);
      const page = await open([{ label: name, trace: t }], 'results-' + name);
      const hash0 = new Map<string, string>();
      // Every step's result card, read in one go.
      const cards = await page.evaluate(() => {
        const out: { op: string; kv: [string, { v: string; cls: string }][] }[] = [];
        for (let i = 0; i < window.goemuViewer!.n; i++) {
          window.goemuViewer!.go(i);
          out.push({
            op: document.querySelector('.pane .result .op')!.textContent!,
            kv: Array.from(document.querySelectorAll('.pane .result .kv')).map((el) => [
              (el as HTMLElement).dataset.k!, { v: el.querySelector('.v')!.textContent!, cls: el.className },
            ] as [string, { v: string; cls: string }]),
          });
        }
        return out;
      });
      expect(cards.length).to.equal(t.events.length);
      for (const e of t.events) {
        const kv = new Map(cards[e.i].kv);
        expect(cards[e.i].op).to.equal(e.op);
        if (e.panic !== undefined) {
          expect(kv.get('panic')!.v).to.equal(e.panic);
          expect([...kv.keys()]).to.deep.equal(['panic']);
          panics++;
          continue;
        }
        if (e.op === 'get') {
          expect(kv.get('found')!.v).to.equal(String(e.found));
          gets++;
        }
        if (e.op === 'len') expect(kv.get('len')!.v).to.equal(String(e.len));
        if (e.alloc) expect(kv.get('alloc')!.v).to.equal(`${e.alloc.objects} objects, ${e.alloc.bytes} bytes`);
        if (e.op === 'make' || e.op === 'nil') hash0.delete(e.map!);
        const now = e.op === 'dump' ? e.state?.hash0 : e.hash0;
        if ((e.op === 'delete' || e.op === 'clear' || e.op === 'dump') && typeof now === 'string') {
          const before = hash0.get(e.map!);
          const h = kv.get('hash0')!;
          if (before !== undefined && before !== now) {
            expect(h.v).to.equal(`${before} → ${now} (reseeded)`);
            expect(h.cls).to.include('chg');
            reseeds++;
          } else {
            expect(h.v).to.equal(`${now} (unchanged)`);
          }
        }
        if (typeof now === 'string') hash0.set(e.map!, now);
      }
      await close(page);
    }
    expect(reseeds, 'hash0 reseeds shown').to.be.at.least(3);
    expect(panics, 'panics shown').to.be.at.least(3);
    expect(gets, 'gets shown').to.be.at.least(3);
  });

  it('shows the header, the layout with its gcmask strip, and a bucket\'s bytes by field in 64- and 32-bit words', async () => {
    const t = loadTrace(CFG, GROW);
    const page = await open([{ label: GROW, trace: t }], 'bytes');
    const dumps = dumpSteps(t);
    const j = dumps.find((d) => t.events[d].state!.overflowBuckets.length > 0)!;
    await go(page, j);
    const s = t.events[j].state!;
    const lay = t.events[0].layout as Record<string, unknown> & { bucketsize: number; ptrSize: number; keysize: number; elemsize: number; hasher: string; bucket: { gcmask: string } };
    expect(await page.textContent('.layout [data-field="hasher"]')).to.equal(lay.hasher);
    expect(await page.getAttribute('.layout .strip-wrap .strip', 'data-words')).to.equal(String(lay.bucketsize / lay.ptrSize));
    const pwords = await page.$$eval('.layout .strip-wrap .strip .w', (els) => els.map((el) => el.classList.contains('p')));
    const mask = Buffer.from(lay.bucket.gcmask, 'hex');
    expect(pwords).to.deep.equal(pwords.map((_, w) => ((mask[w >> 3] ?? 0) >> (w & 7) & 1) === 1));
    for (const f of ['indirectkey', 'indirectelem', 'reflexivekey', 'needkeyupdate', 'hashMightPanic']) {
      expect(await page.getAttribute(`.lflag[data-flag="${f}"]`, 'data-on'), f).to.equal(lay[f] ? '1' : '0');
    }
    // Select the bucket whose overflow pointer is set, through its box.
    const b = s.buckets!.buckets.find((x) => x.overflow !== null)!;
    await page.click(`.pane .grid.new .bkt[data-at="${b.at}"]`);
    expect(await page.getAttribute('.bytes .btab', 'data-at')).to.equal(b.at);
    const words = async (): Promise<{ off: number; bytes: string[]; fields: string; refs: string[] }[]> =>
      page.$$eval('.bytes .btab tr', (trs) => trs.map((tr) => ({
        off: Number((tr as HTMLElement).dataset.off),
        bytes: Array.from(tr.querySelectorAll('td.by')).map((td) => td.textContent!),
        fields: tr.querySelector('.fname')!.firstChild?.nodeType === 3 ? tr.querySelector('.fname')!.firstChild!.textContent! : '',
        refs: Array.from(tr.querySelectorAll('.ref')).map((r) => r.textContent!),
      })));
    let w = await words();
    expect(w.length).to.equal(lay.bucketsize / 8);
    expect(w.flatMap((x) => x.bytes).join('')).to.equal(b.hex);
    expect(w[0].fields).to.equal('tophash');
    expect(w[1].fields).to.equal('key[0]');
    expect(w[w.length - 1].fields).to.equal('overflow');
    expect(w[w.length - 1].refs).to.deep.equal([`@${lay.bucketsize - 8}: ${b.overflow}`]);
    const shown = w.flatMap((x) => x.refs).filter((r) => !r.endsWith(': nil'));
    expect(shown.sort()).to.deep.equal(Object.entries(b.ptrs).map(([o, r]) => `@${o}: ${r}`).sort());
    // 32-bit words: twice the rows, the same bytes.
    await page.keyboard.press('w');
    w = await words();
    expect(w.length).to.equal(lay.bucketsize / 4);
    expect(w.flatMap((x) => x.bytes).join('')).to.equal(b.hex);
    // Following the overflow link selects the overflow bucket.
    await page.click(`.pane .grid.new .link[data-from="${b.at}"]`);
    expect(await page.getAttribute('.bytes .btab', 'data-at')).to.equal(b.overflow);
    await close(page);
  });

  it('shows iterators: start, entries so far, the current entry and the visit order in the grid', async () => {
    const t = loadTrace(CFG, ITER);
    const page = await open([{ label: ITER, trace: t }], 'iter');
    let checked = 0;
    for (const e of t.events) {
      if (e.op !== 'next' && e.op !== 'iter') continue;
      if (checked >= 40) break;
      await go(page, e.i);
      const name = e.iter!;
      const startEv = [...t.events.slice(0, e.i + 1)].reverse().find((x) => x.op === 'iter' && x.iter === name)!;
      const entries = t.events.slice(startEv.i, e.i + 1).filter((x) => x.iter === name && x.entry).length;
      const box = page.locator(`.iters .iter[data-iter="${name}"]`);
      const text = await box.textContent();
      const st = startEv.start;
      expect(text).to.include(st ? `start bucket ${st.bucket}, offset ${st.offset}` : 'start nil');
      expect(text).to.include(`${entries} entries returned`);
      expect(await box.locator('ol.entries li:not(.more)').count()).to.equal(Math.min(entries, 50));
      const visits = await page.$$eval('.pane .slot .visit', (els) => els.map((el) => Number(el.textContent)));
      expect(Math.max(0, ...visits)).to.be.at.most(entries);
      if (e.entry) {
        expect(await page.locator('.pane .slot.cur').count()).to.be.at.most(1);
        if (st) {
          const row = await page.$(`.grid.new .row.primary[data-ref="B:${st.bucket}"]`);
          if (row) expect(await row.$$eval('.note.n-start', (x) => x.length)).to.equal(1);
        }
      }
      checked++;
    }
    expect(checked).to.equal(40);
    await close(page);
  });

  it('renders a 1,000-bucket dump in well under a second, virtualised', async () => {
    // make(map[int64]int64, 6000): B=10, 1024 buckets and 64 preallocated overflow buckets.
    const ops: unknown[] = [{ op: 'make', map: 'm', type: 'map[int64]int64', hint: 6000 }];
    for (let k = 0; k < 5000; k++) ops.push({ op: 'set', map: 'm', key: k * 31, elem: k });
    ops.push({ op: 'dump', map: 'm' });
    const { scenario, config } = checkScenario({ name: 'large', arch: 'amd64', go: 'go1.19', hash: 'aes', seed: 'large', ops });
    const t = runScenario(scenario, config);
    const page = await open([{ label: 'large', trace: t }], 'large');
    const j = dumpSteps(t).find((d) => t.events[d].state!.buckets!.nbuckets >= 1000)!;
    const s = t.events[j].state!;
    const ms = await go(page, j);
    expect(ms, 'render time (ms)').to.be.below(500);
    expect(await page.getAttribute('.grid.new', 'data-rows')).to.equal(String(s.buckets!.nbuckets));
    const n = await page.locator('.grid.new .row').count();
    expect(n).to.be.above(5).and.below(100);
    // Scroll to the end: the last (preallocated) bucket is drawn, with its end-of-preallocation link.
    await page.$eval('.grid.new', (el) => { el.scrollTop = el.scrollHeight; });
    await page.waitForSelector(`.grid.new .row[data-ref="B:${s.buckets!.nbuckets - 1}"]`);
    const last = (await rows(page, 'A', 'new')).find((r) => r.ref === `B:${s.buckets!.nbuckets - 1}`)!;
    expect(last.cls).to.include('prealloc');
    expect(last.links).to.deep.equal([{ from: `B:${s.buckets!.nbuckets - 1}`, to: 'B:0', end: true }]);
    await close(page);
  });

  it('stays responsive with a 10 MB trace', async function () {
    const ops: unknown[] = [{ op: 'make', map: 'm', type: 'map[int64]string', hint: 6000 }];
    let k = 0;
    for (let d = 0; d < 14; d++) {
      for (let j = 0; j < 400; j++, k++) ops.push({ op: 'set', map: 'm', key: k * 7919, elem: `value ${k}` });
      ops.push({ op: 'dump', map: 'm' });
    }
    ops.push({ op: 'range', map: 'm' });
    const { scenario, config } = checkScenario({ name: 'ten-megabytes', arch: 'amd64', go: 'go1.19', hash: 'aes', seed: 'view', ops });
    const t = runScenario(scenario, config);
    const size = JSON.stringify(t).length;
    expect(size).to.be.above(9e6);
    const t0 = Date.now();
    const page = await open([{ label: 'ten-megabytes', trace: t }], 'big');
    const load = Date.now() - t0;
    expect(load, 'load time (ms)').to.be.below(8000);
    const dumps = dumpSteps(t);
    const times: number[] = [];
    for (const d of dumps) times.push(await go(page, d));
    times.sort((a, b) => a - b);
    expect(times[times.length >> 1], 'median dump step (ms)').to.be.below(200);
    const t1 = Date.now();
    for (let i = 0; i < 20; i++) await page.keyboard.press('ArrowLeft');
    expect((Date.now() - t1) / 20, 'key step round trip (ms)').to.be.below(250);
    expect(await page.getAttribute('.grid.new', 'data-rows')).to.equal(String(t.events[dumps[dumps.length - 1]].state!.buckets!.nbuckets));
    // eslint-disable-next-line no-console
    console.log(`        ${(size / 1e6).toFixed(1)} MB: load ${load} ms, median dump step ${times[times.length >> 1].toFixed(1)} ms`);
    await close(page);
  });

  it('side by side: real Go and goemu\'s replay are identical', async () => {
    const t = loadTrace(CFG, GROW);
    const page = await open([{ label: 'real Go', trace: t }, { label: 'goemu', trace: replay(t) }], 'same');
    expect(await page.getAttribute('.cmpbar', 'class')).to.include('same');
    expect(await page.getAttribute('.cmpbar', 'data-diffs')).to.equal('0');
    expect(await page.textContent('.cmpbar .verdict')).to.equal(`identical: all ${t.events.length} events equal (producer and x ignored)`);
    for (const d of dumpSteps(t)) {
      await go(page, d);
      await checkGrid(page, 'A', t.events[d].state!);
      await checkGrid(page, 'B', t.events[d].state!);
      expect(await page.locator('.pane .slot.diff, .pane .bkt.diff, .pane .hf.diff').count()).to.equal(0);
    }
    expect(await page.locator('.ev.diff').count()).to.equal(0);
    await page.screenshot({ path: path.join(tmp, 'side-by-side-same.png') });
    await close(page);
  });

  it('side by side: a deliberately altered trace\'s difference is highlighted', async () => {
    const t = loadTrace(CFG, GROW);
    const bad = JSON.parse(JSON.stringify(t)) as Trace;
    // Alter one live tophash (and its byte) in one dump without growth.
    const j = dumpSteps(t).find((d) => !t.events[d].state!.oldbuckets && t.events[d].state!.B >= 2)!;
    const bk = bad.events[j].state!.buckets!.buckets.find((b) => b.tophash.some((x) => x >= 5))!;
    const slot = bk.tophash.findIndex((x) => x >= 5);
    const was = bk.tophash[slot];
    bk.tophash[slot] = was === 255 ? 254 : was + 1;
    bk.hex = bk.hex.slice(0, 2 * slot) + bk.tophash[slot].toString(16).padStart(2, '0') + bk.hex.slice(2 * slot + 2);
    const page = await open([{ label: 'real Go', trace: t }, { label: 'altered', trace: bad }], 'altered');
    expect(await page.getAttribute('.cmpbar', 'data-diffs')).to.equal('1');
    expect(await page.textContent('.cmpbar .verdict')).to.equal(`1 of ${t.events.length} events differ (first at #${j})`);
    expect(await page.$$eval('.ev.diff', (els) => els.map((el) => (el as HTMLElement).dataset.i))).to.deep.equal([String(j)]);
    await page.keyboard.press('n');
    expect(await step(page)).to.equal(j);
    const paths = await page.$$eval('.cmphere .dpath', (els) => els.map((el) => el.textContent!));
    const k = t.events[j].state!.buckets!.buckets.findIndex((b) => b.at === bk.at);
    expect(paths.some((p) => p.startsWith(`events[${j}].state.buckets.buckets[${k}].tophash[${slot}]: ${was} ≠ ${bk.tophash[slot]}`)), paths.join('\n')).to.equal(true);
    for (const pane of ['A', 'B']) {
      const diffs = (await rows(page, pane, 'new')).flatMap((r) => r.boxes.flatMap((b) => b.diff.map((i) => `${b.at}/${i}`)));
      expect(diffs, pane).to.deep.equal([`${bk.at}/${slot}`]);
      expect(await page.locator(`.pane[data-pane="${pane}"] .bkt.diff`).count()).to.equal(1);
    }
    // The byte view shows the differing byte.
    await page.click(`.pane[data-pane="B"] .bkt[data-at="${bk.at}"]`);
    const diffBytes = await page.$$eval('.pane[data-pane="B"] .bytes td.by.diff', (els) => els.map((el) => el.textContent));
    expect(diffBytes).to.deep.equal([bk.tophash[slot].toString(16).padStart(2, '0')]);
    // Elsewhere nothing is highlighted.
    await go(page, j - 1);
    expect(await page.locator('.pane .slot.diff').count()).to.equal(0);
    await go(page, j);
    await page.screenshot({ path: path.join(tmp, 'side-by-side-altered.png') });
    await close(page);
  });

  it('side by side: amd64 vs 386 of the same scenario, aligned by event', async () => {
    const a = loadTrace(CFG, GROW), b = loadTrace('go1.19-386-aes', GROW);
    const page = await open([{ label: 'amd64', trace: a }, { label: '386', trace: b }], 'arches');
    const verdict = (await page.textContent('.cmpbar .verdict'))!;
    expect(verdict).to.match(/events differ/);
    expect(verdict).to.include('ptrSize');
    expect(verdict).to.include('arch');
    const j = dumpSteps(a)[3];
    await go(page, j);
    expect(await page.textContent('.pane[data-pane="A"] .result .evno')).to.equal('#' + j);
    expect(await page.textContent('.pane[data-pane="B"] .result .evno')).to.equal('#' + j);
    await checkGrid(page, 'A', a.events[j].state!);
    await checkGrid(page, 'B', b.events[j].state!);
    expect(await page.locator('.pane[data-pane="B"] .bkt.diff').count()).to.be.above(0);
    await close(page);
  });

  it('shows values literally, however they are spelt (no markup injection)', async () => {
    const evil = '</script><b id="pwned">x</b><!--';
    const { scenario, config } = checkScenario({ name: 'evil', arch: 'amd64', go: 'go1.19', hash: 'aes', seed: 's', ops: [
      { op: 'make', map: 'm', type: 'map[string]string' }, { op: 'set', map: 'm', key: evil, elem: evil }, { op: 'dump', map: 'm' },
    ] });
    const page = await open([{ label: evil, trace: runScenario(scenario, config) }], 'evil', 2);
    expect(await page.locator('#pwned').count()).to.equal(0);
    const slot = page.locator('.slot[data-state="live"]');
    expect(await slot.getAttribute('title')).to.include(`key: ${JSON.stringify(evil)}`);
    expect(await page.textContent('.ptitle .plabel')).to.equal(evil);
    await close(page);
  });

  it('opens a trace, and one to compare, from files chosen in the page', async () => {
    const page = await open([{ label: GROW, trace: loadTrace(CFG, GROW) }], 'files');
    await page.setInputFiles('input.cmpfile', fixturePath('go1.19-386-aes', GROW));
    await page.waitForSelector('.pane[data-pane="B"]');
    expect(await page.textContent('.pane[data-pane="B"] .plabel')).to.equal(`${GROW}.trace.json`);
    expect(await page.textContent('.cmpbar .verdict')).to.match(/events differ/);
    // A page opened from a file starts on its first dump.
    const first = dumpSteps(loadTrace(CFG, GROW))[0];
    expect(await step(page)).to.equal(first);
    await page.keyboard.press('ArrowRight');
    expect(await step(page)).to.equal(first + 1);
    await page.setInputFiles('input.openfile', fixturePath(CFG, ITER));
    await page.waitForFunction(() => document.querySelector('.scen')!.textContent === 'iter-mid-growth-string');
    expect(await page.locator('.pane').count()).to.equal(1);
    const firstIter = dumpSteps(loadTrace(CFG, ITER))[0];
    expect(await step(page)).to.equal(firstIter);
    await page.keyboard.press('ArrowRight');
    expect(await step(page)).to.equal(firstIter + 1);
    await close(page);
  });

  it('serves the page on 127.0.0.1 with --port', async () => {
    const child = cp.spawn(process.execPath, [CLI, 'view', fixturePath(CFG, GROW), '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout!.on('data', (d) => {
          out += d;
          const m = /serving (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
          if (m) resolve(m[1]);
        });
        child.on('exit', (c) => reject(new Error(`exited ${c}: ${out}`)));
        setTimeout(() => reject(new Error('no address printed: ' + out)), 20000);
      });
      const page = await openURL(url, (u) => u.startsWith(url));
      expect(await page.textContent('.scen')).to.equal(GROW);
      await page.keyboard.press('End');
      expect(await step(page)).to.equal(loadTrace(CFG, GROW).events.length - 1);
      await close(page);
    } finally {
      child.kill();
    }
  });

  it('renders every committed fixture at every step, beside the same scenario on another configuration', async () => {
    const page = await open([{ label: GROW, trace: loadTrace(CFG, GROW) }], 'every');
    const other = 'go1.15-386-fallback';
    const files = fs.readdirSync(path.join(TRACES, CFG)).filter((f) => f.endsWith('.trace.json')).sort();
    let steps = 0, boxes = 0;
    for (const f of files) {
      const name = f.replace(/\.trace\.json$/, '');
      const traces = [{ label: `${CFG}/${name}`, trace: loadTrace(CFG, name) }];
      if (fs.existsSync(fixturePath(other, name))) traces.push({ label: `${other}/${name}`, trace: loadTrace(other, name) });
      const r = await page.evaluate((payload) => {
        const app = new GoemuView.App(document.getElementById('app')!, payload);
        window.goemuViewer = app;
        let shown = 0;
        for (let i = 0; i < app.n; i++) {
          app.go(i);
          shown += document.querySelectorAll('.pane .bkt').length;
        }
        return { n: app.n, shown };
      }, { traces } as unknown as GoemuView.Payload).catch((e: Error) => { throw new Error(`${name}: ${e.message}`); });
      expect(r.n, name).to.equal(traces[0].trace.events.length);
      steps += r.n;
      boxes += r.shown;
    }
    expect(files.length).to.be.at.least(50);
    // eslint-disable-next-line no-console
    console.log(`        ${files.length} fixtures, ${steps} steps, ${boxes} bucket boxes drawn`);
    await close(page);
  });

  it('screenshots a growth in progress', async () => {
    const t = loadTrace(CFG, GROW);
    const j = dumpSteps(t).find((d) => {
      const s = t.events[d].state!;
      return s.oldbuckets !== null && s.nevacuate > 0 && s.overflowBuckets.length > 0;
    })!;
    const page = await open([{ label: `${GROW}.trace.json`, trace: t }], 'shot', j);
    expect(await step(page)).to.equal(j);
    expect(await page.isVisible('.oldcol')).to.equal(true);
    const file = path.join(tmp, 'growth.png');
    await page.screenshot({ path: file });
    expect(fs.statSync(file).size).to.be.above(10000);
    // eslint-disable-next-line no-console
    console.log(`        screenshot: ${file}`);
    await close(page);
  });
});
