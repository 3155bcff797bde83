// The usage text of every goemu command, in one table: `goemu help`, `goemu help CMD`,
// `goemu CMD --help` and the usage errors all read it.

import { ARCHES, HASH_FAMILIES, PROFILES } from '../arch';

const A = ARCHES.join('|');
const G = PROFILES.join('|');
const H = HASH_FAMILIES.join('|');

export interface CommandUsage {
  name: string;
  /** the synopsis, after "goemu " */
  usage: string;
  /** what the command does, one line */
  summary: string;
}

export const COMMANDS: readonly CommandUsage[] = [
  { name: 'run', usage: `run SCENARIO.json [--arch ${A}] [--go ${G}] [--hash ${H}] [--seed S] [-o OUT] [--text]`,
    summary: 'run a scenario in the emulator and write its trace' },
  { name: 'replay', usage: 'replay TRACE.json [-o OUT] [--text]',
    summary: "rerun a trace's scenario with its seeds and recorded draws" },
  { name: 'diff', usage: 'diff A.json B.json',
    summary: 'compare two traces per the contract (exit 1 when they differ)' },
  { name: 'layout', usage: `layout TYPE [--arch ${A}] [--go ${G}] [--types '{"Name": "Go type", …}'] [--json]`,
    summary: "print Go's layout numbers for a map type" },
  { name: 'check', usage: `check TRACE.json|SCENARIO.json [--arch ${A}] [--go ${G}] [--hash ${H}]`,
    summary: "check every map's invariants after every op" },
  { name: 'view', usage: `view TRACE.json|SCENARIO.json [OTHER.json] [--replay] [--html OUT.html] [--port P] [--arch ${A}] [--go ${G}] [--hash ${H}] [--seed S]`,
    summary: 'write (or serve) an HTML page that plays a trace step by step' },
  { name: 'demo', usage: `demo [--arch ${A}] [--go ${G}] [--hash ${H}]`,
    summary: 'run the example scenario and print its trace as text' },
  { name: 'bench', usage: `bench [--quick] [--json] [--arch ${A}[,…]] [--go ${G}[,…]] [--hash ${H}[,…]] [--all] ` +
      '[--rounds R] [--min MS] [--filter TEXT] [--no-native] [--no-jsmap] [--no-memory] [--scenarios | --scenarios-only]',
    summary: 'measure goemu against native Go and JS Map' },
  { name: 'fuzz', usage: `fuzz [--ops N] [--seed S] [--types int,string,float,…] [--arch ${A}] [--go ${G}] [--hash ${H}] ` +
      '[--out DIR] [--keep-going] [--quiet] [--max-scenario-ops N] [--shrink-seconds S] | fuzz --check SCENARIO.json',
    summary: 'fuzz the emulator against a model of Go map semantics' },
  { name: 'memory', usage: `memory TYPE [--n N|--n A..B] [--hint H] [--delete K] [--go R,R] [--arch A,A] [--hash H] ` +
      '[--seeds S,S,…] [--json] [--plot OUT.svg]',
    summary: 'how much memory a map of N entries takes, as Go builds it' },
  { name: 'help', usage: 'help [CMD]', summary: 'list the commands, or show one command\'s usage' },
];

export function commandUsage(name: string): CommandUsage | undefined {
  return COMMANDS.find((c) => c.name === name);
}

/** "usage: goemu CMD …" and what it does, for `goemu help CMD` and `goemu CMD --help`. */
export function helpText(name: string): string {
  const c = commandUsage(name)!;
  return `usage: goemu ${c.usage}\n\n${c.summary}\n`;
}

/** `goemu help`: every command's synopsis. */
export function allHelpText(version: string): string {
  const lines = COMMANDS.map((c) => `  goemu ${c.usage}`);
  return `goemu ${version}: an emulator of Go's runtime maps\n\nusage:\n${lines.join('\n')}\n  goemu --version\n\n` +
    '`goemu help CMD` or `goemu CMD --help` shows what a command does.\n';
}
