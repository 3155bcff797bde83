// Random Go values for the fuzzer: keys drawn from small domains (so that sets overwrite and
// deletes hit), special values (±0, NaN payloads, ±Inf, extreme integers, invalid UTF-8), and
// alternative input spellings of the same value ("-0", "NaN", numbers, "0x…" integers, byte/rune,
// any). Every generated value comes in output spelling; `spell` gives an input spelling of it.

import { Rng } from './rng';
import { JSONNumber } from '../trace/json';
import { T, str, typeOf, intInfo, f32bits, f64bits, intNorm } from './gotypes';

export interface ValueOpts {
  /** probability that a float is a NaN (each NaN key insert makes a new entry) */
  nan: number;
  /** 0: tiny domains (many collisions) … 1: wide random values */
  spread: number;
}

const SMALL_F64 = [0, -0, 1, -1, 0.5, 2, 3, 1e300, -1e-300, 5e-324, Infinity, -Infinity, 1.5, 100, 0.1];
const NAN64 = ['0x7ff8000000000001', '0x7ff8000000000000', '0xfff8000000000000', '0x7ff0000000000001', '0x7fffffffffffffff'];
const NAN32 = ['0x7fc00000', '0xffc00000', '0x7f800001', '0x7fffffff'];

function floatValue(rng: Rng, is32: boolean, o: ValueOpts): string {
  if (rng.chance(o.nan)) return rng.pick(is32 ? NAN32 : NAN64);
  if (rng.chance(1 - o.spread * 0.8)) {
    const x = rng.pick(SMALL_F64);
    return is32 ? f32bits(x) : f64bits(x);
  }
  if (rng.chance(0.5)) {
    const x = (rng.int(2001) - 1000) / rng.pick([1, 2, 4, 10, 3]);
    return is32 ? f32bits(x) : f64bits(x);
  }
  // a random bit pattern (NaNs included, rarely)
  if (is32) return '0x' + rng.u32().toString(16).padStart(8, '0');
  return '0x' + rng.u64().toString(16).padStart(16, '0');
}

function intValue(rng: Rng, bits: number, signed: boolean, o: ValueOpts): number | string {
  const min = signed ? -(2n ** BigInt(bits - 1)) : 0n;
  const max = signed ? 2n ** BigInt(bits - 1) - 1n : 2n ** BigInt(bits) - 1n;
  let x: bigint;
  const r = rng.float();
  if (r < 1 - o.spread * 0.7) {
    x = BigInt(rng.range(signed ? -4 : 0, 24));
  } else if (r < 1 - o.spread * 0.5) {
    const edges = [min, max, min + 1n, max - 1n, 0n, 2n ** 31n, 2n ** 32n, 2n ** 53n, 2n ** 53n + 1n, -(2n ** 53n) - 1n, 255n, 256n, -129n];
    x = rng.pick(edges);
  } else {
    x = BigInt.asUintN(bits, rng.u64());
    if (signed) x = BigInt.asIntN(bits, x);
  }
  if (x < min) x = min;
  if (x > max) x = max;
  return intNorm(x);
}

const ALPHA = 'ab';
const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

function stringValue(rng: Rng, o: ValueOpts): unknown {
  const r = rng.float();
  if (r < 0.03) {
    // invalid UTF-8 (output as {"hex": …})
    const n = rng.range(1, 20);
    const b = Buffer.alloc(n);
    for (let i = 0; i < n; i++) b[i] = rng.int(256);
    b[rng.int(n)] = 0xff;
    return { hex: b.toString('hex') };
  }
  if (r < 0.06) return rng.pick(['é', 'ü€', '日本語', '\u0000', 'a\u0000b', '😀']);
  let n: number;
  if (r < 1 - o.spread * 0.6) n = rng.range(0, 3);
  else n = rng.weighted([[6, rng.range(4, 16)], [3, rng.range(17, 40)], [1, rng.range(41, 300)]]);
  const alpha = n <= 3 && rng.chance(0.7) ? ALPHA : ALNUM;
  let s = '';
  for (let i = 0; i < n; i++) s += alpha[rng.int(alpha.length)];
  return s;
}

/** Dynamic types of interface keys and elems: comparable ones, and a few unhashable ones. */
export const DYN_HASHABLE = [
  'int', 'int8', 'uint8', 'int64', 'uint', 'uint32', 'string', 'float64', 'float32', 'bool', 'complex128',
  '[2]int8', 'struct { a int16; b string }', '[1]interface {}', 'struct {}', '*int', 'struct { x float64; _ int8 }',
  '[2]float32', 'chan int',
];
export const DYN_UNHASHABLE = ['[]int', 'map[string]int', 'func()', 'struct { a int; s []uint8 }', '[1][]int'];

/** A random value of type t, in output spelling. `key`: only hashable dynamic types, nil pointers. */
export function genValue(rng: Rng, t: T, ptrSize: number, o: ValueOpts, key: boolean): unknown {
  switch (t.k) {
    case 'basic': {
      const ii = intInfo(t, ptrSize);
      if (ii) return intValue(rng, ii.bits, ii.signed, o);
      switch (t.name) {
        case 'bool': return rng.chance(0.5);
        case 'string': return stringValue(rng, o);
        case 'float32': return floatValue(rng, true, o);
        case 'float64': return floatValue(rng, false, o);
        case 'complex64': return [floatValue(rng, true, o), floatValue(rng, true, o)];
        case 'complex128': return [floatValue(rng, false, o), floatValue(rng, false, o)];
      }
      throw new Error('genValue: ' + str(t));
    }
    case 'array': {
      const out: unknown[] = [];
      // Long arrays: mostly zeros, so that keys still collide.
      const n = Number(t.len);
      const sparse = n > 4;
      for (let i = 0; i < n; i++) {
        out.push(sparse && !rng.chance(3 / n) ? zeroOf(t.elem, ptrSize) : genValue(rng, t.elem, ptrSize, o, key));
      }
      return out;
    }
    case 'struct': return t.fields.map((f) => genValue(rng, f.type, ptrSize, o, key));
    case 'slice': {
      if (rng.chance(0.2)) return null;
      const n = rng.range(0, 3);
      const out: unknown[] = [];
      for (let i = 0; i < n; i++) out.push(genValue(rng, t.elem, ptrSize, o, key));
      return out;
    }
    case 'interface': {
      if (rng.chance(0.08)) return null;
      const ds = rng.pick(DYN_HASHABLE);
      const dt = typeOf(ds);
      const v = genValue(rng, dt, ptrSize, o, true);
      return { type: str(dt), value: v };
    }
    case 'ptr': case 'chan': case 'unsafeptr': case 'func': case 'map':
      return key || rng.chance(0.3) ? null : 'ptr';
    case 'named': return genValue(rng, t.u, ptrSize, o, key);
  }
}

function zeroOf(t: T, ptrSize: number): unknown {
  // same as gotypes.zero, kept local for speed of sparse arrays
  void ptrSize;
  switch (t.k) {
    case 'basic':
      switch (t.name) {
        case 'bool': return false;
        case 'string': return '';
        case 'float32': return '0x00000000';
        case 'float64': return '0x0000000000000000';
        case 'complex64': return ['0x00000000', '0x00000000'];
        case 'complex128': return ['0x0000000000000000', '0x0000000000000000'];
        default: return 0;
      }
    case 'array': return Array.from({ length: Number(t.len) }, () => zeroOf(t.elem, ptrSize));
    case 'struct': return t.fields.map((f) => zeroOf(f.type, ptrSize));
    default: return null;
  }
}

/** An unhashable interface value (its hash panics). */
export function genUnhashable(rng: Rng, ptrSize: number, o: ValueOpts): { type: string; value: unknown } {
  const ds = rng.pick(DYN_UNHASHABLE);
  const dt = typeOf(ds);
  return { type: str(dt), value: genValue(rng, dt, ptrSize, o, false) };
}

/** Places where an interface value can hide inside a key of type t (paths of indexes). */
export function interfaceSlots(t: T, path: number[] = [], out: number[][] = []): number[][] {
  switch (t.k) {
    case 'interface': out.push(path); break;
    case 'array': for (let i = 0; i < Math.min(Number(t.len), 4); i++) interfaceSlots(t.elem, [...path, i], out); break;
    case 'struct': t.fields.forEach((f, i) => { if (f.name !== '_') interfaceSlots(f.type, [...path, i], out); }); break;
    default: break;
  }
  return out;
}

/** A copy of v with the value at path replaced. */
export function replaceAt(v: unknown, path: number[], x: unknown): unknown {
  if (path.length === 0) return x;
  const a = (v as unknown[]).slice();
  a[path[0]] = replaceAt(a[path[0]], path.slice(1), x);
  return a;
}

// ---- input spellings ----

const ALT_NAMES: Record<string, string[]> = {
  'uint8': ['byte'],
  'int32': ['rune'],
  'interface {}': ['interface{}', 'any'],
};

/** Another Go spelling of a type string (byte, rune, any, spacing). */
export function spellType(rng: Rng, s: string): string {
  if (ALT_NAMES[s] && rng.chance(0.5)) return rng.pick(ALT_NAMES[s]);
  if (rng.chance(0.3)) {
    let out = s.replace(/\buint8\b/g, 'byte').replace(/interface \{\}/g, rng.chance(0.5) ? 'any' : 'interface{}');
    out = out.replace(/struct \{ /g, 'struct{ ').replace(/struct \{\}/g, 'struct{}');
    return out;
  }
  return s;
}

/** The exact decimal text of the finite float64 m (BigInt: the fuzzer's inputs, not a hot path). */
function exactDecimal(m: number): string {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setFloat64(0, Math.abs(m));
  const bits = dv.getBigUint64(0);
  const e = Number((bits >> 52n) & 0x7ffn);
  let M = bits & ((1n << 52n) - 1n);
  let K: number;
  if (e === 0) K = -1074;
  else { M |= 1n << 52n; K = e - 1075; }
  const sign = m < 0 ? '-' : '';
  if (K >= 0) return sign + (M << BigInt(K)).toString();
  const digits = (M * 5n ** BigInt(-K)).toString().padStart(-K + 1, '0'); // value = digits × 10^K
  const frac = digits.slice(digits.length + K).replace(/0+$/, '');
  return sign + digits.slice(0, digits.length + K) + (frac ? '.' + frac : '');
}

/**
 * A decimal spelling of the float32 x that lies a hair from the midpoint between x and a
 * neighbour, on x's side: its nearest float64 is that midpoint, so a float32 rounded through
 * float64 (double rounding) goes to even, half the time the wrong way; rounded once, as Go's
 * strconv.ParseFloat(s, 32) does, it is x.
 */
function nearMidpoint32(rng: Rng, x: number): unknown {
  const a = Math.abs(x);
  const f32 = new Float32Array(1);
  const u32 = new Uint32Array(f32.buffer);
  f32[0] = a;
  const up = rng.chance(0.5) || u32[0] === 0;
  let n: number;
  if (up) {
    if (u32[0] === 0x7f7fffff) n = 2 ** 128;
    else { u32[0] = u32[0] + 1; n = f32[0]; }
  } else {
    u32[0] = u32[0] - 1;
    n = f32[0];
  }
  const mid = exactDecimal((a + n) / 2); // exact: float32 midpoints are float64 values
  // Toward x by far less than a float64 ulp: below the midpoint when n is above x, else above.
  let s: string;
  if (!mid.includes('.')) {
    s = up ? (BigInt(mid) - 1n).toString() + '.99999999999' : mid + '.00000000001';
  } else if (up) {
    // A fractional midpoint's exact expansion ends in 5: lower it, then add 9s.
    const last = mid.length - 1;
    s = mid.slice(0, last) + String(Number(mid[last]) - 1) + '99999999999';
  } else {
    s = mid + '00000000001';
  }
  return new JSONNumber((x < 0 ? '-' : '') + s);
}

function floatInput(rng: Rng, bits: string, is32: boolean): unknown {
  if (!rng.chance(0.4)) return bits;
  const b = BigInt(bits);
  if (is32) {
    if (bits === '0x7fc00000') return 'NaN';
    if (bits === '0x80000000') return '-0';
    if (bits === '0x7f800000') return rng.pick(['+Inf', 'Inf']);
    if (bits === '0xff800000') return '-Inf';
    const dv = new DataView(new ArrayBuffer(4));
    dv.setUint32(0, Number(b));
    const x = dv.getFloat32(0);
    if (Number.isFinite(x) && !Object.is(x, -0)) return rng.chance(0.5) ? x : nearMidpoint32(rng, x);
    return bits;
  }
  if (bits === '0x7ff8000000000001') return 'NaN';
  if (bits === '0x8000000000000000') return '-0';
  if (bits === '0x7ff0000000000000') return '+Inf';
  if (bits === '0xfff0000000000000') return '-Inf';
  const dv = new DataView(new ArrayBuffer(8));
  dv.setBigUint64(0, b);
  const x = dv.getFloat64(0);
  if (Number.isFinite(x) && !Object.is(x, -0)) return x;
  return bits.toUpperCase().replace('0X', '0x');
}

function intInput(rng: Rng, v: number | string): unknown {
  const r = rng.float();
  if (r < 0.75) return v;
  const x = BigInt(v);
  if (r < 0.87) return x.toString();
  const neg = x < 0n;
  return (neg ? '-' : '') + '0x' + (neg ? -x : x).toString(16);
}

/** An input spelling of the output-spelled value v of type t. */
export function spell(rng: Rng, t: T, v: unknown, ptrSize: number): unknown {
  switch (t.k) {
    case 'basic':
      if (intInfo(t, ptrSize)) return intInput(rng, v as number | string);
      switch (t.name) {
        case 'float32': return floatInput(rng, v as string, true);
        case 'float64': return floatInput(rng, v as string, false);
        case 'complex64': return (v as string[]).map((x) => floatInput(rng, x, true));
        case 'complex128': return (v as string[]).map((x) => floatInput(rng, x, false));
        default: return v;
      }
    case 'array': return (v as unknown[]).map((x) => spell(rng, t.elem, x, ptrSize));
    case 'struct': return (v as unknown[]).map((x, i) => spell(rng, t.fields[i].type, x, ptrSize));
    case 'slice': return v === null ? null : (v as unknown[]).map((x) => spell(rng, t.elem, x, ptrSize));
    case 'interface': {
      if (v === null) return null;
      const o = v as { type: string; value: unknown };
      const dt = typeOf(o.type);
      return { type: spellType(rng, o.type), value: spell(rng, dt, o.value, ptrSize) };
    }
    default:
      return v === 'ptr' ? 'new' : v;
  }
}
