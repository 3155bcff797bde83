// Real Go judges goemu: replay real Go's trace (its seeds and recorded draws fed in) and compare
// the two traces per the contract — byte for byte, or structurally for the scenarios real Go
// cannot repeat (determinism.ts). The fixture tests, the live check and fuzz-oracle all use this.

import { Config, checkTrace } from './scenario';
import { runScenario } from './run';
import { placementNondeterminism } from './determinism';
import { Difference, diffTraces } from '../trace/diff';
import { diffStructural } from '../trace/structural';
import { Event, Scenario } from '../trace/format';

export interface Judgement {
  scenario: Scenario;
  config: Config;
  /** why the comparison was structural, or null when it was byte for byte */
  structural: string | null;
  /** at most `max` differences; empty when goemu agrees with real Go */
  differences: Difference[];
}

/** Replays `real` (a parsed real-Go trace) in goemu and compares the result with it. */
export function judgeRealTrace(real: unknown, max = 5): Judgement {
  const { trace, scenario, config } = checkTrace(real);
  let structural: string | null = null;
  const ours = runScenario(scenario, config, {
    seeds: trace.seeds, recorded: trace.events,
    onStart: (r) => { structural = placementNondeterminism(r.reg, scenario); },
  });
  // checkTrace has validated real's shape; both comparisons read the trace as real Go wrote it.
  const differences = structural ? diffStructural(real as { events: Event[] }, ours, max) : diffTraces(real, ours, max);
  return { scenario, config, structural, differences };
}
