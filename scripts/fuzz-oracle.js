#!/usr/bin/env node
'use strict';
// Fuzz scenarios judged by real Go: the fuzzer's generator writes scenarios (cycling through the
// 8 configurations), the oracle runs each on the real runtime, and goemu replays real Go's trace;
// the two traces must be identical (or structurally equal, for scenarios the contract calls not
// reproducible: NaN or address-hashed keys). Slower than `npm run fuzz` (a Go process and often
// a Go build per scenario), and it judges goemu by Go rather than by goemu's own model.
//
//   npm run fuzz-oracle -- [--scenarios N] [--ops N] [--seed S] [--out DIR]
//
// A differing scenario is kept in DIR (default fuzz-oracle-out/) with real Go's trace beside it;
// the exit code is 1 if any differed. Needs Go 1.15 and Go 1.19 (scripts/install-go-toolchains.sh).

const fs = require('fs');
const os = require('os');
const path = require('path');
const { runScenario: oracleRun } = require('../oracle/runner');
const { fuzzScenario, CONFIGS, configName, FAMILIES } = require('../dist/src/fuzz/gen');
const { formatDifference } = require('../dist/src/trace/diff');
const { judgeRealTrace } = require('../dist/src/scenario/judge');
const { parseJSON } = require('../dist/src/scenario/scenario');
const { stringifyJSON } = require('../dist/src/trace/json');

function usage(msg) {
  process.stderr.write(`fuzz-oracle: ${msg}\nusage: npm run fuzz-oracle -- [--scenarios N] [--ops N] [--seed S] [--out DIR]\n`);
  process.exit(2);
}

function args() {
  const a = process.argv.slice(2);
  const o = { scenarios: 16, ops: 300, seed: new Date().toISOString().slice(0, 10), out: 'fuzz-oracle-out' };
  for (let i = 0; i < a.length; i++) {
    const k = a[i];
    const v = a[i + 1];
    if (!['--scenarios', '--ops', '--seed', '--out'].includes(k)) usage(`unknown argument ${JSON.stringify(k)}`);
    if (v === undefined) usage(`${k} needs a value`);
    i++;
    if (k === '--scenarios' || k === '--ops') {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1) usage(`${k}: want a positive integer, got ${JSON.stringify(v)}`);
      o[k.slice(2)] = n;
    } else {
      o[k.slice(2)] = v;
    }
  }
  return o;
}

async function main() {
  const o = args();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'goemu-fuzz-oracle-'));
  let equal = 0, differ = 0, structural = 0, ops = 0;
  try {
    for (let k = 0; k < o.scenarios; k++) {
      const config = CONFIGS[k % CONFIGS.length];
      const name = `${o.seed}-${k}`;
      const run = fuzzScenario(`${o.seed}/${k}`, config, { ops: o.ops, families: FAMILIES });
      if (run.failure) {
        // goemu disagreed with its own model: `npm run fuzz` reports and shrinks these.
        console.log(`${name} ${configName(config)}: goemu differs from the model before real Go ran: ${run.failure.message}`);
        differ++;
        continue;
      }
      const file = path.join(tmp, `${name}.scenario.json`);
      fs.writeFileSync(file, stringifyJSON(run.scenario) + '\n'); // numbers kept as spelled
      let text;
      try {
        text = await oracleRun(file, {});
      } catch (e) {
        console.log(`${name} ${configName(config)}: the oracle failed: ${e.message}`);
        differ++;
        keep(o.out, file, null);
        continue;
      }
      const { scenario, structural: reason, differences: d } = judgeRealTrace(parseJSON(text), 5);
      ops += scenario.ops.length;
      if (reason) structural++;
      if (d.length) {
        differ++;
        const kept = keep(o.out, file, text);
        console.log(`${name} ${configName(config)}${reason ? ` (structural: ${reason})` : ''}: differs from real Go (kept in ${kept}):\n  `
          + d.map(formatDifference).join('\n  '));
      } else {
        equal++;
      }
      if (process.stderr.isTTY) process.stderr.write(`\r${k + 1}/${o.scenarios} scenarios, ${ops} ops`);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  if (process.stderr.isTTY) process.stderr.write('\n');
  console.log(`fuzz-oracle: seed ${o.seed}: ${equal} equal to real Go, ${differ} differ, ` +
    `${structural} compared structurally, ${ops} ops`);
  return differ ? 1 : 0;
}

function keep(dir, file, realText) {
  fs.mkdirSync(dir, { recursive: true });
  const base = path.basename(file, '.scenario.json');
  fs.copyFileSync(file, path.join(dir, `${base}.scenario.json`));
  if (realText !== null) fs.writeFileSync(path.join(dir, `${base}.real.trace.json`), realText);
  return dir;
}

main().then((code) => { process.exitCode = code; }, (e) => {
  process.stderr.write(`fuzz-oracle: ${e.message}\n`);
  process.exitCode = 2;
});
