#!/usr/bin/env node
'use strict';
// npm run fixtures [-- [--force] [--jobs N] [--config GO-ARCH-HASH]... [NAME-SUBSTRING...]]
// Regenerates fixtures/traces/<go>-<arch>-<hash>/<name>.trace.json for every
// fixtures/scenarios/<name>.scenario.json in all 8 configurations, by running the real-Go
// oracle. A trace is rewritten only when its scenario, the oracle or the toolchain changed
// (fixtures/traces/manifest.json records what each trace was made from); --force rewrites all.
// Traces whose scenario is gone are removed. This is the only writer of committed traces.

const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { runScenario, toolchain, oracleHash, OracleError, ARCHES, PROFILES, HASHES } = require('../oracle/runner');

const ROOT = path.join(__dirname, '..');
const SCENARIOS = path.join(ROOT, 'fixtures', 'scenarios');
const TRACES = path.join(ROOT, 'fixtures', 'traces');
const MANIFEST = path.join(TRACES, 'manifest.json');

function parseArgs(argv) {
  const o = { force: false, jobs: 2, configs: [], names: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--force') o.force = true;
    else if (a === '--jobs' || a === '-j') o.jobs = Math.max(1, Number(argv[++i]) || 1);
    else if (a === '--config') o.configs.push(argv[++i]);
    else if (a.startsWith('-')) throw new OracleError(`fixtures: unknown flag ${a}`);
    else o.names.push(a);
  }
  return o;
}

function sha256(s) {
  return crypto.createHash('sha256').update(s).digest('hex');
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const configs = [];
  for (const go of PROFILES) for (const arch of ARCHES) for (const hash of HASHES) configs.push({ go, arch, hash, id: `${go}-${arch}-${hash}` });
  for (const c of opts.configs) {
    if (!configs.some((k) => k.id === c)) throw new OracleError(`fixtures: unknown config ${c} (want e.g. go1.19-386-aes)`);
  }
  const chosen = opts.configs.length ? configs.filter((c) => opts.configs.includes(c.id)) : configs;
  const versions = {};
  for (const go of PROFILES) versions[go] = toolchain(go).version;
  const oracle = oracleHash();

  const files = fs.readdirSync(SCENARIOS).filter((f) => f.endsWith('.scenario.json')).sort();
  const names = files.map((f) => f.slice(0, -'.scenario.json'.length));
  let manifest = { format: 'goemu-fixtures-manifest/1', traces: {} };
  try {
    manifest = JSON.parse(fs.readFileSync(MANIFEST, 'utf8'));
  } catch (e) {
    /* first run */
  }

  // Remove traces whose scenario is gone.
  const known = new Set(names);
  for (const c of configs) {
    const dir = path.join(TRACES, c.id);
    if (!fs.existsSync(dir)) continue;
    for (const f of fs.readdirSync(dir)) {
      const name = f.replace(/\.trace\.json$/, '');
      if (f.endsWith('.trace.json') && !known.has(name)) {
        fs.unlinkSync(path.join(dir, f));
        delete manifest.traces[`${c.id}/${name}`];
        console.log(`removed ${c.id}/${f} (no scenario)`);
      }
    }
  }
  for (const k of Object.keys(manifest.traces)) {
    if (!known.has(k.split('/')[1])) delete manifest.traces[k];
  }

  const jobs = [];
  let skipped = 0;
  for (const name of names) {
    if (opts.names.length && !opts.names.some((n) => name.includes(n))) continue;
    const file = path.join(SCENARIOS, `${name}.scenario.json`);
    const text = fs.readFileSync(file, 'utf8');
    for (const c of chosen) {
      const out = path.join(TRACES, c.id, `${name}.trace.json`);
      const key = `${c.id}/${name}`;
      const input = sha256(`${text}\0${oracle}\0${versions[c.go]}`);
      if (!opts.force && manifest.traces[key] === input && fs.existsSync(out)) {
        skipped++;
        continue;
      }
      jobs.push({ name, file, c, out, key, input });
    }
  }

  const t0 = Date.now();
  let done = 0;
  const failures = [];
  const saveManifest = () => {
    const sorted = {};
    for (const k of Object.keys(manifest.traces).sort()) sorted[k] = manifest.traces[k];
    manifest = { format: 'goemu-fixtures-manifest/1', toolchains: versions, traces: sorted };
    fs.mkdirSync(TRACES, { recursive: true });
    fs.writeFileSync(MANIFEST, `${JSON.stringify(manifest, null, 1)}\n`);
  };
  async function worker() {
    while (jobs.length) {
      const j = jobs.shift();
      const t = Date.now();
      try {
        const trace = await runScenario(j.file, { go: j.c.go, arch: j.c.arch, hash: j.c.hash });
        fs.mkdirSync(path.dirname(j.out), { recursive: true });
        const tmp = `${j.out}.tmp-${process.pid}`;
        fs.writeFileSync(tmp, trace);
        fs.renameSync(tmp, j.out);
        manifest.traces[j.key] = j.input;
        done++;
        console.log(`${j.c.id}/${j.name} (${((Date.now() - t) / 1000).toFixed(1)}s)`);
      } catch (e) {
        failures.push(`${j.c.id}/${j.name}: ${e.message}`);
        console.log(`FAILED ${j.c.id}/${j.name}: ${e.message.split('\n')[0]}`);
      }
      if (done % 20 === 0) saveManifest();
    }
  }
  await Promise.all(Array.from({ length: opts.jobs }, worker));
  saveManifest();
  console.log(`fixtures: ${done} traces written, ${skipped} unchanged, ${failures.length} failed, ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  if (failures.length) {
    for (const f of failures) console.error(f);
    process.exit(1);
  }
}

main().catch((e) => {
  process.stderr.write(`${e instanceof OracleError ? e.message : e && e.stack ? e.stack : e}\n`);
  process.exit(e instanceof OracleError ? e.code : 2);
});
