// goemu fuzz: differential fuzzing of the emulator against a model of Go map semantics and the
// invariant checker (src/fuzz/). A progress bar on a terminal, a status line every 30 s otherwise.
//
//   goemu fuzz [--ops N] [--seed S] [--types int,string,…] [--arch A] [--go G] [--hash H]
//              [--out DIR] [--keep-going] [--max-scenario-ops N] [--shrink-seconds S]
//   goemu fuzz --check SCENARIO.json [--arch A] [--go G] [--hash H]

import * as fs from 'fs';
import { ArchName, HashFamily, Profile, isHashFamily, isProfile } from '../arch';
import { InputError, checkScenario, parseJSON } from '../scenario/scenario';
import { runCampaign, CampaignStats, FoundFailure } from '../fuzz/campaign';
import { checkScenarioRun, loadCheckmap } from '../fuzz/check';
import { CONFIGS, FAMILIES, configName } from '../fuzz/gen';
import { UsageError } from './main';

const VALUED = new Set(['--ops', '--seed', '--types', '--arch', '--go', '--hash', '--out', '--max-scenario-ops', '--shrink-seconds', '--check']);
const BOOLEAN = new Set(['--keep-going', '--quiet']);

function parse(argv: string[]): Map<string, string | true> {
  const o = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(0, eq) : a;
    if (VALUED.has(name)) {
      const v = eq > 0 ? a.slice(eq + 1) : argv[++i];
      if (v === undefined) throw new UsageError(`flag ${name} needs a value`);
      o.set(name, v);
    } else if (BOOLEAN.has(name) && eq < 0) {
      o.set(name, true);
    } else {
      throw new UsageError(name.startsWith('-') ? `unknown flag ${name}` : `unexpected argument ${JSON.stringify(a)}`);
    }
  }
  return o;
}

function count(s: string, flag: string): number {
  const m = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(s.replace(/_/g, ''));
  if (!m) throw new UsageError(`${flag}: want a count like 100000, 500k or 10M, got ${JSON.stringify(s)}`);
  const n = Number(m[1]) * (m[2] === '' ? 1 : m[2].toLowerCase() === 'k' ? 1e3 : 1e6);
  if (!Number.isFinite(n) || n < 1) throw new UsageError(`${flag}: want a positive count, got ${JSON.stringify(s)}`);
  return Math.floor(n);
}

function fmtInt(n: number): string {
  return Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function fmtDur(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

export function fuzzCommand(argv: string[]): number {
  const o = parse(argv);
  const arch = o.get('--arch') as string | undefined;
  const go = o.get('--go') as string | undefined;
  const hash = o.get('--hash') as string | undefined;
  if (arch !== undefined && arch !== 'amd64' && arch !== '386') throw new UsageError(`--arch: want amd64 or 386, got ${arch}`);
  if (go !== undefined && !isProfile(go)) throw new UsageError(`--go: want go1.15 or go1.19, got ${go}`);
  if (hash !== undefined && !isHashFamily(hash)) throw new UsageError(`--hash: want aes or fallback, got ${hash}`);
  const configs = CONFIGS.filter((c) => (!arch || c.arch === arch) && (!go || c.go === go) && (!hash || c.hash === hash));

  const checkFile = o.get('--check') as string | undefined;
  if (checkFile !== undefined) {
    // --check runs one scenario: the campaign's flags do not apply to it.
    for (const k of o.keys()) {
      if (!['--check', '--arch', '--go', '--hash'].includes(k)) throw new UsageError(`${k} does not apply to --check`);
    }
  }
  if (checkFile !== undefined) return checkOne(checkFile, { arch: arch as ArchName, go: go as Profile, hash: hash as HashFamily });

  const ops = o.has('--ops') ? count(o.get('--ops') as string, '--ops') : 200000;
  const seed = (o.get('--seed') as string | undefined) ?? `s${Date.now().toString(36)}`;
  let families = FAMILIES;
  if (o.has('--types')) {
    families = (o.get('--types') as string).split(',').map((s) => s.trim()).filter((s) => s !== '');
    for (const f of families) {
      if (!FAMILIES.includes(f)) throw new UsageError(`--types: unknown type family ${JSON.stringify(f)} (want some of ${FAMILIES.join(',')})`);
    }
    if (families.length === 0) throw new UsageError('--types: want at least one type family');
  }
  const maxScenarioOps = o.has('--max-scenario-ops') ? count(o.get('--max-scenario-ops') as string, '--max-scenario-ops') : 3000;
  const shrinkMs = o.has('--shrink-seconds') ? count(o.get('--shrink-seconds') as string, '--shrink-seconds') * 1000 : 60000;
  const outDir = (o.get('--out') as string | undefined) ?? 'fuzz-failures';
  const quiet = o.has('--quiet');
  const tty = process.stderr.isTTY === true && !quiet;

  const err = (s: string): void => { process.stderr.write(s + '\n'); };
  err(`goemu fuzz: seed ${seed}, ${fmtInt(ops)} ops, ${configs.length} configuration${configs.length === 1 ? '' : 's'}, key types ${families.join(',')}, checkmap ${loadCheckmap() ? 'on' : 'off (src/check/checkmap.ts not built)'}`);

  let lastDraw = 0;
  let lastLine = Date.now();
  const status = (st: CampaignStats): string => {
    const el = Date.now() - st.startMs;
    const rate = st.ops / Math.max(1, el / 1000);
    const eta = rate > 0 ? (ops - st.ops) / rate * 1000 : 0;
    return `${fmtInt(st.ops)}/${fmtInt(ops)} ops  ${fmtInt(rate)} ops/s  ${fmtInt(st.scenarios)} scenarios  ${st.failures.length} failures  ${fmtDur(el)} elapsed, ETA ${fmtDur(eta)}`;
  };
  const onOp = (st: CampaignStats): void => {
    if ((st.ops & 255) !== 0) return;
    const now = Date.now();
    if (tty) {
      if (now - lastDraw < 100) return;
      lastDraw = now;
      const w = 30;
      const fill = Math.round((st.ops / ops) * w);
      process.stderr.write(`\r[${'#'.repeat(fill)}${'.'.repeat(w - fill)}] ${status(st)}\x1b[K`);
    } else if (!quiet && now - lastLine >= 30000) {
      lastLine = now;
      err(`goemu fuzz: ${status(st)}`);
    }
  };
  const onFailure = (f: FoundFailure): void => {
    if (tty) process.stderr.write('\r\x1b[K');
    err(`FAIL scenario ${f.scenarioIndex} (${configName(f.config)}, seed ${seed}/${f.scenarioIndex}): ${f.failure.message}`);
    err(`  shrunk ${f.originalOps} → ${f.scenario.ops.length} ops: ${f.file ?? '(not written)'}`);
    if (f.file) process.stdout.write(f.file + '\n');
  };
  const st = runCampaign({
    ops, seed, families, configs, maxScenarioOps, outDir, keepGoing: o.has('--keep-going'), shrinkMs, onOp, onFailure,
  });
  if (tty) process.stderr.write('\r\x1b[K');
  const el = Date.now() - st.startMs;
  const per = Object.entries(st.perConfig).map(([k, v]) => `${k} ${fmtInt(v)}`).join(', ');
  err(`goemu fuzz: seed ${seed}: ${fmtInt(st.ops)} ops in ${fmtInt(st.scenarios)} scenarios, ${fmtDur(el)} (${fmtInt(st.ops / Math.max(1, el / 1000))} ops/s), ` +
    `${st.failures.length} failure${st.failures.length === 1 ? '' : 's'}, checkmap ${st.checkmap ? `on (${fmtInt(st.checkmapCalls)} calls)` : 'off'}`);
  err(`goemu fuzz: ops per configuration: ${per}`);
  return st.failures.length ? 1 : 0;
}

/** Re-checks one scenario file (a repro) under the model and checkmap. */
function checkOne(file: string, over: { arch?: ArchName; go?: Profile; hash?: HashFamily }): number {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(`${file}: cannot read: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  let checked;
  try {
    checked = checkScenario(parseJSON(text), Object.fromEntries(Object.entries(over).filter(([, v]) => v !== undefined)));
  } catch (e) {
    if (e instanceof InputError) throw new InputError(`${file}: ${e.message}`);
    throw e;
  }
  const f = checkScenarioRun(checked.scenario, checked.config);
  const cfg = configName(checked.config);
  if (f) {
    process.stdout.write(`${file} (${cfg}): FAIL ${f.message}\n`);
    return 1;
  }
  process.stdout.write(`${file} (${cfg}): ok, ${checked.scenario.ops.length} ops agree with Go's semantics${loadCheckmap() ? ' and checkmap' : ''}\n`);
  return 0;
}
