// goemu check TRACE|SCENARIO: runs a scenario (or replays a trace with its recorded seeds and
// draws) and runs checkmap on every map after every op. Prints `ok: N ops, M checks` (exit 0) or
// each problem as `op I (OP) map NAME: LOCATION: PROBLEM` (exit 1); bad input is one line naming
// the file (exit 2).
//
// A scenario that leaves the arch, the profile or the hash family open (in the file and on the
// command line) is checked under every value of the open axes, each run on its own line.

import { ARCHES, PROFILES, HASH_FAMILIES, ArchName, Profile, HashFamily } from '../arch';
import { InputError, checkScenario, checkTrace, Config } from '../scenario/scenario';
import { ScenarioRunner, RunOptions } from '../scenario/run';
import { Scenario, Trace, TRACE_FORMAT } from '../trace/format';
import { GoThrow } from '../runtime/errors';
import { checkmap } from '../check/checkmap';
import { parseFlags, configOverrides, readJSONFile, UsageError } from './main';

export interface CheckResult {
  ops: number;
  checks: number;
  /** `op I (OP) map NAME: problem` lines */
  problems: string[];
}

/** Runs the scenario and checks every map after every op. */
export function checkRun(scenario: Scenario, config: Config, opts: RunOptions = {}): CheckResult {
  const res: CheckResult = { ops: 0, checks: 0, problems: [] };
  let runner: ScenarioRunner | null = null;
  const onOp = (i: number): void => {
    res.ops = i + 1;
    const op = scenario.ops[i];
    for (const [name, mv] of runner!.vars) {
      res.checks++;
      for (const p of checkmap(runner!.rt, runner!.reg, mv.mt, mv.h)) {
        res.problems.push(`op ${i} (${op.op}) map ${name}: ${p}`);
      }
    }
  };
  runner = new ScenarioRunner(scenario, config, { ...opts, onOp });
  try {
    runner.run();
  } catch (e) {
    // A Go fatal error (throw) ends the process in Go: report it as the op's problem.
    if (!(e instanceof GoThrow)) throw e;
    const i = res.ops;
    const op = scenario.ops[i];
    const where = (e as { where?: unknown }).where;
    res.problems.push(`${typeof where === 'string' ? where : `op ${i} (${op ? op.op : '?'})`}: fatal error: ${e.message}`);
  }
  return res;
}

function isTrace(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v) &&
    ((v as Record<string, unknown>).format === TRACE_FORMAT || 'events' in (v as Record<string, unknown>));
}

function configName(c: Config): string {
  return `${c.arch} ${c.go} ${c.hash}`;
}

export function checkCommand(args: string[]): number {
  const f = parseFlags(args, ['--arch', '--go', '--hash']);
  if (f.args.length !== 1) throw new UsageError('check takes one trace or scenario file');
  const file = f.args[0];
  const over = configOverrides(f);
  const runs: { config: Config; scenario: Scenario; opts: RunOptions }[] = [];
  try {
    const v = readJSONFile(file);
    if (isTrace(v)) {
      const { trace, scenario, config } = checkTrace(v);
      for (const [k, want] of [['arch', over.arch], ['go', over.go], ['hash', over.hash]] as const) {
        if (want !== undefined && want !== config[k]) {
          throw new InputError(`the trace was recorded for ${configName(config)}; --${k} ${want} applies to scenarios only`);
        }
      }
      runs.push({ config, scenario, opts: { seeds: (trace as Trace).seeds, recorded: (trace as Trace).events } });
    } else {
      const sc = (typeof v === 'object' && v !== null ? v : {}) as Record<string, unknown>;
      const arches: (ArchName | undefined)[] = over.arch || sc.arch !== undefined ? [over.arch] : [...ARCHES];
      const gos: (Profile | undefined)[] = over.go || sc.go !== undefined ? [over.go] : [...PROFILES];
      const hashes: (HashFamily | undefined)[] = over.hash || sc.hash !== undefined ? [over.hash] : [...HASH_FAMILIES];
      for (const arch of arches) {
        for (const go of gos) {
          for (const hash of hashes) {
            const o = { ...over };
            if (arch) o.arch = arch;
            if (go) o.go = go;
            if (hash) o.hash = hash;
            const { scenario, config } = checkScenario(v, o);
            runs.push({ config, scenario, opts: {} });
          }
        }
      }
    }
    let bad = false;
    for (const r of runs) {
      const res = checkRun(r.scenario, r.config, r.opts);
      const prefix = runs.length > 1 ? configName(r.config) + ': ' : '';
      if (res.problems.length === 0) {
        process.stdout.write(`${prefix}ok: ${res.ops} ops, ${res.checks} checks\n`);
      } else {
        bad = true;
        for (const p of res.problems) process.stdout.write(prefix + p + '\n');
        process.stdout.write(`${prefix}${res.problems.length} problems in ${res.ops} ops, ${res.checks} checks\n`);
      }
    }
    return bad ? 1 : 0;
  } catch (e) {
    if (e instanceof InputError) throw new InputError(`${file}: ${e.message}`);
    throw e;
  }
}
