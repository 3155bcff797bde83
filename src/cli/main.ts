#!/usr/bin/env node
// goemu: the command line. Every failure a user can cause is one line on stderr and exit 2;
// a Go panic inside an op is part of the trace, not a failure.

import * as fs from 'fs';
import * as path from 'path';
import { ArchName, HashFamily, Profile, isHashFamily, isProfile } from '../arch';
import { InputError, InternalFault, OpFatal, checkScenario, checkTrace, parseJSON, Config } from '../scenario/scenario';
import { runScenario } from '../scenario/run';
import { diffTraces, formatDifference } from '../trace/diff';
import { traceText } from '../trace/text';
import { Trace } from '../trace/format';
import { stringifyTrace } from '../trace/json';
import { allHelpText, commandUsage, helpText } from './usage';
// The other commands' modules load on first use: a `run` or `replay` is a short process, and
// Node's start-up is most of it (see the README, "Speed and memory").
const lazy = {
  layout: (): typeof import('./layout') => require('./layout'),
  view: (): typeof import('./view') => require('./view'),
  fuzz: (): typeof import('./fuzz') => require('./fuzz'),
  check: (): typeof import('./check') => require('./check'),
  bench: (): typeof import('./bench') => require('./bench'),
  memory: (): typeof import('./memory') => require('./memory'),
};

export class UsageError extends Error {}


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
        if (inline !== undefined) throw new UsageError(`flag ${name} takes no value`);
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

/** Writes a whole file or nothing (temp file, then rename); a failure is one line naming OUT. */
export function writeOut(out: string | undefined, text: string): void {
  if (out === undefined || out === '-') {
    process.stdout.write(text);
    return;
  }
  const tmp = path.join(path.dirname(out), `.${path.basename(out)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, out);
  } catch (e) {
    try {
      fs.unlinkSync(tmp);
    } catch {
      // nothing was written
    }
    const err = e as NodeJS.ErrnoException;
    const why = err.code === 'ENOENT' ? 'no such directory' : err.code === 'EACCES' ? 'permission denied'
      : err.code === 'EISDIR' ? 'is a directory' : err.code ?? err.message;
    throw new InputError(`${out}: cannot write: ${why}`);
  }
}

function renderTrace(t: Trace, f: Flags): string {
  return f.opts.has('--text') ? traceText(t) : stringifyTrace(t) + '\n'; // the scenario's numbers as written
}

function cmdRun(argv: string[]): number {
  const f = parseFlags(argv, ['--arch', '--go', '--hash', '--seed', '-o', '--text']);
  if (f.args.length !== 1) throw new UsageError('run takes one scenario file');
  const file = f.args[0];
  return withFile(file, () => {
    const { scenario, config } = checkScenario(readJSONFile(file), configOverrides(f));
    const seed = f.opts.get('--seed');
    const t = runScenario(scenario, config, { seed: typeof seed === 'string' ? seed : undefined });
    return renderTrace(t, f);
  }, (text) => writeOut(f.opts.get('-o') as string | undefined, text));
}

function cmdReplay(argv: string[]): number {
  const f = parseFlags(argv, ['-o', '--text']);
  if (f.args.length !== 1) throw new UsageError('replay takes one trace file');
  const file = f.args[0];
  return withFile(file, () => {
    const { trace, scenario, config } = checkTrace(readJSONFile(file));
    const t = runScenario(scenario, config, { seeds: trace.seeds, recorded: trace.events });
    return renderTrace(t, f);
  }, (text) => writeOut(f.opts.get('-o') as string | undefined, text));
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
  if (f.args.length > 0) throw new UsageError(`demo takes no file, got ${JSON.stringify(f.args[0])}`);
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

/**
 * Runs fn, turning input errors (and goemu's own faults) into one line that names the file;
 * then hands fn's text to `write` (outside: a write error names the output file).
 */
function withFile(file: string, fn: () => number): number;
function withFile(file: string, fn: () => string, write: (text: string) => void): number;
function withFile(file: string, fn: () => number | string, write?: (text: string) => void): number {
  let r: number | string;
  try {
    r = fn();
  } catch (e) {
    if (e instanceof InputError) throw new InputError(`${file}: ${e.message}`);
    if (e instanceof OpFatal) throw new InputError(`${file}: ${e.where}: fatal error: ${e.message}`);
    if (e instanceof InternalFault) throw new InternalFault(`${file}: ${e.message}`, e.cause);
    throw e;
  }
  if (write) {
    write(r as string);
    return 0;
  }
  return r as number;
}

/** package.json's version (the package root is three levels above dist/src/cli). */
function version(): string {
  try {
    return String(JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8')).version);
  } catch {
    return 'unknown';
  }
}

function cmdHelp(argv: string[]): number {
  const f = parseFlags(argv, []);
  if (f.args.length > 1) throw new UsageError(`help takes at most one command, got ${f.args.length}`);
  if (f.args.length === 0) {
    process.stdout.write(allHelpText(version()));
    return 0;
  }
  if (!commandUsage(f.args[0])) throw new UsageError(`unknown command ${JSON.stringify(f.args[0])} (goemu help lists the commands)`);
  process.stdout.write(helpText(f.args[0]));
  return 0;
}

export function main(argv: string[]): number {
  const [cmd, ...rest] = argv;
  currentCommand = `goemu ${cmd ?? ''}`.trim();
  try {
    // Every command answers --help (and -h) the same way, from the one usage table (usage.ts).
    if (cmd !== undefined && commandUsage(cmd) && (rest.includes('--help') || rest.includes('-h'))) {
      process.stdout.write(helpText(cmd));
      return 0;
    }
    switch (cmd) {
      case 'run': return cmdRun(rest);
      case 'replay': return cmdReplay(rest);
      case 'diff': return cmdDiff(rest);
      case 'layout': return lazy.layout().layoutCommand(rest);
      case 'check': return lazy.check().checkCommand(rest);
      case 'view': return lazy.view().viewCommand(rest);
      case 'bench': return lazy.bench().benchCommand(rest);
      case 'demo': return cmdDemo(rest);
      case 'fuzz': return lazy.fuzz().fuzzCommand(rest);
      case 'memory': return lazy.memory().memoryCommand(rest);
      case 'help': return cmdHelp(rest);
      case '--help': case '-h':
        return cmdHelp(rest);
      case '--version': case '-V':
        currentCommand = 'goemu';
        if (rest.length > 0) throw new UsageError(`--version takes no arguments, got ${JSON.stringify(rest[0])}`);
        process.stdout.write(`goemu ${version()}\n`);
        return 0;
      case undefined:
        // No command: the list, on stderr, and a usage error's exit status.
        process.stderr.write(allHelpText(version()));
        return 2;
      default:
        throw new UsageError(`unknown command ${JSON.stringify(cmd)} (goemu help lists the commands)`);
    }
  } catch (e) {
    if (e instanceof InputError || e instanceof UsageError) {
      process.stderr.write(`${currentCommand}: ${e.message}\n`);
      return 2;
    }
    if (e instanceof OpFatal) {
      // A Go fatal error inside an op that no file context caught: Go exits 2 too.
      process.stderr.write(`${currentCommand}: ${e.where}: fatal error: ${e.message}\n`);
      return 2;
    }
    // A fault of goemu itself: still one line, never a stack trace (GOEMU_DEBUG=1 shows it).
    if (process.env.GOEMU_DEBUG) throw e instanceof InternalFault && e.cause ? e.cause : e;
    const msg = e instanceof InternalFault ? e.message : `internal error: ${(e as Error)?.name}: ${(e as Error)?.message}`;
    process.stderr.write(`${currentCommand}: ${msg.replace(/\s*\n\s*/g, ' ')}\n`);
    return 1;
  }
}

if (require.main === module) {
  // A reader that stops early (`goemu diff … | head`): stop quietly, not with a stack trace.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    process.stderr.write(`goemu: cannot write the output: ${e.code ?? e.message}\n`);
    process.exit(1);
  });
  process.exitCode = main(process.argv.slice(2));
}
