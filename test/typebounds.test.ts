// Type hardening (issue 10): every recursive walk over a type is bounded (typeparse.ts
// MAX_TYPE_DEPTH = 1,000 levels), through the command line: one line on stderr, exit 2, no stack
// trace; types at the bound still work end to end. Named types: the scenario's "types".

import { expect } from 'chai';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { MAX_TYPE_DEPTH } from '../src/runtime/typeparse';
import { TypeRegistry } from '../src/runtime/typeregistry';
import { layoutRuntime } from '../src/cli/layout';

const ROOT = path.join(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'src', 'cli', 'main.js');

function cli(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function expectOneLine(r: { code: number | null; stdout: string; stderr: string }, words: RegExp, maxLen = 400): void {
  expect(r.code, r.stderr).to.equal(2);
  expect(r.stdout).to.equal('');
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  expect(lines, r.stderr.slice(0, 500)).to.have.length(1);
  expect(lines[0]).to.match(words);
  expect(lines[0]).to.not.match(/Maximum call stack|RangeError|\n\s+at /);
  expect(lines[0].length, 'a short line').to.be.below(maxLen);
}

const nest = (n: number, inner = 'int'): string => '[1]'.repeat(n) + inner;
const deepValue = (n: number, v: unknown): unknown => {
  let x = v;
  for (let i = 0; i < n; i++) x = [x];
  return x;
};

describe('type nesting bound through the CLI', function () {
  this.timeout(120000);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'goemu-typebounds-'));
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));
  const scenarioFile = (name: string, sc: object): string => {
    const f = path.join(tmp, `${name}.scenario.json`);
    fs.writeFileSync(f, JSON.stringify({ arch: 'amd64', go: 'go1.19', hash: 'aes', seed: 's', ...sc }));
    return f;
  };
  const tooDeep = new RegExp(`more than ${MAX_TYPE_DEPTH} levels deep`);

  it('goemu layout of a 20,000-deep map[[1][1]…int]int: exit 2, one line', () => {
    expectOneLine(cli(['layout', `map[${nest(20000)}]int`]), tooDeep);
    // (5,000 levels: one command-line argument holds at most 128 KiB.)
    expectOneLine(cli(['layout', '--arch', '386', `map[int]${'*'.repeat(20000)}int`]), tooDeep);
    expectOneLine(cli(['layout', `map[int]${'struct{ a '.repeat(5000)}int${' }'.repeat(5000)}`]), tooDeep);
    expectOneLine(cli(['layout', `map[int]${'map[int]'.repeat(5000)}int`]), tooDeep);
  });

  it('goemu run: a deep map type, a deep dynamic type in an interface key, a deep chain of named types', () => {
    expectOneLine(cli(['run', scenarioFile('deep-op', { ops: [{ op: 'make', map: 'm', type: `map[${nest(20000)}]int` }] })]),
      /deep-op\.scenario\.json: op 0 \(make\) field "type": .*more than 1000 levels deep/);
    expectOneLine(cli(['run', scenarioFile('deep-dyn', {
      ops: [{ op: 'make', map: 'm', type: 'map[any]int' }, { op: 'set', map: 'm', key: { type: nest(5000), value: 0 }, elem: 1 }],
    // (values.ts quotes the dynamic type whole: one line, but a long one.)
    })]), /deep-dyn\.scenario\.json: op 1 \(set\).*more than 1000 levels deep/, 100000);
    // Each declaration is shallow, the chain is not: the registry's own bound (layout, gcmask,
    // alg and the value codec all walk the chain).
    const types: Record<string, string> = { T0: 'struct{ a *int; f float64 }' };
    for (let i = 1; i < 3000; i++) types[`T${i}`] = `struct{ a T${i - 1}; b string }`;
    expectOneLine(cli(['run', scenarioFile('deep-named', { types, ops: [{ op: 'make', map: 'm', type: 'map[T2999]int' }] })]),
      /deep-named\.scenario\.json: field "types" "T\d+": type ".*": .*more than 1000 levels deep/);
  });

  it('types at the bound work: layout, set, get, range and dump', () => {
    // The key's JSON must also fit the JSON reader's 1,000 levels with the scenario's 3 around it
    // (src/trace/json.ts MAX_JSON_DEPTH): 997 array levels, map + 996 arrays + int = 998 type levels.
    const arr = `map[${nest(MAX_TYPE_DEPTH - 4)}]int`;
    const l = cli(['layout', arr, '--json']);
    expect(l.code, l.stderr).to.equal(0);
    expect(JSON.parse(l.stdout).key.size).to.equal(8);
    // A chain of named structs with floats, pointers and strings: generated hash and equal,
    // gcmask, the value codec, all 1,000 levels deep.
    const types: Record<string, string> = { T0: 'struct{ f float64; p *int; s string }' };
    let v: unknown = [1.5, null, 'x'];
    for (let i = 1; i < MAX_TYPE_DEPTH - 3; i++) {
      types[`T${i}`] = `struct{ f float64; t T${i - 1} }`;
      v = [0.5, v];
    }
    const top = `T${MAX_TYPE_DEPTH - 4}`;
    const f = scenarioFile('at-bound', {
      types,
      ops: [
        { op: 'make', map: 'm', type: `map[${top}]int` },
        { op: 'set', map: 'm', key: v, elem: 1 },
        { op: 'get', map: 'm', key: v },
        { op: 'make', map: 'a', type: arr },
        { op: 'set', map: 'a', key: deepValue(MAX_TYPE_DEPTH - 4, 7), elem: 2 },
        { op: 'range', map: 'a' },
        { op: 'dump', map: 'm' },
      ],
    });
    const out = path.join(tmp, 'at-bound.trace.json');
    const r = cli(['run', f, '-o', out]);
    expect(r.code, r.stderr.slice(0, 500)).to.equal(0);
    const t = JSON.parse(fs.readFileSync(out, 'utf8'));
    expect(t.events[2]).to.deep.include({ found: true, elem: 1 });
    expect(t.events[5].entries).to.have.length(1);
    expect(t.events[0].layout.key.tflag).to.equal(15 & ~8); // named, uncommon, extraStar; floats: not regular memory
  });
});

describe('named types (the scenario\'s "types")', () => {
  const reg = (): TypeRegistry => new TypeRegistry(layoutRuntime('amd64', 'go1.19'));
  it('spells main.Name, keeps the underlying layout, has its own tflag and descriptor', () => {
    const r = reg();
    const p = r.declare('Point', 'struct{ X, Y int }');
    const u = r.get('struct{ X, Y int }');
    expect(p.str).to.equal('main.Point');
    expect(p).to.not.equal(u);
    expect([p.size, p.align, p.ptrdata, p.kindByte]).to.deep.equal([u.size, u.align, u.ptrdata, u.kindByte]);
    // tflag 15 for a named struct of ints (go-runtime-facts §6.2, verified on real Go).
    expect(p.tflag).to.equal(15);
    expect(u.tflag).to.equal(10);
    expect(r.get('Point')).to.equal(p);
    expect(r.get('main.Point')).to.equal(p);
    expect(r.get('map[Point][]main.Point').str).to.equal('map[main.Point][]main.Point');
    expect(r.declare('S', 'string').tflag).to.equal(7);
  });
  it('refuses what it cannot declare, with a reason', () => {
    const r = reg();
    r.declare('A', 'int');
    expect(() => r.declare('A', 'string')).to.throw('A redeclared in this block');
    expect(() => r.declare('int', 'string')).to.throw(/shadow the predeclared name int/);
    expect(() => r.declare('B', 'C')).to.throw(/unknown type name C/);
    expect(() => r.declare('L', 'struct{ next *L }')).to.throw(/unknown type name L/);
    expect(() => r.declare('1x', 'int')).to.throw(/not a Go identifier/);
    expect(() => r.declare('E', 'struct{ A; A }')).to.throw(/duplicate field A/);
    expect(() => r.mapType('map[[]A]int')).to.throw('invalid map key type []main.A');
  });
});

describe('goemu layout --types', () => {
  it('lays out a map of declared types; a bad declaration is one line, exit 2', () => {
    const r = cli(['layout', 'map[Point]S', '--types', '{"Point": "struct{ X, Y int }", "S": "string"}', '--json']);
    expect(r.code, r.stderr).to.equal(0);
    const l = JSON.parse(r.stdout);
    expect(l.type).to.equal('map[Point]S');
    expect([l.key.tflag, l.elem.tflag, l.key.size]).to.deep.equal([15, 7, 16]);
    expectOneLine(cli(['layout', 'map[int]A', '--types', '{"A": "B"}']), /^goemu layout: --types "A": unsupported type "B" at 0: unknown type name B$/);
    expectOneLine(cli(['layout', 'map[int]int', '--types', '[1]']), /--types: want a JSON object/);
  });
});

describe('arrays of zero-size elements past 2^53 (amd64)', function () {
  this.timeout(60000);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'goemu-hugearray-'));
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));
  it('goemu layout takes them on amd64 (size 0) and refuses them on 386 with Go\'s words', () => {
    const r = cli(['layout', 'map[[9007199254740992]struct{}]int', '--json']);
    expect(r.code, r.stderr).to.equal(0);
    expect(JSON.parse(r.stdout).key.size).to.equal(0);
    // Real Go 1.19 / 1.15, GOARCH=386: "array length 9007199254740992 (untyped int constant)
    // must be integer"; "constant 9007199254740992 overflows int", "array bound is too large".
    expectOneLine(cli(['layout', 'map[[9007199254740992]struct{}]int', '--arch', '386']),
      /^goemu layout: type "\[9007199254740992\]struct \{\}": array length 9007199254740992 \(untyped int constant\) must be integer$/);
    expectOneLine(cli(['layout', 'map[[9007199254740992]struct{}]int', '--arch', '386', '--go', 'go1.15']),
      /constant 9007199254740992 overflows int \(array bound is too large\)$/);
  });
  it('goemu run makes such a map; a zero value too big to write is one line, exit 2, not a hang', () => {
    const f = path.join(tmp, 'huge.scenario.json');
    const ops: object[] = [{ op: 'make', map: 'm', type: 'map[[9007199254740992]struct{}]int' }, { op: 'len', map: 'm' }, { op: 'range', map: 'm' }];
    fs.writeFileSync(f, JSON.stringify({ arch: 'amd64', go: 'go1.19', hash: 'aes', ops }));
    const ok = cli(['run', f]);
    expect(ok.code, ok.stderr).to.equal(0);
    expect(JSON.parse(ok.stdout).events[1].len).to.equal(0);
    ops.push({ op: 'nil', map: 'z', type: 'map[int][9007199254740993]struct{}' }, { op: 'get', map: 'z', key: 1 });
    fs.writeFileSync(f, JSON.stringify({ arch: 'amd64', go: 'go1.19', hash: 'aes', ops }));
    expectOneLine(cli(['run', f]), /op 4 \(get\) field "map": the zero value of \[9007199254740993\]struct \{\} has 9\.007e\+15 elements/);
  });
});
