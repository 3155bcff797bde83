// Bad input: every malformed file of test/badinput/ gets exactly one line on stderr naming the
// file (and the op index and field where there is one), exit 2, nothing on stdout and no output
// file left behind. The expected lines are in test/badinput/expected.json. Also: Go panics inside
// ops stay in the trace, oversized hints act as 0, and faults inside the emulator print one line.

import { expect } from 'chai';
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../src/cli/main';
import { MapRuntime } from '../src/runtime/map';
import { fatal } from '../src/runtime/errors';
import { ScenarioRunner, runScenario } from '../src/scenario/run';
import { checkScenario } from '../src/scenario/scenario';
import { expectedB } from '../src/fuzz/check';
import { Scenario } from '../src/trace/format';

const ROOT = path.join(__dirname, '..', '..');
const DIR = path.join(ROOT, 'test', 'badinput');
const CLI = path.join(ROOT, 'dist', 'src', 'cli', 'main.js');

interface Expected {
  args: string[];
  code: number;
  stderr: string;
}

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
  left: string[];
}

function runCLI(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: { ...process.env, GOEMU_DEBUG: '' } });
    let stdout = '', stderr = '';
    p.stdout.on('data', (d) => { stdout += d; });
    p.stderr.on('data', (d) => { stderr += d; });
    p.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('bad input (test/badinput/)', function () {
  this.timeout(120000);
  const expected: Record<string, Expected> = JSON.parse(fs.readFileSync(path.join(DIR, 'expected.json'), 'utf8'));
  const results = new Map<string, Result>();

  before(async () => {
    const names = Object.keys(expected);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < names.length) {
        const name = names[next++];
        const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'goemu-bad-'));
        const args = expected[name].args.map((a) =>
          a.replace('{file}', `test/badinput/${name}`).replace('{out}', path.join(tmp, 'out.json')).replace('{tmp}', tmp));
        const r = await runCLI(args);
        const left = fs.readdirSync(tmp);
        fs.rmSync(tmp, { recursive: true, force: true });
        results.set(name, { ...r, stderr: r.stderr.split(tmp).join('{tmp}'), left });
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
  });

  it('has at least 40 malformed inputs, each with its expected line', () => {
    const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.json') && f !== 'expected.json').sort();
    expect(files.length).to.be.at.least(40);
    expect(Object.keys(expected).sort()).to.deep.equal(files);
  });

  for (const name of Object.keys(expected)) {
    it(name, () => {
      const r = results.get(name)!;
      const want = expected[name];
      expect(r.stderr, 'stderr').to.equal(want.stderr + '\n');
      expect(r.code, 'exit code').to.equal(want.code);
      expect(r.code, 'exit code').to.equal(2);
      expect(r.stdout, 'stdout').to.equal('');
      expect(r.left, 'files left in the output directory').to.deep.equal([]);
      expect(want.stderr).to.not.match(/\n|    at /);
      const shown = want.args.includes('{file}') ? `test/badinput/${name}` : null;
      if (shown && !/cannot write/.test(want.stderr)) expect(want.stderr).to.contain(`: ${shown}: `);
      // An op's problem names its index and, where the op has one, the field.
      if (/^goemu \w+: [^:]+: (op|event) \d+/.test(want.stderr) && !/missing field|want an object/.test(want.stderr)) {
        expect(want.stderr).to.match(/(op|event) \d+( \(\w+\))? field "[\w.]+"/);
      }
    });
  }
});

describe('ops that panic in Go stay in the trace', () => {
  it('nil-map writes and unhashable keys are events with "panic", exit 0', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'goemu-panic-'));
    const file = path.join(tmp, 'p.scenario.json');
    fs.writeFileSync(file, JSON.stringify({
      arch: '386', go: 'go1.15', hash: 'fallback', seed: 'p',
      ops: [
        { op: 'nil', map: 'n', type: 'map[any]int' },
        { op: 'set', map: 'n', key: { type: 'int', value: 1 }, elem: 1 },
        { op: 'get', map: 'n', key: { type: '[]int', value: [1] } },
        { op: 'delete', map: 'n', key: { type: 'map[int]int', value: null } },
        { op: 'make', map: 'm', type: 'map[[1]interface{}]int' },
        { op: 'set', map: 'm', key: [{ type: 'func()', value: null }], elem: 2 },
        { op: 'set', map: 'm', key: [{ type: 'int8', value: 1 }], elem: 3 },
        { op: 'range', map: 'm' },
      ],
    }));
    const r = await runCLI(['run', file]);
    fs.rmSync(tmp, { recursive: true, force: true });
    expect(r.stderr).to.equal('');
    expect(r.code).to.equal(0);
    const t = JSON.parse(r.stdout);
    expect(t.events.map((e: { panic?: string }) => e.panic ?? null)).to.deep.equal([
      null,
      'assignment to entry in nil map',
      'runtime error: hash of unhashable type []int',
      'runtime error: hash of unhashable type map[int]int',
      null,
      'runtime error: hash of unhashable type func()',
      null,
      null,
    ]);
    expect(t.events[7].entries).to.deep.equal([[[{ type: 'int8', value: 1 }], 3]]);
  });
});

describe('oversized hints act as 0 (makemap, makemap64)', () => {
  const type = 'map[int64]int64';
  for (const arch of ['amd64', '386'] as const) {
    for (const go of ['go1.15', 'go1.19'] as const) {
      it(`${arch} ${go}`, () => {
        const sc: Scenario = { arch, go, hash: 'aes', seed: 'hints', ops: [] };
        const ps = arch === 'amd64' ? 8 : 4;
        const bs = new ScenarioRunner(sc, { arch, go, hash: 'aes' }).reg.mapType(type).bucketsize;
        expect(bs).to.equal(arch === 'amd64' ? 144 : 140);
        // Negative hints, hints whose buckets would pass maxAlloc (the first one just past it),
        // and on 386 hints that do not fit an int.
        const hints: (number | string)[] = arch === 'amd64'
          ? [-1, -(2 ** 53), '-9223372036854775808', '9223372036854775807', '4611686018427387904', 2 ** 53, Math.floor(2 ** 48 / bs) + 1]
          : [-1, '-9223372036854775808', '9223372036854775807', 2 ** 31, 2 ** 32 + 5, 2 ** 31 - 1, 2 ** 40, Math.floor((2 ** 32 - 1) / bs) + 1];
        const want: number[] = [];
        hints.forEach((h, i) => {
          sc.ops.push({ op: 'make', map: `m${i}`, type, hint: h }, { op: 'set', map: `m${i}`, key: 1, elem: 2 }, { op: 'dump', map: `m${i}` });
          want.push(expectedB(h, ps, bs));
        });
        expect(want.every((b) => b === 0), `expected B ${want}`).to.equal(true);
        const { scenario, config } = checkScenario(sc);
        const t = runScenario(scenario, config);
        expect(t.events.filter((e) => e.op === 'dump').map((e) => e.state!.B)).to.deep.equal(want);
        expect(t.events.some((e) => e.panic)).to.equal(false);
      });
    }
  }
  it('the rule: the last hint that passes the check, and the first that does not', () => {
    expect(expectedB(Math.floor((2 ** 32 - 1) / 140), 4, 140)).to.equal(23);
    expect(expectedB(Math.floor((2 ** 32 - 1) / 140) + 1, 4, 140)).to.equal(0);
    expect(expectedB(Math.floor(2 ** 48 / 144), 8, 144)).to.equal(39);
    expect(expectedB(Math.floor(2 ** 48 / 144) + 1, 8, 144)).to.equal(0);
    expect(expectedB(2 ** 31 - 1, 8, 144)).to.equal(29);
    expect(expectedB(2 ** 31 - 1, 4, 140)).to.equal(0);
    expect(expectedB(13, 8, 144)).to.equal(1);
    expect(expectedB(14, 8, 144)).to.equal(2);
    expect(expectedB(8, 8, 144)).to.equal(0);
    expect(expectedB(9, 8, 144)).to.equal(1);
  });
});

describe('a reader that stops early', () => {
  it('goemu diff … | head -1: no stack trace', async () => {
    const a = path.join(ROOT, 'fixtures', 'traces', 'go1.15-386-aes', 'clear.trace.json');
    const b = path.join(ROOT, 'fixtures', 'traces', 'go1.19-386-aes', 'clear.trace.json');
    const r = await new Promise<{ code: number | null; stderr: string; stdout: string }>((resolve) => {
      const p = spawn('bash', ['-c', `"${process.execPath}" "${CLI}" diff "${a}" "${b}" | head -1; exit \${PIPESTATUS[0]}`], { cwd: ROOT });
      let stdout = '', stderr = '';
      p.stdout.on('data', (d) => { stdout += d; });
      p.stderr.on('data', (d) => { stderr += d; });
      p.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    expect(r.stderr).to.equal('');
    expect(r.stdout.split('\n').length).to.equal(2);
    expect(r.code).to.equal(1); // the traces differ
  });
});

describe('faults inside the emulator print one line', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'goemu-fault-'));
  const file = path.join(tmp, 'f.scenario.json');
  fs.writeFileSync(file, JSON.stringify({
    arch: 'amd64', go: 'go1.19', hash: 'aes',
    ops: [{ op: 'make', map: 'm', type: 'map[[3]int]int' }, { op: 'set', map: 'm', key: [1, 2, 3], elem: 4 }],
  }));
  const P = MapRuntime.prototype as unknown as Record<string, unknown>;
  const saved = P.mapassign;
  const capture = (fn: () => number): { code: number; err: string } => {
    const w = process.stderr.write;
    let err = '';
    process.stderr.write = ((s: string) => { err += s; return true; }) as typeof process.stderr.write;
    const debug = process.env.GOEMU_DEBUG;
    delete process.env.GOEMU_DEBUG;
    try {
      return { code: fn(), err };
    } finally {
      process.stderr.write = w;
      if (debug !== undefined) process.env.GOEMU_DEBUG = debug;
    }
  };
  after(() => {
    P.mapassign = saved;
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('a JS exception inside an op: one line with the file and the op, exit 1', () => {
    P.mapassign = () => { throw new TypeError('cannot read properties of undefined'); };
    const r = capture(() => main(['run', file, '-o', path.join(tmp, 'out.json')]));
    P.mapassign = saved;
    expect(r.err).to.equal(`goemu run: ${file}: op 1 (set): internal error: TypeError: cannot read properties of undefined\n`);
    expect(r.code).to.equal(1);
    expect(fs.readdirSync(tmp)).to.deep.equal(['f.scenario.json']);
  });

  it('a Go fatal error inside an op: one line with the file and the op, exit 2 (as Go exits)', () => {
    P.mapassign = () => { throw fatal('concurrent map writes'); };
    const r = capture(() => main(['run', file]));
    P.mapassign = saved;
    expect(r.err).to.equal(`goemu run: ${file}: op 1 (set): fatal error: concurrent map writes\n`);
    expect(r.code).to.equal(2);
  });
});
