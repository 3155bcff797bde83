// The command line as a user meets it: help, --version, usage errors, diff's summary.
// Every case spawns the built CLI (node dist/src/cli/main.js …).

import { expect } from 'chai';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'src', 'cli', 'main.js');

function cli(args: string[], env: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd: ROOT, env: { ...process.env, ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A usage error: one line on stderr naming the command, nothing on stdout, exit 2. */
function expectUsageError(args: string[], match?: RegExp): void {
  const r = cli(args);
  const what = `goemu ${args.join(' ')}`;
  expect(r.status, `${what}: exit`).to.equal(2);
  expect(r.stdout, `${what}: stdout`).to.equal('');
  expect(r.stderr.trimEnd().split('\n'), `${what}: one line, got ${JSON.stringify(r.stderr)}`).to.have.length(1);
  expect(r.stderr, what).to.match(/^goemu\b/);
  expect(r.stderr, what).to.not.match(/\n\s+at |internal error/);
  if (match) expect(r.stderr, what).to.match(match);
}

const COMMANDS = ['run', 'replay', 'diff', 'layout', 'check', 'view', 'demo', 'bench', 'fuzz', 'help'];

describe('goemu command line', function () {
  this.timeout(60000);

  describe('help and --version', () => {
    it('`goemu help` lists every command, one synopsis each, and exits 0', () => {
      const r = cli(['help']);
      expect(r.status).to.equal(0);
      expect(r.stderr).to.equal('');
      for (const c of COMMANDS) {
        const lines = r.stdout.split('\n').filter((l) => l.startsWith(`  goemu ${c} `) || l === `  goemu ${c}`);
        expect(lines, `goemu ${c} in goemu help`).to.have.length(1);
      }
      expect(r.stdout).to.include('goemu --version');
    });

    it('no arguments lists the commands on stderr, exit 2', () => {
      const r = cli([]);
      expect(r.status).to.equal(2);
      expect(r.stdout).to.equal('');
      expect(r.stderr).to.include('goemu run SCENARIO.json');
    });

    for (const c of COMMANDS) {
      it(`goemu ${c} --help, -h and goemu help ${c} print the same usage, exit 0`, () => {
        const a = cli([c, '--help']);
        const b = cli(['help', c]);
        const h = cli([c, '-h']);
        expect(a.status, `${c} --help`).to.equal(0);
        expect(a.stderr).to.equal('');
        expect(a.stdout).to.match(new RegExp(`^usage: goemu ${c}\\b`));
        expect(b).to.deep.equal(a);
        expect(h).to.deep.equal(a);
        // and that line is the one `goemu help` lists
        const first = a.stdout.split('\n')[0].replace(/^usage: /, '  ');
        expect(cli(['help']).stdout.split('\n')).to.include(first);
      });
    }

    it('`goemu --version` prints package.json\'s version', () => {
      const version = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
      const r = cli(['--version']);
      expect(r).to.deep.equal({ status: 0, stdout: `goemu ${version}\n`, stderr: '' });
    });

    it('help for an unknown command, or two, is a usage error', () => {
      expectUsageError(['help', 'nope'], /unknown command "nope"/);
      expectUsageError(['help', 'run', 'diff']);
      expectUsageError(['nope'], /unknown command "nope"/);
      expectUsageError(['--version', 'x']);
    });
  });

  describe('stray arguments and unknown flags', () => {
    const scenario = path.join(ROOT, 'examples', 'demo.scenario.json');
    const cases: string[][] = [
      ['demo', 'extra'],
      ['demo', '--arch', '386', 'extra'],
      ['demo', '--nope'],
      ['run', scenario, 'extra'],
      ['run', scenario, '--nope'],
      ['run', scenario, '--text=yes'],
      ['run'],
      ['replay', 'a.json', 'b.json'],
      ['replay', 'a.json', '--arch', '386'],
      ['diff', 'a.json'],
      ['diff', 'a.json', 'b.json', 'c.json'],
      ['diff', 'a.json', 'b.json', '--nope'],
      ['layout', 'map[int]int', 'extra'],
      ['layout', 'map[int]int', '--nope'],
      ['check', scenario, 'extra'],
      ['check', scenario, '--nope'],
      ['view', scenario, scenario, 'extra'],
      ['view', scenario, '--nope'],
      ['bench', 'extra'],
      ['bench', '--nope'],
      ['bench', '--quick=1'],
      ['fuzz', 'extra'],
      ['fuzz', '--nope'],
      ['fuzz', '--check', scenario, '--ops', '5'],
    ];
    for (const c of cases) {
      it(`goemu ${c.map((x) => path.basename(x)).join(' ')}: one line, exit 2`, () => expectUsageError(c));
    }
  });
});
