// The large scenario of `goemu bench --scenarios`: a deterministic mix of 1,000,000 operations on
// three maps (map[int64]int64, map[string]int64, map[uint32]string), mostly assignments, lookups
// and deletes, with len checks and a few short iterations — what a long fuzz campaign or a large
// experiment feeds goemu. The same file runs in goemu (run, and replay of real Go's trace) and in
// real Go's oracle.

import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Scenario, Op } from '../trace/format';

/** xorshift32: deterministic, no allocation. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

export function largeScenario(nOps = 1000000, seed = 20240601): Scenario {
  const r = rng(seed);
  const ops: Op[] = [
    { op: 'make', map: 'a', type: 'map[int64]int64' },
    { op: 'make', map: 's', type: 'map[string]int64', hint: 1000 },
    { op: 'make', map: 'u', type: 'map[uint32]string' },
  ];
  let iterLive = false;
  let iterLeft = 0;
  while (ops.length < nOps) {
    const x = r() % 1000;
    const i = ops.length;
    if (x < 420) {
      ops.push({ op: 'set', map: 'a', key: r() % 200000, elem: i });
    } else if (x < 620) {
      ops.push({ op: 'get', map: 'a', key: r() % 250000 });
    } else if (x < 700) {
      ops.push({ op: 'delete', map: 'a', key: r() % 200000 });
    } else if (x < 790) {
      ops.push({ op: 'set', map: 's', key: 'k' + (r() % 50000), elem: i });
    } else if (x < 860) {
      ops.push({ op: 'get', map: 's', key: 'k' + (r() % 60000) });
    } else if (x < 890) {
      ops.push({ op: 'delete', map: 's', key: 'k' + (r() % 50000) });
    } else if (x < 940) {
      ops.push({ op: 'set', map: 'u', key: r() % 20000, elem: 'v' + (i % 97) });
    } else if (x < 970) {
      ops.push({ op: 'get', map: 'u', key: r() % 25000 });
    } else if (x < 985) {
      ops.push({ op: 'len', map: (x & 1) ? 'a' : 's' });
    } else if (!iterLive || iterLeft === 0) {
      ops.push({ op: 'iter', map: 'u', iter: 'it' });
      iterLive = true;
      iterLeft = 20;
    } else {
      ops.push({ op: 'next', iter: 'it' });
      iterLeft--;
    }
  }
  return { name: `goemu bench: ${nOps} mixed operations`, seed: 'goemu bench large', ops } as Scenario;
}

// ---- timing whole processes: goemu's CLI against real Go's oracle ----


export interface ProcessTiming {
  /** what ran */
  what: string;
  /** the scenario's op count */
  ops: number;
  /** best wall-clock milliseconds of the goemu command, process start included */
  goemuMs: number;
  /** best wall-clock milliseconds of real Go's oracle (the tracer binary), process start included */
  oracleMs: number | null;
  /** the same through `npm run oracle`'s script (node + the tracer + its trace check) */
  oracleScriptMs: number | null;
}

function repoRoot(): string {
  for (const up of [['..', '..', '..'], ['..', '..']]) {
    const d = path.join(__dirname, ...up);
    if (fs.existsSync(path.join(d, 'oracle', 'runner.js'))) return d;
  }
  throw new Error('goemu bench: the repository root (oracle/runner.js) was not found');
}

/** Wall-clock milliseconds of a process, best of `reps`; stdout to `out`. */
function timeProcess(cmd: string, args: string[], reps: number, out: string, env?: NodeJS.ProcessEnv): number {
  let best = Infinity;
  for (let r = 0; r < reps; r++) {
    const fd = fs.openSync(out, 'w');
    const t0 = performance.now();
    const res = spawnSync(cmd, args, { stdio: ['ignore', fd, 'pipe'], env: env ?? process.env, maxBuffer: 1 << 26 });
    const ms = performance.now() - t0;
    fs.closeSync(fd);
    if (res.status !== 0) {
      throw new Error(`goemu bench: ${path.basename(cmd)} ${args.join(' ')} failed (${res.status}): ${String(res.stderr).trim().split('\n')[0]}`);
    }
    best = Math.min(best, ms);
  }
  return best;
}

/** The oracle's tracer binary for a scenario (built by oracle/runner.js, cached), or null without Go. */
function tracerFor(root: string, scenarioFile: string, arch: string, go: string): string | null {
  const script = `require(${JSON.stringify(path.join(root, 'oracle', 'runner.js'))})` +
    `.build(${JSON.stringify(go)}, ${JSON.stringify(arch)}, require(${JSON.stringify(path.join(root, 'oracle', 'runner.js'))})` +
    `.scenarioTypes(JSON.parse(require('fs').readFileSync(${JSON.stringify(scenarioFile)}, 'utf8'))))` +
    `.then((b) => process.stdout.write(b), (e) => { process.stderr.write(e.message); process.exit(2); })`;
  try {
    return execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch {
    return null;
  }
}

function oracleEnv(hash: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(GO|CGO_)/.test(k) && k !== 'GODEBUG') env[k] = v;
  if (hash === 'fallback') env.GODEBUG = 'cpu.aes=off';
  return env;
}

/** The largest committed fixture trace. */
export function largestFixture(root = repoRoot()): string {
  const dir = path.join(root, 'fixtures', 'traces');
  let best = '', size = -1;
  for (const cfg of fs.readdirSync(dir)) {
    const d = path.join(dir, cfg);
    if (!fs.statSync(d).isDirectory()) continue;
    for (const f of fs.readdirSync(d)) {
      if (!f.endsWith('.trace.json')) continue;
      const s = fs.statSync(path.join(d, f)).size;
      if (s > size) {
        size = s;
        best = path.join(d, f);
      }
    }
  }
  return best;
}

/**
 * Times (1) `goemu replay` of the largest fixture trace and (2) `goemu run` and `goemu replay` of
 * a 1,000,000-op scenario (real Go's trace of it), each against real Go's oracle on the same
 * scenario; process start included everywhere.
 */
export function timeScenarios(opts: { reps: number; ops?: number; progress?: (m: string) => void }): ProcessTiming[] {
  const root = repoRoot();
  const cli = path.join(root, 'dist', 'src', 'cli', 'main.js');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'goemu-bench-'));
  const progress = opts.progress ?? (() => undefined);
  const out: ProcessTiming[] = [];
  try {
    const node = process.execPath;
    const outFile = path.join(tmp, 'out.json');
    // (1) the largest fixture
    const fx = largestFixture(root);
    const trace = JSON.parse(fs.readFileSync(fx, 'utf8'));
    const scFile = path.join(tmp, 'fixture.scenario.json');
    fs.writeFileSync(scFile, JSON.stringify(trace.scenario));
    const cfgArgs = ['-arch', trace.arch, '-go', trace.go, '-hash', trace.hash];
    progress(`replay of ${path.relative(root, fx)}…`);
    const tracer = tracerFor(root, scFile, trace.arch, trace.go);
    const fxName = `replay ${path.relative(root, fx)}`;
    out.push({
      what: fxName,
      ops: trace.scenario.ops.length,
      goemuMs: timeProcess(node, [cli, 'replay', fx, '-o', outFile], opts.reps, path.join(tmp, 'stdout')),
      oracleMs: tracer ? timeProcess(tracer, [...cfgArgs, scFile], opts.reps, outFile, oracleEnv(trace.hash)) : null,
      oracleScriptMs: tracer ? timeProcess(node, [path.join(root, 'scripts', 'oracle.js'), scFile, '--arch', trace.arch, '--go', trace.go,
        '--hash', trace.hash, '-o', outFile], opts.reps, path.join(tmp, 'stdout')) : null,
    });
    // (2) the large scenario
    const n = opts.ops ?? 1000000;
    const sc = largeScenario(n);
    Object.assign(sc, { arch: 'amd64', go: 'go1.19', hash: 'aes' });
    const bigFile = path.join(tmp, 'large.scenario.json');
    fs.writeFileSync(bigFile, JSON.stringify(sc));
    progress(`${n}-op scenario: real Go…`);
    const bigTracer = tracerFor(root, bigFile, 'amd64', 'go1.19');
    const realTrace = path.join(tmp, 'large.trace.json');
    let oracleMs: number | null = null;
    if (bigTracer) oracleMs = timeProcess(bigTracer, ['-arch', 'amd64', '-go', 'go1.19', '-hash', 'aes', bigFile], opts.reps, realTrace, oracleEnv('aes'));
    progress(`${n}-op scenario: goemu run…`);
    out.push({
      what: `run of a ${n}-op scenario (amd64/go1.19/aes)`,
      ops: n,
      goemuMs: timeProcess(node, [cli, 'run', bigFile, '-o', outFile], opts.reps, path.join(tmp, 'stdout')),
      oracleMs,
      oracleScriptMs: null,
    });
    if (bigTracer) {
      progress(`${n}-op scenario: goemu replay of real Go's trace…`);
      const goemuMs = timeProcess(node, [cli, 'replay', realTrace, '-o', outFile], opts.reps, path.join(tmp, 'stdout'));
      const same = spawnSync(node, [cli, 'diff', realTrace, outFile], { stdio: 'ignore' }).status === 0;
      if (!same) throw new Error('goemu bench: the replay of the large scenario differs from real Go\'s trace');
      out.push({ what: `replay of real Go's trace of the ${n}-op scenario`, ops: n, goemuMs, oracleMs, oracleScriptMs: null });
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return out;
}

/** Report lines of the process timings. */
export function scenarioLines(ts: ProcessTiming[]): string[] {
  const out = ['## Whole processes against real Go\'s oracle (wall clock, process start included, best of the rounds)', ''];
  for (const t of ts) {
    let line = `${t.what} (${t.ops} ops): goemu ${t.goemuMs.toFixed(0)} ms`;
    if (t.oracleMs !== null) {
      line += `; real Go's oracle (tracer binary) ${t.oracleMs.toFixed(0)} ms = ${(t.goemuMs / t.oracleMs).toFixed(2)}x`;
    } else {
      line += '; real Go not measured';
    }
    if (t.oracleScriptMs !== null) {
      line += `; \`npm run oracle\` (node + tracer + trace check) ${t.oracleScriptMs.toFixed(0)} ms = ${(t.goemuMs / t.oracleScriptMs).toFixed(2)}x`;
    }
    out.push('- ' + line);
  }
  return out;
}

/** A process timing as a --json line (the workload line's fields; ns are per op, wall clock). */
export function scenarioJSON(t: ProcessTiming): string {
  return JSON.stringify({
    workload: 'Process/' + t.what, n: t.ops, arch: null, go: null, hash: null,
    goemu_ns: Math.round((t.goemuMs * 1e6) / t.ops), native_ns: t.oracleMs === null ? null : Math.round((t.oracleMs * 1e6) / t.ops),
    jsmap_ns: null, goemu_bytes: null, native_bytes: null, goemu_objects: null, native_objects: null,
  });
}
