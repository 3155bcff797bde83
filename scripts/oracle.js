#!/usr/bin/env node
'use strict';
// npm run oracle -- SCENARIO.json [--arch amd64|386] [--go go1.15|go1.19] [--hash aes|fallback] [-o OUT]
// Runs a scenario on the real Go runtime and writes its trace (gomap-trace/1). See oracle/README.md.

const fs = require('fs');
const os = require('os');
const path = require('path');
const { runScenario, OracleError } = require('../oracle/runner');

const USAGE = 'usage: npm run oracle -- SCENARIO.json [--arch amd64|386] [--go go1.15|go1.19] [--hash aes|fallback] [-o OUT]';

function parseArgs(argv) {
  const flags = {};
  let file = null;
  let out = null;
  for (let i = 0; i < argv.length; i++) {
    let a = argv[i];
    let v = null;
    const eq = a.indexOf('=');
    if (a.startsWith('-') && eq > 0) {
      v = a.slice(eq + 1);
      a = a.slice(0, eq);
    }
    const value = () => {
      if (v !== null) return v;
      if (i + 1 >= argv.length) throw new OracleError(`oracle: ${a} needs a value\n${USAGE}`);
      return argv[++i];
    };
    switch (a) {
      case '--arch': flags.arch = value(); break;
      case '--go': flags.go = value(); break;
      case '--hash': flags.hash = value(); break;
      case '-o': case '--out': out = value(); break;
      case '-h': case '--help':
        process.stdout.write(`${USAGE}\n`);
        process.exit(0);
        break;
      default:
        if (a.startsWith('-') && a !== '-') throw new OracleError(`oracle: unknown flag ${a}\n${USAGE}`);
        if (file !== null) throw new OracleError(`oracle: more than one scenario given\n${USAGE}`);
        file = a;
    }
  }
  if (file === null) throw new OracleError(`oracle: no scenario given\n${USAGE}`);
  return { file, flags, out };
}

async function main() {
  const { file, flags, out } = parseArgs(process.argv.slice(2));
  let input = file;
  if (file === '-') {
    // the tracer reads the scenario itself: give it a file
    input = path.join(os.tmpdir(), `goemu-scenario-${process.pid}.json`);
    fs.writeFileSync(input, fs.readFileSync(0));
  }
  let trace;
  try {
    trace = await runScenario(input, flags);
  } finally {
    if (input !== file) fs.rmSync(input, { force: true });
  }
  if (out) {
    fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
    const tmp = `${out}.tmp-${process.pid}`;
    fs.writeFileSync(tmp, trace);
    fs.renameSync(tmp, out);
  } else {
    process.stdout.write(trace);
  }
}

main().catch((e) => {
  if (e instanceof OracleError) {
    process.stderr.write(`${e.message}\n`);
    process.exit(e.code);
  }
  process.stderr.write(`oracle: ${e && e.stack ? e.stack : e}\n`);
  process.exit(2);
});
