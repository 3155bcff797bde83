// `goemu memory` against real Go: fixtures/memstats/*.json are written by
// scripts/memstats-fixtures.js from oracle/memstats/main.go (runtime.MemStats of the same map, the
// same keys, in a fresh process per case). goemu replays each case with the process's hash keys
// and the hash0 real Go's make drew, so the same overflow buckets are allocated.
//
// Compared exactly: Mallocs and TotalAlloc of make + inserts and of the deletes, B, and
// h.noverflow while B < 16 (from B = 16 on, incrnoverflow counts by a fastrand() draw whose
// state the oracle does not record). Live bytes (HeapAlloc after runtime.GC() minus the
// baseline) carry the measurement's own noise: the same GCs and ReadMemStats without a map
// (`-type none`, recorded in each file) leave 0 or 8 bytes and allocate no object. So real Go's
// live figure must be goemu's plus 0..(the largest noise the file recorded), in 8-byte steps.

import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { measureMap, logPoints } from '../src/memory/measure';
import { keysFromSeeds } from '../src/runtime/create';
import { plotSVG } from '../src/memory/plot';
import { ArchName, Profile } from '../src/arch';

const ROOT = path.join(__dirname, '..', '..');
const DIR = path.join(ROOT, 'fixtures', 'memstats');
const CLI = path.join(ROOT, 'dist', 'src', 'cli', 'main.js');

interface GoResult {
  type: string; n: number; hint: number; deletes: number; version: string; arch: string; hash: 'aes' | 'fallback';
  aeskeysched: string; hashkey: string[]; hash0: number; B: number; noverflow: number;
  live: number; totalAlloc: number; mallocs: number; deleteAlloc: number; deleteMallocs: number;
  liveAfterDelete: number; liveAfterClear: number;
}
interface Fixture {
  go: Profile; arch: ArchName;
  noise: { live: number; liveAfterDelete: number; liveAfterClear: number; mallocs: number; totalAlloc: number }[];
  results: GoResult[];
}

const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();

describe('goemu memory vs real Go runtime.MemStats (fixtures/memstats)', () => {
  it('has the four classic configurations and at least 20 cases, with 1,000,000 map[int64]int64 on go1.19 amd64', () => {
    expect(files).to.deep.equal(['go1.15-386.json', 'go1.15-amd64.json', 'go1.19-386.json', 'go1.19-amd64.json']);
    const all = files.flatMap((f) => (JSON.parse(fs.readFileSync(path.join(DIR, f), 'utf8')) as Fixture).results.map((r) => ({ f, r })));
    expect(all.length).to.be.at.least(20);
    expect(all.some(({ f, r }) => f === 'go1.19-amd64.json' && r.type === 'map[int64]int64' && r.n === 1000000)).to.equal(true);
  });

  for (const file of files) {
    const fx = JSON.parse(fs.readFileSync(path.join(DIR, file), 'utf8')) as Fixture;
    describe(`${fx.go} ${fx.arch}`, () => {
      const noise = new Set(fx.noise.flatMap((x) => [x.live, x.liveAfterDelete, x.liveAfterClear]));
      const noiseMax = Math.max(...noise);
      it('the measurement alone allocates nothing and leaves at most 8 bytes', () => {
        for (const x of fx.noise) expect([x.mallocs, x.totalAlloc]).to.deep.equal([0, 0]);
        for (const v of noise) expect(v).to.be.oneOf([0, 8]);
      });
      for (const g of fx.results) {
        const name = `${g.type} n=${g.n}${g.hint >= 0 ? ` hint=${g.hint}` : ''}${g.deletes ? ` delete=${g.deletes}` : ''}`;
        it(name, () => {
          expect(g.version.startsWith(fx.go + '.')).to.equal(true);
          expect(g.arch).to.equal(fx.arch);
          const m = measureMap({
            type: g.type, n: g.n, hint: g.hint < 0 ? undefined : g.hint, deletes: g.deletes, go: fx.go, arch: fx.arch,
            hash: g.hash, keys: keysFromSeeds({ aeskeysched: g.aeskeysched, hashkey: g.hashkey }, fx.arch), hash0: g.hash0,
          });
          expect(m.hash0).to.equal(g.hash0);
          expect({ mallocs: m.mallocs, totalAlloc: m.totalAlloc, B: m.B, deleteMallocs: m.deleteMallocs, deleteAlloc: m.deleteAlloc })
            .to.deep.equal({ mallocs: g.mallocs, totalAlloc: g.totalAlloc, B: g.B, deleteMallocs: g.deleteMallocs, deleteAlloc: g.deleteAlloc });
          if (g.B < 16) expect(m.noverflow).to.equal(g.noverflow);
          for (const k of ['live', 'liveAfterDelete', 'liveAfterClear'] as const) {
            const d = g[k] - m[k];
            expect(d >= 0 && d <= noiseMax && d % 8 === 0, `${k}: real Go ${g[k]}, goemu ${m[k]}`).to.equal(true);
          }
        });
      }
    });
  }
});

describe('goemu memory command', () => {
  const run = (...args: string[]) => spawnSync(process.execPath, [CLI, 'memory', ...args], { encoding: 'utf8' });

  it('--json: one point per n with min/median/max over the seeds; deletes give nothing back', () => {
    const r = run('map[int64]int64', '--n', '1000', '--delete', '500', '--go', 'go1.19', '--arch', 'amd64', '--seeds', 'a,b,c', '--json');
    expect(r.status, r.stderr).to.equal(0);
    const j = JSON.parse(r.stdout);
    expect(j.points).to.have.length(1);
    const p = j.points[0];
    expect(p.seeds).to.have.length(3);
    expect(p.stats.live.min).to.be.at.most(p.stats.live.median);
    expect(p.stats.live.median).to.be.at.most(p.stats.live.max);
    expect(p.stats.freedByDelete).to.deep.equal({ min: 0, median: 0, max: 0 });
    expect(p.stats.load.median).to.equal(1000 / (8 * 256));
  });

  it('--plot writes an SVG with one line per release/arch', () => {
    const out = path.join(require('os').tmpdir(), `goemu-memory-${process.pid}.svg`);
    const r = run('map[int32]int32', '--n', '1..2000', '--seeds', '1', '--plot', out, '--json');
    expect(r.status, r.stderr).to.equal(0);
    const svg = fs.readFileSync(out, 'utf8');
    fs.unlinkSync(out);
    expect(svg.startsWith('<svg')).to.equal(true);
    expect((svg.match(/<polyline/g) || []).length).to.equal(4);
    expect(svg).to.contain('entries N (log scale)');
  });

  it('bad input is one line and exit 2', () => {
    for (const args of [['map[chan int]int'], ['map[int64]int64', '--n', 'x'], ['map[int64]int64', '--go', 'go1.99'], ['map[int8]int8', '--n', '1000'], ['map[int64]int64', '--bogus']]) {
      const r = run(...args);
      expect(r.status).to.equal(2);
      expect(r.stderr.trim().split('\n')).to.have.length(1);
      expect(r.stderr).to.match(/^goemu memory: /);
    }
  });

  it('logPoints is log-spaced and distinct', () => {
    const p = logPoints(1, 1000000);
    expect(p[0]).to.equal(1);
    expect(p[p.length - 1]).to.equal(1000000);
    for (let i = 1; i < p.length; i++) expect(p[i]).to.be.greaterThan(p[i - 1]);
    expect(plotSVG('t', [{ name: 'a', points: [{ n: 1, y: 1 }, { n: 10, y: 2 }] }])).to.contain('<polyline');
  });
});
