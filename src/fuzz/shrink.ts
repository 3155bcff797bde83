// Shrinking a failing scenario to a small one that fails the same way (same failure kind):
// cut everything after the failing op, pin each map's hash0 to the value the failing run drew
// (so that removing other ops does not move the keys), then delta-debug: remove chunks of ops,
// halving the chunk size, while the failure persists; finally drop fields that do not matter.

import { Config } from '../scenario/scenario';
import { Op, Scenario } from '../trace/format';
import { Checkmap, Failure, FuzzRun, checkScenarioRun, loadCheckmap, validScenario } from './check';

export interface ShrinkResult {
  scenario: Scenario;
  failure: Failure;
  /** scenario runs the shrinker made */
  tries: number;
}

export interface ShrinkOptions {
  /** stop after this many milliseconds (the best so far is kept) */
  budgetMs?: number;
  checkmap?: Checkmap | null;
}

/** Shrinks the scenario of a failed FuzzRun. */
export function shrinkRun(run: FuzzRun, opts: ShrinkOptions = {}): ShrinkResult {
  const f = run.failure!;
  const ops: Op[] = run.scenario.ops.slice(0, f.op + 1).map((op, i) => {
    const ev = run.events[i];
    if (op.op === 'make' && op.hash0 === undefined && ev && typeof ev.hash0 === 'string') return { ...op, hash0: ev.hash0 };
    return op;
  });
  return shrinkScenario({ ...run.scenario, ops }, run.config, f, opts);
}

export function shrinkScenario(sc: Scenario, config: Config, failure: Failure, opts: ShrinkOptions = {}): ShrinkResult {
  const checkmap = opts.checkmap === undefined ? loadCheckmap() : opts.checkmap;
  const deadline = Date.now() + (opts.budgetMs ?? 60000);
  let best: Scenario = { ...sc, ops: sc.ops.slice(0, failure.op + 1) };
  let bestFailure = failure;
  let tries = 0;

  const test = (ops: Op[]): Failure | null => {
    const cand: Scenario = { ...best, ops };
    if (validScenario(cand, config) !== null) return null;
    tries++;
    const f = checkScenarioRun(cand, config, checkmap);
    return f && f.kind === failure.kind ? f : null;
  };
  const accept = (ops: Op[], f: Failure): void => {
    best = { ...best, ops: ops.slice(0, f.op + 1) };
    bestFailure = f;
  };

  // The pinned hash0 values may not reproduce on their own: check the starting point.
  const f0 = test(best.ops);
  if (f0) accept(best.ops, f0);
  else {
    const unpinned = sc.ops.slice(0, failure.op + 1);
    const f1 = test(unpinned);
    if (f1) accept(unpinned, f1);
    else return { scenario: best, failure: bestFailure, tries };
  }

  // Delta debugging over op chunks.
  let chunk = Math.max(1, Math.floor(best.ops.length / 2));
  while (chunk >= 1 && Date.now() < deadline) {
    let progress = false;
    // Try from the end backwards: later ops are less often needed by earlier ones.
    for (let start = best.ops.length - 1 - chunk; start >= 0 && Date.now() < deadline; start -= chunk) {
      const ops = best.ops.slice(0, start).concat(best.ops.slice(start + chunk));
      const f = test(ops);
      if (f) {
        accept(ops, f);
        progress = true;
        start = Math.min(start, best.ops.length - 1);
      }
    }
    if (!progress) chunk = Math.floor(chunk / 2);
    else chunk = Math.min(chunk, Math.max(1, Math.floor(best.ops.length / 2)));
  }

  // Drop optional fields (hint, hash0, the allocs flag) where the failure does not need them.
  for (let i = 0; i < best.ops.length && Date.now() < deadline; i++) {
    for (const field of ['hash0', 'hint'] as const) {
      const op = best.ops[i];
      if (op[field] === undefined) continue;
      const o2: Op = { ...op };
      delete o2[field];
      const ops = best.ops.slice();
      ops[i] = o2;
      const f = test(ops);
      if (f) accept(ops, f);
    }
  }
  if (best.allocs !== undefined) {
    const { allocs, ...rest } = best;
    void allocs;
    const save = best;
    best = rest as Scenario;
    const f = test(best.ops);
    if (f) accept(best.ops, f);
    else best = save;
  }
  return { scenario: best, failure: bestFailure, tries };
}
