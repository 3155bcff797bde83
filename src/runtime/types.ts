// Go type descriptors as goemu sees them: the compiler's view of a type (layout, kind, tflag,
// gcdata, AlgType) plus the runtime's `_type` written into simulated memory.
//
// The interfaces here are the contract between the type builder (typeparse.ts, layout.ts), the
// compiler's hash/equality choice (alg.ts), the value codec (values.ts) and the map code (map*.ts).

/** runtime/typekind.go */
export const enum Kind {
  Invalid = 0, Bool = 1, Int = 2, Int8 = 3, Int16 = 4, Int32 = 5, Int64 = 6, Uint = 7, Uint8 = 8,
  Uint16 = 9, Uint32 = 10, Uint64 = 11, Uintptr = 12, Float32 = 13, Float64 = 14, Complex64 = 15,
  Complex128 = 16, Array = 17, Chan = 18, Func = 19, Interface = 20, Map = 21, Ptr = 22, Slice = 23,
  String = 24, Struct = 25, UnsafePointer = 26,
}
export const kindDirectIface = 1 << 5;
export const kindGCProg = 1 << 6;
export const kindMask = (1 << 5) - 1;

/** runtime/type.go tflag bits */
export const tflagUncommon = 1 << 0;
export const tflagExtraStar = 1 << 1;
export const tflagNamed = 1 << 2;
export const tflagRegularMemory = 1 << 3;

/**
 * The compiler's AlgType (cmd/compile/internal/types/alg.go, gc/alg.go), after the fixed-width
 * mapping of AMEM to AMEM0..AMEM128.
 */
export const enum AlgType {
  ANOEQ = 0, AMEM0, AMEM8, AMEM16, AMEM32, AMEM64, AMEM128, ASTRING, AINTER, ANILINTER,
  AFLOAT32, AFLOAT64, ACPLX64, ACPLX128,
  /** regular memory of another width (memhash_varlen) */
  AMEM = 100,
  /** needs a generated hash/eq function */
  ASPECIAL = -1,
}

export interface StructField {
  /** The field name; "_" for a blank field. */
  readonly name: string;
  readonly type: GoType;
  readonly offset: number;
  /** An embedded field (its name is its type's name). */
  readonly embedded?: boolean;
}

/**
 * A hash function over simulated memory, as the runtime calls it: `hasher(p, seed)`.
 * Returns the low 32 bits of the uintptr result; the high 32 bits (amd64) are left in
 * `rt.hash.hi` (the runtime's RawHash), 0 on 386.
 */
export type Hasher = (p: number, seedLo: number, seedHi: number) => number;

/** t.equal(p, q) */
export type Equal = (p: number, q: number) => boolean;

export interface GoType {
  /** reflect.Type.String() spelling, e.g. "struct { a int8; b string }", "interface {}", "uint8". */
  readonly str: string;
  readonly kind: Kind;
  readonly size: number;
  readonly align: number;
  readonly fieldAlign: number;
  readonly ptrdata: number;
  /** The raw tflag byte of the descriptor. */
  readonly tflag: number;
  /** The raw kind byte: kind | kindDirectIface | kindGCProg. */
  readonly kindByte: number;
  /** The pointer bitmap: one bit per pointer-sized word of ptrdata, LSB first (gcdata, expanded). */
  readonly gcmask: Uint8Array;
  /** The compiler's AlgType for this type. */
  readonly alg: AlgType;
  /** Whether the type is comparable (the descriptor's equal != nil). */
  readonly comparable: boolean;
  /** Element type of arrays, slices, pointers, chans and maps (the map's elem). */
  readonly elem: GoType | null;
  /** Key type of maps. */
  readonly key: GoType | null;
  /** Array length (exact up to 2^53; longer arrays only have zero-size elements). */
  readonly len: number;
  /** Struct fields in declaration order (blank fields included). */
  readonly fields: readonly StructField[] | null;
  /** Address of the `_type` descriptor in simulated memory (0 until written). */
  addr: number;
  /** t.equal bound to a runtime; null when not comparable. */
  equal: Equal | null;
}

/** maptype.flags (runtime/type.go) */
export const mapIndirectKey = 1;
export const mapIndirectElem = 2;
export const mapReflexiveKey = 4;
export const mapNeedKeyUpdate = 8;
export const mapHashMightPanic = 16;

/** Which compiled entry points the compiler emits for a map type (gc/walk.go mapfast). */
export const enum MapFast {
  Slow = 0,
  Fast32 = 1,
  Fast32Ptr = 2,
  Fast64 = 3,
  Fast64Ptr = 4,
  FastStr = 5,
}

/** runtime.maptype plus what the compiler decided for it. */
export interface MapType {
  /** The map type itself (`map[K]V`). */
  readonly typ: GoType;
  readonly key: GoType;
  readonly elem: GoType;
  /** The compiler's bucket type (bmap). */
  readonly bucket: GoType;
  /** The compiler-chosen hash function for the key type. */
  readonly hasher: Hasher;
  /** Name for layouts: "runtime.memhash64", …, or "generated". */
  readonly hasherName: string;
  /** size of key slot (PtrSize when indirect) */
  readonly keysize: number;
  /** size of elem slot */
  readonly elemsize: number;
  /** size of bucket */
  readonly bucketsize: number;
  readonly flags: number;
  /** The assign entry point the compiler uses (mapassign_fast32ptr etc.). */
  readonly fastAssign: MapFast;
  /** The access/delete entry point (only Fast32, Fast64, FastStr or Slow). */
  readonly fastAccess: MapFast;
  /** Address of the maptype descriptor in simulated memory. */
  readonly addr: number;
}
