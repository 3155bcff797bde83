#!/usr/bin/env node
'use strict';
// Writes the fixture scenario corpus: fixtures/scenarios/<name>.scenario.json.
// Scenarios are inputs (the oracle turns them into traces with `npm run fixtures`); this
// script is deterministic, so rerunning it rewrites the same files.
//   node scripts/gen-scenarios.js [--list]

const fs = require('fs');
const path = require('path');
const { parseType } = require('../oracle/types');

const OUT = path.join(__dirname, '..', 'fixtures', 'scenarios');
const scenarios = [];

// ---------------------------------------------------------------------------------------------
// helpers

function hashString(s) {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619) >>> 0;
  return h;
}

/** A deterministic random source (mulberry32). */
function rng(seed) {
  let a = hashString(seed);
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  next.int = (n) => Math.floor(next() * n);
  next.pick = (arr) => arr[next.int(arr.length)];
  return next;
}

function add(name, ops, extra = {}) {
  if (scenarios.some((s) => s.name === name)) throw new Error(`duplicate scenario ${name}`);
  scenarios.push(Object.assign({ name, seed: name }, extra, { ops }));
}

const INT_RANGES = {
  int8: [-128n, 127n], int16: [-32768n, 32767n], int32: [-(2n ** 31n), 2n ** 31n - 1n], int64: [-(2n ** 63n), 2n ** 63n - 1n],
  uint8: [0n, 255n], uint16: [0n, 65535n], uint32: [0n, 2n ** 32n - 1n], uint64: [0n, 2n ** 64n - 1n],
  // int, uint and uintptr must fit both targets (386: 32 bits)
  int: [-(2n ** 31n), 2n ** 31n - 1n], uint: [0n, 2n ** 32n - 1n], uintptr: [0n, 2n ** 32n - 1n],
  byte: [0n, 255n], rune: [-(2n ** 31n), 2n ** 31n - 1n],
};

/** JSON for an integer: a number when exact, else a decimal string. */
function intJSON(v) {
  const b = BigInt(v);
  return b >= -(2n ** 53n) && b <= 2n ** 53n ? Number(b) : b.toString();
}

function randomInt(kind, r) {
  const [lo, hi] = INT_RANGES[kind];
  const span = hi - lo + 1n;
  // 64 random bits, reduced
  const x = (BigInt(Math.floor(r() * 2 ** 32)) << 32n) | BigInt(Math.floor(r() * 2 ** 32));
  return intJSON(lo + (x % span));
}

function randomFloat(r) {
  const choice = r.int(6);
  if (choice === 0) return r.int(1000) - 500;
  if (choice === 1) return Math.round(r() * 1e6) / 1024;
  return (r() - 0.5) * 10 ** (r.int(40) - 20);
}

function randomString(r, len) {
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_';
  let s = '';
  for (let i = 0; i < len; i++) s += alphabet[r.int(alphabet.length)];
  return s;
}

/** The zero value of a parsed type, in the contract's JSON. */
function zero(t) {
  switch (t.kind) {
    case 'bool': return false;
    case 'string': return '';
    case 'float32': case 'float64': return 0;
    case 'complex64': case 'complex128': return [0, 0];
    case 'array': return Array.from({ length: t.len }, () => zero(t.elem));
    case 'struct': return t.fields.map((f) => zero(f.type));
    case 'slice': case 'ptr': case 'unsafe.Pointer': case 'chan': case 'func': case 'map': case 'interface': return null;
    default:
      if (t.kind in INT_RANGES) return 0;
      throw new Error(`zero: ${t.kind}`);
  }
}

/** A random value of a parsed type (pointer-like values are fresh objects). */
function sample(t, r) {
  switch (t.kind) {
    case 'bool': return r() < 0.5;
    case 'string': return randomString(r, r.int(12));
    case 'float32': case 'float64': return randomFloat(r);
    case 'complex64': case 'complex128': return [randomFloat(r), randomFloat(r)];
    case 'array': return Array.from({ length: t.len }, () => sample(t.elem, r));
    case 'struct': return t.fields.map((f) => sample(f.type, r));
    case 'slice': return Array.from({ length: r.int(3) }, () => sample(t.elem, r));
    case 'ptr': case 'unsafe.Pointer': case 'chan': case 'map': return 'new';
    case 'func': return 'new';
    case 'interface': return r() < 0.2 ? null : { type: 'int32', value: randomInt('int32', r) };
    default:
      if (t.kind in INT_RANGES) return randomInt(t.kind, r);
      throw new Error(`sample: ${t.kind}`);
  }
}

function mapParts(type) {
  const t = parseType(type);
  if (t.kind !== 'map') throw new Error(`${type} is not a map type`);
  return t;
}

const op = {
  make: (map, type, hint, hash0) => Object.assign({ op: 'make', map, type }, hint === undefined ? {} : { hint }, hash0 ? { hash0 } : {}),
  nil: (map, type) => ({ op: 'nil', map, type }),
  set: (map, key, elem) => ({ op: 'set', map, key, elem }),
  get: (map, key) => ({ op: 'get', map, key }),
  del: (map, key) => ({ op: 'delete', map, key }),
  len: (map) => ({ op: 'len', map }),
  clear: (map) => ({ op: 'clear', map }),
  range: (map) => ({ op: 'range', map }),
  iter: (map, iter) => ({ op: 'iter', map, iter }),
  next: (iter) => ({ op: 'next', iter }),
  dump: (map) => ({ op: 'dump', map }),
};

/** Growth points: the count at which inserting one more key starts growing from B. */
const growAt = (B) => (B === 0 ? 8 : 13 * 2 ** (B - 1));

// ---------------------------------------------------------------------------------------------
// integer keys of every width

for (const kind of ['int8', 'int16', 'int32', 'int64', 'int', 'uint8', 'uint16', 'uint32', 'uint64', 'uint', 'uintptr']) {
  const r = rng(`int-${kind}`);
  const [lo, hi] = INT_RANGES[kind];
  const elemKind = { int8: 'uint16', int16: 'int8', int32: 'int32', int64: 'int64', int: 'string', uint8: 'uint8', uint16: 'uint64', uint32: 'bool', uint64: 'uint64', uint: 'int', uintptr: 'uintptr' }[kind];
  const type = `map[${kind}]${elemKind}`;
  const et = parseType(elemKind);
  const keys = [intJSON(lo), intJSON(hi), 0, 1, intJSON(lo + 1n), kind.startsWith('u') ? 2 : -1];
  const seen = new Set(keys.map(String));
  while (keys.length < 34) {
    const k = randomInt(kind, r);
    if (!seen.has(String(k))) {
      seen.add(String(k));
      keys.push(k);
    }
  }
  const ops = [op.make('m', type)];
  keys.forEach((k, i) => {
    ops.push(op.set('m', k, sample(et, r)));
    if (i + 1 === 8 || i + 1 === 9 || i + 1 === 27 || i + 1 === 28) ops.push(op.dump('m'));
  });
  ops.push(op.set('m', keys[3], sample(et, r)), op.get('m', keys[0]), op.get('m', keys[1]));
  // a miss, written as a hex string where possible
  let miss = 2n;
  while (seen.has(String(intJSON(miss)))) miss++;
  ops.push(op.get('m', `0x${miss.toString(16)}`));
  for (let i = 0; i < 12; i++) ops.push(op.del('m', keys[i * 2]));
  ops.push(op.len('m'), op.dump('m'), op.range('m'));
  add(`int-keys-${kind}`, ops);
}

// ---------------------------------------------------------------------------------------------
// strings of every hash length class

{
  const groups = {
    short: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16],
    mid: [17, 20, 24, 31, 32, 33, 40, 48, 63, 64],
    long: [65, 80, 96, 112, 127, 128, 129, 130, 160, 191, 192, 193],
    huge: [200, 255, 256, 257, 300],
  };
  for (const [g, lens] of Object.entries(groups)) {
    const r = rng(`string-${g}`);
    const ops = [op.make('m', 'map[string]int32')];
    const keys = [];
    for (const n of lens) {
      const count = n === 0 ? 1 : g === 'short' ? 1 : 2;
      for (let i = 0; i < count; i++) {
        let k = randomString(r, n);
        // the same bytes but one at both ends, so both the head and the tail matter
        if (i === 1) k = `${k.slice(0, -1)}!`;
        keys.push(k);
        ops.push(op.set('m', k, keys.length));
      }
    }
    ops.push(op.dump('m'));
    for (const k of keys.slice(0, 6)) ops.push(op.get('m', k));
    ops.push(op.get('m', `${keys[keys.length - 1]}x`));
    for (const k of keys.filter((_, i) => i % 3 === 0)) ops.push(op.del('m', k));
    ops.push(op.dump('m'), op.range('m'));
    add(`string-lengths-${g}`, ops);
  }
  // non-ASCII and invalid UTF-8
  const ops = [op.make('m', 'map[string]string')];
  const keys = ['héllo', '日本語', '\u0000', 'a\u0000b', '\u2028', '"quote"\\', { hex: 'ff' }, { hex: 'c328' }, { hex: '80808080' }, { hex: 'e282' }, 'tab\tnl\n', '😀'];
  keys.forEach((k, i) => ops.push(op.set('m', k, i % 2 ? { hex: 'fe' } : `v${i}`)));
  ops.push(op.dump('m'), op.get('m', { hex: 'ff' }), op.get('m', { hex: '68c3a96c6c6f' }), op.range('m'));
  add('string-utf8', ops);
}

// faststr vs generic string paths: delete keeps the length word (faststr) or zeroes it
{
  const ops = [op.make('f', 'map[string]int64'), op.make('g', 'map[string][129]uint8'), op.make('s', 'map[string]string')];
  const big = Array.from({ length: 129 }, (_, i) => i);
  for (const k of ['alpha', 'beta', 'gamma', '', 'delta-delta-delta-delta']) {
    ops.push(op.set('f', k, k.length), op.set('g', k, big), op.set('s', k, k.toUpperCase()));
  }
  ops.push(op.set('f', 'alpha', 99), op.set('g', 'alpha', big), op.set('s', 'alpha', 'again'));
  ops.push(op.dump('f'), op.dump('g'), op.dump('s'));
  for (const k of ['beta', '', 'delta-delta-delta-delta']) ops.push(op.del('f', k), op.del('g', k), op.del('s', k));
  ops.push(op.dump('f'), op.dump('g'), op.dump('s'), op.get('f', 'beta'), op.get('g', 'alpha'), op.get('s', 'gamma'));
  add('string-fast-vs-generic', ops);
}

// ---------------------------------------------------------------------------------------------
// floats, complex, bool

{
  // NaN keys are in the nan-* scenarios: their hash is random (f64hash draws fastrand)
  const f64 = [0, '-0', '+Inf', '-Inf', 1.5, -1.5, '0x0000000000000001', '0x8000000000000001', 1e300, -2.5e-300, 3, '0x7fefffffffffffff', 0.1, -0.1];
  const ops = [op.make('m', 'map[float64]float64')];
  f64.forEach((k, i) => ops.push(op.set('m', k, ['NaN', '0x7ff8000000000002', '0xfff8000000000000', k][i % 4])));
  ops.push(op.dump('m'), op.get('m', '-0'), op.get('m', 0), op.get('m', 'NaN'), op.get('m', '+Inf'), op.len('m'));
  ops.push(op.set('m', '-0', 7), op.dump('m'), op.del('m', 0), op.del('m', 'NaN'), op.len('m'), op.range('m'), op.clear('m'), op.len('m'), op.dump('m'));
  add('float64-keys', ops);

  const f32 = [0, '-0', '+Inf', '-Inf', 1.5, 0.1, '0x00000001', '0x80000001', 3.4e38, -1e-40, 16777217, -7];
  const ops32 = [op.make('m', 'map[float32]float32')];
  f32.forEach((k, i) => ops32.push(op.set('m', k, ['NaN', '0x7fc00001', '0xffc00000', k][i % 4])));
  ops32.push(op.dump('m'), op.get('m', '-0'), op.get('m', 'NaN'), op.get('m', 0.1), op.del('m', '-0'), op.range('m'), op.clear('m'), op.dump('m'));
  add('float32-keys', ops32);

  for (const c of ['complex64', 'complex128']) {
    const ks = [[0, 0], ['-0', 0], [0, '-0'], ['-0', '-0'], [1, 2], [2, 1], ['+Inf', '-Inf'], [1.5, -1.5], [0.1, 0.2]];
    const o = [op.make('m', `map[${c}]${c}`)];
    ks.forEach((k) => o.push(op.set('m', k, [k[1], k[0]])));
    o.push(op.dump('m'), op.get('m', ['NaN', 0]), op.get('m', [0, 0]), op.get('m', ['-0', '-0']), op.get('m', [1, 2]), op.del('m', [0, 0]), op.range('m'), op.clear('m'), op.dump('m'));
    add(`${c}-keys`, o);
  }

  const b = [op.make('m', 'map[bool]string'), op.set('m', true, 'yes'), op.set('m', false, 'no'), op.dump('m'), op.get('m', true),
    op.set('m', true, 'YES'), op.del('m', false), op.dump('m'), op.del('m', true), op.dump('m'), op.len('m'),
    op.make('n', 'map[string]bool'), op.set('n', 'a', true), op.set('n', 'b', false), op.get('n', 'b'), op.dump('n')];
  add('bool-keys', b);
}

// ---------------------------------------------------------------------------------------------
// zero-size keys and elems

{
  const ops = [
    op.make('a', 'map[struct{}]struct{}'), op.set('a', [], []), op.set('a', [], []), op.get('a', []), op.dump('a'), op.range('a'), op.del('a', []), op.dump('a'),
    op.make('b', 'map[struct{}]int64'), op.set('b', [], 5), op.set('b', [], 6), op.dump('b'),
    op.make('c', 'map[int64]struct{}'),
  ];
  for (let i = 0; i < 12; i++) ops.push(op.set('c', i * 1000003, []));
  ops.push(op.dump('c'), op.get('c', 3000009), op.get('c', 7));
  ops.push(op.make('d', 'map[[0]int]string'), op.set('d', [], 'x'), op.dump('d'));
  ops.push(op.make('e', 'map[[0]string]bool'), op.set('e', [], true), op.set('e', [], false), op.dump('e'), op.clear('e'), op.dump('e'));
  ops.push(op.make('f', 'map[struct{ a int64; z struct{} }]int8'), op.set('f', [1, []], 1), op.set('f', [2, []], 2), op.set('f', ['-9223372036854775808', []], 3), op.dump('f'), op.get('f', [2, []]));
  ops.push(op.make('g', 'map[[0]float64][0]int'), op.set('g', [], []), op.dump('g'), op.clear('g'), op.dump('g'));
  ops.push(op.make('h', 'map[struct{}]struct{}', 100), op.dump('h'), op.set('h', [], []), op.dump('h'));
  add('zero-size', ops, { allocs: true });
}

// ---------------------------------------------------------------------------------------------
// arrays and structs

{
  const cases = [
    ['array-4u8', 'map[[4]uint8]int32', [[1, 2, 3, 4], [4, 3, 2, 1], [0, 0, 0, 0], [255, 255, 255, 255]]],
    ['array-8u8', 'map[[8]uint8]int32', [[1, 2, 3, 4, 5, 6, 7, 8], [0, 0, 0, 0, 0, 0, 0, 1]]],
    ['array-2i16', 'map[[2]int16]int32', [[1, 2], [-1, -2], [32767, -32768]]],
    ['array-3u8', 'map[[3]uint8]int32', [[1, 2, 3], [3, 2, 1]]],
    ['array-12u8', 'map[[12]uint8]int32', [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]]],
    ['array-16u8', 'map[[16]uint8]int32', [Array.from({ length: 16 }, (_, i) => i)]],
    ['array-17u8', 'map[[17]uint8]int32', [Array.from({ length: 17 }, (_, i) => i * 3)]],
    ['array-2f32', 'map[[2]float32]int32', [[0, '-0'], ['-0', 0], [1.5, 2.5]]],
    ['array-1f64', 'map[[1]float64]int32', [[0], ['-0'], ['+Inf'], [2]]],
    ['array-3str', 'map[[3]string]int32', [['a', 'b', 'c'], ['', '', ''], ['abc', '', 'x']]],
    ['array-2any', 'map[[2]interface{}]int32', [[null, null], [{ type: 'int', value: 1 }, { type: 'string', value: 's' }]]],
    ['struct-2i16', 'map[struct{ a, b int16 }]int32', [[1, 2], [2, 1]]],
    ['struct-2i32', 'map[struct{ a, b int32 }]int32', [[1, 2], [-1, 0]]],
    ['struct-padded', 'map[struct{ a int8; b int64 }]struct{ c int16; d int32 }', [[1, 2], [-1, '9223372036854775807']]],
    ['struct-blank', 'map[struct{ _ int32; a int32 }]struct{ x int8; _ int8; y int16 }', [[7, 1], [0, 1], [9, 2]]],
    ['struct-int-string', 'map[struct{ a int32; s string }]string', [[1, 'one'], [2, 'two']]],
    ['struct-2int-string', 'map[struct{ a, b int32; s string }]string', [[1, 2, 'x'], [2, 1, 'x']]],
    ['struct-float-string', 'map[struct{ f float64; s string }]float64', [[0, 'z'], ['-0', 'z'], [1, 'n']]],
    ['struct-float-any', 'map[struct{ f float32; i interface{}; b bool }]int', [[1, null, true], [1, { type: 'float64', value: '-0' }, false]]],
    ['struct-ptr-nil', 'map[struct{ p *int }]int', [[null]]],
    ['struct-blank-string', 'map[struct{ a uint8; _ [3]uint8; b uint32; _ string }]uint8', [[1, [9, 9, 9], 2, 'blank'], [1, [0, 0, 0], 2, '']]],
  ];
  cases.forEach(([name, type, keys]) => {
    const t = mapParts(type);
    const r = rng(type);
    const ops = [op.make('m', type)];
    keys.forEach((k) => ops.push(op.set('m', k, sample(t.elem, r))));
    // the same keys again (equal keys, possibly with other blank fields or ±0)
    keys.forEach((k) => ops.push(op.get('m', k)));
    ops.push(op.set('m', keys[0], sample(t.elem, r)), op.dump('m'), op.del('m', keys[keys.length - 1]), op.dump('m'), op.range('m'));
    add(`composite-${name}`, ops);
  });
}

// ---------------------------------------------------------------------------------------------
// interface keys: many dynamic kinds, the unhashable panic

{
  const dyn = [
    { type: 'int', value: 1 }, { type: 'int8', value: 1 }, { type: 'int16', value: 1 }, { type: 'int32', value: 1 }, { type: 'int64', value: 1 },
    { type: 'uint', value: 1 }, { type: 'uint8', value: 1 }, { type: 'uint16', value: 1 }, { type: 'uint32', value: 1 }, { type: 'uint64', value: 1 },
    { type: 'uintptr', value: 1 }, { type: 'byte', value: 2 }, { type: 'rune', value: 3 }, { type: 'bool', value: true }, { type: 'bool', value: false },
    { type: 'float32', value: 1.5 }, { type: 'float64', value: 1.5 }, { type: 'float64', value: '-0' }, { type: 'float64', value: 0 },
    { type: 'complex64', value: [1, 2] }, { type: 'complex128', value: [1, 2] }, { type: 'string', value: '' }, { type: 'string', value: 'hello' },
    { type: 'string', value: 'a much longer string value, beyond sixteen bytes' }, { type: '[0]int', value: [] }, { type: 'struct{}', value: [] },
    { type: '[2]int16', value: [1, 2] }, { type: '[3]uint8', value: [1, 2, 3] }, { type: '[2]string', value: ['a', 'b'] },
    { type: 'struct{ a int8; b string }', value: [1, 'b'] }, { type: 'struct{ a, b int32 }', value: [1, 2] },
    { type: 'struct{ x float32; y interface{} }', value: [2, { type: 'int', value: 5 }] }, { type: '[1]interface{}', value: [null] },
    { type: '*int', value: null }, { type: 'chan int', value: null }, { type: 'unsafe.Pointer', value: null },
    { type: '[8]uint8', value: [1, 0, 0, 0, 0, 0, 0, 0] }, null,
  ];
  const ops = [op.make('m', 'map[interface{}]int')];
  dyn.forEach((k, i) => {
    ops.push(op.set('m', k, i));
    if (i === 7 || i === 8 || i === 20) ops.push(op.dump('m'));
  });
  ops.push(op.dump('m'), op.len('m'));
  for (const k of [dyn[0], dyn[4], dyn[16], dyn[17], dyn[18], dyn[22], dyn[29], dyn[36], { type: 'int', value: 2 }, { type: 'float64', value: 'NaN' }]) ops.push(op.get('m', k));
  for (const k of [dyn[1], dyn[13], dyn[20], dyn[24], dyn[30]]) ops.push(op.del('m', k));
  ops.push(op.dump('m'), op.range('m'));
  add('any-keys-kinds', ops);

  const bad = [{ type: '[]int', value: [1] }, { type: '[]int', value: null }, { type: 'map[string]int', value: 'new' }, { type: 'func()', value: null },
    { type: 'struct{ a int; s []uint8 }', value: [1, null] }, { type: '[1][]int', value: [null] }, { type: '[0][]int', value: [] },
    { type: 'struct{ a interface{} }', value: [{ type: '[]string', value: [] }] }];
  const p = [op.make('m', 'map[any]string'), op.set('m', { type: 'int', value: 1 }, 'one'), op.set('m', { type: 'string', value: 'x' }, 'x')];
  for (const k of bad) p.push(op.set('m', k, 'bad'), op.get('m', k), op.del('m', k));
  p.push(op.dump('m'), op.len('m'), op.nil('n', 'map[any]string'));
  for (const k of bad.slice(0, 3)) p.push(op.get('n', k), op.del('n', k), op.set('n', k, 'x'));
  p.push(op.get('n', { type: 'int', value: 1 }), op.del('n', { type: 'int', value: 1 }), op.make('e', 'map[any]string'), op.get('e', bad[0]), op.del('e', bad[0]), op.get('e', null));
  p.push(op.make('s', 'map[struct{ k any; n int8 }]bool'), op.set('s', [{ type: 'int8', value: 1 }, 2], true), op.set('s', [bad[0], 1], true), op.get('s', [null, 0]), op.del('s', [bad[2], 0]), op.dump('s'));
  add('any-keys-unhashable', p, { allocs: true });

  // interface elems: values of many kinds
  const e = [op.make('m', 'map[int32]any')];
  dyn.forEach((v, i) => e.push(op.set('m', i, v)));
  e.push(op.set('m', 100, { type: '[]int', value: [1, 2, 3] }), op.set('m', 101, { type: 'map[string]int', value: 'new' }), op.set('m', 102, { type: '[]int', value: [] }), op.set('m', 103, { type: 'func()', value: 'new' }));
  e.push(op.dump('m'), op.get('m', 100), op.get('m', 5), op.range('m'));
  add('any-elems', e);
}

// ---------------------------------------------------------------------------------------------
// keys and elems of exactly 128 and 129+ bytes (inline vs indirect)

{
  const arr = (n, f) => Array.from({ length: n }, (_, i) => f(i));
  const cases = [
    ['key128', 'map[[128]uint8]int8', (i) => arr(128, (j) => (i * 7 + j) & 255), (i) => i],
    ['key129', 'map[[129]uint8]int8', (i) => arr(129, (j) => (i * 7 + j) & 255), (i) => i],
    ['elem128', 'map[int64][128]uint8', (i) => i * 100, (i) => arr(128, (j) => (i + j) & 255)],
    ['elem129', 'map[int64][129]uint8', (i) => i * 100, (i) => arr(129, (j) => (i + j) & 255)],
    ['key130-elem200', 'map[[130]uint8][200]uint8', (i) => arr(130, (j) => (i === j ? 1 : 0)), (i) => arr(200, (j) => (i * j) & 255)],
    ['key-struct-string-pad', 'map[struct{ s string; pad [128]uint8 }]string', (i) => [`k${i}`, arr(128, () => i)], (i) => `v${i}`],
    ['key128-elem128-int64', 'map[[16]int64][16]int64', (i) => arr(16, (j) => i * j), (i) => arr(16, (j) => i - j)],
    ['key136-ptr', 'map[[17]int64]*int', (i) => arr(17, (j) => i + j), (i) => (i % 2 ? 'new' : null)],
    ['elem-33-strings', 'map[string][33]string', (i) => `key${i}`, (i) => arr(33, (j) => (j === i ? 'x' : ''))],
  ];
  cases.forEach(([name, type, key, elem]) => {
    const ops = [op.make('m', type)];
    for (let i = 0; i < 10; i++) ops.push(op.set('m', key(i), elem(i)));
    ops.push(op.dump('m'), op.get('m', key(3)), op.get('m', key(42)), op.set('m', key(3), elem(9)), op.del('m', key(4)), op.del('m', key(5)), op.dump('m'), op.range('m'));
    add(`big-${name}`, ops, { allocs: true });
  });
}

// ---------------------------------------------------------------------------------------------
// growth through several doublings, dumps mid-evacuation

function growthScenario(name, type, keyOf, elemOf, maxB, extra = {}) {
  const ops = [op.make('m', type)];
  let n = 0;
  for (let B = 0; B < maxB; B++) {
    const g = growAt(B);
    while (n < g) ops.push(op.set('m', keyOf(n), elemOf(n++)));
    // the key that starts the growth, then a few more: each does growth work
    ops.push(op.dump('m'));
    for (let i = 0; i < 3; i++) {
      ops.push(op.set('m', keyOf(n), elemOf(n++)), op.dump('m'));
    }
    if (B >= 2) {
      // deletes and overwrites also evacuate
      ops.push(op.del('m', keyOf(1)), op.set('m', keyOf(2), elemOf(999)), op.dump('m'));
    }
  }
  ops.push(op.len('m'), op.range('m'));
  add(name, ops, extra);
}

growthScenario('grow-int64', 'map[int64]int64', (i) => i * 7919, (i) => i, 4, { allocs: true });
growthScenario('grow-int32-ptr', 'map[int32]*int32', (i) => i, (i) => (i % 3 ? 'new' : null), 4, { allocs: true });
growthScenario('grow-string', 'map[string]string', (i) => `k${i}`, (i) => `v${i}`, 4, { allocs: true });
growthScenario('grow-any', 'map[any]uint8', (i) => (i % 2 ? { type: 'int', value: i } : { type: 'string', value: `s${i}` }), (i) => i & 255, 4);
growthScenario('grow-float64', 'map[float64]int32', (i) => (i === 0 ? '-0' : i % 10 === 9 ? -i - 0.5 : i + 0.5), (i) => i, 4);
growthScenario('grow-indirect', 'map[[130]uint8][140]uint8', (i) => Array.from({ length: 130 }, (_, j) => (j === 0 ? i & 255 : j === 1 ? i >> 8 : 0)), (i) => Array.from({ length: 140 }, () => i & 255), 2, { allocs: true });
growthScenario('grow-uint16-struct', 'map[uint16]struct{}', (i) => i * 3, () => [], 4, { allocs: true });

// a long growth with few dumps: B up to 7, deletes throughout; one dump mid-evacuation
{
  const ops = [op.make('m', 'map[uint32]uint16')];
  let count = 0;
  let dumpAt = -1;
  for (let i = 0; i < 600; i++) {
    ops.push(op.set('m', (i * 2654435761) % 4294967296, i & 0xffff));
    count++;
    if (count === growAt(6) + 1) dumpAt = ops.length + 2;
    if (i % 7 === 3) {
      ops.push(op.del('m', ((i - 3) * 2654435761) % 4294967296));
      count--;
    }
    if (ops.length >= dumpAt && dumpAt > 0) {
      ops.push(op.dump('m'));
      dumpAt = -1;
    }
  }
  ops.push(op.len('m'), op.range('m'));
  add('grow-long', ops, { allocs: true });
}

// ---------------------------------------------------------------------------------------------
// same-size growth: interface keys of distinct 8-byte regular-memory types with the same bytes
// hash alike (the interface hash ignores the type), so a family of 9 fills one chain and needs
// one overflow bucket. With B=2, the fourth chain to overflow makes noverflow 4, and the next
// new key (the first of the next family) starts a same-size growth.

const SAME_HASH_TYPES = ['int64', 'uint64', '[8]uint8', '[8]int8', '[2]int32', '[2]uint32', '[4]int16', '[4]uint16', '[1]int64', '[1]uint64', 'struct{ a int64 }', 'struct{ a, b int32 }', '[2][4]uint8', '[1][8]uint8'];
function sameHashKey(typeIdx, v) {
  // v's 8 little-endian bytes, seen through each type
  const bytes = Array.from({ length: 8 }, (_, i) => Number((BigInt(v) >> BigInt(8 * i)) & 255n));
  const words = (n) => Array.from({ length: 8 / n }, (_, i) => bytes.slice(i * n, i * n + n).reduceRight((a, b) => a * 256 + b, 0));
  const signed = (x, bits) => (x >= 2 ** (bits - 1) ? x - 2 ** bits : x);
  const t = SAME_HASH_TYPES[typeIdx];
  const value = {
    int64: v, uint64: v, '[8]uint8': bytes, '[8]int8': bytes.map((b) => signed(b, 8)), '[2]int32': words(4).map((w) => signed(w, 32)),
    '[2]uint32': words(4), '[4]int16': words(2).map((w) => signed(w, 16)), '[4]uint16': words(2), '[1]int64': [v], '[1]uint64': [v],
    'struct{ a int64 }': [v], 'struct{ a, b int32 }': words(4).map((w) => signed(w, 32)), '[2][4]uint8': [bytes.slice(0, 4), bytes.slice(4)], '[1][8]uint8': [bytes],
  }[t];
  return { type: t, value };
}

function sameSizeScenario(name, withIters) {
  const ops = [op.make('m', 'map[any]struct{}', 20)];
  for (let f = 1; f <= 24; f++) {
    for (let i = 0; i < 9; i++) {
      ops.push(op.set('m', sameHashKey(i, f), []));
      if (i === 0) {
        ops.push(op.dump('m'));
        if (withIters) ops.push(op.iter('m', `it${f}`), op.next(`it${f}`));
      }
      if (withIters && i === 4) ops.push(op.next(`it${f}`), op.next(`it${f}`));
    }
    for (let i = 0; i < 9; i++) ops.push(op.del('m', sameHashKey(i, f)));
  }
  ops.push(op.dump('m'));
  add(name, ops, { allocs: true });
}
sameSizeScenario('same-size-growth', false);
sameSizeScenario('same-size-growth-iter', true);

// one long chain: 26 keys of one hash in one bucket (B=2), deletes from the middle, iteration
{
  const ops = [op.make('m', 'map[any]int32', 20)];
  const keys = [];
  for (let v = 1; v <= 2; v++) for (let t = 0; t < 13; t++) keys.push(sameHashKey(t, v === 1 ? 77 : 77 + 256));
  // 77 and 77+256 differ in their second byte: two families (two chains, maybe one bucket)
  keys.forEach((k, i) => ops.push(op.set('m', k, i)));
  ops.push(op.dump('m'), op.iter('m', 'a'), op.next('a'), op.next('a'));
  for (let i = 3; i < 20; i += 2) ops.push(op.del('m', keys[i]), op.next('a'));
  ops.push(op.dump('m'), op.set('m', sameHashKey(13, 77), 100), op.set('m', sameHashKey(13, 77 + 256), 101), op.dump('m'));
  for (let i = 0; i < 30; i++) ops.push(op.next('a'));
  ops.push(op.range('m'), op.clear('m'), op.dump('m'));
  add('collide-chain', ops, { allocs: true });
}

// ---------------------------------------------------------------------------------------------
// hints

{
  const hints = [undefined, 0, 1, 8, 9, 13, 14, 26, 27, 52, 53, 100];
  const ops = [];
  hints.forEach((h, i) => {
    const m = `m${i}`;
    ops.push(op.make(m, 'map[int64]int32', h), op.dump(m));
    for (let k = 0; k < 10; k++) ops.push(op.set(m, k * 31, k));
    ops.push(op.dump(m));
  });
  add('hints-small', ops, { allocs: true });

  const big = [op.make('a', 'map[uint8]uint8', 1000), op.dump('a'), op.set('a', 1, 1), op.len('a'),
    op.make('b', 'map[string]int64', '1000'), op.set('b', 'x', 1), op.len('b'),
    op.make('c', 'map[struct{}]struct{}', 5000), op.set('c', [], []), op.len('c'),
    op.make('d', 'map[int32]int32', 200), op.dump('d')];
  add('hints-large', big, { allocs: true });

  // Hints that act as 0: negative ones, and ones that fail makemap's size check on both
  // targets (hint × bucketsize > 2^48 on amd64; on 386 they do not fit an int). Hints between
  // 2^16 and 2^40 would really allocate on amd64 and are left out.
  const weird = [];
  ['-1', -100, '-9223372036854775808', '2199023255552', '4611686018427387904', '9223372036854775807'].forEach((h, i) => {
    const m = `m${i}`;
    weird.push(op.make(m, 'map[int64]int64', h), op.dump(m), op.set(m, 1, 1), op.dump(m));
  });
  add('hints-invalid', weird, { allocs: true });
}

// hash0 pinned
{
  const ops = [];
  ['0x00000000', '0xffffffff', '0x12345678'].forEach((h0, i) => {
    const m = `m${i}`;
    ops.push(op.make(m, i === 2 ? 'map[string]int' : 'map[int64]int', undefined, h0));
    for (let k = 0; k < 12; k++) ops.push(op.set(m, i === 2 ? `k${k}` : k, k));
    ops.push(op.dump(m), op.del(m, i === 2 ? 'k0' : 0), op.range(m));
  });
  ops.push(op.make('h', 'map[any]int', 30, '0x0000abcd'), op.set('h', null, 1), op.set('h', { type: 'struct{}', value: [] }, 2), op.dump('h'));
  add('hash0-pinned', ops);
}

// ---------------------------------------------------------------------------------------------
// delete to empty (go1.19 reseeds), clear

{
  const types = [['map[int32]int32', (i) => i], ['map[int64]string', (i) => i], ['map[string]int8', (i) => `s${i}`], ['map[int16]int16', (i) => i],
    ['map[float64]bool', (i) => i / 2], ['map[*int]int', () => 'new'], ['map[[2]string]int', (i) => [`${i}`, '']]];
  const ops = [];
  types.forEach(([type, key], n) => {
    const m = `m${n}`;
    const t = mapParts(type);
    const r = rng(type);
    ops.push(op.make(m, type));
    const keys = [key(1), key(2), key(3)];
    keys.forEach((k) => ops.push(op.set(m, k, sample(t.elem, r))));
    if (type === 'map[*int]int') {
      // fresh objects each time: the keys cannot be named again; clear instead
      ops.push(op.del(m, 'new'), op.clear(m), op.dump(m), op.del(m, 'new'));
    } else {
      ops.push(op.del(m, keys[0]), op.del(m, keys[1]), op.dump(m), op.del(m, keys[2]), op.dump(m), op.del(m, keys[2]), op.set(m, keys[0], sample(t.elem, r)), op.dump(m));
    }
  });
  add('delete-to-empty', ops, { allocs: true });

  const c = [op.make('a', 'map[int64]int64', 100), op.iter('a', 'i0')];
  for (let i = 0; i < 120; i++) c.push(op.set('a', i, i));
  c.push(op.iter('a', 'i1'), op.next('i1'), op.dump('a'), op.clear('a'), op.dump('a'), op.next('i1'), op.next('i0'), op.len('a'));
  for (let i = 0; i < 20; i++) c.push(op.set('a', i * 3, i));
  c.push(op.dump('a'), op.clear('a'), op.clear('a'), op.dump('a'));
  // clear in the middle of a growth
  c.push(op.make('b', 'map[string]int32'));
  for (let i = 0; i < growAt(3) + 1; i++) c.push(op.set('b', `k${i}`, i));
  c.push(op.dump('b'), op.clear('b'), op.dump('b'), op.set('b', 'again', 1), op.dump('b'));
  // clear of a non-reflexive key type mid-growth
  c.push(op.make('f', 'map[interface{}]int32'));
  for (let i = 0; i < growAt(3) + 1; i++) c.push(op.set('f', { type: 'int', value: i }, i));
  c.push(op.clear('f'), op.dump('f'), op.len('f'));
  c.push(op.make('e', 'map[string]int'), op.clear('e'), op.dump('e'), op.make('g', 'map[float32]int'), op.clear('g'), op.dump('g'));
  add('clear', c, { allocs: true });
}

// ---------------------------------------------------------------------------------------------
// iterators started mid-growth, interleaved with set/delete/next

function iterScenario(name, type, keyOf, elemOf) {
  const ops = [op.make('m', type)];
  let n = 0;
  for (; n < growAt(2); n++) ops.push(op.set('m', keyOf(n), elemOf(n)));
  ops.push(op.iter('m', 'before'), op.set('m', keyOf(n), elemOf(n++)), op.iter('m', 'mid'), op.dump('m'));
  for (let i = 0; i < 60; i++) {
    ops.push(op.next(i % 3 ? 'mid' : 'before'));
    if (i % 4 === 0) ops.push(op.set('m', keyOf(n), elemOf(n++)));
    if (i % 4 === 2) ops.push(op.del('m', keyOf(i)));
    if (i % 5 === 1) ops.push(op.set('m', keyOf(i + 1), elemOf(1000 + i)));
    if (i === 7) ops.push(op.iter('m', 'late'), op.dump('m'));
    if (i > 7 && i % 6 === 0) ops.push(op.next('late'));
  }
  ops.push(op.dump('m'));
  for (let i = 0; i < 40; i++) ops.push(op.next('before'), op.next('late'));
  ops.push(op.range('m'));
  add(name, ops, { allocs: true });
}
iterScenario('iter-mid-growth-int64', 'map[int64]int64', (i) => i * 104729, (i) => i);
iterScenario('iter-mid-growth-string', 'map[string]*int', (i) => `key-${i}`, (i) => (i % 2 ? 'new' : null));
iterScenario('iter-mid-growth-uint8', 'map[uint8]uint8', (i) => (i * 37) & 255, (i) => i & 255);
iterScenario('iter-mid-growth-float', 'map[float32]string', (i) => (i === 3 ? '-0' : i * 0.25), (i) => `v${i}`);

{
  // iterators over a map that only shrinks and is refilled
  const ops = [op.make('m', 'map[int32]int32')];
  for (let i = 0; i < 20; i++) ops.push(op.set('m', i, i));
  ops.push(op.iter('m', 'a'), op.iter('m', 'b'));
  for (let i = 0; i < 20; i++) ops.push(op.del('m', i), op.next(i % 2 ? 'a' : 'b'));
  ops.push(op.dump('m'), op.next('a'), op.next('b'), op.next('a'), op.iter('m', 'c'), op.set('m', 5, 5), op.next('c'), op.iter('m', 'd'), op.next('d'), op.next('d'));
  add('iter-deletes', ops, { allocs: true });
}

// ---------------------------------------------------------------------------------------------
// nil maps

{
  const ops = [];
  const types = ['map[string]int', 'map[int64]int64', 'map[int32]int32', 'map[any]int', 'map[float64]int', 'map[[200]uint8]int8', 'map[struct{}]struct{}'];
  types.forEach((type, i) => {
    const m = `n${i}`;
    const t = mapParts(type);
    ops.push(op.nil(m, type), op.len(m), op.get(m, zero(t.key)), op.del(m, zero(t.key)), op.range(m), op.iter(m, `i${i}`), op.next(`i${i}`), op.clear(m), op.dump(m), op.set(m, zero(t.key), zero(t.elem)), op.len(m));
  });
  ops.push(op.get('n3', { type: '[]int', value: null }), op.del('n3', { type: 'map[int]int', value: null }), op.get('n3', { type: 'int', value: 0 }));
  // a map made after being nil
  ops.push(op.make('n0', 'map[string]int'), op.set('n0', 'x', 1), op.dump('n0'), op.nil('n0', 'map[string]int'), op.len('n0'), op.dump('n0'));
  add('nil-maps', ops, { allocs: true });
}

// ---------------------------------------------------------------------------------------------
// allocations: overflow tracking of pointer-free buckets (h.extra.overflow and its growslice),
// tiny buckets on 386, mapextra with preallocated overflow buckets

{
  const ops = [op.make('m', 'map[int64]int8', 100)];
  for (let i = 0; i < 104; i++) ops.push(op.set('m', i * 2 ** 20, 1));
  ops.push(op.dump('m'), op.set('m', -1, 1), op.dump('m'));
  add('allocs-prealloc', ops, { allocs: true });

  // same-hash interface keys in a pointer-free... interfaces have pointers; to grow
  // h.extra.overflow, use many keys in a small pointer-free map
  const o = [op.make('m', 'map[uint16]uint8')];
  for (let i = 0; i < 420; i++) o.push(op.set('m', (i * 40503) & 0xffff, i & 255));
  o.push(op.dump('m'), op.range('m'));
  add('allocs-overflow-slice', o, { allocs: true });

  const t = [op.make('a', 'map[struct{}]struct{}'), op.set('a', [], []), op.make('b', 'map[[0]uint8]struct{}'), op.set('b', [], []), op.range('b'),
    op.make('c', 'map[int8]struct{}'), op.set('c', 1, []), op.make('d', 'map[struct{}]int8'), op.set('d', [], 1), op.dump('a'), op.dump('d')];
  add('allocs-tiny', t, { allocs: true });
}

// ---------------------------------------------------------------------------------------------
// layouts: ~60 map types, each made (or nil) and dumped with one zero key

{
  const types = [
    'map[bool]bool', 'map[int8]int8', 'map[int16]int16', 'map[int32]int32', 'map[int64]int64', 'map[int]int', 'map[uint8]uint8',
    'map[uint16]uint16', 'map[uint32]uint32', 'map[uint64]uint64', 'map[uint]uint', 'map[uintptr]uintptr', 'map[float32]float32',
    'map[float64]float64', 'map[complex64]complex64', 'map[complex128]complex128', 'map[string]string', 'map[byte]rune',
    'map[unsafe.Pointer]unsafe.Pointer', 'map[*int]*string', 'map[chan int]func()', 'map[any]any', 'map[interface{}]map[string]int',
    'map[[0]int][0]int', 'map[[1]string][]int', 'map[[2]string][2]interface{}', 'map[[4]uint8][4]uint8', 'map[[8]uint8][8]uint8',
    'map[[3]uint8][3]uint8', 'map[[12]uint8][12]uint8', 'map[[16]uint8][16]uint8', 'map[[17]uint8][17]uint8', 'map[[128]uint8][128]uint8',
    'map[[129]uint8][129]uint8', 'map[[2]float32][2]float32', 'map[[1]float64][1]float64', 'map[struct{}]struct{}',
    'map[struct{ a int8; b int64 }]struct{ a int8; b int64 }', 'map[struct{ a, b int32 }]struct{ a, b int32 }',
    'map[struct{ a, b int16 }]int64', 'map[struct{ _ int32; a int32 }]string', 'map[struct{ a int32; s string }]int',
    'map[struct{ a int64; z struct{} }]struct{ z struct{}; a int64 }', 'map[struct{ f float64 }]struct{ f float64 }',
    'map[struct{ p *int }]struct{ p *int }', 'map[struct{ a int8; i any }]bool', 'map[[2]any]int', 'map[[0]string]int',
    'map[[0]float64]int', 'map[int64][129]uint8', 'map[string][]int', 'map[int]map[string]int', 'map[string]chan int',
    'map[int64][3]string', 'map[int32]*int', 'map[int64]*int', 'map[string][128]uint8', 'map[int64][2000]*int',
    'map[int64][20000]*uint8', 'map[[20]string]int', 'map[struct{ a [3]uint16; b uint8 }]uint8', 'map[complex64]struct{ c complex128; b bool }',
    'map[int8][5]struct{ s string; x int16 }',
  ];
  const ops = [];
  types.forEach((type, i) => {
    const m = `m${i}`;
    const t = mapParts(type);
    if (i % 5 === 4) ops.push(op.nil(`n${i}`, type));
    ops.push(op.make(m, type));
    if (!type.includes('20000')) ops.push(op.set(m, zero(t.key), zero(t.elem)));
    ops.push(op.dump(m));
  });
  add('layouts', ops);
}

// ---------------------------------------------------------------------------------------------
// NaN keys. f32hash/f64hash hash a NaN with a fresh fastrand() each time, so where a NaN key
// lands is random and not recorded in a trace: these scenarios replay only structurally.

{
  const ops = [op.make('f', 'map[float64]int')];
  ['NaN', 'NaN', '0x7ff8000000000002', '0xfff8000000000000', '0x7ff0000000000001', 1.5, '-0', 0].forEach((k, i) => ops.push(op.set('f', k, i)));
  ops.push(op.dump('f'), op.get('f', 'NaN'), op.del('f', 'NaN'), op.len('f'), op.range('f'), op.clear('f'), op.len('f'), op.dump('f'));
  ops.push(op.make('g', 'map[float32]int'));
  ['NaN', '0x7fc00001', '0xffc00000', '0x7f800001', 2].forEach((k, i) => ops.push(op.set('g', k, i)));
  ops.push(op.dump('g'), op.clear('g'), op.dump('g'));
  ops.push(op.make('c', 'map[complex128]int'), op.set('c', ['NaN', 0], 1), op.set('c', [0, 'NaN'], 2), op.set('c', [0, 0], 3), op.dump('c'), op.clear('c'), op.dump('c'));
  ops.push(op.make('a', 'map[[2]float32]int'), op.set('a', ['NaN', 1], 1), op.set('a', [1, 'NaN'], 2), op.dump('a'));
  ops.push(op.make('s', 'map[struct{ f float64; s string }]int'), op.set('s', ['NaN', 'n'], 1), op.set('s', ['NaN', 'n'], 2), op.dump('s'));
  ops.push(op.make('i', 'map[any]int'), op.set('i', { type: 'float64', value: 'NaN' }, 1), op.set('i', { type: 'float64', value: 'NaN' }, 2), op.set('i', { type: 'int', value: 1 }, 3), op.dump('i'), op.clear('i'), op.dump('i'));
  add('nan-keys', ops, { allocs: true });

  // NaN keys through growth with an iterator: evacuate sends them by the low bit of the tophash
  const g = [op.make('m', 'map[float64]int32')];
  let n = 0;
  for (; n < growAt(2); n++) g.push(op.set('m', n % 3 === 0 ? 'NaN' : n, n));
  g.push(op.iter('m', 'it'), op.set('m', 'NaN', n++), op.dump('m'));
  for (let i = 0; i < 12; i++) g.push(op.set('m', i % 2 ? 'NaN' : 1000 + i, n++), op.next('it'));
  g.push(op.dump('m'));
  for (let i = 0; i < 40; i++) g.push(op.next('it'));
  g.push(op.range('m'), op.clear('m'), op.dump('m'));
  add('nan-grow-iter', g);
}

// ---------------------------------------------------------------------------------------------
// keys hashed by address (pointers, chans, unsafe.Pointer, interfaces holding them): they land
// differently in every run, so these scenarios replay only structurally.

{
  const ops = [];
  [['p', 'map[*int]int'], ['c', 'map[chan int]string'], ['u', 'map[unsafe.Pointer]int8'], ['s', 'map[struct{ p *int }]int']].forEach(([m, type]) => {
    ops.push(op.make(m, type));
    const key = (i) => (m === 's' ? [i % 5 ? 'new' : null] : i % 5 ? 'new' : null);
    for (let i = 0; i < 20; i++) ops.push(op.set(m, key(i), m === 'c' ? `v${i}` : i));
    ops.push(op.dump(m), op.get(m, key(1)), op.get(m, key(0)), op.del(m, key(0)), op.len(m), op.range(m), op.clear(m), op.dump(m));
  });
  ops.push(op.make('i', 'map[any]int'));
  [{ type: '*int', value: 'new' }, { type: 'chan int', value: 'new' }, { type: 'unsafe.Pointer', value: 'new' }, { type: '*string', value: null }, { type: 'struct{ p *int; x int8 }', value: ['new', 1] }, { type: 'int', value: 1 }]
    .forEach((k, i) => ops.push(op.set('i', k, i)));
  ops.push(op.dump('i'), op.range('i'));
  add('addr-keys', ops, { allocs: true });
}

// ---------------------------------------------------------------------------------------------
// a mixed random workload per key kind (sets, overwrites, gets, deletes, iterations)

for (const type of ['map[int64]int64', 'map[string]int32', 'map[uint16]string', 'map[any]int64']) {
  const r = rng(`random-${type}`);
  const t = mapParts(type);
  const keys = [];
  const keyOf = () => {
    if (keys.length && r() < 0.4) return r.pick(keys);
    const k = t.key.kind === 'interface' ? r.pick([{ type: 'int', value: r.int(200) }, { type: 'string', value: `s${r.int(200)}` }, { type: 'float64', value: r.int(100) / 4 }]) : sample(t.key, r);
    keys.push(k);
    return k;
  };
  const ops = [op.make('m', type, r() < 0.5 ? undefined : r.int(40))];
  let iters = 0;
  for (let i = 0; i < 260; i++) {
    const x = r();
    if (x < 0.55) ops.push(op.set('m', keyOf(), sample(t.elem, r)));
    else if (x < 0.7) ops.push(op.get('m', keyOf()));
    else if (x < 0.88) ops.push(op.del('m', keyOf()));
    else if (x < 0.93 && iters < 4) ops.push(op.iter('m', `it${iters++}`));
    else if (iters > 0) ops.push(op.next(`it${r.int(iters)}`));
    if (i === 129) ops.push(op.dump('m'));
  }
  ops.push(op.len('m'), op.range('m'), op.dump('m'));
  add(`random-${t.key.kind === 'interface' ? 'any' : t.key.kind}`, ops, { allocs: r() < 0.5 });
}

// ---------------------------------------------------------------------------------------------

function write() {
  fs.mkdirSync(OUT, { recursive: true });
  for (const s of scenarios) {
    const head = Object.entries(s).filter(([k]) => k !== 'ops').map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`);
    const text = `{\n${head.join(',\n')},\n  "ops": [\n${s.ops.map((o) => `    ${JSON.stringify(o)}`).join(',\n')}\n  ]\n}\n`;
    fs.writeFileSync(path.join(OUT, `${s.name}.scenario.json`), text);
  }
  const names = new Set(scenarios.map((s) => `${s.name}.scenario.json`));
  const others = fs.readdirSync(OUT).filter((f) => f.endsWith('.scenario.json') && !names.has(f));
  console.log(`gen-scenarios: wrote ${scenarios.length} scenarios to ${path.relative(process.cwd(), OUT) || '.'}` + (others.length ? ` (also there, not generated: ${others.join(', ')})` : ''));
}

if (process.argv.includes('--list')) {
  for (const s of scenarios) console.log(`${s.name}\t${s.ops.length} ops${s.allocs ? '\tallocs' : ''}`);
} else {
  write();
}
