#!/usr/bin/env node
'use strict';
// The live check (CI, after npm test): rerun a sample of the fixture scenarios on real Go now, in
// all 8 configurations, and replay those fresh traces in goemu. This catches fixtures that no
// longer match what real Go does, and a replay that only works for the committed seeds.
//
//   node scripts/livecheck.js [--sample N] [--seed S] [SCENARIO.json ...]
// Needs Go 1.15 and Go 1.19 (scripts/install-go-toolchains.sh) and the built dist/ (npm run build).

const fs = require('fs');
const path = require('path');
const seedrandom = require('seedrandom');
const { runScenario: oracleRun, ARCHES, PROFILES, HASHES } = require('../oracle/runner');
const { formatDifference } = require('../dist/src/trace/diff');
const { judgeRealTrace } = require('../dist/src/scenario/judge');
const { parseJSON } = require('../dist/src/scenario/scenario');

const ROOT = path.join(__dirname, '..');
// Always checked: growth mid-evacuation, same-size growth, iterators mid-growth, allocations.
const ALWAYS = ['grow-string', 'same-size-growth', 'iter-mid-growth-int64', 'allocs-overflow-slice'];

function args() {
  const a = process.argv.slice(2);
  const o = { sample: 8, seed: new Date().toISOString().slice(0, 10), files: [] };
  for (let i = 0; i < a.length; i++) {
    if (a[i] === '--sample') o.sample = Number(a[++i]);
    else if (a[i] === '--seed') o.seed = a[++i];
    else o.files.push(a[i]);
  }
  return o;
}

function pick(o) {
  if (o.files.length) return o.files;
  const dir = path.join(ROOT, 'fixtures', 'scenarios');
  const all = fs.readdirSync(dir).filter((f) => f.endsWith('.scenario.json')).sort();
  const chosen = new Set(all.filter((f) => ALWAYS.includes(f.replace('.scenario.json', ''))));
  const rng = seedrandom(o.seed);
  const rest = all.filter((f) => !chosen.has(f));
  while (chosen.size < ALWAYS.length + o.sample && rest.length) {
    chosen.add(rest.splice(Math.floor(rng() * rest.length), 1)[0]);
  }
  return [...chosen].map((f) => path.join(dir, f));
}

async function main() {
  const o = args();
  const files = pick(o);
  console.log(`livecheck: ${files.length} scenarios x 8 configurations (sample seed ${o.seed})`);
  let passed = 0;
  let failed = 0;
  for (const file of files) {
    for (const go of PROFILES) for (const arch of ARCHES) for (const hash of HASHES) {
      const name = `${path.basename(file)} ${go}/${arch}/${hash}`;
      let real;
      try {
        real = parseJSON(await oracleRun(file, { go, arch, hash })); // numbers as real Go wrote them
      } catch (e) {
        console.log(`FAIL ${name}: the oracle failed: ${e.message}`);
        failed++;
        continue;
      }
      const { structural: reason, differences: d } = judgeRealTrace(real, 5);
      if (d.length) {
        failed++;
        console.log(`FAIL ${name}${reason ? ` (structural: ${reason})` : ''}:\n  ` + d.map(formatDifference).join('\n  '));
      } else {
        passed++;
      }
    }
  }
  console.log(`livecheck: ${passed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}

main().catch((e) => {
  console.error(`livecheck: ${e.message}`);
  process.exitCode = 2;
});
