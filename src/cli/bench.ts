// goemu bench [--quick] [--json] [--arch LIST] [--go LIST] [--hash LIST] [--all]
//             [--rounds R] [--min MS] [--filter TEXT] [--no-native] [--no-jsmap] [--no-memory]
//             [--scenarios | --scenarios-only]
//
// Runs the standard map workloads in goemu, in JS Map and (when a Go toolchain is present) in
// native Go, interleaved, and prints ns/op, the ratios goemu/Go and goemu/JS Map with their
// geometric means, the allocation accounting next to Go's MemStats deltas, and Node's memory per
// simulated heap byte. --json prints one JSON object per line and workload instead.
// LIST is comma-separated (e.g. --arch amd64,386); --all runs the 8 configurations.
// --scenarios also times whole processes against real Go's oracle: `goemu replay` of the largest
// fixture trace, and `goemu run` / `goemu replay` of a 1,000,000-op scenario.

import { commandUsage } from './usage';
import { ARCHES, PROFILES, HASH_FAMILIES, ArchName, HashFamily, Profile } from '../arch';
import type { BenchConfig } from '../bench/goemu';
import type { BenchOptions } from '../bench/run';

// The harness is loaded only when `goemu bench` runs: every other command starts without it.
/* eslint-disable @typescript-eslint/no-var-requires */
function harness(): typeof import('../bench/run') & typeof import('../bench/report') & typeof import('../bench/scenario') {
  return { ...require('../bench/run'), ...require('../bench/report'), ...require('../bench/scenario') };
}

const BENCH_USAGE = `usage: goemu ${commandUsage('bench')!.usage}`;

class BenchUsageError extends Error {}

function list<T extends string>(flag: string, v: string, allowed: readonly T[]): T[] {
  const out: T[] = [];
  for (const x of v.split(',')) {
    if (!(allowed as readonly string[]).includes(x)) throw new BenchUsageError(`${flag}: want ${allowed.join(' or ')}, got ${JSON.stringify(x)}`);
    if (!out.includes(x as T)) out.push(x as T);
  }
  return out;
}

function positive(flag: string, v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new BenchUsageError(`${flag}: want a positive number, got ${JSON.stringify(v)}`);
  return n;
}

interface Parsed {
  opts: BenchOptions;
  json: boolean;
  /** 0: no process timings; 1: also; 2: only */
  scenarios: 0 | 1 | 2;
}

export function parseBenchArgs(args: string[]): Parsed {
  let arches: ArchName[] = ['amd64'];
  let gos: Profile[] = ['go1.19'];
  let hashes: HashFamily[] = ['aes'];
  let all = false;
  const opts: BenchOptions = { configs: [], quick: false };
  let json = false;
  let scenarios: 0 | 1 | 2 = 0;
  const valued = new Set(['--arch', '--go', '--hash', '--rounds', '--min', '--filter']);
  for (let i = 0; i < args.length; i++) {
    let a = args[i];
    let v: string | undefined;
    const eq = a.indexOf('=');
    if (a.startsWith('--') && eq > 0) {
      v = a.slice(eq + 1);
      a = a.slice(0, eq);
    }
    if (!valued.has(a) && v !== undefined) throw new BenchUsageError(`flag ${a} takes no value`);
    if (valued.has(a) && v === undefined) {
      v = args[++i];
      if (v === undefined) throw new BenchUsageError(`flag ${a} needs a value`);
    }
    switch (a) {
      case '--quick': opts.quick = true; break;
      case '--json': json = true; break;
      case '--all': all = true; break;
      case '--arch': arches = list(a, v!, ARCHES); break;
      case '--go': gos = list(a, v!, PROFILES); break;
      case '--hash': hashes = list(a, v!, HASH_FAMILIES); break;
      case '--rounds': opts.rounds = Math.ceil(positive(a, v!)); break;
      case '--min': opts.minRepMs = positive(a, v!); break;
      case '--filter': opts.filter = v!; break;
      case '--no-native': opts.native = false; break;
      case '--no-jsmap': opts.jsmap = false; break;
      case '--no-memory': opts.memory = false; break;
      case '--scenarios': scenarios = 1; break;
      case '--scenarios-only': scenarios = 2; break;
      case '-h': case '--help': throw new BenchUsageError('help');
      default: throw new BenchUsageError(`unknown flag or argument ${JSON.stringify(args[i])}`);
    }
  }
  if (all) {
    arches = [...ARCHES];
    gos = [...PROFILES];
    hashes = [...HASH_FAMILIES];
  }
  const configs: BenchConfig[] = [];
  for (const arch of arches) for (const go of gos) for (const hash of hashes) configs.push({ arch, go, hash });
  opts.configs = configs;
  return { opts, json, scenarios };
}

export function benchCommand(args: string[]): number {
  let parsed: Parsed;
  try {
    parsed = parseBenchArgs(args);
  } catch (e) {
    if (e instanceof BenchUsageError) {
      if (e.message === 'help') {
        process.stdout.write(BENCH_USAGE + '\n');
        return 0;
      }
      process.stderr.write(`goemu bench: ${e.message} (goemu help bench shows the usage)\n`);
      return 2;
    }
    throw e;
  }
  const { opts, json, scenarios } = parsed;
  const tty = process.stderr.isTTY === true;
  let lastLen = 0;
  opts.progress = (msg: string): void => {
    if (!tty) return;
    const line = msg.length > 110 ? msg.slice(0, 109) + '…' : msg;
    process.stderr.write('\r' + line + ' '.repeat(Math.max(0, lastLen - line.length)));
    lastLen = line.length;
  };
  const clear = (): void => {
    if (tty && lastLen) process.stderr.write('\r' + ' '.repeat(lastLen) + '\r');
    lastLen = 0;
  };
  const { runBench, rowJSON, textReport, timeScenarios, scenarioLines, scenarioJSON } = harness();
  if (json) {
    opts.onRow = (row) => {
      clear();
      process.stdout.write(rowJSON(row) + '\n');
    };
  }
  const started = new Date();
  const results = scenarios === 2 ? [] : runBench(opts);
  const timings = scenarios === 0 ? [] : timeScenarios({ reps: opts.rounds ?? (opts.quick ? 3 : 5), progress: opts.progress });
  clear();
  if (!json) {
    const header = `# goemu bench${opts.quick ? ' --quick' : ''} — ${started.toISOString().slice(0, 10)}, node ${process.version}, ` +
      `${process.platform}/${process.arch}; best of ${opts.rounds ?? (opts.quick ? 3 : 5)} rounds, ratios from this run`;
    process.stdout.write(textReport(results, header));
    if (timings.length) process.stdout.write('\n' + scenarioLines(timings).join('\n') + '\n');
  } else {
    for (const t of timings) process.stdout.write(scenarioJSON(t) + '\n');
    for (const r of results) {
      if (r.nativeMissing && opts.native !== false) process.stderr.write(`goemu bench: native Go not measured for ${r.config.arch}/${r.config.go}: ${r.nativeMissing}\n`);
    }
  }
  return 0;
}
