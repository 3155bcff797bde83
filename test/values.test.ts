// The contract's value codec (src/runtime/values.ts): scenario JSON → bytes in simulated memory →
// trace JSON. Byte-level expectations follow Go's layout rules as docs/runtime-facts.md §2
// states them (sizes and alignments per arch; string, slice and interface headers)
// and Go's value representations (two's complement, IEEE 754, UTF-8, math.NaN() =
// 0x7ff8000000000001). Error messages are the contract's.

import { expect } from 'chai';
import { ARCHES, ArchName } from '../src/arch';
import { createRuntime } from '../src/runtime/create';
import { TypeRegistry } from '../src/runtime/typeregistry';
import { GoType } from '../src/runtime/types';
import { encodeValue, decodeValue, zeroJSON, u64ToDecimal } from '../src/runtime/values';

interface Env {
  reg: TypeRegistry;
  ps: number;
}

function env(arch: ArchName): Env {
  const rt = createRuntime(arch, 'go1.19', 'aes', 'values-test');
  return { reg: new TypeRegistry(rt), ps: rt.ptrSize };
}

function alloc(e: Env, t: GoType): number {
  return e.reg.rt.heap.mallocgc(Math.max(t.size, 1), false);
}

/** Encodes v as type ts; returns the address and the t.size bytes in hex. */
function enc(e: Env, ts: string, v: unknown): { p: number; t: GoType; hex: string } {
  const t = e.reg.get(ts);
  const p = alloc(e, t);
  encodeValue(e.reg, t, v, p, 'test');
  return { p, t, hex: Buffer.from(e.reg.rt.mem.bytes(p, t.size)).toString('hex') };
}

function roundTrip(e: Env, ts: string, v: unknown): unknown {
  const { p, t } = enc(e, ts, v);
  return decodeValue(e.reg, t, p);
}

/** Little-endian hex of a uintptr-sized word. */
function wordHex(e: Env, x: number): string {
  let s = '';
  for (let i = 0; i < e.ps; i++) {
    s += (Math.floor(x / 2 ** (8 * i)) & 0xff).toString(16).padStart(2, '0');
  }
  return s;
}

function encodeError(e: Env, ts: string, v: unknown, where: string): Error {
  const t = e.reg.get(ts);
  const p = alloc(e, t);
  try {
    encodeValue(e.reg, t, v, p, where);
  } catch (err) {
    return err as Error;
  }
  throw new Error(`no error for ${ts} ${JSON.stringify(v)}`);
}

describe('values: integers', function () {
  // [type, input, bytes (little-endian hex), output]
  const cases: [string, unknown, string, unknown][] = [
    ['int8', -1, 'ff', -1],
    ['int8', '-128', '80', -128],
    ['int8', '0x7f', '7f', 127],
    ['int8', '+5', '05', 5],
    ['uint8', 255, 'ff', 255],
    ['uint8', '0xFF', 'ff', 255],
    ['int16', -2, 'feff', -2],
    ['uint16', '0x1234', '3412', 4660],
    ['int32', -2147483648, '00000080', -2147483648],
    ['int32', '-0x80000000', '00000080', -2147483648],
    ['uint32', 4294967295, 'ffffffff', 4294967295],
    ['int64', '-9223372036854775808', '0000000000000080', '-9223372036854775808'],
    ['int64', '9223372036854775807', 'ffffffffffffff7f', '9223372036854775807'],
    ['int64', 9007199254740992, '0000000000002000', 9007199254740992],
    ['int64', '9007199254740993', '0100000000002000', '9007199254740993'],
    ['int64', -9007199254740992, '000000000000e0ff', -9007199254740992],
    ['int64', '-9007199254740993', 'ffffffffffffdfff', '-9007199254740993'],
    ['int64', '-1', 'ffffffffffffffff', -1],
    ['int64', '0', '0000000000000000', 0],
    ['int64', '-0', '0000000000000000', 0],
    ['uint64', '18446744073709551615', 'ffffffffffffffff', '18446744073709551615'],
    ['uint64', '0xffffffffffffffff', 'ffffffffffffffff', '18446744073709551615'],
    ['uint64', '12345678901234567890', 'd20a1feb8ca954ab', '12345678901234567890'],
    ['uint64', '0x20000000000001', '0100000000002000', '9007199254740993'],
    ['uint64', 4294967296, '0000000001000000', 4294967296],
    // strconv.ParseInt(s, 0, bits), as the oracle reads integer strings: base prefixes, leading-0
    // octal, underscores between digits.
    ['int16', '017', '0f00', 15],
    ['int16', '0o17', '0f00', 15],
    ['int16', '0b101', '0500', 5],
    ['int16', '-0B11', 'fdff', -3],
    ['int32', '1_000', 'e8030000', 1000],
    ['uint32', '0x_ff_ff', 'ffff0000', 65535],
    ['int8', '0', '00', 0],
  ];
  for (const arch of ARCHES) {
    it(`${arch}: two's complement bytes and exact output`, function () {
      const e = env(arch);
      for (const [ts, v, hex, out] of cases) {
        const r = enc(e, ts, v);
        expect(r.hex, `${ts} ${JSON.stringify(v)}`).to.equal(hex);
        expect(decodeValue(e.reg, r.t, r.p), `${ts} ${JSON.stringify(v)}`).to.deep.equal(out);
        // The output is valid input and encodes to the same bytes.
        expect(enc(e, ts, out).hex).to.equal(hex);
      }
    });
    it(`${arch}: int, uint and uintptr are PtrSize wide`, function () {
      const e = env(arch);
      expect(enc(e, 'int', -1).hex).to.equal('ff'.repeat(e.ps));
      expect(enc(e, 'uint', 1).hex).to.equal('01' + '00'.repeat(e.ps - 1));
      expect(enc(e, 'uintptr', '0xdeadbeef').hex).to.equal('efbeadde' + '00'.repeat(e.ps - 4));
      if (e.ps === 8) {
        expect(roundTrip(e, 'int', '-9223372036854775808')).to.equal('-9223372036854775808');
        expect(roundTrip(e, 'uintptr', '0xffffffffffffffff')).to.equal('18446744073709551615');
      } else {
        expect(encodeError(e, 'int', 2147483648, 'w').message).to.equal('w: value 2147483648 does not fit int');
        expect(encodeError(e, 'uint', '0x100000000', 'w').message).to.equal('w: value "0x100000000" does not fit uint');
        expect(roundTrip(e, 'uint', 4294967295)).to.equal(4294967295);
      }
    });
  }
  it('u64ToDecimal is exact over the whole range', function () {
    const vals = [0n, 1n, (1n << 53n) - 1n, 1n << 53n, (1n << 53n) + 1n, 10n ** 19n, (1n << 64n) - 1n, 1n << 63n,
      9999999999999999999n, 10000000000000000000n, 12345678901234567n];
    let x = 0x9e3779b97f4a7c15n;
    for (let i = 0; i < 2000; i++) {
      x = (x * 6364136223846793005n + 1442695040888963407n) & ((1n << 64n) - 1n);
      vals.push(x >> BigInt(i % 64));
    }
    for (const v of vals) {
      const hi = Number(v >> 32n), lo = Number(v & 0xffffffffn);
      expect(u64ToDecimal(hi, lo)).to.equal(v.toString());
    }
  });
});

describe('values: floats and complex', function () {
  const cases: [string, unknown, string, unknown][] = [
    ['float64', 1.5, '000000000000f83f', '0x3ff8000000000000'],
    ['float64', 0.1, '9a9999999999b93f', '0x3fb999999999999a'],
    ['float64', 'NaN', '010000000000f87f', '0x7ff8000000000001'], // math.NaN()
    ['float64', '+Inf', '000000000000f07f', '0x7ff0000000000000'],
    ['float64', '-Inf', '000000000000f0ff', '0xfff0000000000000'],
    ['float64', '-0', '0000000000000080', '0x8000000000000000'],
    ['float64', 0, '0000000000000000', '0x0000000000000000'],
    ['float64', '0x7ff0000000000001', '010000000000f07f', '0x7ff0000000000001'],
    ['float64', '0x1', '0100000000000000', '0x0000000000000001'],
    ['float32', 1.5, '0000c03f', '0x3fc00000'],
    ['float32', 0.1, 'cdcccc3d', '0x3dcccccd'], // float32(0.1)
    ['float32', 'NaN', '0000c07f', '0x7fc00000'], // float32(math.NaN())
    ['float32', '-Inf', '000080ff', '0xff800000'],
    ['float32', '-0', '00000080', '0x80000000'],
    ['float32', '0xff800001', '010080ff', '0xff800001'],
    // 1e40 as a float32 is out of range: Go's ParseFloat(s, 32) reports ErrRange and the oracle
    // refuses it (fixtures/floatparse: "1e39" → "out of range"); see test/floatparse.test.ts.
    ['complex128', [1, '-0'], '000000000000f03f0000000000000080', ['0x3ff0000000000000', '0x8000000000000000']],
    ['complex64', ['NaN', 2], '0000c07f00000040', ['0x7fc00000', '0x40000000']],
  ];
  for (const arch of ARCHES) {
    it(`${arch}: IEEE bit patterns in, lower-case hex out`, function () {
      const e = env(arch);
      for (const [ts, v, hex, out] of cases) {
        const r = enc(e, ts, v);
        expect(r.hex, `${ts} ${JSON.stringify(v)}`).to.equal(hex);
        expect(decodeValue(e.reg, r.t, r.p)).to.deep.equal(out);
        expect(enc(e, ts, out).hex).to.equal(hex);
      }
    });
  }
});

describe('values: strings', function () {
  for (const arch of ARCHES) {
    it(`${arch}: header (data, len), UTF-8 bytes in the heap, nil data for ""`, function () {
      const e = env(arch);
      const mem = e.reg.rt.mem;
      const r = enc(e, 'string', 'héllo');
      const data = mem.loadPtr(r.p);
      expect(mem.loadInt(r.p + e.ps)).to.equal(6);
      expect(Buffer.from(mem.bytes(data, 6)).toString('hex')).to.equal('68c3a96c6c6f');
      expect(decodeValue(e.reg, r.t, r.p)).to.equal('héllo');
      const z = enc(e, 'string', '');
      expect(z.hex).to.equal('00'.repeat(2 * e.ps));
      expect(decodeValue(e.reg, z.t, z.p)).to.equal('');
    });
    it(`${arch}: invalid UTF-8 goes out as {"hex"}; valid UTF-8 as a string (BOM and NUL kept)`, function () {
      const e = env(arch);
      const rt = (v: unknown): unknown => roundTrip(e, 'string', v);
      expect(rt({ hex: 'ff00' })).to.deep.equal({ hex: 'ff00' });
      expect(rt({ hex: 'eda080' })).to.deep.equal({ hex: 'eda080' }); // UTF-8-encoded surrogate: invalid in Go
      expect(rt({ hex: 'c0af' })).to.deep.equal({ hex: 'c0af' }); // overlong
      expect(rt({ hex: 'f4908080' })).to.deep.equal({ hex: 'f4908080' }); // beyond U+10FFFF
      expect(rt({ hex: 'e282' })).to.deep.equal({ hex: 'e282' }); // truncated
      expect(rt({ hex: 'e282ac' })).to.equal('€');
      expect(rt({ hex: '' })).to.equal('');
      expect(rt('\ufeffbom')).to.equal('\ufeffbom');
      expect(rt('nul\u0000byte')).to.equal('nul\u0000byte');
      expect(rt('𝄞')).to.equal('𝄞');
    });
  }
});

describe('values: arrays, structs, slices', function () {
  for (const arch of ARCHES) {
    it(`${arch}: struct layout follows Go's alignment rules (386 aligns 8-byte values to 4)`, function () {
      const e = env(arch);
      const a = enc(e, 'struct { a int8; b int64 }', [1, 2]);
      expect(a.hex).to.equal(e.ps === 8 ? '0100000000000000' + '0200000000000000' : '01000000' + '0200000000000000');
      const c = enc(e, 'struct { a int8; c complex128 }', [1, [1, 2]]);
      expect(c.t.size).to.equal(e.ps === 8 ? 24 : 20);
      expect(c.hex.slice(0, 2 * (e.ps === 8 ? 8 : 4))).to.equal('01' + '00'.repeat(e.ps === 8 ? 7 : 3));
      // Trailing zero-size field: +1 byte, then rounding (issue 9401).
      const z = enc(e, 'struct { a int64; z struct {} }', [7, []]);
      expect(z.t.size).to.equal(e.ps === 8 ? 16 : 12);
      expect(decodeValue(e.reg, z.t, z.p)).to.deep.equal([7, []]);
    });
    it(`${arch}: blank fields are values like any other; padding stays zero`, function () {
      const e = env(arch);
      const r = enc(e, 'struct { a int8; _ int16; b int32 }', [1, 2, 3]);
      expect(r.hex).to.equal('01000200' + '03000000');
      expect(decodeValue(e.reg, r.t, r.p)).to.deep.equal([1, 2, 3]);
      const s = enc(e, 'struct { a int8; s string; _ float64 }', [-1, 'x', 1.5]);
      expect(decodeValue(e.reg, s.t, s.p)).to.deep.equal([-1, 'x', '0x3ff8000000000000']);
      expect(s.hex.slice(0, 2 * e.ps)).to.equal('ff' + '00'.repeat(e.ps - 1));
    });
    it(`${arch}: arrays`, function () {
      const e = env(arch);
      expect(enc(e, '[3]int16', [1, -1, 3]).hex).to.equal('0100ffff0300');
      expect(roundTrip(e, '[2][2]uint8', [[1, 2], [3, 4]])).to.deep.equal([[1, 2], [3, 4]]);
      expect(roundTrip(e, '[0]string', [])).to.deep.equal([]);
      expect(roundTrip(e, '[2]string', ['a', { hex: 'ff' }])).to.deep.equal(['a', { hex: 'ff' }]);
    });
    it(`${arch}: slices: null is a nil slice; [] is non-nil and empty; elements in a heap array`, function () {
      const e = env(arch);
      const mem = e.reg.rt.mem;
      const n = enc(e, '[]int16', null);
      expect(n.hex).to.equal('00'.repeat(3 * e.ps));
      expect(decodeValue(e.reg, n.t, n.p)).to.equal(null);
      const z = enc(e, '[]int16', []);
      expect(mem.loadPtr(z.p)).to.not.equal(0);
      expect(z.hex.slice(2 * e.ps)).to.equal('00'.repeat(2 * e.ps));
      expect(decodeValue(e.reg, z.t, z.p)).to.deep.equal([]);
      const s = enc(e, '[]int16', [1, 2, 3]);
      expect(s.hex.slice(2 * e.ps)).to.equal(wordHex(e, 3) + wordHex(e, 3));
      expect(Buffer.from(mem.bytes(mem.loadPtr(s.p), 6)).toString('hex')).to.equal('010002000300');
      expect(decodeValue(e.reg, s.t, s.p)).to.deep.equal([1, 2, 3]);
      expect(roundTrip(e, '[][]string', [null, [], ['x']])).to.deep.equal([null, [], ['x']]);
    });
  }
});

describe('values: pointers and interfaces', function () {
  for (const arch of ARCHES) {
    it(`${arch}: pointer-like values are null or "new" in, null or "ptr" out`, function () {
      const e = env(arch);
      const mem = e.reg.rt.mem;
      for (const ts of ['*int', '*struct {}', '*[3]string', 'unsafe.Pointer', 'chan int', 'func()', 'map[string]int']) {
        const n = enc(e, ts, null);
        expect(n.hex).to.equal('00'.repeat(e.ps));
        expect(decodeValue(e.reg, n.t, n.p)).to.equal(null);
        const p = enc(e, ts, 'new');
        expect(mem.loadPtr(p.p), ts).to.not.equal(0);
        expect(decodeValue(e.reg, p.t, p.p)).to.equal('ptr');
      }
      // new(T) is a zeroed T in the heap.
      const p = enc(e, '*[3]int32', 'new');
      expect(Buffer.from(mem.bytes(mem.loadPtr(p.p), 12)).toString('hex')).to.equal('00'.repeat(12));
    });
    it(`${arch}: interfaces: (type word, data word); the type word is the descriptor's address`, function () {
      const e = env(arch);
      const mem = e.reg.rt.mem;
      const r = enc(e, 'interface {}', { type: 'byte', value: 7 });
      expect(mem.loadPtr(r.p)).to.equal(e.reg.get('uint8').addr);
      expect(mem.load8(mem.loadPtr(r.p + e.ps))).to.equal(7);
      expect(decodeValue(e.reg, r.t, r.p)).to.deep.equal({ type: 'uint8', value: 7 });
      const n = enc(e, 'any', null);
      expect(n.hex).to.equal('00'.repeat(2 * e.ps));
      expect(decodeValue(e.reg, n.t, n.p)).to.equal(null);
      // Boxed copies: a struct with a string.
      expect(roundTrip(e, 'interface {}', { type: 'struct{a int8; s string}', value: [1, 'x'] }))
        .to.deep.equal({ type: 'struct { a int8; s string }', value: [1, 'x'] });
      // Output spells types the reflect way.
      expect(roundTrip(e, 'interface {}', { type: '[]any', value: [null, { type: 'rune', value: 65 }] }))
        .to.deep.equal({ type: '[]interface {}', value: [null, { type: 'int32', value: 65 }] });
      expect(roundTrip(e, 'interface {}', { type: 'float64', value: 'NaN' }))
        .to.deep.equal({ type: 'float64', value: '0x7ff8000000000001' });
    });
    it(`${arch}: direct-iface dynamic types keep the pointer itself in the data word`, function () {
      const e = env(arch);
      const mem = e.reg.rt.mem;
      const r = enc(e, 'interface {}', { type: '*int', value: 'new' });
      const ptr = mem.loadPtr(r.p + e.ps);
      expect(ptr).to.not.equal(0);
      expect(mem.valid(ptr, e.ps)).to.equal(true);
      expect(mem.loadInt(ptr)).to.equal(0); // points at the int itself, not at a box
      expect(decodeValue(e.reg, r.t, r.p)).to.deep.equal({ type: '*int', value: 'ptr' });
      const s = enc(e, 'interface {}', { type: 'struct { p *int }', value: [null] });
      expect(mem.loadPtr(s.p)).to.equal(e.reg.get('struct { p *int }').addr);
      expect(mem.loadPtr(s.p + e.ps)).to.equal(0);
      expect(decodeValue(e.reg, s.t, s.p)).to.deep.equal({ type: 'struct { p *int }', value: [null] });
      expect(roundTrip(e, 'interface {}', { type: 'map[string]int', value: null }))
        .to.deep.equal({ type: 'map[string]int', value: null });
    });
  }
});

describe('values: zero values', function () {
  it('zeroJSON is the decoding of zeroed memory', function () {
    for (const arch of ARCHES) {
      const e = env(arch);
      for (const ts of ['bool', 'int8', 'uint64', 'int', 'float32', 'float64', 'complex64', 'complex128', 'string',
        '[2]float32', 'struct { a int8; _ string; c [2]bool; d *int }', '[]int', '*int', 'map[int]int', 'chan int',
        'func()', 'unsafe.Pointer', 'interface {}', '[3]struct { x uint16; y interface {} }']) {
        const t = e.reg.get(ts);
        const p = alloc(e, t);
        expect(zeroJSON(e.reg, t), `${arch} ${ts}`).to.deep.equal(decodeValue(e.reg, t, p));
      }
    }
  });
});

describe('values: input errors', function () {
  const e = env('amd64');
  it("the contract's examples", function () {
    expect(encodeError(e, 'uint8', 300, 'op 3 key').message).to.equal('op 3 key: value 300 does not fit uint8');
    expect(encodeError(e, 'int64', 'abc', 'op 2 elem').message)
      .to.equal('op 2 elem: want a number or decimal string for int64, got "abc"');
    expect(encodeError(e, '[3]int32', [1, 2], 'op 5 key').message)
      .to.equal('op 5 key: array [3]int32 wants 3 elements, got 2');
  });
  it('names the type, the value and where', function () {
    const cases: [string, unknown, string][] = [
      ['uint8', -1, 'w: value -1 does not fit uint8'],
      ['int8', 128, 'w: value 128 does not fit int8'],
      ['int8', '-129', 'w: value "-129" does not fit int8'],
      ['uint64', '18446744073709551616', 'w: value "18446744073709551616" does not fit uint64'],
      ['int64', '9223372036854775808', 'w: value "9223372036854775808" does not fit int64'],
      ['int', 1.5, 'w: value 1.5 is not an integer (int)'],
      ['uint64', 2 ** 60, 'w: value 1152921504606847000 for uint64 is beyond 2^53 and not exact as a JSON number; write it as a decimal string'],
      ['int32', null, 'w: want a number or decimal string for int32, got null'],
      ['int32', '1e3', 'w: want a number or decimal string for int32, got "1e3"'],
      ['int32', '09', 'w: want a number or decimal string for int32, got "09"'],
      ['int32', '1__0', 'w: want a number or decimal string for int32, got "1__0"'],
      ['int32', '_1', 'w: want a number or decimal string for int32, got "_1"'],
      ['int32', '0x', 'w: want a number or decimal string for int32, got "0x"'],
      ['int32', ' 1', 'w: want a number or decimal string for int32, got " 1"'],
      ['uint64', '0x1_0000_0000_0000_0000', 'w: value "0x1_0000_0000_0000_0000" does not fit uint64'],
      ['bool', 1, 'w: want true or false for bool, got 1'],
      ['float64', 'nan', 'w: want a number, "NaN", "+Inf", "-Inf", "-0" or a "0x…" bit pattern for float64, got "nan"'],
      ['float32', 1e40, 'w: value 1e+40 is out of range for float32'],
      ['float64', 1e308 * 10, 'w: value Infinity is not a JSON number; write "NaN", "+Inf" or "-Inf" for float64'],
      ['float32', '0x3ff8000000000000', 'w: bit pattern "0x3ff8000000000000" does not fit float32 (8 hex digits at most)'],
      ['complex64', [1], 'w: want [re, im] for complex64, got [1]'],
      ['complex128', [1, 'x'], 'w (imaginary part): want a number, "NaN", "+Inf", "-Inf", "-0" or a "0x…" bit pattern for complex128, got "x"'],
      ['string', 5, 'w: want a JSON string or {"hex": "…"} for string, got 5'],
      ['string', { hex: 'abc' }, 'w: {"hex": …} for string wants an even number of hex digits, got "abc"'],
      ['struct { a int8; b string }', [1], 'w: struct { a int8; b string } wants 2 field values, got 1'],
      ['struct { a int8; b string }', [1, 2], 'w[1]: want a JSON string or {"hex": "…"} for string, got 2'],
      ['[2]int8', { 0: 1 }, 'w: array [2]int8 wants 2 elements in an array, got {"0":1}'],
      ['[]int8', [1, 300], 'w[1]: value 300 does not fit int8'],
      ['[]int8', 'x', 'w: want an array or null for []int8, got "x"'],
      ['*int', 'ptr', 'w: want null or "new" for *int, got "ptr"'],
      ['interface {}', { type: 'int' }, 'w: want null or {"type": "<Go type>", "value": …} for interface {}, got {"type":"int"}'],
      ['interface {}', { type: 'any', value: null }, 'w: the dynamic type of interface {} cannot be the interface type interface {}'],
      ['interface {}', { type: 'uint8', value: 256 }, 'w.value: value 256 does not fit uint8'],
    ];
    for (const [ts, v, msg] of cases) {
      const err = encodeError(e, ts, v, 'w');
      expect(err.constructor, msg).to.equal(Error);
      expect(err.message).to.equal(msg);
    }
    const bad = encodeError(e, 'interface {}', { type: 'nosuch', value: 1 }, 'w');
    expect(bad.message).to.match(/^w: bad dynamic type "nosuch" for interface \{\}: /);
  });
  it('never lets a JS TypeError (or any non-Error) escape, whatever the input', function () {
    const inputs: unknown[] = [undefined, null, true, false, 0, -1, 1.5, NaN, Infinity, -Infinity, 2 ** 70, '', 'x', '0x',
      '-', '+', '--1', '0x-1', 'NaN', '-0', 'new', 'ptr', [], [1], [[]], [null, null], [1, 2, 3], {}, { hex: 'zz' },
      { hex: 1 }, { type: 1, value: 2 }, { type: 'int' }, { type: 'int', value: 'x' }, { type: '[]int', value: {} },
      { type: 'map[[]int]int', value: null }, { type: 'struct {', value: 1 }, Object.create(null), [undefined],
      { type: 'int', value: 1, extra: 2 }, { hex: 'ab', x: 1 }];
    const types = ['bool', 'int8', 'uint16', 'int', 'int64', 'uint64', 'uintptr', 'float32', 'float64', 'complex64',
      'complex128', 'string', '[2]int8', '[0]int', 'struct { a int8; _ string }', 'struct {}', '[]string', '*int',
      'unsafe.Pointer', 'chan int', 'func()', 'map[int]int', 'interface {}', '[1]interface {}'];
    const str = (v: unknown): string => {
      try {
        return JSON.stringify(v) ?? 'undefined';
      } catch {
        return '?';
      }
    };
    for (const arch of ARCHES) {
      const en = env(arch);
      for (const ts of types) {
        const t = en.reg.get(ts);
        for (const v of inputs) {
          const p = alloc(en, t);
          try {
            encodeValue(en.reg, t, v, p, 'fuzz');
          } catch (err) {
            expect(err, `${ts} ${str(v)}`).to.be.instanceOf(Error);
            expect((err as Error).constructor, `${ts} ${str(v)}: ${(err as Error).message}`).to.equal(Error);
            expect((err as Error).message.startsWith('fuzz'), (err as Error).message).to.equal(true);
            continue;
          }
          // Whatever was accepted decodes and (unless it holds pointers, "ptr" not being input)
          // re-encodes to the same value.
          const out = decodeValue(en.reg, t, p);
          if (JSON.stringify(out).includes('"ptr"')) continue;
          const q = alloc(en, t);
          encodeValue(en.reg, t, out, q, 'again');
          expect(decodeValue(en.reg, t, q), `${ts} ${str(v)}`).to.deep.equal(out);
        }
      }
    }
  });
});
