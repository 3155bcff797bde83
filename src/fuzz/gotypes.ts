// Go semantics of types and values for the fuzzer's model, written from the language spec and the
// compiler's rules, independently of the emulator: comparability, reflexivity, needkeyupdate,
// zero values, `==` as a canonical string, which dynamic type makes a hash panic, and the
// normalization of input values to their trace (output) spelling.
//
// Types are the parser's TypeAST (src/runtime/typeparse.ts: syntax only); values are the
// contract's JSON encoding. A "norm" value is the output spelling: floats as bit patterns,
// integers as numbers up to 2^53 and decimal strings beyond, "ptr" for non-nil pointers.

import { JSONNumber } from '../trace/json';
import { TypeAST, parseType, typeString } from '../runtime/typeparse';

export type T = TypeAST;

export function str(t: T): string {
  return typeString(t);
}

/** Type strings as the fuzzer uses them (parsed once). */
const parsed = new Map<string, T>();
export function typeOf(s: string): T {
  let t = parsed.get(s);
  if (!t) {
    t = parseType(s);
    parsed.set(s, t);
  }
  return t;
}

export interface IntInfo {
  bits: number;
  signed: boolean;
}

export function intInfo(t: T, ptrSize: number): IntInfo | null {
  if (t.k !== 'basic') return null;
  switch (t.name) {
    case 'int8': return { bits: 8, signed: true };
    case 'int16': return { bits: 16, signed: true };
    case 'int32': return { bits: 32, signed: true };
    case 'int64': return { bits: 64, signed: true };
    case 'int': return { bits: ptrSize * 8, signed: true };
    case 'uint8': return { bits: 8, signed: false };
    case 'uint16': return { bits: 16, signed: false };
    case 'uint32': return { bits: 32, signed: false };
    case 'uint64': return { bits: 64, signed: false };
    case 'uint': case 'uintptr': return { bits: ptrSize * 8, signed: false };
    default: return null;
  }
}

/** Go spec: which types are comparable (struct fields, blank ones included, must all be). */
export function comparable(t: T): boolean {
  switch (t.k) {
    case 'slice': case 'map': case 'func': return false;
    case 'array': return comparable(t.elem);
    case 'struct': return t.fields.every((f) => comparable(f.type));
    default: return true;
  }
}

/** cmd/compile isreflexive: k == k for every value k (floats and interfaces are not). */
export function reflexive(t: T): boolean {
  switch (t.k) {
    case 'basic':
      return !['float32', 'float64', 'complex64', 'complex128'].includes(t.name);
    case 'interface': return false;
    case 'array': return reflexive(t.elem);
    case 'struct': return t.fields.every((f) => reflexive(f.type));
    default: return true;
  }
}

/** cmd/compile needkeyupdate: an overwrite stores the new key's bytes (floats, strings, interfaces). */
export function needkeyupdate(t: T): boolean {
  switch (t.k) {
    case 'basic':
      return ['float32', 'float64', 'complex64', 'complex128', 'string'].includes(t.name);
    case 'interface': return true;
    case 'array': return needkeyupdate(t.elem);
    case 'struct': return t.fields.some((f) => needkeyupdate(f.type));
    default: return false;
  }
}

/** The zero value in output spelling. */
export function zero(t: T): unknown {
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
    case 'array': {
      const out: unknown[] = [];
      for (let i = 0; i < t.len; i++) out.push(zero(t.elem));
      return out;
    }
    case 'struct': return t.fields.map((f) => zero(f.type));
    default: return null;
  }
}

// ---- equality ----

/** Marks a key that is not equal to itself (holds a NaN that `==` sees). */
export const NAN = null;

function floatIsNaN(bits: string, is32: boolean): boolean {
  const v = BigInt(bits);
  if (is32) return (v & 0x7f800000n) === 0x7f800000n && (v & 0x7fffffn) !== 0n;
  return (v & 0x7ff0000000000000n) === 0x7ff0000000000000n && (v & 0xfffffffffffffn) !== 0n;
}

function floatIsZero(bits: string, is32: boolean): boolean {
  const v = BigInt(bits);
  return (v & (is32 ? 0x7fffffffn : 0x7fffffffffffffffn)) === 0n;
}

function floatCanon(v: unknown, is32: boolean): string | null {
  const s = String(v).toLowerCase();
  if (floatIsNaN(s, is32)) return NAN;
  if (floatIsZero(s, is32)) return '0';
  return s;
}

/**
 * Go's `==` as a string: two values of type t are equal iff their canons are equal; NAN (null)
 * when the value is not equal to itself. Blank struct fields are ignored. Values are in output
 * spelling. Hashing panics are found first (firstUnhashable).
 */
export function canon(t: T, v: unknown): string | null {
  switch (t.k) {
    case 'basic':
      switch (t.name) {
        case 'float32': return floatCanon(v, true);
        case 'float64': return floatCanon(v, false);
        case 'complex64': case 'complex128': {
          const a = v as unknown[];
          const is32 = t.name === 'complex64';
          const re = floatCanon(a[0], is32), im = floatCanon(a[1], is32);
          return re === NAN || im === NAN ? NAN : `(${re},${im})`;
        }
        default: return JSON.stringify(v);
      }
    case 'array': {
      const a = v as unknown[];
      const parts: string[] = [];
      for (let i = 0; i < a.length; i++) {
        const c = canon(t.elem, a[i]);
        if (c === NAN) return NAN;
        parts.push(c);
      }
      return `[${parts.join(',')}]`;
    }
    case 'struct': {
      const a = v as unknown[];
      const parts: string[] = [];
      for (let i = 0; i < t.fields.length; i++) {
        if (t.fields[i].name === '_') continue;
        const c = canon(t.fields[i].type, a[i]);
        if (c === NAN) return NAN;
        parts.push(c);
      }
      return `{${parts.join(',')}}`;
    }
    case 'interface': {
      if (v === null) return 'nil';
      const o = v as { type: string; value: unknown };
      const dt = typeOf(o.type);
      const c = canon(dt, o.value);
      return c === NAN ? NAN : `${str(dt)}(${c})`;
    }
    default:
      // pointers, chans, unsafe.Pointer: the fuzzer only uses nil ones as keys
      return JSON.stringify(v);
  }
}

/**
 * The dynamic type whose hash panics ("hash of unhashable type T"), in the order the hash
 * functions walk the value (blank fields skipped), or null.
 */
export function firstUnhashable(t: T, v: unknown): string | null {
  switch (t.k) {
    case 'array': {
      const a = v as unknown[];
      for (const x of a) {
        const u = firstUnhashable(t.elem, x);
        if (u !== null) return u;
      }
      return null;
    }
    case 'struct': {
      const a = v as unknown[];
      for (let i = 0; i < t.fields.length; i++) {
        if (t.fields[i].name === '_') continue;
        const u = firstUnhashable(t.fields[i].type, a[i]);
        if (u !== null) return u;
      }
      return null;
    }
    case 'interface': {
      if (v === null) return null;
      const o = v as { type: string; value: unknown };
      const dt = typeOf(o.type);
      if (!comparable(dt)) return str(dt);
      return firstUnhashable(dt, o.value);
    }
    default:
      return null;
  }
}

// ---- normalization (input spelling → output spelling) ----

const TWO53 = 2n ** 53n;

function intNorm(x: bigint): number | string {
  return x >= -TWO53 && x <= TWO53 ? Number(x) : x.toString();
}

function f64bits(x: number): string {
  const b = new DataView(new ArrayBuffer(8));
  b.setFloat64(0, x);
  return '0x' + b.getBigUint64(0).toString(16).padStart(16, '0');
}

function f32bits(x: number): string {
  const b = new DataView(new ArrayBuffer(4));
  b.setFloat32(0, x);
  return '0x' + b.getUint32(0).toString(16).padStart(8, '0');
}

/** The exact value of a decimal JSON number text as num/den (den > 0). */
function decimalRational(text: string): [bigint, bigint] {
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m) throw new Error(`not a JSON number: ${text}`);
  const frac = m[3] ?? '';
  const exp = Number(m[4] ?? '0') - frac.length;
  let num = BigInt(m[2] + frac);
  let den = 1n;
  if (exp >= 0) num *= 10n ** BigInt(exp);
  else den = 10n ** BigInt(-exp);
  return [m[1] ? -num : num, den];
}

/** The exact value of a finite float64 as num/den. */
function floatRational(x: number): [bigint, bigint] {
  const b = new DataView(new ArrayBuffer(8));
  b.setFloat64(0, x);
  const bits = b.getBigUint64(0);
  const e = Number((bits >> 52n) & 0x7ffn);
  let M = bits & ((1n << 52n) - 1n);
  if (e !== 0) M |= 1n << 52n;
  const K = (e === 0 ? 1 : e) - 1075;
  if (bits >> 63n) M = -M;
  return K >= 0 ? [M << BigInt(K), 1n] : [M, 1n << BigInt(-K)];
}

/**
 * The model's float32 of a decimal text: of the float32 values next to float32(float64(text)),
 * the nearest to the exact decimal value, ties to even (one rounding, as strconv.ParseFloat(s, 32)).
 */
function decimalToF32bits(text: string): string {
  const [xn, xd] = decimalRational(text);
  const c = Math.fround(Number(text));
  const b = new DataView(new ArrayBuffer(4));
  b.setFloat32(0, c);
  const u = b.getUint32(0);
  let best = -1;
  let bestDist: [bigint, bigint] = [0n, 1n];
  for (const cand of [u - 1, u, u + 1]) {
    if (cand < 0 || cand > 0xffffffff || ((cand >>> 23) & 0xff) === 0xff) continue;
    if ((cand >>> 31) !== (u >>> 31) && cand !== u) continue; // stay on c's side of zero
    b.setUint32(0, cand);
    const [cn, cd] = floatRational(b.getFloat32(0));
    let dn = xn * cd - cn * xd;
    if (dn < 0n) dn = -dn;
    const dd = xd * cd;
    const cmp = best < 0 ? -1 : dn * bestDist[1] - bestDist[0] * dd;
    if (cmp < 0n || (cmp === 0n && (cand & 1) === 0)) {
      best = cand;
      bestDist = [dn, dd];
    }
  }
  if (best < 0) throw new Error(`float32 out of range: ${text}`);
  if (best === 0 && text.startsWith('-')) best = 0x80000000;
  return '0x' + (best >>> 0).toString(16).padStart(8, '0');
}

function floatNorm(v: unknown, is32: boolean): string {
  if (typeof v === 'number' || v instanceof JSONNumber) {
    const text = v instanceof JSONNumber ? v.text : Object.is(v, -0) ? '-0' : String(v);
    return is32 ? decimalToF32bits(text) : f64bits(Number(text));
  }
  switch (v) {
    case 'NaN': return is32 ? '0x7fc00000' : '0x7ff8000000000001';
    case '+Inf': case 'Inf': return is32 ? '0x7f800000' : '0x7ff0000000000000';
    case '-Inf': return is32 ? '0xff800000' : '0xfff0000000000000';
    case '-0': return is32 ? '0x80000000' : '0x8000000000000000';
  }
  return '0x' + BigInt(v as string).toString(16).padStart(is32 ? 8 : 16, '0');
}

function utf8OrHex(b: Buffer): unknown {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(b);
  } catch {
    return { hex: b.toString('hex') };
  }
}

/** The output spelling of a valid input value of type t. */
export function norm(t: T, v: unknown): unknown {
  switch (t.k) {
    case 'basic':
      switch (t.name) {
        case 'bool': return v;
        case 'string':
          if (typeof v === 'string') return utf8OrHex(Buffer.from(v, 'utf8'));
          return utf8OrHex(Buffer.from((v as { hex: string }).hex, 'hex'));
        case 'float32': return floatNorm(v, true);
        case 'float64': return floatNorm(v, false);
        case 'complex64': return (v as unknown[]).map((x) => floatNorm(x, true));
        case 'complex128': return (v as unknown[]).map((x) => floatNorm(x, false));
        default: {
          if (typeof v === 'number') return v;
          let s = v as string;
          let neg = false;
          if (s.startsWith('-')) { neg = true; s = s.slice(1); } else if (s.startsWith('+')) s = s.slice(1);
          s = s.replace(/_/g, '');
          let x: bigint;
          if (/^0[xXbBoO]/.test(s)) x = BigInt('0' + s[1].toLowerCase() + s.slice(2));
          else if (/^0[0-7]+$/.test(s)) x = BigInt('0o' + s.slice(1));
          else x = BigInt(s);
          return intNorm(neg ? -x : x);
        }
      }
    case 'array': return (v as unknown[]).map((x) => norm(t.elem, x));
    case 'struct': return (v as unknown[]).map((x, i) => norm(t.fields[i].type, x));
    case 'slice': return v === null ? null : (v as unknown[]).map((x) => norm(t.elem, x));
    case 'interface': {
      if (v === null) return null;
      const o = v as { type: string; value: unknown };
      const dt = typeOf(o.type);
      return { type: str(dt), value: norm(dt, o.value) };
    }
    default:
      // pointers, chans, funcs, maps, unsafe.Pointer
      return v === null ? null : 'ptr';
  }
}

/** The bit pattern of a signaling NaN with its quiet bit set (what an x87 load makes of it). */
function quieted(bits: string, is32: boolean): string {
  const v = BigInt(bits);
  const q = v | (is32 ? 0x400000n : 0x8000000000000n);
  return '0x' + q.toString(16).padStart(is32 ? 8 : 16, '0');
}

function sameFloat(want: unknown, got: unknown, is32: boolean): boolean {
  if (want === got) return true;
  if (typeof want !== 'string' || typeof got !== 'string') return false;
  return floatIsNaN(want, is32) && quieted(want, is32) === got.toLowerCase();
}

/**
 * Whether `got` is a copy of the value `want` of type t as Go's semantics allow: identical, except
 * that a signaling NaN may come back quiet. The language leaves NaN payloads open, and real Go
 * does quiet them: go1.15 on 386 (GO386=387) copies floats of small (SSA-able) elems through the
 * x87 FPU, whose loads set the quiet bit.
 */
export function sameValue(t: T, want: unknown, got: unknown): boolean {
  if (want === got) return true;
  switch (t.k) {
    case 'basic':
      switch (t.name) {
        case 'float32': return sameFloat(want, got, true);
        case 'float64': return sameFloat(want, got, false);
        case 'complex64': case 'complex128': {
          if (!Array.isArray(want) || !Array.isArray(got) || got.length !== 2) return false;
          const is32 = t.name === 'complex64';
          return sameFloat(want[0], got[0], is32) && sameFloat(want[1], got[1], is32);
        }
        default: return jsonEqual(want, got);
      }
    case 'array': case 'slice': {
      if (!Array.isArray(want) || !Array.isArray(got)) return jsonEqual(want, got);
      if (want.length !== got.length) return false;
      return want.every((x, i) => sameValue(t.elem, x, got[i]));
    }
    case 'struct': {
      if (!Array.isArray(want) || !Array.isArray(got) || want.length !== got.length) return false;
      return want.every((x, i) => sameValue(t.fields[i].type, x, got[i]));
    }
    case 'interface': {
      if (want === null || got === null || typeof want !== 'object' || typeof got !== 'object') return false;
      const w = want as { type: string; value: unknown }, g = got as { type: string; value: unknown };
      return w.type === g.type && Object.keys(g).length === 2 && sameValue(typeOf(w.type), w.value, g.value);
    }
    default:
      return jsonEqual(want, got);
  }
}

/** Deep equality of JSON values. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    if (a.length !== bb.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], bb[i])) return false;
    return true;
  }
  const ao = a as Record<string, unknown>, bo = b as Record<string, unknown>;
  const ka = Object.keys(ao), kb = Object.keys(bo);
  if (ka.length !== kb.length) return false;
  for (const k of ka) if (!(k in bo) || !jsonEqual(ao[k], bo[k])) return false;
  return true;
}

export { f32bits, f64bits, intNorm };
