// A smoke test of `goemu bench`'s harness with tiny N: every side runs every workload, the rows
// have the documented JSON shape, and — when a Go toolchain is present, so that the native numbers
// come from real Go in this very test — goemu's allocation accounting equals Go's MemStats deltas.
// No timing is asserted: speed is measured by `goemu bench`, never tested here.

import { expect } from 'chai';
import { runBench, ratioSummary, BenchRow } from '../src/bench/run';
import { rowJSON, textReport } from '../src/bench/report';
import { GoemuBench } from '../src/bench/goemu';
import { findToolchain } from '../src/bench/native';
import { BENCH_OPS, KEY_KINDS, Workload, standardWorkloads } from '../src/bench/workloads';
import { parseBenchArgs } from '../src/cli/bench';

const JSON_KEYS = ['workload', 'n', 'arch', 'go', 'hash', 'goemu_ns', 'native_ns', 'jsmap_ns',
  'goemu_bytes', 'native_bytes', 'goemu_objects', 'native_objects'];

function tiny(n: number): Workload[] {
  const out: Workload[] = [];
  for (const key of KEY_KINDS) for (const op of BENCH_OPS) out.push({ key, op, n });
  return out;
}

describe('bench: the harness (tiny N, no timing assertions)', function () {
  this.timeout(300000);

  it('lists the standard workloads (1e3, 1e5, 1e6 for int64 and string; 1e5 for [2]int64 and interface{})', () => {
    const full = standardWorkloads(false);
    expect(full).to.have.length(2 * 3 * 6 + 2 * 6);
    expect(standardWorkloads(true).every((w) => w.n < 1000000)).to.equal(true);
  });

  it('parses its flags', () => {
    const p = parseBenchArgs(['--quick', '--json', '--arch', 'amd64,386', '--hash=fallback', '--rounds', '2']);
    expect(p.json).to.equal(true);
    expect(p.opts.quick).to.equal(true);
    expect(p.opts.rounds).to.equal(2);
    expect(p.opts.configs).to.deep.equal([
      { arch: 'amd64', go: 'go1.19', hash: 'fallback' },
      { arch: '386', go: 'go1.19', hash: 'fallback' },
    ]);
    expect(parseBenchArgs(['--all']).opts.configs).to.have.length(8);
    expect(() => parseBenchArgs(['--arch', 'arm'])).to.throw(/--arch/);
  });

  it('runs every workload in goemu and JS Map, on both arches', () => {
    const res = runBench({
      configs: [{ arch: 'amd64', go: 'go1.19', hash: 'aes' }, { arch: '386', go: 'go1.15', hash: 'fallback' }],
      quick: true, rounds: 1, minRepMs: 0.01, native: false, memoryN: 2000, workloads: tiny(40),
    });
    expect(res).to.have.length(2);
    for (const r of res) {
      expect(r.rows).to.have.length(KEY_KINDS.length * BENCH_OPS.length);
      for (const row of r.rows) {
        expect(Object.keys(JSON.parse(rowJSON(row)))).to.deep.equal(JSON_KEYS);
        expect(row.goemu_ns).to.be.a('number').and.to.be.above(0);
        expect(row.jsmap_ns).to.be.a('number').and.to.be.above(0);
        expect(row.native_ns).to.equal(null);
        expect(row.native_bytes).to.equal(null);
        expect(row.goemu_bytes).to.be.a('number');
        if (row.workload.startsWith('MapAssign')) expect(row.goemu_objects).to.be.above(0);
      }
      expect(r.memory!.heapBytes).to.be.above(0);
      expect(textReport([r], '# test')).to.contain('goemu / JS Map');
    }
    expect(ratioSummary(res[0].rows, 'jsmap_ns').count).to.equal(KEY_KINDS.length * BENCH_OPS.length);
    expect(ratioSummary(res[0].rows, 'native_ns').geomean).to.equal(null);
  });

  it('leaves the map intact across repetitions (release back to the mark)', () => {
    for (const key of KEY_KINDS) {
      const g = new GoemuBench({ arch: 'amd64', go: 'go1.19', hash: 'aes' }, key, 50);
      for (const op of BENCH_OPS) g.rep(op, 2);
      // after every workload, a fresh build still holds exactly the 50 keys, all found
      g.release();
      const h = g.make(-1);
      g.fill(h);
      expect(g.ops.len(h), key).to.equal(50);
      g.lookup(h, false);
      expect(g.iter(h), key).to.equal(50);
    }
  });

  const tc = findToolchain('go1.19');
  const withGo = typeof tc === 'string' ? it.skip : it;
  withGo('allocates exactly what real Go allocates for the same maps (native numbers from real Go)', () => {
    const rows: BenchRow[] = [];
    for (const config of [{ arch: 'amd64', go: 'go1.19', hash: 'aes' }, { arch: '386', go: 'go1.19', hash: 'fallback' }] as const) {
      const res = runBench({
        configs: [config], quick: true, rounds: 1, minRepMs: 0.01, memory: false, jsmap: false,
        workloads: [...tiny(300), { key: 'int64', op: 'grow', n: 3000 }, { key: 'str', op: 'hint', n: 3000 }],
      });
      expect(res[0].nativeMissing).to.equal(null);
      rows.push(...res[0].rows);
    }
    for (const r of rows) {
      const where = `${r.arch}/${r.hash} ${r.workload}/${r.n}`;
      expect(r.native_ns, where).to.be.a('number');
      expect(r.goemu_bytes, where).to.equal(r.native_bytes);
      expect(r.goemu_objects, where).to.equal(r.native_objects);
    }
  });
});
