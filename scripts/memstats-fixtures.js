#!/usr/bin/env node
// Writes fixtures/memstats/*.json from real Go: builds oracle/memstats/main.go with each
// profile's toolchain (/usr/lib/go-1.15, /usr/lib/go-1.19, or $GOEMU_GO115 / $GOEMU_GO119) for
// GOARCH amd64 and 386, runs every case below in a fresh process, and records its JSON line.
// Also records the measurement's noise: the same sequence of GCs and ReadMemStats without a map
// (`-type none`), NOISE_RUNS times per configuration.
//
//   node scripts/memstats-fixtures.js
//
// test/memstats.test.ts compares goemu's figures (src/memory/measure.ts) with these files.

'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');

const root = path.join(__dirname, '..');
const outDir = path.join(root, 'fixtures', 'memstats');
const TOOLCHAINS = {
  'go1.15': process.env.GOEMU_GO115 || '/usr/lib/go-1.15/bin/go',
  'go1.19': process.env.GOEMU_GO119 || '/usr/lib/go-1.19/bin/go',
};
const NOISE_RUNS = 20;

// [type, n, hint (-1: none), deletes]
const CASES = [
  ['map[int64]int64', 0, -1, 0],
  ['map[int64]int64', 1, -1, 0],
  ['map[int64]int64', 9, -1, 0],
  ['map[int64]int64', 100, -1, 0],
  ['map[int64]int64', 1000, -1, 500],
  ['map[int64]int64', 1000, 1000, 0],
  ['map[int64]int64', 100000, -1, 0],
  ['map[int32]int32', 5000, -1, 0],
  ['map[int8]int8', 100, -1, 50],
  ['map[uint16]uint64', 10000, 10000, 0],
  ['map[float64]int64', 1000, -1, 1000],
  ['map[string]int64', 1000, -1, 0],
  ['map[string]int64', 20000, -1, 10000],
  ['map[string]string', 2000, -1, 0],
  ['map[int64]string', 3000, -1, 1000],
  ['map[[136]byte]int64', 200, -1, 100],
  ['map[int64][200]byte', 300, -1, 100],
];
const BIG = { 'go1.19-amd64': true, 'go1.15-386': true }; // + map[int64]int64 with 1,000,000 entries

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'goemu-memstats-'));
try {
  fs.mkdirSync(outDir, { recursive: true });
  for (const go of Object.keys(TOOLCHAINS)) {
    for (const arch of ['amd64', '386']) {
      const bin = path.join(work, `memstats-${go}-${arch}`);
      const src = path.join(work, 'src');
      fs.mkdirSync(src, { recursive: true });
      fs.copyFileSync(path.join(root, 'oracle', 'memstats', 'main.go'), path.join(src, 'main.go'));
      fs.copyFileSync(path.join(root, 'oracle', 'memstats', 'go.mod'), path.join(src, 'go.mod'));
      execFileSync(TOOLCHAINS[go], ['build', '-trimpath', '-o', bin, '.'], {
        cwd: src, stdio: ['ignore', 'inherit', 'inherit'],
        env: { ...process.env, GOARCH: arch, GOOS: 'linux', CGO_ENABLED: '0', GO111MODULE: 'on', GOFLAGS: '-mod=mod',
          GOCACHE: path.join(work, 'gocache'), GOPATH: path.join(work, 'gopath') },
      });
      const run = (args) => JSON.parse(execFileSync(bin, args, { encoding: 'utf8', maxBuffer: 1 << 24 }));
      const noise = [];
      for (let i = 0; i < NOISE_RUNS; i++) {
        const r = run(['-type', 'none']);
        noise.push({ live: r.live, liveAfterDelete: r.liveAfterDelete, liveAfterClear: r.liveAfterClear, mallocs: r.mallocs, totalAlloc: r.totalAlloc });
      }
      const cases = [...CASES, ...(BIG[`${go}-${arch}`] ? [['map[int64]int64', 1000000, -1, 0]] : [])];
      const results = cases.map(([type, n, hint, del]) => {
        process.stderr.write(`${go} ${arch} ${type} n=${n} hint=${hint} delete=${del}\n`);
        return run(['-type', type, '-n', String(n), '-hint', String(hint), '-delete', String(del)]);
      });
      const file = path.join(outDir, `${go}-${arch}.json`);
      fs.writeFileSync(file, JSON.stringify({ go, arch, generator: 'scripts/memstats-fixtures.js', noise, results }, null, 1) + '\n');
      process.stderr.write(`wrote ${path.relative(root, file)}\n`);
    }
  }
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
