// goemu memory TYPE [--n N|--n A..B] [--hint H] [--delete K] [--go R,R] [--arch A,A] [--hash H]
//                   [--seeds S,S,…] [--json] [--plot OUT.svg]
// Bytes a map of N entries costs in each release and arch, from goemu's heap accounting (see
// ../memory/measure.ts). The releases are the profiles goemu has (src/arch.ts PROFILES): a new
// profile appears here without a change to this file.

import { ArchName, ARCHES, HashFamily, PROFILES, Profile, isHashFamily } from '../arch';
import { MemoryFigures, MemoryInputError, logPoints, measureMap } from '../memory/measure';
import { plotSVG } from '../memory/plot';
import { UsageError, writeOut } from './main';

const VALUED = new Set(['--n', '--hint', '--delete', '--go', '--arch', '--hash', '--seeds', '--plot']);
const FLAGS = new Set([...VALUED, '--json']);

type Stat = { min: number; median: number; max: number };
type Metric = 'live' | 'totalAlloc' | 'mallocs' | 'perEntry' | 'load' | 'B' | 'noverflow' | 'liveAfterDelete' | 'freedByDelete' | 'liveAfterClear' | 'deleteAlloc';
const METRICS: Metric[] = ['live', 'totalAlloc', 'mallocs', 'perEntry', 'load', 'B', 'noverflow', 'liveAfterDelete', 'freedByDelete', 'liveAfterClear', 'deleteAlloc'];

export interface MemoryPoint {
  go: Profile;
  arch: ArchName;
  n: number;
  /** each metric over the seeds */
  stats: Record<Metric, Stat>;
  seeds: { seed: string; figures: MemoryFigures }[];
}

function stat(v: number[]): Stat {
  const s = [...v].sort((a, b) => a - b);
  return { min: s[0], median: s[(s.length - 1) >> 1], max: s[s.length - 1] };
}

function nonNeg(flag: string, v: string): number {
  if (!/^\d+$/.test(v) || Number(v) > 1e8) throw new UsageError(`${flag}: want a whole number 0..100000000, got ${v}`);
  return Number(v);
}

function list<T extends string>(flag: string, v: string | undefined, all: readonly T[]): T[] {
  if (v === undefined) return [...all];
  const out = v.split(',');
  for (const x of out) if (!(all as readonly string[]).includes(x)) throw new UsageError(`${flag}: want ${all.join(', ')} (comma-separated), got ${x}`);
  return out as T[];
}

export function memoryCommand(argv: string[]): number {
  const opts = new Map<string, string | true>();
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq >= 0 ? a.slice(0, eq) : a;
      if (!FLAGS.has(name)) throw new UsageError(`unknown flag ${name}`);
      if (VALUED.has(name)) {
        const v = eq >= 0 ? a.slice(eq + 1) : argv[++i];
        if (v === undefined) throw new UsageError(`flag ${name} needs a value`);
        opts.set(name, v);
      } else opts.set(name, true);
    } else args.push(a);
  }
  if (args.length !== 1) throw new UsageError('memory takes one map type, e.g. map[int64]int64');
  const type = args[0];
  const nArg = (opts.get('--n') as string | undefined) ?? '1000';
  let ns: number[];
  const range = /^(\d+)\.\.(\d+)$/.exec(nArg);
  if (range) {
    const a = nonNeg('--n', range[1]), b = nonNeg('--n', range[2]);
    if (b <= a) throw new UsageError(`--n: want A..B with A < B, got ${nArg}`);
    ns = logPoints(a, b);
  } else ns = [nonNeg('--n', nArg)];
  const hintS = opts.get('--hint') as string | undefined;
  const hint = hintS === undefined ? undefined : nonNeg('--hint', hintS);
  const deletes = nonNeg('--delete', (opts.get('--delete') as string | undefined) ?? '0');
  const gos = list<Profile>('--go', opts.get('--go') as string | undefined, PROFILES);
  const arches = list<ArchName>('--arch', opts.get('--arch') as string | undefined, ARCHES);
  const hash = (opts.get('--hash') as string | undefined) ?? 'aes';
  if (!isHashFamily(hash)) throw new UsageError(`--hash: want aes or fallback, got ${hash}`);
  const seedsS = (opts.get('--seeds') as string | undefined) ?? '1,2,3';
  const seeds = seedsS.split(',');
  if (seeds.some((s) => s === '')) throw new UsageError(`--seeds: want S,S,… (non-empty), got ${seedsS}`);

  const points: MemoryPoint[] = [];
  const total = gos.length * arches.length * ns.reduce((a, n) => a + n + 1, 0) * seeds.length;
  let done = 0, lastReport = Date.now();
  const t0 = Date.now();
  for (const go of gos) {
    for (const arch of arches) {
      for (const n of ns) {
        const runs = seeds.map((seed) => {
          let figures: MemoryFigures;
          try {
            figures = measureMap({ type, n, hint, deletes, go, arch, hash: hash as HashFamily, seed });
          } catch (e) {
            if (e instanceof MemoryInputError) throw new UsageError(e.message);
            throw e;
          }
          done += n + 1;
          if (Date.now() - lastReport > 2000) {
            lastReport = Date.now();
            process.stderr.write(`goemu memory: ${Math.round((100 * done) / total)}% (${go} ${arch} n=${n})\n`);
          }
          return { seed, figures };
        });
        const stats = {} as Record<Metric, Stat>;
        for (const k of METRICS) stats[k] = stat(runs.map((r) => r.figures[k]));
        points.push({ go, arch, n, stats, seeds: runs });
      }
    }
  }
  const seconds = (Date.now() - t0) / 1000;
  const plot = opts.get('--plot') as string | undefined;
  if (plot !== undefined) {
    const series = [];
    for (const go of gos) for (const arch of arches) {
      series.push({ name: `${go} ${arch}`, points: points.filter((p) => p.go === go && p.arch === arch).map((p) => ({ n: p.n, y: p.stats.perEntry.median })) });
    }
    const title = `${type}${hint !== undefined ? `, make hint ${hint}` : ''}: live bytes per entry (median of ${seeds.length} seed${seeds.length > 1 ? 's' : ''})`;
    writeOut(plot, plotSVG(title, series));
  }
  if (opts.has('--json')) {
    process.stdout.write(JSON.stringify({ type, hint: hint ?? null, deletes, hash, seeds, seconds, points }) + '\n');
    return 0;
  }
  const out: string[] = [];
  out.push(`${type}${hint !== undefined ? `, make(…, ${hint})` : ', make()'}, ${deletes} deletes; hash ${hash}; seeds ${seeds.join(',')}` +
    '  (min/median/max over the seeds where they differ)');
  const f = (s: Stat, d = 0): string => s.min === s.max ? s.min.toFixed(d) : `${s.min.toFixed(d)}/${s.median.toFixed(d)}/${s.max.toFixed(d)}`;
  for (const go of gos) for (const arch of arches) {
    out.push(`\n${go} ${arch}`);
    out.push(['N', 'B', 'load', 'noverflow', 'live bytes', 'bytes/entry', 'TotalAlloc', 'Mallocs', 'live after deletes', 'freed by deletes', 'live after clear'].join('\t'));
    for (const p of points.filter((q) => q.go === go && q.arch === arch)) {
      const s = p.stats;
      out.push([p.n, f(s.B), f(s.load, 3), f(s.noverflow), f(s.live), f(s.perEntry, 2), f(s.totalAlloc), f(s.mallocs),
        f(s.liveAfterDelete), f(s.freedByDelete), f(s.liveAfterClear)].join('\t'));
    }
  }
  out.push(`\n(${seconds.toFixed(1)} s)`);
  process.stdout.write(out.join('\n') + '\n');
  return 0;
}
