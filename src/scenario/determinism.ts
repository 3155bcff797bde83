// Which scenarios real Go cannot repeat byte for byte (docs/trace-format.md §11):
// keys that hash by address (pointers, chans, funcs, maps, unsafe.Pointer, directly or inside
// arrays, structs and interfaces) and NaN float keys (f32hash/f64hash add fastrand() to a NaN's
// hash, a draw the trace does not record). Their placement differs in every run, so their traces
// can only be compared structurally (see ../trace/structural.ts).

import { GoType, Kind } from '../runtime/types';
import { TypeRegistry } from '../runtime/typeregistry';
import { Scenario } from '../trace/format';

function isNaNBits(v: unknown, kind: Kind): boolean {
  if (v === 'NaN') return true;
  if (typeof v !== 'string' || !/^0x[0-9a-fA-F]+$/.test(v)) return false;
  const n = v.slice(2).padStart(kind === Kind.Float32 || kind === Kind.Complex64 ? 8 : 16, '0');
  if (kind === Kind.Float32 || kind === Kind.Complex64) {
    const b = parseInt(n, 16);
    return ((b >>> 23) & 0xff) === 0xff && (b & 0x7fffff) !== 0;
  }
  const hi = parseInt(n.slice(0, 8), 16);
  const lo = parseInt(n.slice(8), 16);
  return ((hi >>> 20) & 0x7ff) === 0x7ff && ((hi & 0xfffff) !== 0 || lo !== 0);
}

/** Why the placement of key v of type t is not reproducible, or null. */
function keyReason(reg: TypeRegistry, t: GoType, v: unknown): string | null {
  switch (t.kind) {
    case Kind.Float32: case Kind.Float64:
      return isNaNBits(v, t.kind) ? 'NaN key' : null;
    case Kind.Complex64: case Kind.Complex128: {
      const part = t.kind === Kind.Complex64 ? Kind.Float32 : Kind.Float64;
      return Array.isArray(v) && v.some((x) => isNaNBits(x, part)) ? 'NaN key' : null;
    }
    case Kind.Ptr: case Kind.Chan: case Kind.Func: case Kind.Map: case Kind.UnsafePointer:
      return v === null ? null : 'key hashed by address';
    case Kind.Array:
      if (!Array.isArray(v)) return null;
      for (const x of v) {
        const r = keyReason(reg, t.elem!, x);
        if (r) return r;
      }
      return null;
    case Kind.Struct:
      if (!Array.isArray(v)) return null;
      for (let i = 0; i < t.fields!.length && i < v.length; i++) {
        if (t.fields![i].name === '_') continue;
        const r = keyReason(reg, t.fields![i].type, v[i]);
        if (r) return r;
      }
      return null;
    case Kind.Interface: {
      if (v === null || typeof v !== 'object' || !('type' in v)) return null;
      const o = v as { type: string; value: unknown };
      try {
        return keyReason(reg, reg.get(o.type), o.value);
      } catch {
        return null;
      }
    }
    default:
      return null;
  }
}

/**
 * Why real Go places this scenario's keys differently in every run, or null when its trace is
 * reproducible byte for byte.
 */
export function placementNondeterminism(reg: TypeRegistry, sc: Scenario): string | null {
  const types = new Map<string, GoType>();
  for (const op of sc.ops) {
    if ((op.op === 'make' || op.op === 'nil') && op.type) {
      try {
        types.set(op.map!, reg.mapType(op.type).key);
      } catch {
        // an invalid type is reported when the scenario runs
      }
    }
    // Only an insert places a key: a lookup or delete of a NaN or of a fresh pointer finds nothing
    // wherever it hashes, and changes nothing.
    if (op.op === 'set' && op.map && types.has(op.map)) {
      const r = keyReason(reg, types.get(op.map)!, op.key);
      if (r) return r;
    }
  }
  return null;
}
