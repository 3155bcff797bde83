#!/usr/bin/env node
// Writes docs/viewer.png, the README's picture of the trace viewer: a real-Go trace (committed
// fixture) at a dump taken in the middle of a growth. Needs `npm run build` and /usr/bin/chromium.
//
//   node scripts/screenshot-viewer.js [TRACE.json] [OUT.png]

'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');
const { viewerHTML } = require('../dist/src/cli/view');

const ROOT = path.join(__dirname, '..');
const trace = process.argv[2] || path.join(ROOT, 'fixtures', 'traces', 'go1.19-amd64-aes', 'grow-string.trace.json');
const out = process.argv[3] || path.join(ROOT, 'docs', 'viewer.png');

/** The dump to show: mid-evacuation, preferably with overflow and preallocated buckets. */
function pickStep(t) {
  let best = -1, bestScore = -1;
  for (const e of t.events) {
    const s = e.op === 'dump' ? e.state : null;
    if (!s || !s.oldbuckets) continue;
    const nold = s.flags & 8 ? 2 ** s.B : 2 ** (s.B - 1);
    if (s.nevacuate === 0 || s.nevacuate >= nold) continue;
    const score = (s.overflowBuckets.length ? 2 : 0) + (s.buckets.nbuckets > 2 ** s.B ? 2 : 0) + (s.nevacuate * 2 === nold ? 1 : 0);
    if (score > bestScore) { best = e.i; bestScore = score; }
  }
  if (best < 0) throw new Error(`${trace}: no dump in the middle of a growth`);
  return best;
}

(async () => {
  const t = JSON.parse(fs.readFileSync(trace, 'utf8'));
  const step = pickStep(t);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'goemu-shot-'));
  const page = path.join(dir, 'viewer.html');
  fs.writeFileSync(page, viewerHTML([{ label: path.basename(trace), trace: t }]));
  const browser = await chromium.launch({
    executablePath: process.env.GOEMU_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const p = await browser.newPage({ viewport: { width: 1500, height: 940 } });
    await p.goto('file://' + page + '#' + step);
    await p.waitForSelector('.pane .grid.old .row');
    fs.mkdirSync(path.dirname(out), { recursive: true });
    await p.screenshot({ path: out });
  } finally {
    await browser.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  process.stdout.write(`screenshot-viewer: wrote ${out} (${path.basename(trace)} at step ${step})\n`);
})().catch((e) => {
  process.stderr.write(`screenshot-viewer: ${e.message}\n`);
  process.exit(1);
});
