// The type registry of one emulated process: every Go type the program uses, interned by its
// reflect String() so that each distinct type has exactly one GoType and one `_type` descriptor
// in simulated memory, laid out per target the way the compiler lays it out.
//
// What is computed here is the compiler's, transliterated (Go 1.15 file, Go 1.19 file):
//   size/align        dowidth, widstruct      gc/align.go        types/size.go (CalcSize, calcStructOffset)
//   ptrdata           typeptrdata             gc/reflect.go      types/size.go (PtrDataSize)
//   gcdata            dgcsym, dgcptrmask, GCProg.emit, onebitwalktype1 (gc/reflect.go, gc/plive.go;
//                     reflectdata/reflect.go, typebits/typebits.go)
//   alg               algtype1, algtype, ispaddedfield  gc/alg.go  types/alg.go, reflectdata/alg.go
//   kind, tflag       dcommontype, isdirectiface  gc/reflect.go, gc/subr.go  reflectdata/reflect.go, types/type.go
//   bucket            bmap                    gc/reflect.go      reflectdata/reflect.go (MapBucketType)
//   maptype flags     isreflexive, needkeyupdate, hashMightPanic  gc/reflect.go  types/type.go, reflectdata/reflect.go
//   fast entry points mapfast                 gc/walk.go         walk/walk.go
// The layout rules are identical in both profiles; only `_type.hash` and the structfield word
// differ.

import { GoRuntime } from './runtime';
import {
  AlgType, Equal, GoType, Hasher, Kind, MapFast, MapType, StructField,
  kindDirectIface, kindGCProg, mapHashMightPanic, mapIndirectElem, mapIndirectKey,
  mapNeedKeyUpdate, mapReflexiveKey, tflagExtraStar, tflagNamed, tflagRegularMemory,
  tflagUncommon,
} from './types';
import {
  BASIC_NAMES, BasicName, ChanDir, MAX_TYPE_DEPTH, TOO_DEEP, TypeAST, TypeSyntaxError, parseType, shortType,
  typeString,
} from './typeparse';
import { compilerHasher, makeEqual } from './alg';

/** A type the compiler rejects (Go's error wording, e.g. "invalid map key type []int"). */
export class GoTypeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GoTypeError';
  }
}

/** runtime/map.go and gc/reflect.go constants. */
export const BUCKETSIZE = 8;
export const MAXKEYSIZE = 128;
export const MAXELEMSIZE = 128;
/** gc/reflect.go maxPtrmaskBytes: beyond 8× this many words, gcdata is a GC program. */
const maxPtrmaskBytes = 2048;

const BASIC_KIND: Record<BasicName, Kind> = {
  bool: Kind.Bool, int: Kind.Int, int8: Kind.Int8, int16: Kind.Int16, int32: Kind.Int32,
  int64: Kind.Int64, uint: Kind.Uint, uint8: Kind.Uint8, uint16: Kind.Uint16, uint32: Kind.Uint32,
  uint64: Kind.Uint64, uintptr: Kind.Uintptr, float32: Kind.Float32, float64: Kind.Float64,
  complex64: Kind.Complex64, complex128: Kind.Complex128, string: Kind.String,
};

/** A Go type as the compiler sees it, plus its descriptor address. */
export class GoTypeImpl implements GoType {
  readonly str: string;
  /** types.LinkString (Go 1.19): non-exported field names qualified with "main." */
  readonly linkStr: string;
  readonly kind: Kind;
  size = 0;
  align = 1;
  fieldAlign = 1;
  ptrdata = 0;
  tflag = 0;
  kindByte = 0;
  gcmask: Uint8Array = new Uint8Array(0);
  alg: AlgType = AlgType.ANOEQ;
  comparable = false;
  elem: GoTypeImpl | null = null;
  key: GoTypeImpl | null = null;
  /** Array length as a number: exact up to 2^53 (always so when the elements have a size). */
  len = 0;
  /** The exact array length (it may pass 2^53 for zero-size elements); read only while building. */
  lenExact = 0n;
  fields: StructField[] | null = null;
  /** Nesting depth: 1 + the deepest component (bounded by MAX_TYPE_DEPTH). */
  depth = 1;
  addr = 0;
  /** _type.hash as the profile's compiler computes it. */
  hash = 0;
  /** types.Type.HasPointers */
  hasPointers = false;
  /** Noalg: the bucket type and its key/elem arrays (no equality, not regular memory). */
  readonly noalg: boolean;
  /** algtype1's verdict: AMEM (general), ASPECIAL, ANOEQ, or a non-memory kind. */
  alg1: AlgType = AlgType.ANOEQ;
  /** For ANOEQ: the component that makes it incomparable (algtype1's second result). */
  badComponent: GoTypeImpl | null = null;
  /** Whether gcdata is a GC program (kindGCProg). */
  useGCProg = false;
  /** Channel direction (chan types). */
  chanDir: ChanDir = ChanDir.Both;
  /** Parameter and result types (func types); the last param is a slice when variadic. */
  params: GoTypeImpl[] | null = null;
  results: GoTypeImpl[] | null = null;
  variadic = false;
  /** The map's maptype (map types). */
  mapType: MapTypeImpl | null = null;
  /** A named type, predeclared or the scenario's own (tflagNamed | tflagUncommon). */
  named = false;

  private readonly reg: TypeRegistry;
  private equalFn: Equal | null | undefined = undefined;

  constructor(reg: TypeRegistry, kind: Kind, str: string, linkStr: string, noalg = false) {
    this.reg = reg;
    this.kind = kind;
    this.str = str;
    this.linkStr = linkStr;
    this.noalg = noalg;
  }

  /** t.equal, made on first use (alg.ts makeEqual); null when not comparable. */
  get equal(): Equal | null {
    if (this.equalFn !== undefined) return this.equalFn;
    const fn: Equal | null = this.comparable ? makeEqual(this.reg, this) : null;
    this.equalFn = fn;
    return fn;
  }
  set equal(fn: Equal | null) {
    this.equalFn = fn;
  }

  /** isdirectiface: stored directly in an interface's data word. */
  get directIface(): boolean {
    return (this.kindByte & kindDirectIface) !== 0;
  }

  toString(): string {
    return this.str;
  }
}

/** runtime.maptype plus the compiler's decisions for it. */
export class MapTypeImpl implements MapType {
  readonly typ: GoTypeImpl;
  readonly key: GoTypeImpl;
  readonly elem: GoTypeImpl;
  readonly bucket: GoTypeImpl;
  readonly hasherName: string;
  readonly keysize: number;
  readonly elemsize: number;
  readonly bucketsize: number;
  readonly flags: number;
  readonly fastAssign: MapFast;
  readonly fastAccess: MapFast;
  addr = 0;
  private readonly reg: TypeRegistry;
  private hasherFn: Hasher | null = null;

  constructor(reg: TypeRegistry, typ: GoTypeImpl, bucket: GoTypeImpl, hasherName: string,
              flags: number, fastAssign: MapFast, fastAccess: MapFast) {
    this.reg = reg;
    this.typ = typ;
    this.key = typ.key!;
    this.elem = typ.elem!;
    this.bucket = bucket;
    this.hasherName = hasherName;
    const P = reg.ptrSize;
    this.keysize = this.key.size > MAXKEYSIZE ? P : this.key.size;
    this.elemsize = this.elem.size > MAXELEMSIZE ? P : this.elem.size;
    this.bucketsize = bucket.size;
    this.flags = flags;
    this.fastAssign = fastAssign;
    this.fastAccess = fastAccess;
  }

  /** The compiler's hasher for the key type (alg.ts compilerHasher), made on first use. */
  get hasher(): Hasher {
    if (this.hasherFn !== null) return this.hasherFn;
    const fn: Hasher = compilerHasher(this.reg, this.key);
    this.hasherFn = fn;
    return fn;
  }

  get indirectkey(): boolean { return (this.flags & mapIndirectKey) !== 0; }
  get indirectelem(): boolean { return (this.flags & mapIndirectElem) !== 0; }
  get reflexivekey(): boolean { return (this.flags & mapReflexiveKey) !== 0; }
  get needkeyupdate(): boolean { return (this.flags & mapNeedKeyUpdate) !== 0; }
  get hashMightPanic(): boolean { return (this.flags & mapHashMightPanic) !== 0; }
}

/** A closure the descriptors point at (equal, hasher): its name and, for varlen, the width. */
export interface FuncVal {
  readonly name: string;
  readonly addr: number;
}

export class TypeRegistry {
  readonly rt: GoRuntime;
  readonly ptrSize: 4 | 8;
  /** Widthreg: the alignment of 8-byte integers/floats and complex128. */
  readonly regSize: 4 | 8;
  /** thearch.MAXWIDTH (gc/align.go; types.MaxWidth): 1<<50 on amd64, 1<<32-1 on 386. */
  readonly maxWidth: number;
  private readonly byStr = new Map<string, GoTypeImpl>();
  /** get()'s cache by the spelling it was given. */
  private readonly bySrc = new Map<string, GoTypeImpl>();
  private readonly byAddress = new Map<number, GoTypeImpl>();
  /** The scenario's declared types (package main), by name, in declaration order. */
  private readonly declared = new Map<string, TypeAST>();
  private readonly funcs = new Map<string, FuncVal>();
  private readonly funcsByAddr = new Map<number, FuncVal>();

  constructor(rt: GoRuntime) {
    this.rt = rt;
    this.ptrSize = rt.ptrSize;
    this.regSize = rt.arch.regSize;
    this.maxWidth = rt.ptrSize === 8 ? 2 ** 50 : 2 ** 32 - 1;
  }

  /** The GoType of a type string (any Go spelling); interned by reflect String(). */
  get(typeString: string): GoTypeImpl {
    const have = this.bySrc.get(typeString);
    if (have) return have;
    const t = this.fromAST(parseType(typeString, this.resolve));
    this.bySrc.set(typeString, t);
    return t;
  }

  /** The parser's view of the declared names. */
  private readonly resolve = (name: string): TypeAST | undefined => this.declared.get(name);

  /**
   * `type name src` in package main (the scenario's "types", in declaration order): a defined
   * type whose underlying type is src's, spelled "main.name", with the named type's own tflag.
   * src may use the names declared before it (not itself or later ones: no recursive types).
   * Throws TypeSyntaxError or GoTypeError.
   */
  declare(name: string, src: string): GoTypeImpl {
    if (!/^[\p{L}_][\p{L}\p{Nd}_]*$/u.test(name)) throw new GoTypeError(`${JSON.stringify(name)} is not a Go identifier`);
    if (name === '_') throw new GoTypeError('cannot declare the blank type name _');
    if ((BASIC_NAMES as readonly string[]).includes(name) || ['byte', 'rune', 'any', 'error', 'unsafe', 'main'].includes(name)) {
      // Go allows shadowing a predeclared name in package main; goemu's type strings could then
      // not say which one they mean.
      throw new GoTypeError(`goemu does not let a declared type shadow the predeclared name ${name}`);
    }
    if (this.declared.has(name)) throw new GoTypeError(`${name} redeclared in this block`);
    const u = parseType(src, this.resolve);
    const ast: TypeAST = { k: 'named', name, u };
    const t = this.fromAST(ast);
    this.declared.set(name, ast);
    return t;
  }

  /** The declared type names, in declaration order. */
  declaredNames(): string[] {
    return [...this.declared.keys()];
  }

  /** The maptype of a map type string. Throws GoTypeError for a non-comparable key. */
  mapType(typeString: string): MapTypeImpl {
    const t = this.get(typeString);
    if (t.kind !== Kind.Map || t.mapType === null) {
      throw new TypeSyntaxError(typeString, 0, `not a map type: ${t.str}`);
    }
    return t.mapType;
  }

  /** The type whose `_type` descriptor is at addr (maptype descriptors included). */
  byAddr(addr: number): GoTypeImpl | undefined {
    return this.byAddress.get(addr);
  }

  /** The interned type with this reflect String(), if it has been built. */
  lookup(str: string): GoTypeImpl | undefined {
    return this.byStr.get(str);
  }

  /** All interned types, in creation order. */
  all(): GoTypeImpl[] {
    return [...this.byStr.values()];
  }

  /** The closure named by a descriptor's equal or hasher word. */
  funcByAddr(addr: number): FuncVal | undefined {
    return this.funcsByAddr.get(addr);
  }

  // -------------------------------------------------------------------------------------------
  // Construction

  /** The GoType of a parsed type. */
  fromAST(ast: TypeAST): GoTypeImpl {
    const str = typeString(ast);
    const have = this.byStr.get(str);
    if (have) return have;
    const link = typeString(ast, 'main');
    let t: GoTypeImpl;
    switch (ast.k) {
      case 'basic':
        t = new GoTypeImpl(this, BASIC_KIND[ast.name], str, link);
        t.named = true;
        break;
      case 'unsafeptr':
        t = new GoTypeImpl(this, Kind.UnsafePointer, str, link);
        t.named = true;
        break;
      case 'array':
        t = new GoTypeImpl(this, Kind.Array, str, link);
        t.elem = this.fromAST(ast.elem);
        t.lenExact = ast.len;
        t.len = Number(ast.len);
        break;
      case 'slice':
        t = new GoTypeImpl(this, Kind.Slice, str, link);
        t.elem = this.fromAST(ast.elem);
        break;
      case 'ptr':
        t = new GoTypeImpl(this, Kind.Ptr, str, link);
        t.elem = this.fromAST(ast.elem);
        break;
      case 'chan':
        t = new GoTypeImpl(this, Kind.Chan, str, link);
        t.elem = this.fromAST(ast.elem);
        t.chanDir = ast.dir;
        break;
      case 'map':
        t = new GoTypeImpl(this, Kind.Map, str, link);
        t.key = this.fromAST(ast.key);
        t.elem = this.fromAST(ast.elem);
        break;
      case 'func':
        t = new GoTypeImpl(this, Kind.Func, str, link);
        t.params = ast.params.map((p) => this.fromAST(p));
        t.results = ast.results.map((p) => this.fromAST(p));
        t.variadic = ast.variadic;
        break;
      case 'interface':
        t = new GoTypeImpl(this, Kind.Interface, str, link);
        break;
      case 'struct': {
        t = new GoTypeImpl(this, Kind.Struct, str, link);
        t.fields = ast.fields.map((f) => ({ name: f.name, type: this.fromAST(f.type), offset: 0, embedded: f.embedded === true }));
        break;
      }
      case 'named': {
        // A defined type (cmd/compile types.NewNamed + SetUnderlying): the underlying type's
        // structure under its own name and descriptor.
        const u = this.fromAST(ast.u);
        t = new GoTypeImpl(this, u.kind, str, link);
        t.named = true;
        t.elem = u.elem;
        t.key = u.key;
        t.len = u.len;
        t.lenExact = u.lenExact;
        t.fields = u.fields === null ? null : u.fields.map((f) => ({ ...f }));
        t.chanDir = u.chanDir;
        t.params = u.params;
        t.results = u.results;
        t.variadic = u.variadic;
        break;
      }
    }
    // Every walk over a type (layout, gcmask, alg, the value codec) recurses over its parts:
    // bound the nesting (typeparse.ts MAX_TYPE_DEPTH; named types count a level each).
    t.depth = 1 + Math.max(0, ...componentsOf(t).map((c) => c.depth));
    if (t.depth > MAX_TYPE_DEPTH) throw new GoTypeError(`type ${shortType(str)}: ${TOO_DEEP}`);
    this.complete(t);
    if (t.kind === Kind.Map) {
      // The typechecker's check (gc/typecheck.go; types2): the key must be comparable.
      const key = t.key!;
      if (!key.comparable) throw new GoTypeError(`invalid map key type ${key.str}`);
      this.byStr.set(str, t);
      t.mapType = this.buildMapType(t);
    } else {
      this.byStr.set(str, t);
      this.writeDescriptor(t);
    }
    return t;
  }

  /** *T for a built type (interned like any other). */
  ptrTo(elem: GoTypeImpl): GoTypeImpl {
    return this.derived(Kind.Ptr, '*', elem);
  }

  /** []T for a built type (interned like any other). */
  sliceOf(elem: GoTypeImpl): GoTypeImpl {
    return this.derived(Kind.Slice, '[]', elem);
  }

  private derived(kind: Kind.Ptr | Kind.Slice, prefix: string, elem: GoTypeImpl): GoTypeImpl {
    const str = prefix + elem.str;
    const have = this.byStr.get(str);
    if (have) return have;
    const t = new GoTypeImpl(this, kind, str, prefix + elem.linkStr);
    t.elem = elem;
    t.depth = elem.depth + 1;
    this.complete(t);
    this.byStr.set(str, t);
    this.writeDescriptor(t);
    return t;
  }

  /** Fills in size, align, ptrdata, gcdata, alg, kind and tflag of a type whose parts are built. */
  private complete(t: GoTypeImpl): void {
    this.dowidth(t);
    t.hasPointers = hasPointers(t);
    const [a1, bad] = algtype1(t);
    t.alg1 = a1;
    t.badComponent = bad;
    t.alg = algtype(t);
    t.comparable = t.alg !== AlgType.ANOEQ;
    // dgcsym: a ptrmask up to maxPtrmaskBytes*8 words, else a GC program whose bit count is ptrdata.
    const ptrdata = this.typeptrdata(t);
    if (ptrdata / this.ptrSize <= maxPtrmaskBytes * 8) {
      t.ptrdata = ptrdata;
    } else {
      t.useGCProg = true;
      t.ptrdata = this.gcprogBits(t) * this.ptrSize;
    }
    t.gcmask = this.ptrmask(t, t.ptrdata / this.ptrSize);
    // dcommontype
    let tflag = 0;
    if (t.named) tflag |= tflagUncommon | tflagNamed; // uncommonSize(t) != 0; t.Sym.Name != ""
    if (t.alg1 === AlgType.AMEM) tflag |= tflagRegularMemory; // IsRegularMemory(t)
    if (!t.str.startsWith('*')) tflag |= tflagExtraStar;
    t.tflag = tflag;
    t.fieldAlign = t.align;
    let kb: number = t.kind;
    if (isdirectiface(t)) kb |= kindDirectIface;
    if (t.useGCProg) kb |= kindGCProg;
    t.kindByte = kb;
    t.hash = this.typehash(t);
  }

  /**
   * _type.hash. Go 1.15 (gc/subr.go typehash): the first 4 bytes of md5(t.LongString()).
   * Go 1.19 (types.TypeHash): the first 4 bytes of NOT-SHA256(t.LinkString()). Little-endian.
   */
  private typehash(t: GoTypeImpl): number {
    // crypto loads on first use: most processes hash a handful of types, after start-up.
    const { createHash } = require('crypto') as typeof import('crypto');
    let d: Buffer;
    if (this.rt.profile === 'go1.15') {
      d = createHash('md5').update(t.str, 'utf8').digest();
    } else {
      d = createHash('sha256').update(t.linkStr, 'utf8').digest();
      for (let i = 0; i < 4; i++) d[i] = ~d[i] & 0xff;
    }
    return d.readUInt32LE(0);
  }

  /** dowidth (gc/align.go) / CalcSize (types/size.go): size and alignment. */
  private dowidth(t: GoTypeImpl): void {
    const P = this.ptrSize;
    let w = 0;
    let align = 0; // 0: use w
    switch (t.kind) {
      case Kind.Bool: case Kind.Int8: case Kind.Uint8:
        w = 1; break;
      case Kind.Int16: case Kind.Uint16:
        w = 2; break;
      case Kind.Int32: case Kind.Uint32: case Kind.Float32:
        w = 4; break;
      case Kind.Int64: case Kind.Uint64: case Kind.Float64:
        w = 8; align = this.regSize; break;
      case Kind.Complex64:
        w = 8; align = 4; break;
      case Kind.Complex128:
        w = 16; align = this.regSize; break;
      case Kind.Int: case Kind.Uint: case Kind.Uintptr:
        // simtype: int64 on amd64 (align Widthreg = 8), int32 on 386.
        w = P; align = P; break;
      case Kind.Ptr: case Kind.UnsafePointer: case Kind.Map: case Kind.Func:
        w = P; break;
      case Kind.Chan:
        w = P;
        // TCHANARGS: the element type must be smaller than 64kB.
        if (t.elem!.size >= 1 << 16) throw new GoTypeError('channel element type too large (>64kB)');
        break;
      case Kind.Interface:
        w = 2 * P; align = P; break;
      case Kind.String:
        w = 2 * P; align = P; break;
      case Kind.Slice:
        w = 3 * P; align = P; break;
      case Kind.Array: {
        const e = t.elem!;
        // typecheck: the bound must be representable as an int of the target (Go 1.15
        // gc/typecheck.go: "constant N overflows int", "array bound is too large"; Go 1.19 types2:
        // "array length N (untyped int constant) must be integer"). The length stays exact.
        const maxInt = P === 4 ? 2n ** 31n - 1n : 2n ** 63n - 1n;
        if (t.lenExact > maxInt) {
          const n = t.lenExact.toString();
          throw new GoTypeError(this.rt.profile === 'go1.15'
            ? `type ${shortType(t.str)}: constant ${n} overflows int (array bound is too large)`
            : `type ${shortType(t.str)}: array length ${n} (untyped int constant) must be integer`);
        }
        if (e.size !== 0) {
          // gc/align.go dowidth, types/size.go CalcSize: "type %L larger than address space".
          const cap = Math.floor((this.maxWidth - 1) / e.size);
          if (t.lenExact > BigInt(cap)) throw new GoTypeError(`type ${t.str} larger than address space`);
          w = t.len * e.size;
        } else {
          w = 0; // any length of zero-size elements is size 0
        }
        align = e.align;
        break;
      }
      case Kind.Struct:
        [w, align] = this.widstruct(t);
        break;
      default:
        throw new Error(`dowidth: unexpected kind ${t.kind}`);
    }
    if (P === 4 && w !== (w | 0)) throw new GoTypeError(`type ${t.str} too large`);
    if (align === 0) align = w;
    t.size = w;
    t.align = align;
  }

  /** widstruct(t, t, 0, 1) (gc/align.go) / calcStructOffset (types/size.go): [width, align]. */
  private widstruct(t: GoTypeImpl): [number, number] {
    const fields = t.fields!;
    let o = 0;
    const starto = 0;
    let maxalign = 1;
    let lastzero = 0;
    // On 32-bit systems, reflect tables impose an additional constraint that each field start
    // offset must fit in 31 bits.
    const maxwidth = this.maxWidth < 2 ** 32 ? 2 ** 31 - 1 : this.maxWidth;
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i];
      const ft = f.type;
      if (ft.align > maxalign) maxalign = ft.align;
      if (ft.align > 0) o = rnd(o, ft.align);
      fields[i] = { ...f, offset: o };
      const w = ft.size;
      if (w === 0) lastzero = o;
      o += w;
      if (o >= maxwidth) throw new GoTypeError(`type ${t.str} too large`);
    }
    // For nonzero-sized structs which end in a zero-sized thing, we add an extra byte of padding
    // to the type (issue 9401).
    if (o > starto && o === lastzero) o++;
    o = rnd(o, maxalign);
    return [o - starto, maxalign];
  }

  /** typeptrdata (gc/reflect.go) / types.PtrDataSize. */
  private typeptrdata(t: GoTypeImpl): number {
    if (!t.hasPointers) return 0;
    const P = this.ptrSize;
    switch (t.kind) {
      case Kind.Ptr: case Kind.UnsafePointer: case Kind.Func: case Kind.Chan: case Kind.Map:
      case Kind.String: case Kind.Slice:
        return P;
      case Kind.Interface:
        return 2 * P;
      case Kind.Array:
        return (t.len - 1) * t.elem!.size + this.typeptrdata(t.elem as GoTypeImpl);
      case Kind.Struct: {
        let last: StructField | null = null;
        for (const f of t.fields!) if ((f.type as GoTypeImpl).hasPointers) last = f;
        return last!.offset + this.typeptrdata(last!.type as GoTypeImpl);
      }
      default:
        throw new Error(`typeptrdata: unexpected type ${t.str}`);
    }
  }

  /**
   * The bit count of the type's GC program: dgcprog's `p.w.BitIndex()` after GCProg.emit
   * (gc/reflect.go; cmd/internal/gcprog Writer), which can exceed typeptrdata because repeated
   * array elements are emitted whole.
   */
  private gcprogBits(t: GoTypeImpl): number {
    const P = this.ptrSize;
    let index = 0;
    const zeroUntil = (i: number): void => {
      if (i < index) throw new Error('gcprog: invalid Advance index');
      index = i;
    };
    const ptr = (i: number): void => {
      zeroUntil(i);
      index++;
    };
    const repeat = (n: number, c: number): void => {
      if (n === 0 || c === 0) return;
      index += n * c;
    };
    const shouldRepeat = (n: number, c: number): boolean => c > 1 && c * n > 4 * 8;
    const emit = (u: GoTypeImpl, offset: number): void => {
      if (!u.hasPointers) return;
      if (u.size === P) {
        ptr(offset / P);
        return;
      }
      switch (u.kind) {
        case Kind.String: case Kind.Slice:
          ptr(offset / P);
          return;
        case Kind.Interface:
          ptr(offset / P + 1);
          return;
        case Kind.Array: {
          let count = u.len;
          let elem = u.elem as GoTypeImpl;
          while (elem.kind === Kind.Array) {
            count *= elem.len;
            elem = elem.elem as GoTypeImpl;
          }
          if (!shouldRepeat(elem.size / P, count)) {
            for (let i = 0; i < count; i++) emit(elem, offset + i * elem.size);
            return;
          }
          emit(elem, offset);
          zeroUntil((offset + elem.size) / P);
          repeat(elem.size / P, count - 1);
          return;
        }
        case Kind.Struct:
          for (const f of u.fields!) emit(f.type as GoTypeImpl, offset + f.offset);
          return;
        default:
          throw new Error(`GCProg.emit: unexpected type ${u.str}`);
      }
    };
    emit(t, 0);
    return index;
  }

  /** fillptrmask / onebitwalktype1: one bit per word for nwords words, LSB first. */
  private ptrmask(t: GoTypeImpl, nwords: number): Uint8Array {
    const mask = new Uint8Array(Math.ceil(nwords / 8));
    if (!t.hasPointers) return mask;
    const P = this.ptrSize;
    const set = (i: number): void => {
      if (i < nwords) mask[i >> 3] |= 1 << (i & 7);
    };
    const walk = (u: GoTypeImpl, off: number): void => {
      if (!u.hasPointers) return;
      switch (u.kind) {
        case Kind.Ptr: case Kind.UnsafePointer: case Kind.Func: case Kind.Chan: case Kind.Map:
        case Kind.String: case Kind.Slice:
          set(off / P);
          return;
        case Kind.Interface:
          // The first word of an interface is a pointer, but we don't treat it as such.
          set(off / P + 1);
          return;
        case Kind.Array: {
          const e = u.elem as GoTypeImpl;
          if (e.size === 0) return;
          for (let i = 0; i < u.len; i++) walk(e, off + i * e.size);
          return;
        }
        case Kind.Struct:
          for (const f of u.fields!) walk(f.type as GoTypeImpl, off + f.offset);
          return;
        default:
          throw new Error(`onebitwalktype1: unexpected type ${u.str}`);
      }
    };
    walk(t, 0);
    return mask;
  }

  // -------------------------------------------------------------------------------------------
  // Maps

  /** The maptype of a map GoType: bmap, flags, hasher choice, mapfast; writes its descriptor. */
  private buildMapType(t: GoTypeImpl): MapTypeImpl {
    const key = t.key!;
    const elem = t.elem!;
    const bucket = this.bmap(key, elem);
    let flags = 0;
    if (key.size > MAXKEYSIZE) flags |= mapIndirectKey;
    if (elem.size > MAXELEMSIZE) flags |= mapIndirectElem;
    if (isreflexive(key)) flags |= mapReflexiveKey;
    if (needkeyupdate(key)) flags |= mapNeedKeyUpdate;
    if (hashMightPanic(key)) flags |= mapHashMightPanic;
    const [fastAssign, fastAccess] = this.mapfast(key, elem);
    const mt = new MapTypeImpl(this, t, bucket, hasherName(key.alg), flags, fastAssign, fastAccess);
    t.mapType = mt;
    this.writeDescriptor(t);
    mt.addr = t.addr;
    return mt;
  }

  /** bmap (gc/reflect.go) / MapBucketType (reflectdata/reflect.go): the bucket struct type. */
  private bmap(key: GoTypeImpl, elem: GoTypeImpl): GoTypeImpl {
    let keytype = key;
    let elemtype = elem;
    if (keytype.size > MAXKEYSIZE) keytype = this.ptrTo(keytype);
    if (elemtype.size > MAXELEMSIZE) elemtype = this.ptrTo(elemtype);
    const topbits = this.get('[8]uint8');
    const keys = this.noalgArray(keytype, BUCKETSIZE);
    const elems = this.noalgArray(elemtype, BUCKETSIZE);
    // If keys and elems have no pointers, the overflow field is a uintptr so that the bucket is
    // noscan; otherwise *bucket (1.15) or unsafe.Pointer (1.19), both pointer words.
    const otyp = !elemtype.hasPointers && !keytype.hasPointers ? this.get('uintptr') : this.get('unsafe.Pointer');
    const fieldsStr = `topbits ${topbits.str}; keys ${keys.str}; elems ${elems.str}; overflow ${otyp.str}`;
    const str = `struct { ${fieldsStr} }`;
    const bucket = new GoTypeImpl(this, Kind.Struct, str, str, true);
    bucket.fields = [
      { name: 'topbits', type: topbits, offset: 0 },
      { name: 'keys', type: keys, offset: 0 },
      { name: 'elems', type: elems, offset: 0 },
      { name: 'overflow', type: otyp, offset: 0 },
    ];
    this.complete(bucket);
    // Invariants the map code depends on (checked by the compiler too).
    const ov = bucket.fields[3];
    if (ov.offset !== bucket.size - this.ptrSize) throw new Error(`bad offset of overflow in bmap for ${str}`);
    this.writeDescriptor(bucket);
    return bucket;
  }

  private noalgArray(elem: GoTypeImpl, n: number): GoTypeImpl {
    const str = `[${n}]${elem.str}`;
    const a = new GoTypeImpl(this, Kind.Array, str, `[${n}]${elem.linkStr}`, true);
    a.elem = elem;
    a.len = n;
    a.lenExact = BigInt(n);
    a.depth = elem.depth + 1;
    this.complete(a);
    this.writeDescriptor(a);
    return a;
  }

  /** mapfast (gc/walk.go, walk/walk.go): [assign entry point, access/delete entry point]. */
  private mapfast(key: GoTypeImpl, elem: GoTypeImpl): [MapFast, MapFast] {
    // Check runtime/map.go:maxElemSize before changing.
    if (elem.size > 128) return [MapFast.Slow, MapFast.Slow];
    switch (key.alg) {
      case AlgType.AMEM32:
        if (!key.hasPointers) return [MapFast.Fast32, MapFast.Fast32];
        if (this.ptrSize === 4) return [MapFast.Fast32Ptr, MapFast.Fast32];
        throw new Error(`small pointer ${key.str}`);
      case AlgType.AMEM64:
        if (!key.hasPointers) return [MapFast.Fast64, MapFast.Fast64];
        if (this.ptrSize === 8) return [MapFast.Fast64Ptr, MapFast.Fast64];
        // Two-word object, at least one of which is a pointer. Use the slow path.
        return [MapFast.Slow, MapFast.Slow];
      case AlgType.ASTRING:
        return [MapFast.FastStr, MapFast.FastStr];
      default:
        return [MapFast.Slow, MapFast.Slow];
    }
  }

  // -------------------------------------------------------------------------------------------
  // Descriptors in simulated memory

  /** sizeof(_type): 48 on amd64, 32 on 386. */
  get typeSize(): number {
    return 4 * this.ptrSize + 16;
  }

  /** A closure word for equal/hasher: one per distinct function (and width), like the linker's. */
  funcval(name: string, width?: number): number {
    const id = width === undefined ? name : `${name}/${width}`;
    const have = this.funcs.get(id);
    if (have) return have.addr;
    const P = this.ptrSize;
    const mem = this.rt.mem;
    const addr = this.rt.heap.persistentalloc(2 * P, P);
    mem.storePtr(addr, addr); // a non-zero "code pointer": the closure itself
    if (width !== undefined) mem.storePtr(addr + P, width);
    const fv = { name: id, addr };
    this.funcs.set(id, fv);
    this.funcsByAddr.set(addr, fv);
    return addr;
  }

  private equalFuncAddr(t: GoTypeImpl): number {
    switch (t.alg) {
      case AlgType.ANOEQ: return 0;
      case AlgType.AMEM0: return this.funcval('runtime.memequal0');
      case AlgType.AMEM8: return this.funcval('runtime.memequal8');
      case AlgType.AMEM16: return this.funcval('runtime.memequal16');
      case AlgType.AMEM32: return this.funcval('runtime.memequal32');
      case AlgType.AMEM64: return this.funcval('runtime.memequal64');
      case AlgType.AMEM128: return this.funcval('runtime.memequal128');
      case AlgType.ASTRING: return this.funcval('runtime.strequal');
      case AlgType.AINTER: return this.funcval('runtime.interequal');
      case AlgType.ANILINTER: return this.funcval('runtime.nilinterequal');
      case AlgType.AFLOAT32: return this.funcval('runtime.f32equal');
      case AlgType.AFLOAT64: return this.funcval('runtime.f64equal');
      case AlgType.ACPLX64: return this.funcval('runtime.c64equal');
      case AlgType.ACPLX128: return this.funcval('runtime.c128equal');
      case AlgType.AMEM: return this.funcval('runtime.memequal_varlen', t.size);
      default: return this.funcval('type..eq.' + t.str);
    }
  }

  private hasherFuncAddr(key: GoTypeImpl): number {
    const name = hasherName(key.alg);
    if (name === 'runtime.memhash_varlen') return this.funcval(name, key.size);
    if (name === 'generated') return this.funcval('type..hash.' + key.str);
    return this.funcval(name);
  }

  /**
   * Writes t's descriptor with persistentalloc: the `_type` (dcommontype), then the kind's
   * fields (ptrtype, slicetype, arraytype, chantype, maptype, functype, interfacetype,
   * structtype), then uncommontype for the named predeclared types. Names (str, ptrToThis,
   * pkgPath, field names) are 0: goemu has no module data.
   */
  private writeDescriptor(t: GoTypeImpl): void {
    const P = this.ptrSize;
    const T = this.typeSize;
    const mem = this.rt.mem;
    const heap = this.rt.heap;
    let extra = 0;
    switch (t.kind) {
      case Kind.Ptr: case Kind.Slice: extra = P; break;
      case Kind.Array: extra = 3 * P; break;
      case Kind.Chan: extra = 2 * P; break;
      case Kind.Map: extra = 4 * P + 8; break;
      case Kind.Func: extra = rnd(T + 4, P) - T + P * (t.params!.length + t.results!.length); break;
      case Kind.Interface: case Kind.Struct: extra = 4 * P; break;
    }
    const uncommonOff = T + (t.kind === Kind.Func ? rnd(T + 4, P) - T : extra);
    const total = t.named ? uncommonOff + 16 : T + extra;
    const a = heap.persistentalloc(total, P);

    // gcdata: the ptrmask, or (kindGCProg) a GC program of literal bits with its uint32 length.
    let gcdata: number;
    if (!t.useGCProg) {
      gcdata = heap.persistentalloc(Math.max(t.gcmask.length, 1), 1);
      mem.setBytes(gcdata, t.gcmask);
    } else {
      const prog = gcprogLiteral(t.gcmask, t.ptrdata / P);
      gcdata = heap.persistentalloc(4 + prog.length, 4);
      mem.store32(gcdata, prog.length);
      mem.setBytes(gcdata + 4, prog);
    }

    mem.storePtr(a, t.size);
    mem.storePtr(a + P, t.ptrdata);
    mem.store32(a + 2 * P, t.hash);
    mem.store8(a + 2 * P + 4, t.tflag);
    mem.store8(a + 2 * P + 5, t.align);
    mem.store8(a + 2 * P + 6, t.fieldAlign);
    mem.store8(a + 2 * P + 7, t.kindByte);
    mem.storePtr(a + 2 * P + 8, this.equalFuncAddr(t));
    mem.storePtr(a + 3 * P + 8, gcdata);
    // str (nameOff) and ptrToThis (typeOff) stay 0.

    switch (t.kind) {
      case Kind.Ptr: case Kind.Slice:
        mem.storePtr(a + T, t.elem!.addr);
        break;
      case Kind.Array:
        mem.storePtr(a + T, t.elem!.addr);
        mem.storePtr(a + T + P, this.sliceOf(t.elem!).addr);
        if (P === 8) {
          // arraytype.len is a uintptr: both halves, exact past 2^53.
          mem.store32(a + T + 2 * P, Number(t.lenExact & 0xffffffffn));
          mem.store32(a + T + 2 * P + 4, Number(t.lenExact >> 32n));
        } else {
          mem.storePtr(a + T + 2 * P, t.len);
        }
        break;
      case Kind.Chan:
        mem.storePtr(a + T, t.elem!.addr);
        mem.storePtr(a + T + P, t.chanDir);
        break;
      case Kind.Map: {
        const mt = t.mapType!;
        mem.storePtr(a + T, mt.key.addr);
        mem.storePtr(a + T + P, mt.elem.addr);
        mem.storePtr(a + T + 2 * P, mt.bucket.addr);
        mem.storePtr(a + T + 3 * P, this.hasherFuncAddr(mt.key));
        mem.store8(a + T + 4 * P, mt.keysize);
        mem.store8(a + T + 4 * P + 1, mt.elemsize);
        mem.store16(a + T + 4 * P + 2, mt.bucketsize);
        mem.store32(a + T + 4 * P + 4, mt.flags);
        break;
      }
      case Kind.Func: {
        const ps = t.params!;
        const rs = t.results!;
        mem.store16(a + T, ps.length);
        mem.store16(a + T + 2, rs.length | (t.variadic ? 1 << 15 : 0));
        let o = a + rnd(T + 4, P);
        for (const p of [...ps, ...rs]) {
          mem.storePtr(o, p.addr);
          o += P;
        }
        break;
      }
      case Kind.Interface:
        // pkgpath name (0) and mhdr []imethod (nil, 0, 0).
        break;
      case Kind.Struct: {
        // pkgPath name (0), then fields []structfield {name, typ, offsetAnon|offset}.
        const fs = t.fields!;
        if (fs.length > 0) {
          const arr = heap.persistentalloc(3 * P * fs.length, P);
          fs.forEach((f, i) => {
            const o = arr + 3 * P * i;
            mem.storePtr(o + P, f.type.addr);
            // Go 1.15: offsetAnon = offset<<1 | embedded; Go 1.19: offset (embedded is in the name).
            mem.storePtr(o + 2 * P, this.rt.profile === 'go1.15' ? f.offset * 2 + (f.embedded ? 1 : 0) : f.offset);
          });
          mem.storePtr(a + T + P, arr);
          mem.storePtr(a + T + 2 * P, fs.length);
          mem.storePtr(a + T + 3 * P, fs.length);
        }
        break;
      }
    }
    t.addr = a;
    this.byAddress.set(a, t);
  }
}

// ---------------------------------------------------------------------------------------------
// The compiler's predicates, transliterated

/** The types a type is made of (the edges every recursive walk follows). */
function componentsOf(t: GoTypeImpl): GoTypeImpl[] {
  const out: GoTypeImpl[] = [];
  if (t.elem) out.push(t.elem);
  if (t.key) out.push(t.key);
  if (t.fields) for (const f of t.fields) out.push(f.type as GoTypeImpl);
  if (t.params) out.push(...t.params);
  if (t.results) out.push(...t.results);
  return out;
}

function rnd(o: number, r: number): number {
  return Math.ceil(o / r) * r;
}

/** types.Type.HasPointers (types/type.go). */
function hasPointers(t: GoTypeImpl): boolean {
  switch (t.kind) {
    case Kind.Bool: case Kind.Int: case Kind.Int8: case Kind.Int16: case Kind.Int32: case Kind.Int64:
    case Kind.Uint: case Kind.Uint8: case Kind.Uint16: case Kind.Uint32: case Kind.Uint64:
    case Kind.Uintptr: case Kind.Float32: case Kind.Float64: case Kind.Complex64: case Kind.Complex128:
      return false;
    case Kind.Array:
      if (t.len === 0) return false; // empty array has no pointers
      return t.elem!.hasPointers;
    case Kind.Struct:
      return t.fields!.some((f) => (f.type as GoTypeImpl).hasPointers);
    default:
      return true;
  }
}

/** isdirectiface (gc/subr.go; types.IsDirectIface). */
export function isdirectiface(t: GoTypeImpl): boolean {
  switch (t.kind) {
    case Kind.Ptr: case Kind.Chan: case Kind.Map: case Kind.Func: case Kind.UnsafePointer:
      return true;
    case Kind.Array:
      // Array of 1 direct iface type can be direct.
      return t.len === 1 && isdirectiface(t.elem!);
    case Kind.Struct:
      // Struct with 1 field of direct iface type can be direct.
      return t.fields!.length === 1 && isdirectiface(t.fields![0].type as GoTypeImpl);
    default:
      return false;
  }
}

/**
 * algtype1 (gc/alg.go; types.AlgType): the AlgType used for comparing and hashing t, with AMEM
 * for all regular memory; for ANOEQ also the component that makes t incomparable.
 */
export function algtype1(t: GoTypeImpl): [AlgType, GoTypeImpl | null] {
  if (t.noalg) return [AlgType.ANOEQ, t];
  switch (t.kind) {
    case Kind.Int8: case Kind.Uint8: case Kind.Int16: case Kind.Uint16:
    case Kind.Int32: case Kind.Uint32: case Kind.Int64: case Kind.Uint64:
    case Kind.Int: case Kind.Uint: case Kind.Uintptr:
    case Kind.Bool: case Kind.Ptr: case Kind.Chan: case Kind.UnsafePointer:
      return [AlgType.AMEM, null];
    case Kind.Func: case Kind.Map:
      return [AlgType.ANOEQ, t];
    case Kind.Float32: return [AlgType.AFLOAT32, null];
    case Kind.Float64: return [AlgType.AFLOAT64, null];
    case Kind.Complex64: return [AlgType.ACPLX64, null];
    case Kind.Complex128: return [AlgType.ACPLX128, null];
    case Kind.String: return [AlgType.ASTRING, null];
    case Kind.Interface: return [AlgType.ANILINTER, null]; // only empty interfaces exist here
    case Kind.Slice: return [AlgType.ANOEQ, t];
    case Kind.Array: {
      const [a, bad] = algtype1(t.elem!);
      if (a === AlgType.AMEM) return [AlgType.AMEM, null];
      if (a === AlgType.ANOEQ) return [AlgType.ANOEQ, bad];
      if (t.len === 0) return [AlgType.AMEM, null]; // the element type is comparable
      if (t.len === 1) return [a, null]; // single-element array is same as its lone element
      return [AlgType.ASPECIAL, null];
    }
    case Kind.Struct: {
      const fields = t.fields!;
      // One-field struct is same as that one field alone.
      if (fields.length === 1 && fields[0].name !== '_') return algtype1(fields[0].type as GoTypeImpl);
      let ret = AlgType.AMEM;
      for (let i = 0; i < fields.length; i++) {
        const f = fields[i];
        // All fields must be comparable.
        const [a, bad] = algtype1(f.type as GoTypeImpl);
        if (a === AlgType.ANOEQ) return [AlgType.ANOEQ, bad];
        // Blank fields, padded fields, fields with non-memory equality need special compare.
        if (a !== AlgType.AMEM || f.name === '_' || ispaddedfield(t, i)) ret = AlgType.ASPECIAL;
      }
      return [ret, null];
    }
    default:
      throw new Error(`algtype1: unexpected type ${t.str}`);
  }
}

/** algtype (gc/alg.go; reflectdata.AlgType): algtype1 with AMEM of width 0..16 made fixed-width. */
export function algtype(t: GoTypeImpl): AlgType {
  const [a] = algtype1(t);
  if (a === AlgType.AMEM) {
    switch (t.size) {
      case 0: return AlgType.AMEM0;
      case 1: return AlgType.AMEM8;
      case 2: return AlgType.AMEM16;
      case 4: return AlgType.AMEM32;
      case 8: return AlgType.AMEM64;
      case 16: return AlgType.AMEM128;
    }
    // (1.19's issue-46283 alignment guard needs Arch.Alignment > 1: never on x86.)
  }
  return a;
}

/** ispaddedfield (gc/alg.go; types.IsPaddedField): field i is followed by padding. */
export function ispaddedfield(t: GoTypeImpl, i: number): boolean {
  const fields = t.fields!;
  const end = i + 1 < fields.length ? fields[i + 1].offset : t.size;
  return fields[i].offset + fields[i].type.size !== end;
}

/** isreflexive (gc/reflect.go; types.IsReflexive): k == k for every key k. */
export function isreflexive(t: GoTypeImpl): boolean {
  switch (t.kind) {
    case Kind.Bool: case Kind.Int: case Kind.Uint: case Kind.Int8: case Kind.Uint8:
    case Kind.Int16: case Kind.Uint16: case Kind.Int32: case Kind.Uint32: case Kind.Int64:
    case Kind.Uint64: case Kind.Uintptr: case Kind.Ptr: case Kind.UnsafePointer: case Kind.String:
    case Kind.Chan:
      return true;
    case Kind.Float32: case Kind.Float64: case Kind.Complex64: case Kind.Complex128:
    case Kind.Interface:
      return false;
    case Kind.Array:
      return isreflexive(t.elem!);
    case Kind.Struct:
      return t.fields!.every((f) => isreflexive(f.type as GoTypeImpl));
    default:
      throw new Error(`bad type for map key: ${t.str}`);
  }
}

/** needkeyupdate (gc/reflect.go; reflectdata/reflect.go): overwrite the key on assignment. */
export function needkeyupdate(t: GoTypeImpl): boolean {
  switch (t.kind) {
    case Kind.Bool: case Kind.Int: case Kind.Uint: case Kind.Int8: case Kind.Uint8:
    case Kind.Int16: case Kind.Uint16: case Kind.Int32: case Kind.Uint32: case Kind.Int64:
    case Kind.Uint64: case Kind.Uintptr: case Kind.Ptr: case Kind.UnsafePointer: case Kind.Chan:
      return false;
    case Kind.Float32: case Kind.Float64: case Kind.Complex64: case Kind.Complex128: // +0/-0
    case Kind.Interface:
    case Kind.String: // strings might have smaller backing stores
      return true;
    case Kind.Array:
      return needkeyupdate(t.elem!);
    case Kind.Struct:
      return t.fields!.some((f) => needkeyupdate(f.type as GoTypeImpl));
    default:
      throw new Error(`bad type for map key: ${t.str}`);
  }
}

/** hashMightPanic (gc/reflect.go; reflectdata/reflect.go): an interface somewhere in the key. */
export function hashMightPanic(t: GoTypeImpl): boolean {
  switch (t.kind) {
    case Kind.Interface:
      return true;
    case Kind.Array:
      return hashMightPanic(t.elem!);
    case Kind.Struct:
      return t.fields!.some((f) => hashMightPanic(f.type as GoTypeImpl));
    default:
      return false;
  }
}

/** genhash (gc/alg.go; reflectdata/alg.go): the name of the hasher for a key of this AlgType. */
export function hasherName(alg: AlgType): string {
  switch (alg) {
    case AlgType.AMEM0: return 'runtime.memhash0';
    case AlgType.AMEM8: return 'runtime.memhash8';
    case AlgType.AMEM16: return 'runtime.memhash16';
    case AlgType.AMEM32: return 'runtime.memhash32';
    case AlgType.AMEM64: return 'runtime.memhash64';
    case AlgType.AMEM128: return 'runtime.memhash128';
    case AlgType.ASTRING: return 'runtime.strhash';
    case AlgType.AINTER: return 'runtime.interhash';
    case AlgType.ANILINTER: return 'runtime.nilinterhash';
    case AlgType.AFLOAT32: return 'runtime.f32hash';
    case AlgType.AFLOAT64: return 'runtime.f64hash';
    case AlgType.ACPLX64: return 'runtime.c64hash';
    case AlgType.ACPLX128: return 'runtime.c128hash';
    case AlgType.AMEM: return 'runtime.memhash_varlen';
    case AlgType.ASPECIAL: return 'generated';
    default: throw new Error(`genhash: type has no hash (alg ${alg})`);
  }
}

/** A GC program of literal bits only (cmd/internal/gcprog format), ending with the stop byte. */
function gcprogLiteral(mask: Uint8Array, nbits: number): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < nbits; i += 120) {
    const n = Math.min(120, nbits - i);
    out.push(n);
    for (let b = 0; b < n; b += 8) {
      let v = 0;
      for (let k = 0; k < 8 && b + k < n; k++) {
        const bit = i + b + k;
        if (mask[bit >> 3] & (1 << (bit & 7))) v |= 1 << k;
      }
      out.push(v);
    }
  }
  out.push(0);
  return Uint8Array.from(out);
}
