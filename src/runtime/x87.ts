// A compiler quirk of Go 1.15 on 386, not of the map runtime: Debian's Go 1.15 builds GOARCH=386
// code for the x87 FPU (GO386=387). A compiled `m[k] = v` is `p := mapassign(t, h, &k); *p = v`,
// and when the elem type is SSA-able (cmd/compile/internal/gc/ssa.go canSSAType) the store
// `*p = v` moves each float component through FLD/FSTP (cmd/compile/internal/x86/387.go), which
// quiets a signaling NaN: the quiet bit is set (float32 bit 22, float64 bit 51), the rest of the
// payload kept. Larger elems are copied with memmove and keep every bit. Go 1.19 (softfloat on
// 386) and amd64 (SSE) keep every bit. Found by the fuzzer, proved on real Go:
// test/fuzz-repros/go1.15-386-snan-*.

import { Memory } from '../mem/memory';
import { GoType, Kind } from './types';

/** ssa.MaxStruct */
const MaxStruct = 4;

/** cmd/compile/internal/gc/ssa.go canSSAType (1.15) */
export function canSSAType(t: GoType, ptrSize: number): boolean {
  if (t.size > 4 * ptrSize) return false;
  switch (t.kind) {
    case Kind.Array:
      return t.len <= 1 ? canSSAType(t.elem!, ptrSize) : false;
    case Kind.Struct:
      if (t.fields!.length > MaxStruct) return false;
      return t.fields!.every((f) => canSSAType(f.type, ptrSize));
    default:
      return true;
  }
}

function quiet(mem: Memory, t: GoType, p: number): void {
  switch (t.kind) {
    case Kind.Float32: {
      const b = mem.load32(p);
      if ((b & 0x7f800000) === 0x7f800000 && (b & 0x7fffff) !== 0) mem.store32(p, b | 0x400000);
      break;
    }
    case Kind.Float64: {
      const hi = mem.load32(p + 4);
      const lo = mem.load32(p);
      if ((hi & 0x7ff00000) === 0x7ff00000 && ((hi & 0xfffff) !== 0 || lo !== 0)) mem.store32(p + 4, hi | 0x80000);
      break;
    }
    case Kind.Complex64:
      quiet(mem, FLOAT32, p);
      quiet(mem, FLOAT32, p + 4);
      break;
    case Kind.Complex128:
      quiet(mem, FLOAT64, p);
      quiet(mem, FLOAT64, p + 8);
      break;
    case Kind.Array:
      if (t.len === 1) quiet(mem, t.elem!, p);
      break;
    case Kind.Struct:
      for (const f of t.fields!) quiet(mem, f.type, p + f.offset);
      break;
    default:
      break;
  }
}

const FLOAT32 = { kind: Kind.Float32 } as GoType;
const FLOAT64 = { kind: Kind.Float64 } as GoType;

/** Applies what an x87 store of an SSA-able value of type t leaves at p. */
export function x87Store(mem: Memory, t: GoType, p: number): void {
  if (canSSAType(t, mem.ptrSize)) quiet(mem, t, p);
}
