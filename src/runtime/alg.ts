// The hash and equality functions of Go types: what the compiler stores in maptype.hasher and
// _type.equal, and the runtime's own typehash (used for the values inside interfaces).
//
// Sources (both profiles unless noted):
//   runtime/alg.go            memhash0..128, memhash_varlen, strhash, f32hash, f64hash, c64hash,
//                             c128hash, nilinterhash, typehash (go1.15: struct runs merged;
//                             go1.19: field by field), memequal*, f32equal.., strequal,
//                             nilinterequal, efaceeq
//   cmd/compile/internal/gc/alg.go (1.15), reflectdata/alg.go + compare/compare.go (1.19)
//                             algtype, genhash (the hasher a maptype gets), hashfor, memrun,
//                             ispaddedfield, geneq
//
// A Hasher is `(p, seedLo, seedHi) => low 32 bits`, the high 32 bits of the uintptr result left in
// rt.hash.hi (always 0 on 386). Every hasher and equal function is a closure built once per type;
// calling one allocates nothing.

import type { TypeRegistry } from './typeregistry';
import {
  GoType, Hasher, Equal, AlgType, Kind, kindDirectIface, tflagRegularMemory, StructField,
} from './types';
import { GoRuntime, Draw } from './runtime';
import type { RawHash as FullRawHash } from './hash';
import { errorString } from './errors';

// runtime/alg.go c0, c1 (uintptr; products wrap mod 2^PtrBits).
// 64-bit: c0 = 33054211828000289 = 0x00756ea1_6a56a621, c1 = 23344194077549503 = 0x0052ef6b_bb8f63bf.
const C0_LO = 0x6a56a621, C0_HI = 0x00756ea1;
const C1_LO = 0xbb8f63bf, C1_HI = 0x0052ef6b;
// 32-bit: c0 = 2860486313, c1 = 3267000013.
const C0_32 = 0xaa7f8ea9 | 0, C1_32 = 0xc2ba76cd | 0;

/** The high 32 bits of the unsigned 64-bit product a*b (a, b uint32), in 16-bit limbs. */
function mulhi32(a: number, b: number): number {
  const a0 = a & 0xffff, a1 = a >>> 16, b0 = b & 0xffff, b1 = b >>> 16;
  const t = a0 * b0;
  const m1 = a1 * b0 + (t >>> 16);
  const m2 = a0 * b1 + (m1 & 0xffff);
  return (a1 * b1 + Math.floor(m1 / 65536) + Math.floor(m2 / 65536)) >>> 0;
}

/**
 * runtime/alg.go `c1 * x` for the uintptr x = (lo, hi): the low half returned, the high half in
 * rt.hash.hi (0 on 386).
 */
function mulC1(rt: GoRuntime, lo: number, hi: number): number {
  if (rt.ptrSize === 4) {
    rt.hash.hi = 0;
    return Math.imul(C1_32, lo) >>> 0;
  }
  rt.hash.hi = (mulhi32(C1_LO, lo >>> 0) + Math.imul(C1_LO, hi) + Math.imul(C1_HI, lo)) >>> 0;
  return Math.imul(C1_LO, lo) >>> 0;
}

/** runtime/alg.go `c1 * (c0 ^ h ^ uintptr(x))` with x a uint32 (0, or a fastrand() value). */
function mixC0C1(rt: GoRuntime, lo: number, hi: number, x: number): number {
  if (rt.ptrSize === 4) return mulC1(rt, C0_32 ^ lo ^ x, 0);
  return mulC1(rt, C0_LO ^ lo ^ x, C0_HI ^ hi);
}

/** Returns h itself as a hash result (runtime/alg.go memhash0 and the like). */
function ret(rt: GoRuntime, lo: number, hi: number): number {
  rt.hash.hi = rt.ptrSize === 4 ? 0 : hi >>> 0;
  return lo >>> 0;
}

// ---- raw entry points over simulated memory (runtime/alg.go: "in asm_*.s") ----

/** runtime.memhash(p, h, n) */
function memhash(rt: GoRuntime, p: number, n: number, lo: number, hi: number): number {
  const mem = rt.mem;
  // A zero-length hash reads no memory (but still mixes the seed): p may be anything.
  const off = n === 0 ? 0 : mem.off(p, n);
  return rt.hash.memhash(mem.u8, off, n, lo >>> 0, rt.ptrSize === 4 ? 0 : hi >>> 0);
}

/** runtime.memhash32(p, h) (the 4 bytes at p, read as a value) */
function memhash32(rt: GoRuntime, p: number, lo: number, hi: number): number {
  const v = rt.mem.loadI32(p);
  return (rt.hash as FullRawHash).memhash32v(v, lo | 0, rt.ptrSize === 4 ? 0 : hi | 0) >>> 0;
}

/** runtime.memhash64(p, h) (the 8 bytes at p, read as a value) */
function memhash64(rt: GoRuntime, p: number, lo: number, hi: number): number {
  const mem = rt.mem;
  const klo = mem.loadI32(p);
  const khi = mem.loadI32(p + 4);
  return (rt.hash as FullRawHash).memhash64v(klo, khi, lo | 0, rt.ptrSize === 4 ? 0 : hi | 0) >>> 0;
}

/** runtime/alg.go strhash (asm: strhash loads the header, then aeshashbody = memhash(s.ptr, h, len)). */
function strhash(rt: GoRuntime, p: number, lo: number, hi: number): number {
  const mem = rt.mem;
  const data = mem.loadPtr(p);
  const len = mem.loadInt(p + rt.ptrSize);
  return memhash(rt, data, len, lo, hi);
}

/** runtime/alg.go f32hash: ±0 → c1*(c0^h); NaN → c1*(c0^h^fastrand()); else memhash(p, h, 4). */
function f32hash(rt: GoRuntime, p: number, lo: number, hi: number): number {
  const bits = rt.mem.load32(p);
  if ((bits & 0x7fffffff) === 0) return mixC0C1(rt, lo, hi, 0); // +0, -0
  if ((bits & 0x7f800000) === 0x7f800000 && (bits & 0x007fffff) !== 0) {
    return mixC0C1(rt, lo, hi, rt.fastrand(Draw.Other)); // any kind of NaN
  }
  return memhash(rt, p, 4, lo, hi);
}

/** runtime/alg.go f64hash: ±0 → c1*(c0^h); NaN → c1*(c0^h^fastrand()); else memhash(p, h, 8). */
function f64hash(rt: GoRuntime, p: number, lo: number, hi: number): number {
  const mem = rt.mem;
  const flo = mem.load64(p);
  const fhi = mem.hi;
  if (flo === 0 && (fhi & 0x7fffffff) === 0) return mixC0C1(rt, lo, hi, 0); // +0, -0
  if ((fhi & 0x7ff00000) === 0x7ff00000 && ((fhi & 0x000fffff) | flo) !== 0) {
    return mixC0C1(rt, lo, hi, rt.fastrand(Draw.Other)); // any kind of NaN
  }
  return memhash(rt, p, 8, lo, hi);
}

/** runtime/alg.go c64hash: f32hash(&x[1], f32hash(&x[0], h)). */
function c64hash(rt: GoRuntime, p: number, lo: number, hi: number): number {
  const r = f32hash(rt, p, lo, hi);
  return f32hash(rt, p + 4, r, rt.hash.hi);
}

/** runtime/alg.go c128hash: f64hash(&x[1], f64hash(&x[0], h)). */
function c128hash(rt: GoRuntime, p: number, lo: number, hi: number): number {
  const r = f64hash(rt, p, lo, hi);
  return f64hash(rt, p + 8, r, rt.hash.hi);
}

/** The dynamic type behind an interface's type word. */
function dynType(reg: TypeRegistry, typeWord: number): GoType {
  const t = reg.byAddr(typeWord);
  if (t === undefined) throw new Error('goemu: interface type word 0x' + typeWord.toString(16) + ' is no known _type');
  return t;
}

/**
 * The last few dynamic types seen by an interface hash or equality (type word → GoType and its
 * equal): a registry never changes what a type word means, so a small cache saves the lookups.
 */
class DynTypes {
  private readonly words = [0, 0, 0, 0];
  private readonly types: (GoType | null)[] = [null, null, null, null];
  /** makeEqual of each cached type, made on first use (undefined until then). */
  private readonly eqs: (Equal | null | undefined)[] = [undefined, undefined, undefined, undefined];
  private next = 0;
  /** The cache slot of the type returned by the last type() call. */
  private slot = 0;

  constructor(private readonly reg: TypeRegistry) {}

  /** The dynamic type of the non-nil type word w. */
  type(w: number): GoType {
    const words = this.words;
    for (let i = 0; i < 4; i++) {
      if (words[i] === w && this.types[i] !== null) {
        this.slot = i;
        return this.types[i]!;
      }
    }
    const t = dynType(this.reg, w);
    const i = this.next;
    this.next = (i + 1) & 3;
    words[i] = w;
    this.types[i] = t;
    this.eqs[i] = undefined;
    this.slot = i;
    return t;
  }

  /** makeEqual(reg, t) for the type the last type() call returned. */
  equal(t: GoType): Equal | null {
    let eq = this.eqs[this.slot];
    if (eq === undefined) {
      eq = makeEqual(this.reg, t);
      this.eqs[this.slot] = eq;
    }
    return eq;
  }
}

const dynTypesCache = new WeakMap<TypeRegistry, DynTypes>();

function dynTypes(reg: TypeRegistry): DynTypes {
  let d = dynTypesCache.get(reg);
  if (d === undefined) {
    d = new DynTypes(reg);
    dynTypesCache.set(reg, d);
  }
  return d;
}

/**
 * runtime/alg.go nilinterhash: a nil interface hashes to h; an uncomparable dynamic type panics;
 * otherwise c1 * typehash(t, isDirectIface(t) ? &a.data : a.data, h^c0).
 */
function nilinterhash(reg: TypeRegistry, p: number, lo: number, hi: number, dyn?: DynTypes): number {
  const rt = reg.rt;
  const mem = rt.mem;
  const ps = rt.ptrSize;
  const tw = mem.loadPtr(p);
  if (tw === 0) return ret(rt, lo, hi);
  const t = dyn !== undefined ? dyn.type(tw) : dynType(reg, tw);
  if (!t.comparable) {
    // Check hashability here: the error names the topmost type (runtime/alg.go).
    throw errorString('hash of unhashable type ' + t.str);
  }
  const data = (t.kindByte & kindDirectIface) !== 0 ? p + ps : mem.loadPtr(p + ps);
  let r: number;
  if (ps === 4) r = typehash(reg, t, data, lo ^ C0_32, 0);
  else r = typehash(reg, t, data, lo ^ C0_LO, hi ^ C0_HI);
  return mulC1(rt, r, rt.hash.hi);
}

function isBlank(f: StructField): boolean {
  return f.name === '_';
}

/**
 * runtime/alg.go typehash: the runtime's hash of the value of type t at p, for the values inside
 * interfaces. go1.15 (runtime/alg.go:163-229 in 1.14/1.15) merges contiguous runs of
 * regular-memory struct fields into one memhash; go1.19 (:144-192) hashes field by field.
 */
export function typehash(reg: TypeRegistry, t: GoType, p: number, seedLo: number, seedHi: number): number {
  const rt = reg.rt;
  if ((t.tflag & tflagRegularMemory) !== 0) {
    // Handle ptr sizes specially, see issue 37086.
    switch (t.size) {
      case 4: return memhash32(rt, p, seedLo, seedHi);
      case 8: return memhash64(rt, p, seedLo, seedHi);
      default: return memhash(rt, p, t.size, seedLo, seedHi); // size 0 included: not a no-op
    }
  }
  switch (t.kind) {
    case Kind.Float32: return f32hash(rt, p, seedLo, seedHi);
    case Kind.Float64: return f64hash(rt, p, seedLo, seedHi);
    case Kind.Complex64: return c64hash(rt, p, seedLo, seedHi);
    case Kind.Complex128: return c128hash(rt, p, seedLo, seedHi);
    case Kind.String: return strhash(rt, p, seedLo, seedHi);
    case Kind.Interface: return nilinterhash(reg, p, seedLo, seedHi); // no methods: nilinterhash
    case Kind.Array: {
      const e = t.elem!;
      let lo = seedLo, hi = seedHi;
      for (let i = 0; i < t.len; i++) {
        lo = typehash(reg, e, p + i * e.size, lo, hi);
        hi = rt.hash.hi;
      }
      return ret(rt, lo, hi);
    }
    case Kind.Struct: {
      const fields = t.fields!;
      let lo = seedLo, hi = seedHi;
      if (rt.profile === 'go1.15') {
        let memStart = 0, memEnd = 0;
        for (let i = 0; i < fields.length; i++) {
          const f = fields[i];
          const blank = isBlank(f);
          const regular = (f.type.tflag & tflagRegularMemory) !== 0;
          if (memEnd > memStart && (blank || f.offset !== memEnd || !regular)) {
            // flush any pending regular memory hashing
            lo = memhash(rt, p + memStart, memEnd - memStart, lo, hi);
            hi = rt.hash.hi;
            memStart = memEnd;
          }
          if (blank) continue;
          if (!regular) {
            lo = typehash(reg, f.type, p + f.offset, lo, hi);
            hi = rt.hash.hi;
            continue;
          }
          if (memStart === memEnd) memStart = f.offset;
          memEnd = f.offset + f.type.size;
        }
        if (memEnd > memStart) {
          lo = memhash(rt, p + memStart, memEnd - memStart, lo, hi);
          hi = rt.hash.hi;
        }
      } else {
        for (let i = 0; i < fields.length; i++) {
          const f = fields[i];
          if (isBlank(f)) continue;
          lo = typehash(reg, f.type, p + f.offset, lo, hi);
          hi = rt.hash.hi;
        }
      }
      return ret(rt, lo, hi);
    }
    default:
      // Should never happen, as typehash should only be called with comparable types.
      throw errorString('hash of unhashable type ' + t.str);
  }
}

// ---- the compiler's choice (genhash) ----

/** cmd/compile IsRegularMemory: AlgType == AMEM (after the fixed-width mapping: AMEM0..AMEM128 too). */
function isRegularMemory(t: GoType): boolean {
  const a = t.alg;
  return a === AlgType.AMEM || (a >= AlgType.AMEM0 && a <= AlgType.AMEM128);
}

/** cmd/compile ispaddedfield / types.IsPaddedField: field i is followed by padding. */
function isPaddedField(t: GoType, i: number): boolean {
  const fields = t.fields!;
  const end = i + 1 < fields.length ? fields[i + 1].offset : t.size;
  return fields[i].offset + fields[i].type.size !== end;
}

/**
 * cmd/compile memrun (gc/alg.go, 1.15) / compare.Memrun (1.19): the run of regular-memory fields
 * starting at field `start`: [size, next]. The 1.19 issue-46283 check only applies when
 * Arch.Alignment > 1, which is never the case on 386 or amd64.
 */
function memrun(t: GoType, start: number): [number, number] {
  const fields = t.fields!;
  let next = start;
  for (;;) {
    next++;
    if (next === fields.length) break;
    // Stop run after a padded field.
    if (isPaddedField(t, next - 1)) break;
    // Also, stop before a blank or non-memory field.
    const f = fields[next];
    if (isBlank(f) || !isRegularMemory(f.type)) break;
  }
  const last = fields[next - 1];
  return [last.offset + last.type.size - fields[start].offset, next];
}

/** The runtime's own hash functions as hashers: one closure each per process. */
export interface RuntimeHashers {
  /** runtime.memhash32 */
  readonly memhash32: Hasher;
  /** runtime.memhash64 */
  readonly memhash64: Hasher;
  /** runtime.strhash */
  readonly strhash: Hasher;
}

const runtimeHasherCache = new WeakMap<GoRuntime, RuntimeHashers>();

/**
 * runtime.memhash32, memhash64 and strhash of a process, the hashers of every AMEM32, AMEM64 and
 * string key type (one closure per process, so that the fast map paths can recognise them and
 * hash the key by value: see map_fast64.ts).
 */
export function runtimeHashers(rt: GoRuntime): RuntimeHashers {
  let r = runtimeHasherCache.get(rt);
  if (r === undefined) {
    r = {
      memhash32: (p, lo, hi) => memhash32(rt, p, lo, hi),
      memhash64: (p, lo, hi) => memhash64(rt, p, lo, hi),
      strhash: (p, lo, hi) => strhash(rt, p, lo, hi),
    };
    runtimeHasherCache.set(rt, r);
  }
  return r;
}

const hasherCache = new WeakMap<TypeRegistry, WeakMap<GoType, Hasher>>();
const equalCache = new WeakMap<TypeRegistry, WeakMap<GoType, Equal | null>>();

function cacheFor<V>(c: WeakMap<TypeRegistry, WeakMap<GoType, V>>, reg: TypeRegistry): WeakMap<GoType, V> {
  let m = c.get(reg);
  if (m === undefined) {
    m = new WeakMap<GoType, V>();
    c.set(reg, m);
  }
  return m;
}

/**
 * cmd/compile genhash (gc/alg.go 1.15, reflectdata/alg.go 1.19): the hash function the compiler
 * gives maptype.hasher for key type t (also hashfor(t) for the fields and elements of generated
 * hashes, which is the same function for every non-AMEM type).
 */
export function compilerHasher(reg: TypeRegistry, t: GoType): Hasher {
  const cache = cacheFor(hasherCache, reg);
  let h = cache.get(t);
  if (h === undefined) {
    h = buildHasher(reg, t);
    cache.set(t, h);
  }
  return h;
}

function buildHasher(reg: TypeRegistry, t: GoType): Hasher {
  const rt = reg.rt;
  switch (t.alg) {
    case AlgType.AMEM0:
      // runtime/alg.go memhash0: returns h.
      return (_p, lo, hi) => ret(rt, lo, hi);
    case AlgType.AMEM8:
      // runtime/alg.go memhash8: memhash(p, h, 1)
      return (p, lo, hi) => memhash(rt, p, 1, lo, hi);
    case AlgType.AMEM16:
      // runtime/alg.go memhash16: memhash(p, h, 2)
      return (p, lo, hi) => memhash(rt, p, 2, lo, hi);
    case AlgType.AMEM32:
      // runtime.memhash32 (asm)
      return runtimeHashers(rt).memhash32;
    case AlgType.AMEM64:
      // runtime.memhash64 (asm)
      return runtimeHashers(rt).memhash64;
    case AlgType.AMEM128:
      // runtime/alg.go memhash128: memhash(p, h, 16)
      return (p, lo, hi) => memhash(rt, p, 16, lo, hi);
    case AlgType.AMEM: {
      // runtime/alg.go memhash_varlen: the closure `.hashfunc<W>` = {memhash_varlen, W}.
      const size = t.size;
      return (p, lo, hi) => memhash(rt, p, size, lo, hi);
    }
    case AlgType.ASTRING:
      return runtimeHashers(rt).strhash;
    case AlgType.AFLOAT32:
      return (p, lo, hi) => f32hash(rt, p, lo, hi);
    case AlgType.AFLOAT64:
      return (p, lo, hi) => f64hash(rt, p, lo, hi);
    case AlgType.ACPLX64:
      return (p, lo, hi) => c64hash(rt, p, lo, hi);
    case AlgType.ACPLX128:
      return (p, lo, hi) => c128hash(rt, p, lo, hi);
    case AlgType.ANILINTER: {
      const dyn = dynTypes(reg);
      return (p, lo, hi) => nilinterhash(reg, p, lo, hi, dyn);
    }
    case AlgType.ASPECIAL:
      if (t.kind === Kind.Array) return genArrayHash(reg, t);
      if (t.kind === Kind.Struct) return genStructHash(reg, t);
      throw new Error('goemu: ASPECIAL type ' + t.str + ' is neither an array nor a struct');
    default:
      // ANOEQ (genhash is only called for types that have equality); AINTER (non-empty
      // interfaces are outside the contract).
      throw new Error('goemu: no hash function for type ' + t.str);
  }
}

/** The compiler-generated `type..hash.[N]T` (gc/alg.go genhash, TARRAY): h = hashfor(elem)(&p[i], h) in order. */
function genArrayHash(reg: TypeRegistry, t: GoType): Hasher {
  const rt = reg.rt;
  const e = t.elem!;
  const eh = compilerHasher(reg, e);
  const n = t.len;
  const es = e.size;
  return (p, lo, hi) => {
    for (let i = 0; i < n; i++) {
      lo = eh(p + i * es, lo, hi);
      hi = rt.hash.hi;
    }
    return ret(rt, lo, hi);
  };
}

/**
 * The compiler-generated `type..hash.struct{…}` (gc/alg.go genhash, TSTRUCT): blank fields are
 * skipped; non-memory fields use hashfor(field type); maximal runs of regular-memory fields
 * (memrun) use plain runtime.memhash(&p.first, h, size), even for 4 or 8 bytes (hashmem).
 */
function genStructHash(reg: TypeRegistry, t: GoType): Hasher {
  const rt = reg.rt;
  const fields = t.fields!;
  const offs: number[] = [];
  const sizes: number[] = [];
  const fns: (Hasher | null)[] = [];
  for (let i = 0; i < fields.length;) {
    const f = fields[i];
    if (isBlank(f)) {
      i++;
      continue;
    }
    if (!isRegularMemory(f.type)) {
      offs.push(f.offset);
      sizes.push(0);
      fns.push(compilerHasher(reg, f.type));
      i++;
      continue;
    }
    const [size, next] = memrun(t, i);
    offs.push(f.offset);
    sizes.push(size);
    fns.push(null);
    i = next;
  }
  const n = offs.length;
  return (p, lo, hi) => {
    for (let k = 0; k < n; k++) {
      const fn = fns[k];
      if (fn !== null) lo = fn(p + offs[k], lo, hi);
      else lo = memhash(rt, p + offs[k], sizes[k], lo, hi);
      hi = rt.hash.hi;
    }
    return ret(rt, lo, hi);
  };
}

// ---- equality (_type.equal) ----

function isNaN32(b: number): boolean {
  return (b & 0x7f800000) === 0x7f800000 && (b & 0x007fffff) !== 0;
}

/** runtime/alg.go f32equal: IEEE ==, so +0 == -0 and NaN != NaN. */
function f32equal(rt: GoRuntime, p: number, q: number): boolean {
  const a = rt.mem.load32(p);
  const b = rt.mem.load32(q);
  if (isNaN32(a) || isNaN32(b)) return false;
  if (((a | b) & 0x7fffffff) === 0) return true;
  return a === b;
}

/** runtime/alg.go f64equal: IEEE ==. */
function f64equal(rt: GoRuntime, p: number, q: number): boolean {
  const mem = rt.mem;
  const alo = mem.load64(p);
  const ahi = mem.hi;
  const blo = mem.load64(q);
  const bhi = mem.hi;
  if ((ahi & 0x7ff00000) === 0x7ff00000 && ((ahi & 0x000fffff) | alo) !== 0) return false;
  if ((bhi & 0x7ff00000) === 0x7ff00000 && ((bhi & 0x000fffff) | blo) !== 0) return false;
  if ((alo | blo) === 0 && ((ahi | bhi) & 0x7fffffff) === 0) return true;
  return alo === blo && ahi === bhi;
}

/** runtime/alg.go strequal: equal lengths, then memequal of the bytes. */
function strequal(rt: GoRuntime, p: number, q: number): boolean {
  const mem = rt.mem;
  const ps = rt.ptrSize;
  const la = mem.loadInt(p + ps);
  if (la !== mem.loadInt(q + ps)) return false;
  const a = mem.loadPtr(p);
  const b = mem.loadPtr(q);
  return a === b || mem.memequal(a, b, la);
}

/**
 * runtime/alg.go nilinterequal + efaceeq: the same type word, then (nil: equal) the dynamic type's
 * equal on the data; an uncomparable dynamic type panics; direct-iface types compare the data words.
 */
function nilinterequal(reg: TypeRegistry, p: number, q: number, dyn?: DynTypes): boolean {
  const rt = reg.rt;
  const mem = rt.mem;
  const ps = rt.ptrSize;
  const tx = mem.loadPtr(p);
  if (tx !== mem.loadPtr(q)) return false;
  if (tx === 0) return true;
  let t: GoType, eq: Equal | null;
  if (dyn !== undefined) {
    t = dyn.type(tx);
    eq = dyn.equal(t);
  } else {
    t = dynType(reg, tx);
    eq = makeEqual(reg, t);
  }
  if (eq === null) throw errorString('comparing uncomparable type ' + t.str);
  const x = mem.loadPtr(p + ps);
  const y = mem.loadPtr(q + ps);
  if ((t.kindByte & kindDirectIface) !== 0) {
    // Direct interface types are ptr, chan, map, func, and single-element structs/arrays thereof;
    // the comparable ones compare with == on the data word.
    return x === y;
  }
  return eq(x, y);
}

/**
 * The _type.equal of t (cmd/compile geneq): runtime memequal*, strequal, f32equal.., nilinterequal,
 * or a generated struct/array equality; null when t is not comparable (ANOEQ).
 *
 * The generated struct equality of Go reorders its comparisons (cheap ones first, within groups
 * delimited by fields whose == can panic); the result is the same boolean whenever nothing panics,
 * and nothing can panic on a map's keys, which were all hashed (so their dynamic types are
 * comparable) before any comparison. Fields and elements are compared in order here.
 */
export function makeEqual(reg: TypeRegistry, t: GoType): Equal | null {
  const cache = cacheFor(equalCache, reg);
  let e = cache.get(t);
  if (e === undefined) {
    e = buildEqual(reg, t);
    cache.set(t, e);
  }
  return e;
}

function buildEqual(reg: TypeRegistry, t: GoType): Equal | null {
  const rt = reg.rt;
  switch (t.alg) {
    case AlgType.ANOEQ:
      return null;
    case AlgType.AMEM0:
      // runtime/alg.go memequal0
      return () => true;
    case AlgType.AMEM8:
    case AlgType.AMEM16:
    case AlgType.AMEM32:
    case AlgType.AMEM64:
    case AlgType.AMEM128:
    case AlgType.AMEM: {
      // runtime/alg.go memequal8..128, memequal_varlen (asm memequal)
      const size = t.size;
      return (p, q) => rt.mem.memequal(p, q, size);
    }
    case AlgType.ASTRING:
      return (p, q) => strequal(rt, p, q);
    case AlgType.AFLOAT32:
      return (p, q) => f32equal(rt, p, q);
    case AlgType.AFLOAT64:
      return (p, q) => f64equal(rt, p, q);
    case AlgType.ACPLX64:
      // runtime/alg.go c64equal: complex64 ==
      return (p, q) => f32equal(rt, p, q) && f32equal(rt, p + 4, q + 4);
    case AlgType.ACPLX128:
      // runtime/alg.go c128equal
      return (p, q) => f64equal(rt, p, q) && f64equal(rt, p + 8, q + 8);
    case AlgType.ANILINTER:
      {
        const dyn = new DynTypes(reg);
        return (p, q) => nilinterequal(reg, p, q, dyn);
      }
    case AlgType.ASPECIAL:
      if (t.kind === Kind.Array) return genArrayEqual(reg, t);
      if (t.kind === Kind.Struct) return genStructEqual(reg, t);
      throw new Error('goemu: ASPECIAL type ' + t.str + ' is neither an array nor a struct');
    default:
      throw new Error('goemu: no equality for type ' + t.str);
  }
}

/** The compiler-generated `type..eq.[N]T` (gc/alg.go geneq, TARRAY): p[i] == q[i] for every i. */
function genArrayEqual(reg: TypeRegistry, t: GoType): Equal {
  const e = t.elem!;
  const eq = makeEqual(reg, e);
  if (eq === null) throw new Error('goemu: array type ' + t.str + ' of incomparable elements has no equality');
  const n = t.len;
  const es = e.size;
  return (p, q) => {
    for (let i = 0; i < n; i++) if (!eq(p + i * es, q + i * es)) return false;
    return true;
  };
}

/**
 * The compiler-generated `type..eq.struct{…}` (gc/alg.go geneq, TSTRUCT): blank fields are
 * skipped, runs of regular-memory fields (memrun) compare as memory, other fields with their ==.
 */
function genStructEqual(reg: TypeRegistry, t: GoType): Equal {
  const rt = reg.rt;
  const fields = t.fields!;
  const offs: number[] = [];
  const sizes: number[] = [];
  const fns: (Equal | null)[] = [];
  for (let i = 0; i < fields.length;) {
    const f = fields[i];
    if (isBlank(f)) {
      i++;
      continue;
    }
    if (!isRegularMemory(f.type)) {
      const eq = makeEqual(reg, f.type);
      if (eq === null) throw new Error('goemu: struct type ' + t.str + ' with an incomparable field has no equality');
      offs.push(f.offset);
      sizes.push(0);
      fns.push(eq);
      i++;
      continue;
    }
    const [size, next] = memrun(t, i);
    offs.push(f.offset);
    sizes.push(size);
    fns.push(null);
    i = next;
  }
  const n = offs.length;
  return (p, q) => {
    for (let k = 0; k < n; k++) {
      const fn = fns[k];
      const o = offs[k];
      if (fn !== null) {
        if (!fn(p + o, q + o)) return false;
      } else if (!rt.mem.memequal(p + o, q + o, sizes[k])) {
        return false;
      }
    }
    return true;
  };
}
