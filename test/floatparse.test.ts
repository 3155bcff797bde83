// Float inputs against real Go: fixtures/floatparse/go1.19.json (written by scripts/floatvec.sh
// from oracle/floatparse, never by hand) holds, for each JSON number, strconv.ParseFloat(s, 32)
// as float32 bits and ParseFloat(s, 64) as float64 bits, or "out of range" where Go reports
// ErrRange (the oracle then refuses the value). Each number goes through goemu's own JSON reader
// and the value codec, as a float32/float64 key, a complex part, and nested in arrays, structs and
// interfaces.

import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import { createRuntime } from '../src/runtime/create';
import { TypeRegistry } from '../src/runtime/typeregistry';
import { encodeValue, decodeValue } from '../src/runtime/values';
import { parseJSONText } from '../src/trace/json';

const FIXTURE = path.join(__dirname, '..', '..', 'fixtures', 'floatparse', 'go1.19.json');
const rows: [string, string, string][] = JSON.parse(fs.readFileSync(FIXTURE, 'utf8'));

describe('float inputs round as Go\'s strconv.ParseFloat (fixtures/floatparse)', () => {
  const rt = createRuntime('amd64', 'go1.19', 'aes', 'floatparse');
  const reg = new TypeRegistry(rt);

  /** Encodes the JSON text as type ts; the decoded value, or the error's message. */
  const run = (ts: string, text: string): unknown => {
    const t = reg.get(ts);
    const p = rt.heap.mallocgc(t.size, false);
    try {
      encodeValue(reg, t, parseJSONText(text), p, 'k');
    } catch (e) {
      return (e as Error).message;
    }
    return decodeValue(reg, t, p);
  };
  const want = (bits: string, ts: string, s: string): string => (bits === 'out of range' ? `k: value ${s} is out of range for ${ts}` : bits);

  it('has the fixture, with the cases of issue 10 and midpoints', () => {
    expect(rows.length).to.be.at.least(1000);
    const issue = rows.find((r) => r[0] === '1.00000005960464478');
    expect(issue).to.deep.equal(['1.00000005960464478', '0x3f800001', '0x3ff0000010000000']);
    expect(rows.filter((r) => r[1] === 'out of range').length).to.be.at.least(20);
  });

  it('float32: every fixture number', () => {
    const bad: string[] = [];
    for (const [s, b32] of rows) {
      const got = run('float32', s);
      if (got !== want(b32, 'float32', s)) bad.push(`${s}: got ${got}, Go ${b32}`);
    }
    expect(bad.slice(0, 10), `${bad.length} of ${rows.length} differ`).to.deep.equal([]);
  });

  it('float64: every fixture number', () => {
    const bad: string[] = [];
    for (const [s, , b64] of rows) {
      const got = run('float64', s);
      if (got !== want(b64, 'float64', s)) bad.push(`${s}: got ${got}, Go ${b64}`);
    }
    expect(bad.slice(0, 10), `${bad.length} of ${rows.length} differ`).to.deep.equal([]);
  });

  it('complex64 parts, arrays, structs and interfaces round the same way', () => {
    const bad: string[] = [];
    for (const [s, b32, b64] of rows) {
      if (b32 === 'out of range' || b64 === 'out of range') {
        const msg = run('complex64', `[0, ${s}]`);
        if (msg !== `k (imaginary part): value ${s} is out of range for complex64` && b32 === 'out of range') bad.push(`${s}: ${msg}`);
        continue;
      }
      const checks: [string, string, unknown][] = [
        ['complex64', `[${s}, 1]`, [b32, '0x3f800000']],
        ['complex128', `[2, ${s}]`, ['0x4000000000000000', b64]],
        ['[2]float32', `[0, ${s}]`, ['0x00000000', b32]],
        ['struct { a int8; b float32 }', `[1, ${s}]`, [1, b32]],
        ['[1]struct { x [1]float32 }', `[[[${s}]]]`, [[[b32]]]],
        ['interface {}', `{"type": "float32", "value": ${s}}`, { type: 'float32', value: b32 }],
        ['[1]interface {}', `[{"type": "[1]float64", "value": [${s}]}]`, [{ type: '[1]float64', value: [b64] }]],
      ];
      for (const [ts, text, w] of checks) {
        const got = run(ts, text);
        if (JSON.stringify(got) !== JSON.stringify(w)) bad.push(`${ts} ${text}: got ${JSON.stringify(got)}, Go ${JSON.stringify(w)}`);
      }
    }
    expect(bad.slice(0, 10), `${bad.length} differ`).to.deep.equal([]);
  });

  it('a JS number from the API rounds from its decimal spelling, like the same number in JSON', () => {
    const t = reg.get('float32');
    const p = rt.heap.mallocgc(4, false);
    encodeValue(reg, t, 1.0000000596046448, p, 'k');
    expect(decodeValue(reg, t, p)).to.equal(rows.find((r) => r[0] === '1.0000000596046448')![1]);
    encodeValue(reg, t, -0, p, 'k');
    expect(decodeValue(reg, t, p)).to.equal('0x80000000');
    expect(() => encodeValue(reg, t, Infinity, p, 'k')).to.throw('k: value Infinity is not a JSON number; write "NaN", "+Inf" or "-Inf" for float32');
  });

  it('bit patterns take the oracle\'s spelling: "0x" and hex digits', () => {
    expect(run('float32', '"0x3F800000"')).to.equal('0x3f800000');
    expect(run('float32', '"0X3f800000"')).to.match(/^k: want a number, /);
  });
});
