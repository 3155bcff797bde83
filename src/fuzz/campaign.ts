// A fuzzing campaign: scenario k of seed S is generated from `${S}/${k}` on configuration
// k mod (number of configurations), run under the checks, and on a failure shrunk and written
// to a file.

import { stringifyJSON } from '../trace/json';
import * as fs from 'fs';
import * as path from 'path';
import { Config } from '../scenario/scenario';
import { Scenario } from '../trace/format';
import { Failure, loadCheckmap } from './check';
import { CONFIGS, configName, fuzzScenario, FAMILIES } from './gen';
import { Rng } from './rng';
import { shrinkRun } from './shrink';

export interface CampaignOptions {
  /** total ops to run */
  ops: number;
  seed: string;
  families?: string[];
  configs?: Config[];
  /** ops per scenario at most */
  maxScenarioOps?: number;
  /** where failing scenarios are written */
  outDir?: string;
  /** go on after a failure (each failure kind is written once) */
  keepGoing?: boolean;
  /** shrink time budget per failure, ms */
  shrinkMs?: number;
  /** called every op (cheap) */
  onOp?: (s: CampaignStats) => void;
  /** called on a failure, after shrinking */
  onFailure?: (f: FoundFailure, s: CampaignStats) => void;
}

export interface FoundFailure {
  scenarioIndex: number;
  config: Config;
  failure: Failure;
  /** the shrunk scenario */
  scenario: Scenario;
  originalOps: number;
  file: string | null;
}

export interface CampaignStats {
  ops: number;
  scenarios: number;
  failures: FoundFailure[];
  perConfig: Record<string, number>;
  startMs: number;
  checkmap: boolean;
  checkmapCalls: number;
}

function safe(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 60);
}

export function runCampaign(o: CampaignOptions): CampaignStats {
  const configs = o.configs ?? CONFIGS;
  const families = o.families ?? FAMILIES;
  const maxOps = o.maxScenarioOps ?? 3000;
  const st: CampaignStats = {
    ops: 0, scenarios: 0, failures: [], perConfig: {}, startMs: Date.now(),
    checkmap: loadCheckmap() !== null, checkmapCalls: 0,
  };
  for (const c of configs) st.perConfig[configName(c)] = 0;
  const seenKinds = new Set<string>();
  const onOp = (): void => {
    st.ops++;
    o.onOp?.(st);
  };
  for (let k = 0; st.ops < o.ops; k++) {
    const config = configs[k % configs.length];
    const seed = `${o.seed}/${k}`;
    const len = Math.min(new Rng(seed + '/len').logRange(30, maxOps), Math.max(1, o.ops - st.ops));
    const before = st.ops;
    const run = fuzzScenario(seed, config, { ops: len, families }, onOp);
    st.scenarios++;
    st.perConfig[configName(config)] += st.ops - before;
    st.checkmapCalls += run.checkmapCalls;
    if (!run.failure) continue;
    const kind = `${configName(config)} ${run.failure.kind}`;
    if (seenKinds.has(kind) && o.keepGoing) continue;
    seenKinds.add(kind);
    const originalOps = run.length;
    const sh = shrinkRun(run, { budgetMs: o.shrinkMs ?? 60000 });
    const { name: _name, ...rest } = sh.scenario;
    void _name;
    const scenario: Scenario = { name: `fuzz ${seed} (${configName(config)}): ${sh.failure.message}`.slice(0, 300), ...rest };
    let file: string | null = null;
    if (o.outDir) {
      fs.mkdirSync(o.outDir, { recursive: true });
      file = path.join(o.outDir, `fuzz-${safe(o.seed)}-${k}.scenario.json`);
      fs.writeFileSync(file, stringifyJSON(scenario) + '\n'); // numbers kept as spelled
    }
    const found: FoundFailure = { scenarioIndex: k, config, failure: sh.failure, scenario, originalOps, file };
    st.failures.push(found);
    o.onFailure?.(found, st);
    if (!o.keepGoing) break;
  }
  return st;
}
