// The native side of `goemu bench`: oracle/bench/main.go built with the profile's real Go
// toolchain for the target GOARCH (found as the oracle finds it: $GOEMU_GO115 / $GOEMU_GO119, else
// /usr/lib/go-1.15/bin/go and /usr/lib/go-1.19/bin/go), cached under $GOEMU_CACHE (default
// ~/.cache/goemu) by toolchain version, GOARCH and source hash, and run once per measurement
// (GODEBUG=cpu.aes=off for the fallback hash family). Standard library only.

import { execFileSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Profile } from '../arch';
import { BenchConfig } from './goemu';
import { BenchOp, KeyKind } from './workloads';

const TOOLCHAINS: Record<Profile, { env: string; path: string; want: string }> = {
  'go1.15': { env: 'GOEMU_GO115', path: '/usr/lib/go-1.15/bin/go', want: 'go1.15' },
  'go1.19': { env: 'GOEMU_GO119', path: '/usr/lib/go-1.19/bin/go', want: 'go1.19' },
};

/** The directory of oracle/bench (from dist/src/bench or src/bench). */
function sourceDir(): string {
  for (const up of [['..', '..', '..'], ['..', '..']]) {
    const d = path.join(__dirname, ...up, 'oracle', 'bench');
    if (fs.existsSync(path.join(d, 'main.go'))) return d;
  }
  throw new Error('goemu bench: oracle/bench/main.go not found');
}

function cacheDir(): string {
  if (process.env.GOEMU_CACHE) return process.env.GOEMU_CACHE;
  const home = os.homedir();
  const dir = home ? path.join(home, '.cache', 'goemu') : '';
  try {
    if (!dir) throw new Error('no home');
    fs.mkdirSync(dir, { recursive: true });
    fs.accessSync(dir, fs.constants.W_OK);
    return dir;
  } catch {
    return path.join(os.tmpdir(), 'goemu-cache');
  }
}

/** The environment for the go command and the program: nothing from the caller's Go setup. */
function goEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(GO|CGO_)/.test(k) || k === 'GODEBUG') continue;
    env[k] = v;
  }
  return Object.assign(env, extra);
}

export interface Toolchain {
  go: string;
  version: string;
}

/** The toolchain of a profile, or a reason why there is none. */
export function findToolchain(profile: Profile): Toolchain | string {
  const tc = TOOLCHAINS[profile];
  const goBin = process.env[tc.env] || tc.path;
  try {
    if (!fs.statSync(goBin).isFile()) return `${goBin} is not a file`;
    fs.accessSync(goBin, fs.constants.X_OK);
  } catch {
    return `no ${goBin}${process.env[tc.env] ? ` (from ${tc.env})` : ''}`;
  }
  let version = '';
  try {
    version = fs.readFileSync(path.join(path.dirname(goBin), '..', 'VERSION'), 'utf8').split('\n')[0].trim();
  } catch {
    version = '';
  }
  if (!version.startsWith('go')) {
    try {
      const out = execFileSync(goBin, ['version'], { encoding: 'utf8', env: goEnv({}) });
      version = (/go version (\S+)/.exec(out) || [])[1] || '';
    } catch {
      version = '';
    }
  }
  if (version !== tc.want && !version.startsWith(`${tc.want}.`)) {
    return `${goBin} is ${version || 'an unknown version'}, the ${profile} profile needs ${tc.want}.x (set ${tc.env})`;
  }
  return { go: goBin, version };
}

/** One native timing run. */
export interface NativeTiming {
  best: number;
  ns: number[];
  iters: number;
  bytes: number;
  objects: number;
  version: string;
  hash: string;
}

export interface NativeAlloc {
  bytes: number;
  objects: number;
  hash0: number;
}

/** One native allocation run: the process's seeds and each workload's deltas. */
export interface NativeAllocs {
  seeds: { aeskeysched: string; hashkey: string[] };
  allocs: Record<BenchOp, NativeAlloc>;
  version: string;
  hash: string;
}

/** The native benchmark program for one configuration. */
export class NativeBench {
  private constructor(readonly config: BenchConfig, readonly bin: string, readonly version: string) {}

  /** Builds (or finds in the cache) the program; a string says why native Go is not available. */
  static open(config: BenchConfig): NativeBench | string {
    const tc = findToolchain(config.go);
    if (typeof tc === 'string') return tc;
    const src = fs.readFileSync(path.join(sourceDir(), 'main.go'), 'utf8');
    const h = crypto.createHash('sha256');
    h.update(`${tc.version}\0${config.arch}\0${src}`);
    const key = h.digest('hex').slice(0, 20);
    const dir = cacheDir();
    const bin = path.join(dir, 'bin', `bench-${tc.version}-${config.arch}-${key}`);
    if (!fs.existsSync(bin)) {
      fs.mkdirSync(path.join(dir, 'bin'), { recursive: true });
      const work = fs.mkdtempSync(path.join(dir, 'build-bench-'));
      try {
        fs.writeFileSync(path.join(work, 'main.go'), src);
        fs.writeFileSync(path.join(work, 'go.mod'), 'module goemu/oracle/bench\n\ngo 1.15\n');
        const tmp = path.join(work, 'bench.bin');
        const env = goEnv({
          GOARCH: config.arch, GOOS: 'linux', CGO_ENABLED: '0', GO111MODULE: 'on', GOFLAGS: '-mod=mod',
          GOPROXY: 'off', GOSUMDB: 'off', GOTOOLCHAIN: 'local', GOENV: 'off',
          GOCACHE: path.join(dir, 'gocache', tc.version), GOPATH: path.join(dir, 'gopath'),
        });
        try {
          execFileSync(tc.go, ['build', '-trimpath', '-o', tmp, '.'], { cwd: work, env, stdio: ['ignore', 'pipe', 'pipe'] });
        } catch (e) {
          const err = e as { stderr?: Buffer };
          const msg = (err.stderr ? err.stderr.toString() : String(e)).trim().split('\n').filter((l) => !l.startsWith('#')).join(' | ');
          return `building oracle/bench with ${tc.version} for ${config.arch} failed: ${msg}`;
        }
        fs.renameSync(tmp, bin);
      } finally {
        fs.rmSync(work, { recursive: true, force: true });
      }
    }
    return new NativeBench(config, bin, tc.version);
  }

  private run(args: string[]): unknown {
    const env = goEnv(this.config.hash === 'fallback' ? { GODEBUG: 'cpu.aes=off' } : {});
    const out = execFileSync(this.bin, args, { env, encoding: 'utf8', maxBuffer: 1 << 24, stdio: ['ignore', 'pipe', 'pipe'] });
    const r = JSON.parse(out) as { hash?: string; arch?: string };
    if (r.hash !== this.config.hash || r.arch !== this.config.arch) {
      throw new Error(`native bench ran ${r.arch}/${r.hash}, wanted ${this.config.arch}/${this.config.hash}`);
    }
    return r;
  }

  /** Times a workload: reps repetitions of at least minMs each, in one process. */
  time(key: KeyKind, op: BenchOp, n: number, reps: number, minMs: number): NativeTiming {
    return this.run(['-key', key, '-op', op, '-n', String(n), '-reps', String(reps), '-min', String(minMs)]) as NativeTiming;
  }

  /** The allocations of the six workloads of (key, n), with the seeds and hash0s. */
  allocs(key: KeyKind, n: number): NativeAllocs {
    return this.run(['-key', key, '-n', String(n), '-allocs']) as NativeAllocs;
  }
}
