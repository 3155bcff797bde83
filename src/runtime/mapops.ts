// What a compiled map operation calls: the compiler's choice of runtime entry point
// (cmd/compile/internal/gc/walk.go mapfast/mkmapnames (1.14); walk/walk.go (1.19)) applied to a key
// that sits in memory.
//
//   m[k] = v       → mapassign{,_fast32,_fast32ptr,_fast64,_fast64ptr,_faststr}   (t.fastAssign)
//   v := m[k]      → mapaccess1{,_fast32,_fast64,_faststr} / mapaccess1_fat       (t.fastAccess)
//   v, ok := m[k]  → mapaccess2{,_fast32,_fast64,_faststr} / mapaccess2_fat       (t.fastAccess)
//   delete(m, k)   → mapdelete{,_fast32,_fast64,_faststr}                        (t.fastAccess)
//
// The fast variants take the key by value: the dispatcher reads it from keyAddr, as the compiled
// code loads it into registers.

import { MapRuntime } from './map';
import { MapType, MapFast } from './types';

/** cmd/compile zeroValSize: elems wider than this read through mapaccess{1,2}_fat. */
export const zeroValSize = 1024;

export class MapOps {
  readonly maps: MapRuntime;
  /** Second result of access2: whether the key was found (also in `found`). */
  ok = false;
  /** Second result of access2 (the same as `ok`). */
  found = false;
  /** The compiler's zero symbol for fat elems (go.map.zero), grown on demand; 0 until needed. */
  private fatZero = 0;
  private fatZeroSize = 0;

  constructor(maps: MapRuntime) {
    this.maps = maps;
  }

  /** `m[k] = v`: returns the address to store the elem at. */
  assign(t: MapType, h: number, keyAddr: number): number {
    const m = this.maps, mem = m.mem;
    switch (t.fastAssign) {
      case MapFast.Fast32:
        return m.mapassign_fast32(t, h, mem.load32(keyAddr));
      case MapFast.Fast32Ptr:
        return m.mapassign_fast32ptr(t, h, mem.loadPtr(keyAddr));
      case MapFast.Fast64: {
        const lo = mem.load64(keyAddr);
        return m.mapassign_fast64(t, h, lo, mem.hi);
      }
      case MapFast.Fast64Ptr:
        return m.mapassign_fast64ptr(t, h, mem.loadPtr(keyAddr));
      case MapFast.FastStr:
        return m.mapassign_faststr(t, h, mem.loadPtr(keyAddr), mem.loadInt(keyAddr + m.ptrSize));
      default:
        return m.mapassign(t, h, keyAddr);
    }
  }

  /** `v := m[k]`: returns the elem's address (a zero value when absent). */
  access1(t: MapType, h: number, keyAddr: number): number {
    const m = this.maps, mem = m.mem;
    switch (t.fastAccess) {
      case MapFast.Fast32:
        return m.mapaccess1_fast32(t, h, mem.load32(keyAddr));
      case MapFast.Fast64: {
        const lo = mem.load64(keyAddr);
        return m.mapaccess1_fast64(t, h, lo, mem.hi);
      }
      case MapFast.FastStr:
        return m.mapaccess1_faststr(t, h, mem.loadPtr(keyAddr), mem.loadInt(keyAddr + m.ptrSize));
      default:
        if (t.elem.size > zeroValSize) {
          return m.mapaccess1_fat(t, h, keyAddr, this.zeroFor(t.elem.size));
        }
        return m.mapaccess1(t, h, keyAddr);
    }
  }

  /** `v, ok := m[k]`: returns the elem's address (a zero value when absent); found in this.ok. */
  access2(t: MapType, h: number, keyAddr: number): number {
    const m = this.maps, mem = m.mem;
    let e: number;
    switch (t.fastAccess) {
      case MapFast.Fast32:
        e = m.mapaccess2_fast32(t, h, mem.load32(keyAddr));
        break;
      case MapFast.Fast64: {
        const lo = mem.load64(keyAddr);
        e = m.mapaccess2_fast64(t, h, lo, mem.hi);
        break;
      }
      case MapFast.FastStr:
        e = m.mapaccess2_faststr(t, h, mem.loadPtr(keyAddr), mem.loadInt(keyAddr + m.ptrSize));
        break;
      default:
        if (t.elem.size > zeroValSize) {
          e = m.mapaccess2_fat(t, h, keyAddr, this.zeroFor(t.elem.size));
        } else {
          e = m.mapaccess2(t, h, keyAddr);
        }
    }
    this.ok = this.found = m.ok;
    return e;
  }

  /** `delete(m, k)` */
  delete(t: MapType, h: number, keyAddr: number): void {
    const m = this.maps, mem = m.mem;
    switch (t.fastAccess) {
      case MapFast.Fast32:
        m.mapdelete_fast32(t, h, mem.load32(keyAddr));
        return;
      case MapFast.Fast64: {
        const lo = mem.load64(keyAddr);
        m.mapdelete_fast64(t, h, lo, mem.hi);
        return;
      }
      case MapFast.FastStr:
        m.mapdelete_faststr(t, h, mem.loadPtr(keyAddr), mem.loadInt(keyAddr + m.ptrSize));
        return;
      default:
        m.mapdelete(t, h, keyAddr);
    }
  }

  /** `len(m)`: h.count, 0 for a nil map. */
  len(h: number): number {
    return h === 0 ? 0 : this.maps.mem.loadInt(h + this.maps.L.count);
  }

  /** The compiler's zero value for a fat elem (`mapzero`): a read-only zero block of at least size bytes. */
  private zeroFor(size: number): number {
    if (size > this.fatZeroSize) {
      this.fatZero = this.maps.heap.persistentalloc(size, 8);
      this.fatZeroSize = size;
    }
    return this.fatZero;
  }
}
