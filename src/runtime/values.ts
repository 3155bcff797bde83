// The contract's value encoding (docs/trace-format.md §4): JSON ↔ Go values in simulated
// memory, laid out by the type descriptors (GoType: sizes, offsets, kinds).
//
// Input (encodeValue) writes a scenario's JSON value into t.size already-zeroed bytes, allocating
// what the value points to (string data, slice arrays, boxed interface values, "new" objects) in
// the simulated heap. Output (decodeValue) reads a value back into its JSON form. 64-bit integers
// travel as two 32-bit halves; nothing here uses BigInt.

import type { TypeRegistry } from './typeregistry';
import { GoType, Kind, kindDirectIface } from './types';
import { JSONNumber, MAX_JSON_DEPTH, stringifyJSON } from '../trace/json';

const TWO32 = 4294967296;
const TWO53 = 9007199254740992;

// ---- 64-bit integer helpers (hi, lo as uint32 halves) ----

/** Result slot of the 64-bit helpers below. */
let rHi = 0;
let rLo = 0;

const PARSE_OK = 0, PARSE_SYNTAX = 1, PARSE_RANGE = 2;

/**
 * Parses the digits of an unsigned integer in `base` (2, 8, 10 or 16) into (rHi, rLo), skipping
 * '_' when `underscores`: PARSE_OK, PARSE_SYNTAX (no digits, a bad digit) or PARSE_RANGE (beyond
 * 64 bits; the digits are still all checked first, as strconv does).
 */
function parseU64(digits: string, base: number, underscores = false): number {
  // Four 16-bit limbs, least significant first.
  let l0 = 0, l1 = 0, l2 = 0, l3 = 0;
  let n = 0;
  let overflow = false;
  for (let i = 0; i < digits.length; i++) {
    const c = digits.charCodeAt(i);
    if (c === 95 /* _ */ && underscores) continue;
    let d: number;
    if (c >= 48 && c <= 57) d = c - 48;
    else if (c >= 97 && c <= 122) d = c - 87;
    else if (c >= 65 && c <= 90) d = c - 55;
    else return PARSE_SYNTAX;
    if (d >= base) return PARSE_SYNTAX;
    n++;
    if (overflow) continue;
    let x = l0 * base + d;
    l0 = x & 0xffff;
    x = l1 * base + (x >>> 16);
    l1 = x & 0xffff;
    x = l2 * base + (x >>> 16);
    l2 = x & 0xffff;
    x = l3 * base + (x >>> 16);
    l3 = x & 0xffff;
    if (x >>> 16 !== 0) overflow = true; // beyond 64 bits
  }
  if (n === 0) return PARSE_SYNTAX;
  if (overflow) return PARSE_RANGE;
  rHi = ((l3 << 16) | l2) >>> 0;
  rLo = ((l1 << 16) | l0) >>> 0;
  return PARSE_OK;
}

/**
 * strconv.underscoreOK (strconv/atoi.go): underscores only between digits (a base prefix counts
 * as a digit), as Go's integer literal syntax has them. s has no sign.
 */
function underscoreOK(s: string): boolean {
  let saw = '^';
  let i = 0;
  let hex = false;
  if (s.length >= 2 && s[0] === '0' && 'bBoOxX'.includes(s[1])) {
    i = 2;
    saw = '0';
    hex = s[1] === 'x' || s[1] === 'X';
  }
  for (; i < s.length; i++) {
    const c = s[i];
    if ((c >= '0' && c <= '9') || (hex && /[a-fA-F]/.test(c))) {
      saw = '0';
      continue;
    }
    if (c === '_') {
      if (saw !== '0') return false;
      saw = '_';
      continue;
    }
    if (saw === '_') return false;
    saw = '!';
  }
  return saw !== '_';
}

/**
 * strconv.ParseUint(s, 0, 64) (what the oracle applies to integer strings): a "0x", "0b" or "0o"
 * prefix or a leading "0" (octal) picks the base, else decimal; '_' between digits is allowed.
 */
function parseU64Base0(s: string): number {
  let base = 10;
  let body = s;
  if (s.length >= 2 && s[0] === '0') {
    switch (s[1]) {
      case 'x': case 'X': base = 16; body = s.slice(2); break;
      case 'b': case 'B': base = 2; body = s.slice(2); break;
      case 'o': case 'O': base = 8; body = s.slice(2); break;
      default: base = 8; body = s.slice(1); break;
    }
  }
  if (body.includes('_') && !underscoreOK(s)) return PARSE_SYNTAX;
  return parseU64(body, base, true);
}

/**
 * strconv.ParseInt(s, 0, 64), what the oracle applies to a hint (oracle/tracer/main.go
 * parseHint): an optional sign ("+" too), then a "0x", "0b", "0o" or "0" (octal) prefix or
 * decimal digits, '_' between digits. The value as a JS number (exact up to 2^53), or "syntax" /
 * "range" where Go reports ErrSyntax / ErrRange.
 */
export function parseGoInt64(s: string): number | 'syntax' | 'range' {
  let neg = false;
  let body = s;
  if (body[0] === '+' || body[0] === '-') {
    neg = body[0] === '-';
    body = body.slice(1);
  }
  const r = parseU64Base0(body);
  if (r === PARSE_SYNTAX) return 'syntax';
  if (r === PARSE_RANGE) return 'range';
  // |v| < 2^63, or = 2^63 when negative
  if (rHi > 0x80000000 || (rHi === 0x80000000 && (rLo !== 0 || !neg))) return 'range';
  const m = rHi * TWO32 + rLo;
  return neg ? -m : m;
}

/** Two's complement negation of (hi, lo) into (rHi, rLo). */
function neg64(hi: number, lo: number): void {
  rLo = (~lo + 1) >>> 0;
  rHi = (~hi + (lo === 0 ? 1 : 0)) >>> 0;
}

/** The exact decimal spelling of the unsigned 64-bit value (hi, lo). */
export function u64ToDecimal(hi: number, lo: number): string {
  hi >>>= 0;
  lo >>>= 0;
  if (hi < 0x200000) return String(hi * TWO32 + lo);
  // Long division by 10^7 over 16-bit limbs (most significant first); every step stays below 2^53.
  const limbs = [hi >>> 16, hi & 0xffff, lo >>> 16, lo & 0xffff];
  let s = '';
  for (;;) {
    let r = 0;
    let nonzero = false;
    for (let k = 0; k < 4; k++) {
      const x = r * 65536 + limbs[k];
      limbs[k] = Math.floor(x / 1e7);
      r = x % 1e7;
      if (limbs[k] !== 0) nonzero = true;
    }
    if (!nonzero) return String(r) + s;
    s = String(r).padStart(7, '0') + s;
  }
}

function hex32(x: number): string {
  return (x >>> 0).toString(16).padStart(8, '0');
}

// ---- encode (JSON → memory) ----

/**
 * How deep a value may nest (each array, struct, slice and interface level counts one): the
 * same bound as goemu's JSON input (src/trace/json.ts), so that every recursive walk of values
 * (this codec, dumps, the text view, JSON.stringify) stays far from the JS stack's limit.
 */
export const MAX_VALUE_DEPTH = MAX_JSON_DEPTH;

/** A value (or a type's zero value) nested beyond MAX_VALUE_DEPTH: bad input, not a fault. */
export class ValueTooDeep extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ValueTooDeep';
  }
}

/** `where` without the long tail of indexes a deep value gives it. */
function shortWhere(where: string): string {
  const m = /^(.*?)((?:\[\d+\]|\.value){4})/.exec(where);
  return m && where.length > 120 ? m[1] + m[2] + '…' : where;
}

/** A type's name for messages, cut short. */
function shortType(t: GoType): string {
  return t.str.length > 60 ? t.str.slice(0, 57) + '...' : t.str;
}

/** The input value as it reads in JSON (never throws). */
function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  try {
    const s = stringifyJSON(v); // a JSONNumber as written
    if (s !== undefined) return s;
  } catch {
    // fall through
  }
  try {
    return String(v);
  } catch {
    return Object.prototype.toString.call(v);
  }
}

function fail(where: string, msg: string): never {
  throw new Error(where + ': ' + msg);
}

/** Integer widths and signedness by kind (int/uint/uintptr per PtrSize). */
function intInfo(t: GoType, ptrSize: number): { bits: number; signed: boolean } | null {
  switch (t.kind) {
    case Kind.Int8: return { bits: 8, signed: true };
    case Kind.Int16: return { bits: 16, signed: true };
    case Kind.Int32: return { bits: 32, signed: true };
    case Kind.Int64: return { bits: 64, signed: true };
    case Kind.Int: return { bits: ptrSize * 8, signed: true };
    case Kind.Uint8: return { bits: 8, signed: false };
    case Kind.Uint16: return { bits: 16, signed: false };
    case Kind.Uint32: return { bits: 32, signed: false };
    case Kind.Uint64: return { bits: 64, signed: false };
    case Kind.Uint: case Kind.Uintptr: return { bits: ptrSize * 8, signed: false };
    default: return null;
  }
}

/**
 * Reads an integer input (number, decimal string, "0x…" string, optionally signed) into (rHi, rLo)
 * as the two's complement bit pattern of a `bits`-wide integer, checking the range.
 */
function parseInt64(t: GoType, bits: number, signed: boolean, v: unknown, where: string): void {
  let negative = false;
  let magHi = 0, magLo = 0;
  if (typeof v === 'number') {
    if (!Number.isFinite(v) || !Number.isInteger(v)) fail(where, `value ${show(v)} is not an integer (${t.str})`);
    if (Math.abs(v) > TWO53) {
      fail(where, `value ${show(v)} for ${t.str} is beyond 2^53 and not exact as a JSON number; write it as a decimal string`);
    }
    negative = v < 0;
    const m = Math.abs(v);
    magHi = Math.floor(m / TWO32);
    magLo = m - magHi * TWO32;
  } else if (typeof v === 'string' || v instanceof JSONNumber) {
    // A JSON number kept as text (beyond 2^53, or spelled `1.0`, `1e3`, `-0`): the oracle parses
    // its text with strconv.ParseInt/ParseUint(s, 0, bits), as it does a string.
    if (v instanceof JSONNumber && /[.eE]/.test(v.text)) fail(where, `value ${v.text} is not an integer (${t.str})`);
    let s = typeof v === 'string' ? v : v.text;
    if (s.startsWith('-')) {
      negative = true;
      s = s.slice(1);
    } else if (s.startsWith('+')) {
      s = s.slice(1);
    }
    const r = parseU64Base0(s);
    if (r === PARSE_RANGE) fail(where, `value ${show(v)} does not fit ${t.str}`);
    if (r !== PARSE_OK) fail(where, `want a number or decimal string for ${t.str}, got ${show(v)}`);
    magHi = rHi;
    magLo = rLo;
  } else {
    fail(where, `want a number or decimal string for ${t.str}, got ${show(v)}`);
  }
  const zero = magHi === 0 && magLo === 0;
  if (zero) negative = false;
  // Range check on the magnitude.
  let fits: boolean;
  if (!signed) {
    fits = !negative && (bits === 64 ? true : magHi === 0 && (bits === 32 || magLo < 2 ** bits));
  } else if (bits === 64) {
    fits = magHi < 0x80000000 || (negative && magHi === 0x80000000 && magLo === 0);
  } else {
    const lim = 2 ** (bits - 1);
    fits = magHi === 0 && (negative ? magLo <= lim : magLo < lim);
  }
  if (!fits) fail(where, `value ${show(v)} does not fit ${t.str}`);
  if (negative) {
    neg64(magHi, magLo);
  } else {
    rHi = magHi >>> 0;
    rLo = magLo >>> 0;
  }
}

const f64buf = new Float64Array(1);
const f32buf = new Float32Array(f64buf.buffer, 0, 1);
const u32buf = new Uint32Array(f64buf.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

const RANGE = -1;
const TWO128 = 2 ** 128;
const MAX_FLOAT32 = (2 - 2 ** -23) * 2 ** 127;

/** The float32 next to the non-negative float32 f, one ulp up (2^128 above the largest). */
function nextUp32(f: number): number {
  if (f === MAX_FLOAT32) return TWO128;
  f32buf[0] = f;
  u32buf[0] = u32buf[0] + 1;
  return f32buf[0];
}

/** The float32 next to the positive float32 f, one ulp down. */
function nextDown32(f: number): number {
  if (f === Infinity) return MAX_FLOAT32;
  f32buf[0] = f;
  u32buf[0] = u32buf[0] - 1;
  return f32buf[0];
}

/**
 * The sign of |x| − m for the JSON number text s (value x) and the positive finite float64 m,
 * exactly (BigInt; only reached when x's nearest float64 is a float32 rounding midpoint).
 */
function compareDecimal(s: string, m: number): number {
  if (s.charCodeAt(0) === 45) s = s.slice(1);
  const ePos = s.search(/[eE]/);
  let exp = ePos < 0 ? 0 : Number(s.slice(ePos + 1));
  const mant = ePos < 0 ? s : s.slice(0, ePos);
  const dot = mant.indexOf('.');
  const frac = dot < 0 ? '' : mant.slice(dot + 1);
  let digits = (dot < 0 ? mant : mant.slice(0, dot)) + frac;
  exp -= frac.length;
  digits = digits.replace(/^0+/, '');
  const trimmed = digits.replace(/0+$/, '');
  exp += digits.length - trimmed.length;
  if (trimmed === '') return -1; // x = 0 < m
  let left = BigInt(trimmed);
  // m = M × 2^K exactly
  f64buf[0] = m;
  const hi = u32buf[LITTLE_ENDIAN ? 1 : 0];
  const lo = u32buf[LITTLE_ENDIAN ? 0 : 1];
  const e = (hi >>> 20) & 0x7ff;
  let M = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let K: number;
  if (e === 0) {
    K = -1074;
  } else {
    M |= 1n << 52n;
    K = e - 1075;
  }
  let right = M;
  if (exp >= 0) left *= 10n ** BigInt(exp);
  else right *= 10n ** BigInt(-exp);
  if (K >= 0) right <<= BigInt(K);
  else left <<= BigInt(-K);
  return left < right ? -1 : left > right ? 1 : 0;
}

/**
 * strconv.ParseFloat(s, 32) (Go's strconv/atof.go: one correct rounding of the decimal value to
 * float32, ties to even), then float32(f) as the oracle's floatBits does: the float32 bit pattern
 * of the JSON number text s, or RANGE where Go reports ErrRange (beyond the largest float32 by
 * half an ulp or more). Rounding the float64 nearest to s instead would round twice: that goes
 * wrong exactly when the float64 lands on a midpoint between two float32 values (issue 10:
 * 1.00000005960464478 is 0x3f800001, not 0x3f800000); only then the decimal digits are compared
 * with the midpoint exactly.
 */
export function decimalToFloat32Bits(s: string): number {
  const d = Number(s); // the float64 nearest to s (correctly rounded; checked against Go's ParseFloat)
  const a = Math.abs(d);
  if (a === Infinity) return RANGE;
  let f = Math.fround(a);
  if (f !== a) {
    const lo = f < a ? f : nextDown32(f);
    const hi = f < a ? nextUp32(f) : f === Infinity ? TWO128 : f;
    const mid = (lo + hi) / 2; // exact: float32 midpoints are float64 values
    if (a === mid) {
      const c = compareDecimal(s, mid);
      if (c < 0) f = lo;
      else if (c > 0) f = hi;
      else f = Math.fround(mid); // the tie: to even
    }
    if (f >= TWO128) return RANGE;
  }
  f32buf[0] = s.charCodeAt(0) === 45 ? -f : f;
  return u32buf[0];
}

/** The text Go's oracle would parse for the number input v (a JSONNumber keeps its own). */
function numberText(v: number | JSONNumber): string {
  if (v instanceof JSONNumber) return v.text;
  return Object.is(v, -0) ? '-0' : String(v);
}

/**
 * Reads a float input into its bit pattern: float64 into (rHi, rLo), float32 into rLo.
 * A number is rounded from its decimal text, as Go's strconv.ParseFloat(s, 64 or 32) does
 * (oracle/tracer/values.go floatBits); one beyond the type's range is refused, as Go refuses it.
 */
function parseFloatBits(t: GoType, is32: boolean, v: unknown, where: string): void {
  if (typeof v === 'number' || v instanceof JSONNumber) {
    if (typeof v === 'number' && !Number.isFinite(v)) {
      fail(where, `value ${String(v)} is not a JSON number; write "NaN", "+Inf" or "-Inf" for ${t.str}`);
    }
    const s = numberText(v);
    if (is32) {
      const b = decimalToFloat32Bits(s);
      if (b === RANGE) fail(where, `value ${s} is out of range for ${t.str}`);
      rLo = b;
      rHi = 0;
    } else {
      f64buf[0] = Number(s); // correctly rounded: Go's ParseFloat(s, 64)
      if (!Number.isFinite(f64buf[0])) fail(where, `value ${s} is out of range for ${t.str}`);
      rLo = u32buf[LITTLE_ENDIAN ? 0 : 1];
      rHi = u32buf[LITTLE_ENDIAN ? 1 : 0];
    }
    return;
  }
  if (typeof v === 'string') {
    switch (v) {
      case 'NaN':
        // math.NaN() = Float64frombits(0x7FF8000000000001); float32(math.NaN()) = 0x7fc00000.
        if (is32) { rLo = 0x7fc00000; rHi = 0; } else { rHi = 0x7ff80000; rLo = 1; }
        return;
      case '+Inf': case 'Inf':
        if (is32) { rLo = 0x7f800000; rHi = 0; } else { rHi = 0x7ff00000; rLo = 0; }
        return;
      case '-Inf':
        if (is32) { rLo = 0xff800000; rHi = 0; } else { rHi = 0xfff00000; rLo = 0; }
        return;
      case '-0':
        if (is32) { rLo = 0x80000000; rHi = 0; } else { rHi = 0x80000000; rLo = 0; }
        return;
    }
    // The oracle: strings.HasPrefix(x, "0x"), then strconv.ParseUint(x[2:], 16, bits).
    if (/^0x[0-9a-fA-F]+$/.test(v)) {
      if (parseU64(v.slice(2), 16) !== PARSE_OK || (is32 && rHi !== 0)) {
        fail(where, `bit pattern ${show(v)} does not fit ${t.str} (${is32 ? 8 : 16} hex digits at most)`);
      }
      return;
    }
  }
  fail(where, `want a number, "NaN", "+Inf", "-Inf", "-0" or a "0x…" bit pattern for ${t.str}, got ${show(v)}`);
}

function wantArray(t: GoType, v: unknown, n: number, where: string): unknown[] {
  // "array [3]int32 wants 3 elements", "struct { a int8; b string } wants 2 field values"
  const what = t.kind === Kind.Array ? `array ${t.str} wants ${n} elements` : `${t.str} wants ${n} field values`;
  if (!Array.isArray(v)) fail(where, `${what} in an array, got ${show(v)}`);
  if (v.length !== n) fail(where, `${what}, got ${v.length}`);
  return v;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const HEX_RE = /^(?:[0-9a-fA-F]{2})*$/;

/** The bytes of a string input: a JSON string (UTF-8) or {"hex": "…"}. */
function stringBytes(t: GoType, v: unknown, where: string): Uint8Array {
  if (typeof v === 'string') return Buffer.from(v, 'utf8');
  if (isPlainObject(v) && typeof v.hex === 'string' && Object.keys(v).length === 1) {
    if (!HEX_RE.test(v.hex)) fail(where, `{"hex": …} for ${t.str} wants an even number of hex digits, got ${show(v.hex)}`);
    return Buffer.from(v.hex, 'hex');
  }
  fail(where, `want a JSON string or {"hex": "…"} for ${t.str}, got ${show(v)}`);
}

/** Sizes of runtime objects behind "new" values of chan, func and map types. */
function hchanSize(ptrSize: number): number {
  // runtime/chan.go: hchanSize = unsafe.Sizeof(hchan{}) rounded up to maxAlign (8): 96 / 56.
  return ptrSize === 8 ? 96 : 56;
}

/**
 * Encodes the scenario JSON value v of type t into the t.size bytes at dst (already zeroed).
 * Bad input throws an Error whose message starts with `where` and names the type and the value.
 */
export function encodeValue(reg: TypeRegistry, t: GoType, v: unknown, dst: number, where: string, depth = 0): void {
  if (depth >= MAX_VALUE_DEPTH) fail(shortWhere(where), `the value nests deeper than ${MAX_VALUE_DEPTH} levels of arrays, structs, slices and interfaces`);
  const rt = reg.rt;
  const mem = rt.mem;
  const heap = rt.heap;
  const ps = rt.ptrSize;
  switch (t.kind) {
    case Kind.Bool:
      if (typeof v !== 'boolean') fail(where, `want true or false for ${t.str}, got ${show(v)}`);
      mem.store8(dst, v ? 1 : 0);
      return;
    case Kind.Int: case Kind.Int8: case Kind.Int16: case Kind.Int32: case Kind.Int64:
    case Kind.Uint: case Kind.Uint8: case Kind.Uint16: case Kind.Uint32: case Kind.Uint64: case Kind.Uintptr: {
      const info = intInfo(t, ps)!;
      parseInt64(t, info.bits, info.signed, v, where);
      switch (info.bits) {
        case 8: mem.store8(dst, rLo & 0xff); return;
        case 16: mem.store16(dst, rLo & 0xffff); return;
        case 32: mem.store32(dst, rLo); return;
        default: mem.store64(dst, rLo, rHi); return;
      }
    }
    case Kind.Float32:
      parseFloatBits(t, true, v, where);
      mem.store32(dst, rLo);
      return;
    case Kind.Float64:
      parseFloatBits(t, false, v, where);
      mem.store64(dst, rLo, rHi);
      return;
    case Kind.Complex64: case Kind.Complex128: {
      const is32 = t.kind === Kind.Complex64;
      if (!Array.isArray(v) || v.length !== 2) fail(where, `want [re, im] for ${t.str}, got ${show(v)}`);
      for (let i = 0; i < 2; i++) {
        parseFloatBits(t, is32, v[i], where + (i === 0 ? ' (real part)' : ' (imaginary part)'));
        if (is32) mem.store32(dst + 4 * i, rLo);
        else mem.store64(dst + 8 * i, rLo, rHi);
      }
      return;
    }
    case Kind.String: {
      const b = stringBytes(t, v, where);
      let data = 0;
      if (b.length > 0) {
        data = heap.mallocgc(b.length, true);
        mem.setBytes(data, b);
      }
      mem.storePtr(dst, data);
      mem.storeInt(dst + ps, b.length);
      return;
    }
    case Kind.Array: {
      const a = wantArray(t, v, t.len, where);
      const e = t.elem!;
      for (let i = 0; i < a.length; i++) encodeValue(reg, e, a[i], dst + i * e.size, `${where}[${i}]`, depth + 1);
      return;
    }
    case Kind.Struct: {
      const fields = t.fields!;
      const a = wantArray(t, v, fields.length, where);
      for (let i = 0; i < fields.length; i++) {
        encodeValue(reg, fields[i].type, a[i], dst + fields[i].offset, `${where}[${i}]`, depth + 1);
      }
      return;
    }
    case Kind.Slice: {
      if (v === null) return;
      if (!Array.isArray(v)) fail(where, `want an array or null for ${t.str}, got ${show(v)}`);
      const e = t.elem!;
      const n = v.length;
      const arr = heap.newarray(e, n);
      for (let i = 0; i < n; i++) encodeValue(reg, e, v[i], arr + i * e.size, `${where}[${i}]`, depth + 1);
      mem.storePtr(dst, arr);
      mem.storeInt(dst + ps, n);
      mem.storeInt(dst + 2 * ps, n);
      return;
    }
    case Kind.Ptr: case Kind.UnsafePointer: case Kind.Chan: case Kind.Func: case Kind.Map: {
      if (v === null) return;
      if (v !== 'new') fail(where, `want null or "new" for ${t.str}, got ${show(v)}`);
      let p: number;
      switch (t.kind) {
        case Kind.Ptr: p = heap.newobject(t.elem!); break; // new(T)
        case Kind.UnsafePointer: p = heap.mallocgc(ps, true); break; // unsafe.Pointer(new(uintptr))
        case Kind.Chan: p = heap.mallocgc(hchanSize(ps), true); break; // makechan(t, 0): an hchan
        case Kind.Func: p = heap.mallocgc(ps, false); break; // a funcval
        default: p = heap.mallocgc(ps === 8 ? 48 : 28, false); break; // an empty hmap (no fastrand drawn)
      }
      mem.storePtr(dst, p);
      return;
    }
    case Kind.Interface: {
      if (v === null) return;
      if (!isPlainObject(v) || typeof v.type !== 'string' || !('value' in v) || Object.keys(v).length !== 2) {
        fail(where, `want null or {"type": "<Go type>", "value": …} for ${t.str}, got ${show(v)}`);
      }
      let dt: GoType;
      try {
        dt = reg.get(v.type);
      } catch (e) {
        fail(where, `bad dynamic type ${show(v.type)} for ${t.str}: ${e instanceof Error ? e.message : String(e)}`);
      }
      if (dt.kind === Kind.Interface) fail(where, `the dynamic type of ${t.str} cannot be the interface type ${dt.str}`);
      const inner = `${where}.value`;
      if ((dt.kindByte & kindDirectIface) !== 0) {
        // Pointer-shaped: the data word holds the value itself.
        encodeValue(reg, dt, v.value, dst + ps, inner, depth + 1);
      } else {
        const data = heap.mallocgc(dt.size, dt.ptrdata === 0);
        encodeValue(reg, dt, v.value, data, inner, depth + 1);
        mem.storePtr(dst + ps, data);
      }
      mem.storePtr(dst, dt.addr);
      return;
    }
    default:
      fail(where, `cannot encode a value of type ${t.str}`);
  }
}

// ---- decode (memory → JSON) ----

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function floatHex32(bits: number): string {
  return '0x' + hex32(bits);
}

function floatHex64(lo: number, hi: number): string {
  return '0x' + hex32(hi) + hex32(lo);
}

/** A 64-bit integer (hi, lo) as JSON: a number when |v| ≤ 2^53, else an exact decimal string. */
function int64JSON(hi: number, lo: number, signed: boolean): number | string {
  hi >>>= 0;
  lo >>>= 0;
  if (signed && hi >= 0x80000000) {
    neg64(hi, lo);
    const mh = rHi, ml = rLo;
    if (mh < 0x200000 || (mh === 0x200000 && ml === 0)) return -(mh * TWO32 + ml);
    return '-' + u64ToDecimal(mh, ml);
  }
  if (hi < 0x200000 || (hi === 0x200000 && lo === 0)) return hi * TWO32 + lo;
  return u64ToDecimal(hi, lo);
}

/** Decodes the value of type t at src into its JSON form. */
export function decodeValue(reg: TypeRegistry, t: GoType, src: number, depth = 0): unknown {
  if (depth >= MAX_VALUE_DEPTH) throw new ValueTooDeep(`a value nests deeper than ${MAX_VALUE_DEPTH} levels of arrays, structs, slices and interfaces (at ${shortType(t)})`);
  const rt = reg.rt;
  const mem = rt.mem;
  const ps = rt.ptrSize;
  switch (t.kind) {
    case Kind.Bool:
      return mem.load8(src) !== 0;
    case Kind.Int8:
      return (mem.load8(src) << 24) >> 24;
    case Kind.Uint8:
      return mem.load8(src);
    case Kind.Int16:
      return (mem.load16(src) << 16) >> 16;
    case Kind.Uint16:
      return mem.load16(src);
    case Kind.Int32:
      return mem.load32(src) | 0;
    case Kind.Uint32:
      return mem.load32(src);
    case Kind.Int64: case Kind.Uint64: {
      const lo = mem.load64(src);
      return int64JSON(mem.hi, lo, t.kind === Kind.Int64);
    }
    case Kind.Int: case Kind.Uint: case Kind.Uintptr: {
      const signed = t.kind === Kind.Int;
      if (ps === 4) return signed ? mem.load32(src) | 0 : mem.load32(src);
      const lo = mem.load64(src);
      return int64JSON(mem.hi, lo, signed);
    }
    case Kind.Float32:
      return floatHex32(mem.load32(src));
    case Kind.Float64: {
      const lo = mem.load64(src);
      return floatHex64(lo, mem.hi);
    }
    case Kind.Complex64:
      return [floatHex32(mem.load32(src)), floatHex32(mem.load32(src + 4))];
    case Kind.Complex128: {
      const rlo = mem.load64(src);
      const rhi = mem.hi;
      const ilo = mem.load64(src + 8);
      return [floatHex64(rlo, rhi), floatHex64(ilo, mem.hi)];
    }
    case Kind.String: {
      const data = mem.loadPtr(src);
      const len = mem.loadInt(src + ps);
      if (len === 0) return '';
      const b = mem.bytes(data, len);
      try {
        return utf8.decode(b);
      } catch {
        return { hex: Buffer.from(b).toString('hex') };
      }
    }
    case Kind.Array: {
      const e = t.elem!;
      const out: unknown[] = [];
      for (let i = 0; i < t.len; i++) out.push(decodeValue(reg, e, src + i * e.size, depth + 1));
      return out;
    }
    case Kind.Struct: {
      const fields = t.fields!;
      const out: unknown[] = [];
      for (const f of fields) out.push(decodeValue(reg, f.type, src + f.offset, depth + 1));
      return out;
    }
    case Kind.Slice: {
      const data = mem.loadPtr(src);
      if (data === 0) return null;
      const len = mem.loadInt(src + ps);
      const e = t.elem!;
      const out: unknown[] = [];
      for (let i = 0; i < len; i++) out.push(decodeValue(reg, e, data + i * e.size, depth + 1));
      return out;
    }
    case Kind.Ptr: case Kind.UnsafePointer: case Kind.Chan: case Kind.Func: case Kind.Map:
      return mem.loadPtr(src) === 0 ? null : 'ptr';
    case Kind.Interface: {
      const tw = mem.loadPtr(src);
      if (tw === 0) return null;
      const dt = reg.byAddr(tw);
      if (dt === undefined) throw new Error('goemu: interface type word 0x' + tw.toString(16) + ' is no known _type');
      const data = (dt.kindByte & kindDirectIface) !== 0 ? src + ps : mem.loadPtr(src + ps);
      return { type: dt.str, value: decodeValue(reg, dt, data, depth + 1) };
    }
    default:
      throw new Error('goemu: cannot decode a value of type ' + t.str);
  }
}

/** The JSON of t's zero value (what a get of a missing key returns). */
export function zeroJSON(reg: TypeRegistry, t: GoType, depth = 0): unknown {
  if (depth >= MAX_VALUE_DEPTH) throw new ValueTooDeep(`a zero value nests deeper than ${MAX_VALUE_DEPTH} levels of arrays and structs (at ${shortType(t)})`);
  switch (t.kind) {
    case Kind.Bool:
      return false;
    case Kind.Int: case Kind.Int8: case Kind.Int16: case Kind.Int32: case Kind.Int64:
    case Kind.Uint: case Kind.Uint8: case Kind.Uint16: case Kind.Uint32: case Kind.Uint64: case Kind.Uintptr:
      return 0;
    case Kind.Float32:
      return '0x00000000';
    case Kind.Float64:
      return '0x0000000000000000';
    case Kind.Complex64:
      return ['0x00000000', '0x00000000'];
    case Kind.Complex128:
      return ['0x0000000000000000', '0x0000000000000000'];
    case Kind.String:
      return '';
    case Kind.Array: {
      const out: unknown[] = [];
      for (let i = 0; i < t.len; i++) out.push(zeroJSON(reg, t.elem!, depth + 1));
      return out;
    }
    case Kind.Struct:
      return t.fields!.map((f) => zeroJSON(reg, f.type, depth + 1));
    default:
      // slices, pointers, unsafe.Pointer, chans, funcs, maps, interfaces
      return null;
  }
}
