// goemu's JSON reader and writer (src/trace/json.ts) and what rests on them: numbers echoed in a
// trace exactly as the scenario wrote them (as real Go's oracle echoes them: the committed
// fixtures/traces/*/number-spellings.trace.json, written by the oracle), hints in every spelling
// the oracle's strconv.ParseInt(s, 0, 64) takes, and a bound, with one line and exit 2, on every
// recursive walk of JSON input and values (JSON nesting, the value codec, zero values, dumps and
// the text view).

import { expect } from 'chai';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createRuntime } from '../src/runtime/create';
import { TypeRegistry } from '../src/runtime/typeregistry';
import { encodeValue } from '../src/runtime/values';
import { checkScenario, checkTrace, parseJSON } from '../src/scenario/scenario';
import { runScenario } from '../src/scenario/run';
import { JSONNumber, MAX_JSON_DEPTH, parseJSONText, stringifyJSON, stringifyTrace } from '../src/trace/json';

const ROOT = path.join(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'src', 'cli', 'main.js');
const TRACES = path.join(ROOT, 'fixtures', 'traces');

function cli(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, GOEMU_DEBUG: '' }, maxBuffer: 1 << 28 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** One line on stderr, exit 2, nothing on stdout, no stack trace. */
function expectOneLine(r: { code: number | null; stdout: string; stderr: string }, pattern: RegExp): void {
  expect(r.stderr, 'stderr').to.match(pattern);
  expect(r.stderr.trimEnd().split('\n'), r.stderr).to.have.length(1);
  expect(r.stderr).to.not.match(/    at |RangeError|Maximum call stack/);
  expect(r.code, r.stderr).to.equal(2);
  expect(r.stdout).to.equal('');
}

describe('JSON reader (src/trace/json.ts)', () => {
  it('keeps a number as text exactly where a JS number would not give it back', () => {
    const v = parseJSONText('[1, -2, 0.5, 1e-7, 9007199254740992, 9007199254740993, 1.0, 1e3, -0, 1E-7, 123456789012345678, 0.10000000000000000555]') as unknown[];
    expect(v.slice(0, 5)).to.deep.equal([1, -2, 0.5, 1e-7, 9007199254740992]);
    expect(v.slice(5).map((x) => (x instanceof JSONNumber ? x.text : `plain ${String(x)}`)))
      .to.deep.equal(['9007199254740993', '1.0', '1e3', '-0', '1E-7', '123456789012345678', '0.10000000000000000555']);
    expect(stringifyJSON(v)).to.equal('[1,-2,0.5,1e-7,9007199254740992,9007199254740993,1.0,1e3,-0,1E-7,123456789012345678,0.10000000000000000555]');
  });

  it('reads everything else as JSON.parse does', () => {
    const texts = ['{"a":[1,{"b":null}],"c":"x\\u00e9\\n\\"\\\\\\/\\b\\f\\r\\t","d":true,"e":false}', '"\\ud83d\\ude00"', '{"a":1,"a":2}', ' [ ] ', '{"__proto__": {"x": 1}}', '-1.5e-300'];
    for (const t of texts) {
      const mine = parseJSONText(t);
      expect(mine, t).to.deep.equal(JSON.parse(t));
      expect(stringifyJSON(mine), t).to.equal(JSON.stringify(JSON.parse(t)));
    }
    expect(Object.getPrototypeOf(parseJSONText('{"__proto__": {"x": 1}}'))).to.equal(Object.prototype);
  });

  it('names the line and column of a syntax error', () => {
    const bad: [string, string][] = [
      ['', 'invalid JSON: unexpected end of input at line 1 column 1'],
      ['{"a": 1,}', "invalid JSON: unexpected '}' at line 1 column 9 (want a double-quoted property name)"],
      ['[1,\n 01]', "invalid JSON: unexpected '1' at line 2 column 3 (want ',' or ']')"],
      ['[1.]', "invalid JSON: unexpected ']' at line 1 column 4 (want a digit)"],
      ['"a\tb"', 'invalid JSON: unexpected character U+0009 at line 1 column 3 (want a character or an escape in a string)'],
      ['[NaN]', "invalid JSON: unexpected 'N' at line 1 column 2 (want a value)"],
      ['1 2', "invalid JSON: unexpected '2' at line 1 column 3 (want the end of the input)"],
    ];
    for (const [t, msg] of bad) expect(() => parseJSON(t), JSON.stringify(t)).to.throw(msg);
  });

  it(`bounds nesting at ${MAX_JSON_DEPTH} levels, with one error`, () => {
    const ok = '['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH);
    expect(() => parseJSONText(ok)).to.not.throw();
    for (const n of [MAX_JSON_DEPTH + 1, 100000]) {
      expect(() => parseJSON('{"a":' + '['.repeat(n) + ']'.repeat(n) + '}'))
        .to.throw(`invalid JSON: arrays and objects nest deeper than ${MAX_JSON_DEPTH} levels at line 1 column ${5 + MAX_JSON_DEPTH}`);
    }
  });
});

describe('a trace echoes the scenario\'s numbers as written, as real Go does', () => {
  const configs = fs.readdirSync(TRACES).filter((d) => fs.statSync(path.join(TRACES, d)).isDirectory()).sort();

  it('has the oracle\'s number-spellings trace on all 8 configurations', () => {
    const have = configs.filter((c) => fs.existsSync(path.join(TRACES, c, 'number-spellings.trace.json')));
    expect(have).to.have.length(8);
    const goText = fs.readFileSync(path.join(TRACES, 'go1.19-amd64-aes', 'number-spellings.trace.json'), 'utf8');
    // What real Go wrote for the scenario (compacted, as written).
    for (const s of ['"key":9007199254740993', '"hint":"+9"', '"key":1.0', '"elem":1e3', '"key":-0', '"key":1E-7', '"hint":9223372036854775807', '"elem":18446744073709551615']) {
      expect(goText).to.contain(s);
    }
  });

  for (const c of ['go1.15-386-fallback', 'go1.19-amd64-aes']) {
    it(`${c}: goemu replay writes the scenario text real Go wrote`, () => {
      const file = path.join(TRACES, c, 'number-spellings.trace.json');
      const goTrace = parseJSON(fs.readFileSync(file, 'utf8')) as { scenario: unknown };
      const r = cli(['replay', path.relative(ROOT, file)]);
      expect(r.stderr).to.equal('');
      expect(r.code).to.equal(0);
      const i = r.stdout.indexOf('"scenario":') + '"scenario":'.length;
      const mine = stringifyJSON((parseJSON(r.stdout) as { scenario: unknown }).scenario);
      expect(mine).to.equal(stringifyJSON(goTrace.scenario));
      expect(r.stdout.slice(i, i + mine.length)).to.equal(mine);
      expect(r.stdout).to.contain('"key":9007199254740993,"elem":1.00000005960464478');
    });
  }

  it('goemu run echoes the same, and --text shows the numbers as written', () => {
    const sc = path.join('fixtures', 'scenarios', 'number-spellings.scenario.json');
    const r = cli(['run', sc, '--arch', '386', '--go', 'go1.19', '--hash', 'aes']);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.contain('{"op":"set","map":"n","key":9223372036854775807,"elem":18446744073709551615}');
    const t = cli(['run', sc, '--text', '--arch', 'amd64', '--go', 'go1.15', '--hash', 'fallback']);
    expect(t.stdout).to.contain('set m[9007199254740993] = 1.00000005960464478');
    expect(t.stdout).to.contain('hint=+9');
  });

  it('stringifyTrace writes JSON.stringify\'s text for a trace without kept numbers', () => {
    const { scenario, config } = checkScenario(parseJSON(fs.readFileSync(path.join(ROOT, 'examples', 'demo.scenario.json'), 'utf8')));
    const t = runScenario(scenario, config);
    expect(stringifyTrace(t)).to.equal(JSON.stringify(t));
  });
});

describe('hints in the spellings real Go takes', () => {
  const sc = (hint: unknown): unknown => ({ arch: 'amd64', go: 'go1.19', hash: 'aes', ops: [{ op: 'make', map: 'm', type: 'map[int]int', hint }] });
  it('accepts what strconv.ParseInt(s, 0, 64) accepts', () => {
    for (const h of ['+9', '-9', '0x10', '-0X10', '0b101', '0o17', '017', '1_000', '0x_1f', '9223372036854775807', '-9223372036854775808']) {
      expect(() => checkScenario(sc(h)), h).to.not.throw();
    }
    expect(() => checkScenario(parseJSON('{"arch":"amd64","go":"go1.19","hash":"aes","ops":[{"op":"make","map":"m","type":"map[int]int","hint":9223372036854775807}]}'))).to.not.throw();
  });
  it('refuses the rest with one line', () => {
    const bad: [string, string][] = [
      ['++9', 'op 0 (make) field "hint": want an integer (a number or a Go integer string such as "+9", "-0x10", "1_000"), got "++9"'],
      ['1e3', 'op 0 (make) field "hint": want an integer (a number or a Go integer string such as "+9", "-0x10", "1_000"), got "1e3"'],
      ['1__0', 'op 0 (make) field "hint": want an integer (a number or a Go integer string such as "+9", "-0x10", "1_000"), got "1__0"'],
      ['08', 'op 0 (make) field "hint": want an integer (a number or a Go integer string such as "+9", "-0x10", "1_000"), got "08"'],
      [' 9', 'op 0 (make) field "hint": want an integer (a number or a Go integer string such as "+9", "-0x10", "1_000"), got " 9"'],
      ['9223372036854775808', 'op 0 (make) field "hint": 9223372036854775808 does not fit an int64'],
      ['-0x8000000000000001', 'op 0 (make) field "hint": -0x8000000000000001 does not fit an int64'],
    ];
    for (const [h, msg] of bad) expect(() => checkScenario(sc(h)), h).to.throw(msg);
    expect(() => checkScenario(parseJSON('{"arch":"amd64","go":"go1.19","hash":"aes","ops":[{"op":"make","map":"m","type":"map[int]int","hint":1e3}]}')))
      .to.throw('op 0 (make) field "hint": want an integer (a number or a Go integer string such as "+9", "-0x10", "1_000"), got 1e3');
  });
  it('an octal "010" is 8, as in Go (B = 0), not 10 (B = 1)', () => {
    const { scenario, config } = checkScenario(sc('010'));
    const t = runScenario(scenario, config);
    const bucket = (t.events[0].layout as { bucketsize: number }).bucketsize;
    expect(bucket).to.equal(144);
    const s = checkScenario({ ...(sc('010') as object), ops: [...(sc('010') as { ops: unknown[] }).ops, { op: 'dump', map: 'm' }] } as unknown);
    expect(runScenario(s.scenario, s.config).events[1].state!.B).to.equal(0);
    const s10 = checkScenario({ ...(sc('10') as object), ops: [...(sc('10') as { ops: unknown[] }).ops, { op: 'dump', map: 'm' }] } as unknown);
    expect(runScenario(s10.scenario, s10.config).events[1].state!.B).to.equal(1);
  });
});

describe('every recursive walk of JSON and values is bounded: one line, exit 2', function () {
  this.timeout(60000);
  let tmp = '';
  before(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'goemu-deep-')); });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));
  const deep = (n: number): string => '['.repeat(n) + ']'.repeat(n);
  const head = '"arch":"amd64","go":"go1.19","hash":"aes"';

  it('a 100,000-deep array in a scenario (run, view, check)', () => {
    const f = path.join(tmp, 'deep.scenario.json');
    fs.writeFileSync(f, `{${head},"comment":${deep(100000)},"ops":[{"op":"make","map":"m","type":"map[int]int"}]}`);
    const col = `line 1 column ${head.length + 12 + MAX_JSON_DEPTH}`; // level 1001: the 1000th '[' inside the object
    expectOneLine(cli(['run', f]), new RegExp(`^goemu run: .*deep\\.scenario\\.json: invalid JSON: arrays and objects nest deeper than 1000 levels at ${col}\\n$`));
    expectOneLine(cli(['run', f, '--text']), /invalid JSON: arrays and objects nest deeper than 1000 levels/);
    expectOneLine(cli(['view', f, '--html', path.join(tmp, 'v.html')]), /^goemu view: .*deep\.scenario\.json: invalid JSON: arrays and objects nest deeper/);
    expectOneLine(cli(['check', f]), /^goemu check: .*invalid JSON: arrays and objects nest deeper/);
  });

  it('a 100,000-deep value as a key, and in a trace (replay, diff)', () => {
    const f = path.join(tmp, 'key.scenario.json');
    fs.writeFileSync(f, `{${head},"ops":[{"op":"make","map":"m","type":"map[[1]int]int"},{"op":"set","map":"m","key":${deep(100000)},"elem":1}]}`);
    expectOneLine(cli(['run', f]), /invalid JSON: arrays and objects nest deeper than 1000 levels/);
    const t = path.join(tmp, 'deep.trace.json');
    fs.writeFileSync(t, `{"format":"gomap-trace/1","scenario":{${head},"ops":[]},"events":${deep(100000)}}`);
    expectOneLine(cli(['replay', t]), /^goemu replay: .*deep\.trace\.json: invalid JSON: arrays and objects nest deeper/);
    const good = path.join(tmp, 'good.trace.json');
    fs.copyFileSync(path.join(TRACES, 'go1.19-amd64-aes', 'number-spellings.trace.json'), good);
    expectOneLine(cli(['diff', good, t]), /^goemu diff: .*deep\.trace\.json: invalid JSON: arrays and objects nest deeper/);
  });

  it('a 999-deep value within the JSON bound runs and dumps', () => {
    // [1]interface{} holding [1]interface{} …: each level is one JSON array and one object.
    let v = '1';
    for (let k = 0; k < 240; k++) v = `[{"type":"[1]interface {}","value":${k === 0 ? `[{"type":"int","value":${v}}]` : v}}]`;
    const f = path.join(tmp, 'ok.scenario.json');
    fs.writeFileSync(f, `{${head},"ops":[{"op":"make","map":"m","type":"map[int][1]interface {}"},{"op":"set","map":"m","key":1,"elem":${v}},{"op":"get","map":"m","key":1},{"op":"dump","map":"m"}]}`);
    const r = cli(['run', f]);
    expect(r.stderr).to.equal('');
    expect(r.code).to.equal(0);
    const tr = cli(['run', f, '--text']);
    expect(tr.code, tr.stderr).to.equal(0);
  });

  it('the value codec: a value nested past 1000 levels through the API', () => {
    const rt = createRuntime('amd64', 'go1.19', 'aes', 'deep');
    const reg = new TypeRegistry(rt);
    const t = reg.get('[1]interface {}');
    let v: unknown = [{ type: 'int', value: 1 }];
    for (let k = 0; k < 3000; k++) v = [{ type: '[1]interface {}', value: v }];
    const p = rt.heap.mallocgc(t.size, true);
    let err: Error | undefined;
    try {
      encodeValue(reg, t, v, p, 'op 1 (set) field "key"');
    } catch (e) {
      err = e as Error;
    }
    expect(err).to.be.instanceOf(Error);
    expect(err!.message).to.equal('op 1 (set) field "key"[0].value[0].value…: the value nests deeper than 1000 levels of arrays, structs, slices and interfaces');
  });

  it('zero values, dumps and the text view of a type nested past 1000 levels', () => {
    const f = path.join(tmp, 'type.scenario.json');
    const ty = 'map[int8]' + '[1]'.repeat(1001) + 'int8';
    fs.writeFileSync(f, JSON.stringify({ arch: 'amd64', go: 'go1.19', hash: 'aes', ops: [{ op: 'make', map: 'm', type: ty }, { op: 'get', map: 'm', key: 1 }] }));
    // Since the type parser's own bound (src/runtime/typeparse.ts MAX_TYPE_DEPTH, 1,000 levels), such a
    // type is refused at its make, before any zero value is built: still one line, exit 2.
    expectOneLine(cli(['run', f]), /^goemu run: .*type\.scenario\.json: op 0 \(make\) field "type": unsupported type .*type nests more than 1000 levels deep/);
    expectOneLine(cli(['run', f, '--text']), /op 0 \(make\) field "type": .*type nests more than 1000 levels deep/);
    const g = path.join(tmp, 'dump.scenario.json');
    fs.writeFileSync(g, JSON.stringify({ arch: 'amd64', go: 'go1.19', hash: 'aes', ops: [{ op: 'make', map: 'm', type: 'map[int8]' + '[1]'.repeat(997) + 'int8' }, { op: 'dump', map: 'm' }] }));
    // An empty map's dump decodes nothing; a trace replayed from real Go's events is bounded the same way.
    const r = cli(['run', g, '--text']);
    expect(r.code, r.stderr).to.equal(0);
  });

  it('checkTrace still reads every committed fixture trace the same as JSON.parse', () => {
    const file = path.join(TRACES, 'go1.15-amd64-aes', 'number-spellings.trace.json');
    const text = fs.readFileSync(file, 'utf8');
    expect(() => checkTrace(parseJSON(text))).to.not.throw();
  });
});
