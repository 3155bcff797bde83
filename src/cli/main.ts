#!/usr/bin/env node
// goemu: the command line. Every failure a user can cause is one line on stderr and exit 2;
// a Go panic inside an op is part of the trace, not a failure.

import * as fs from 'fs';
import * as path from 'path';
import { ArchName, HashFamily, Profile, isHashFamily, isProfile } from '../arch';
import { InputError, checkScenario, checkTrace, parseJSON, Config } from '../scenario/scenario';
import { runScenario } from '../scenario/run';
import { diffTraces, formatDifference } from '../trace/diff';
import { traceText } from '../trace/text';
import { Trace } from '../trace/format';
import { layoutCommand } from './layout';
import { viewCommand } from './view';
import { checkCommand } from './check';

export class UsageError extends Error {}

const USAGE = `usage:
  goemu run SCENARIO.json [--arch amd64|386] [--go go1.15|go1.19] [--hash aes|fallback] [--seed S] [-o OUT] [--text]
  goemu replay TRACE.json [-o OUT] [--text]
  goemu diff A.json B.json
  goemu layout TYPE [--arch amd64|386] [--go go1.15|go1.19] [--json]
  goemu check TRACE.json|SCENARIO.json [--arch amd64|386] [--go go1.15|go1.19] [--hash aes|fallback]
  goemu view TRACE.json|SCENARIO.json [OTHER.json] [--replay] [--html OUT.html] [--port P]
  goemu demo [--arch amd64|386] [--go go1.15|go1.19] [--hash aes|fallback]`;

interface Flags {
  args: string[];
  opts: Map<string, string | true>;
}

const VALUED = new Set(['--arch', '--go', '--hash', '--seed', '-o', '--port', '--html', '--ops', '--types']);

export function parseFlags(argv: string[], allowed: string[]): Flags {
  const args: string[] = [];
  const opts = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('-') && a !== '-') {
      const [name, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
      if (!allowed.includes(name)) throw new UsageError(`unknown flag ${name}`);
      if (VALUED.has(name)) {
        const val = inline ?? argv[++i];
        if (val === undefined) throw new UsageError(`flag ${name} needs a value`);
        opts.set(name, val);
      } else {
        opts.set(name, true);
      }
    } else {
      args.push(a);
    }
  }
  return { args, opts };
}

export function configOverrides(f: Flags): Partial<Config> {
  const o: Partial<Config> = {};
  const arch = f.opts.get('--arch');
  if (arch !== undefined) {
    if (arch !== 'amd64' && arch !== '386') throw new UsageError(`--arch: want amd64 or 386, got ${arch}`);
    o.arch = arch as ArchName;
  }
  const go = f.opts.get('--go');
  if (go !== undefined) {
    if (typeof go !== 'string' || !isProfile(go)) throw new UsageError(`--go: want go1.15 or go1.19, got ${go}`);
    o.go = go as Profile;
  }
  const hash = f.opts.get('--hash');
  if (hash !== undefined) {
    if (typeof hash !== 'string' || !isHashFamily(hash)) throw new UsageError(`--hash: want aes or fallback, got ${hash}`);
    o.hash = hash as HashFamily;
  }
  return o;
}

export function readJSONFile(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(`cannot read: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  return parseJSON(text);
}

/** Writes a whole file or nothing (temp file, then rename). */
export function writeOut(out: string | undefined, text: string): void {
  if (out === undefined || out === '-') {
    process.stdout.write(text);
    return;
  }
  const tmp = path.join(path.dirname(out), `.${path.basename(out)}.${process.pid}.tmp`);
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, out);
}

function renderTrace(t: Trace, f: Flags): string {
  return f.opts.has('--text') ? traceText(t) : JSON.stringify(t) + '\n';
}

function cmdRun(argv: string[]): number {
  const f = parseFlags(argv, ['--arch', '--go', '--hash', '--seed', '-o', '--text']);
  if (f.args.length !== 1) throw new UsageError('run takes one scenario file');
  const file = f.args[0];
  return withFile(file, () => {
    const { scenario, config } = checkScenario(readJSONFile(file), configOverrides(f));
    const seed = f.opts.get('--seed');
    const t = runScenario(scenario, config, { seed: typeof seed === 'string' ? seed : undefined });
    writeOut(f.opts.get('-o') as string | undefined, renderTrace(t, f));
    return 0;
  });
}

function cmdReplay(argv: string[]): number {
  const f = parseFlags(argv, ['-o', '--text']);
  if (f.args.length !== 1) throw new UsageError('replay takes one trace file');
  const file = f.args[0];
  return withFile(file, () => {
    const { trace, scenario, config } = checkTrace(readJSONFile(file));
    const t = runScenario(scenario, config, { seeds: trace.seeds, recorded: trace.events });
    writeOut(f.opts.get('-o') as string | undefined, renderTrace(t, f));
    return 0;
  });
}

function cmdDiff(argv: string[]): number {
  const f = parseFlags(argv, []);
  if (f.args.length !== 2) throw new UsageError('diff takes two trace files');
  let a: unknown, b: unknown;
  withFile(f.args[0], () => { a = readJSONFile(f.args[0]); return 0; });
  withFile(f.args[1], () => { b = readJSONFile(f.args[1]); return 0; });
  const d = diffTraces(a, b, 20);
  if (d.length === 0) return 0;
  for (const x of d) process.stdout.write(formatDifference(x) + '\n');
  return 1;
}

function cmdDemo(argv: string[]): number {
  const f = parseFlags(argv, ['--arch', '--go', '--hash']);
  const file = path.join(__dirname, '..', '..', '..', 'examples', 'demo.scenario.json');
  return withFile(file, () => {
    const over = configOverrides(f);
    const arches: ArchName[] = over.arch ? [over.arch] : ['amd64', '386'];
    for (const arch of arches) {
      const { scenario, config } = checkScenario(readJSONFile(file), { ...over, arch });
      const t = runScenario(scenario, config);
      process.stdout.write(traceText(t) + '\n');
    }
    return 0;
  });
}

let currentCommand = 'goemu';

/** Runs fn, turning input errors into one line that names the file. */
function withFile(file: string, fn: () => number): number {
  try {
    return fn();
  } catch (e) {
    if (e instanceof InputError) {
      throw new InputError(`${file}: ${e.message}`);
    }
    throw e;
  }
}

export function main(argv: string[]): number {
  const [cmd, ...rest] = argv;
  currentCommand = `goemu ${cmd ?? ''}`.trim();
  try {
    switch (cmd) {
      case 'run': return cmdRun(rest);
      case 'replay': return cmdReplay(rest);
      case 'diff': return cmdDiff(rest);
      case 'layout': return layoutCommand(rest);
      case 'check': return checkCommand(rest);
      case 'view': return viewCommand(rest);
      case 'demo': return cmdDemo(rest);
      case undefined: case 'help': case '--help': case '-h':
        process.stdout.write(USAGE + '\n');
        return cmd === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command ${JSON.stringify(cmd)}\n${USAGE}`);
    }
  } catch (e) {
    if (e instanceof InputError || e instanceof UsageError) {
      process.stderr.write(`${currentCommand}: ${e.message}\n`);
      return 2;
    }
    // A fault of goemu itself: still one line, never a stack trace (GOEMU_DEBUG=1 shows it).
    if (process.env.GOEMU_DEBUG) throw e;
    process.stderr.write(`${currentCommand}: internal error: ${(e as Error).name}: ${(e as Error).message}\n`);
    return 1;
  }
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
