// Go's heap allocator as far as bytes and accounting go: mallocgc with the tiny allocator and
// size classes (runtime/malloc.go), newobject, newarray, and growslice for the map's overflow slice
// (runtime/slice.go). Memory is never reused, so there is no GC: an object's bytes are fresh zeroes.
//
// Accounting follows runtime.MemStats: `mallocs` (Mallocs) counts objects, `totalAlloc` (TotalAlloc)
// counts size-class-rounded bytes, tiny objects by 16-byte block.

import { Profile } from '../arch';
import { Memory } from './memory';
import { SizeClasses, _MaxSmallSize, _PageSize, maxTinySize } from './sizeclasses';
import { plainError } from '../runtime/errors';

/** What mallocgc needs of a type: its size and whether it holds pointers. */
export interface AllocType {
  readonly size: number;
  readonly ptrdata: number;
}

export class Heap {
  readonly mem: Memory;
  readonly profile: Profile;
  readonly classes: SizeClasses;
  /** runtime.zerobase: the address of every zero-size allocation. */
  readonly zerobase: number;
  /** MemStats.Mallocs */
  mallocs = 0;
  /** MemStats.TotalAlloc */
  totalAlloc = 0;
  // mcache.tiny / mcache.tinyoffset
  private tiny = 0;
  private tinyoffset = 0;
  /**
   * When set, every block mallocgc takes from the heap is appended as (address, bytes): a
   * size-class object, a whole 16-byte tiny block, or a large object's pages. Not Go's; it lets
   * `goemu memory` (../memory/measure.ts) find which objects a map keeps alive.
   */
  blocks: number[] | null = null;

  constructor(mem: Memory, profile: Profile) {
    this.mem = mem;
    this.profile = profile;
    this.classes = new SizeClasses(profile);
    this.zerobase = mem.sbrk(8, 8);
  }

  /** Drops the current tiny block: each op starts without one (the oracle's ReadMemStats flushes the mcache). */
  resetTiny(): void {
    this.tiny = 0;
    this.tinyoffset = 0;
  }

  /**
   * Frees everything allocated since mem.mark() returned mark (see Memory.release) and drops the
   * tiny block, which may lie there. Not a Go operation: for benchmarks that rerun work on the
   * same heap. The accounting (mallocs, totalAlloc) is cumulative, like MemStats, and stays.
   */
  release(mark: number): void {
    this.resetTiny();
    this.mem.release(mark);
  }

  /** Memory for runtime data that Go keeps outside the heap (type descriptors): not counted. */
  persistentalloc(size: number, align: number): number {
    return this.mem.sbrk(Math.max(size, 1), align);
  }

  roundupsize(size: number): number {
    return this.classes.roundupsize(size);
  }

  /**
   * runtime/malloc.go mallocgc. `noscan` is `typ == nil || typ.ptrdata == 0`. needzero has no
   * effect: fresh memory is zero.
   */
  mallocgc(size: number, noscan: boolean): number {
    if (size === 0) {
      return this.zerobase;
    }
    if (size <= _MaxSmallSize) {
      if (noscan && size < maxTinySize) {
        // Tiny allocator.
        let off = this.tinyoffset;
        // Align tiny pointer for required (conservative) alignment.
        if ((size & 7) === 0) {
          off = alignUp(off, 8);
        } else if (this.profile === 'go1.19' && this.mem.ptrSize === 4 && size === 12) {
          // Go 1.16+: 12-byte objects on 32-bit get 8-byte alignment for 64-bit atomics
          // (runtime/malloc.go:967-974 in 1.19).
          off = alignUp(off, 8);
        } else if ((size & 3) === 0) {
          off = alignUp(off, 4);
        } else if ((size & 1) === 0) {
          off = alignUp(off, 2);
        }
        if (off + size <= maxTinySize && this.tiny !== 0) {
          // The object fits into existing tiny block.
          const x = this.tiny + off;
          this.tinyoffset = off + size;
          this.mallocs++;
          return x;
        }
        // Allocate a new maxTinySize block.
        const x = this.mem.sbrk(maxTinySize, 16);
        if (this.blocks !== null) this.blocks.push(x, maxTinySize);
        // See if we need to replace the existing tiny block with the new one
        // based on amount of remaining free space.
        if (size < this.tinyoffset || this.tiny === 0) {
          this.tiny = x;
          this.tinyoffset = size;
        }
        this.mallocs++;
        this.totalAlloc += maxTinySize;
        return x;
      }
      const rounded = this.classes.roundupsize(size);
      this.mallocs++;
      this.totalAlloc += rounded;
      const p = this.mem.sbrk(rounded, rounded >= 16 ? 16 : 8);
      if (this.blocks !== null) this.blocks.push(p, rounded);
      return p;
    }
    // Large object: whole pages.
    const npages = Math.ceil(size / _PageSize);
    this.mallocs++;
    this.totalAlloc += npages * _PageSize;
    const p = this.mem.sbrk(npages * _PageSize, _PageSize);
    if (this.blocks !== null) this.blocks.push(p, npages * _PageSize);
    return p;
  }

  /** runtime.newobject */
  newobject(typ: AllocType): number {
    return this.mallocgc(typ.size, typ.ptrdata === 0);
  }

  /** runtime.newarray: allocates an array of n elements of type typ. */
  newarray(typ: AllocType, n: number): number {
    if (n === 1) {
      return this.mallocgc(typ.size, typ.ptrdata === 0);
    }
    const mem = typ.size * n;
    // math.MulUintptr overflow: beyond the address space's width.
    const overflow = mem >= 2 ** (this.mem.ptrSize * 8);
    if (overflow || mem > this.mem.arch.maxAlloc || n < 0) {
      throw plainError('runtime: allocation size out of range');
    }
    return this.mallocgc(mem, typ.ptrdata === 0);
  }

  /**
   * runtime/slice.go growslice for a slice of pointer-sized elements (the map's overflow slice):
   * returns the new array's address and capacity in `growCap`. Copies the old elements.
   * `oldCap`, `oldLen` describe the old slice; `cap` is the needed capacity.
   */
  growslicePtr(oldArray: number, oldLen: number, oldCap: number, cap: number): number {
    const ptrSize = this.mem.ptrSize;
    let newcap = oldCap;
    const doublecap = newcap + newcap;
    if (cap > doublecap) {
      newcap = cap;
    } else if (this.profile === 'go1.15') {
      // runtime/slice.go:95-114 (1.14/1.15): keyed on old.len.
      if (oldLen < 1024) {
        newcap = doublecap;
      } else {
        while (0 < newcap && newcap < cap) newcap += Math.floor(newcap / 4);
        if (newcap <= 0) newcap = cap;
      }
    } else {
      // runtime/slice.go:200-223 (1.19): threshold 256 on old.cap.
      const threshold = 256;
      if (oldCap < threshold) {
        newcap = doublecap;
      } else {
        while (0 < newcap && newcap < cap) newcap += Math.floor((newcap + 3 * threshold) / 4);
        if (newcap <= 0) newcap = cap;
      }
    }
    // case et.size == goarch.PtrSize
    const capmem = this.roundupsize(newcap * ptrSize);
    newcap = capmem / ptrSize;
    const p = this.mallocgc(capmem, false);
    this.mem.memmove(p, oldArray, oldLen * ptrSize);
    this.growCap = newcap;
    return p;
  }
  /** The capacity of the last growslicePtr result. */
  growCap = 0;
}

function alignUp(n: number, a: number): number {
  return (n + a - 1) & ~(a - 1);
}
