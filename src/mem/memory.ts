// Simulated memory: one little-endian address space per target, backed by a single growable
// ArrayBuffer (the v86 style: typed-array views over one buffer, refreshed when it grows).
//
// Addresses are plain JS numbers. On amd64 they start at Go's arena hint 0xc000000000 (40 bits,
// far inside the 53 bits a double holds exactly); on 386 they stay below 2^32. 64-bit values
// never travel as BigInt: load64 returns the low half and leaves the high half in `hi`.
//
// Speed. An amd64 address is not a small integer for V8 (it is a double), so arithmetic on it is
// floating point. Every accessor turns the address into a buffer offset once — `o = addr - base`,
// one range check, `o | 0` — and then works on int32 offsets: aligned 16/32-bit accesses go
// through Uint16Array/Int32Array views of the buffer, unaligned ones through the DataView. Hot
// loops (the map's bucket scans) do the same for a whole object: `mem.off(b, size)` once, then
// `mem.u8[o + i]`, `mem.i32[(o + k) >> 2]`. The accessors are small enough for V8 to inline; the
// fault paths live in a separate method. The buffer is at most 2 GiB, so offsets are int32.
//
// Memory growth: doubling up to 64 MiB, then by an eighth (at least 8 MiB), so that the buffer
// Node holds stays close to the bytes in use (no more than 1/8 above, beyond 64 MiB).

import { Arch } from '../arch';
import { panicmem, fatal } from '../runtime/errors';

const TWO32 = 4294967296;

// The typed-array views read and write in the host's byte order: goemu needs a little-endian host
// (x86, ARM), as the simulated targets are little-endian.
if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) {
  throw new Error('goemu needs a little-endian host');
}

const INITIAL_BYTES = 1 << 20;
/** Largest buffer: offsets stay int32. */
const MAX_BYTES = 0x7ffff000;
/** Doubling up to here, then growth by an eighth. */
const DOUBLING_LIMIT = 64 << 20;
const MIN_STEP = 8 << 20;

export class Memory {
  readonly arch: Arch;
  readonly ptrSize: 4 | 8;
  /** The address of byte 0 of the buffer. Addresses below it (nil included) fault. */
  readonly base: number;
  /** Byte view of the whole buffer; refreshed when the buffer grows, so never cache it across allocations. */
  u8: Uint8Array;
  /** 16-bit view (aligned accesses); refreshed with u8. */
  u16: Uint16Array;
  /** 32-bit view (aligned accesses, signed); refreshed with u8. */
  i32: Int32Array;
  dv: DataView;
  /** High 32 bits of the last load64/loadUintptr64. */
  hi = 0;
  /** Bytes in use: addresses [base, base+top) are valid. */
  private top = 0;
  private readonly limit: number;

  constructor(arch: Arch, initialBytes = INITIAL_BYTES) {
    this.arch = arch;
    this.ptrSize = arch.ptrSize;
    this.base = arch.heapBase;
    const buf = new ArrayBuffer(initialBytes);
    this.u8 = new Uint8Array(buf);
    this.u16 = new Uint16Array(buf, 0, buf.byteLength >> 1);
    this.i32 = new Int32Array(buf, 0, buf.byteLength >> 2);
    this.dv = new DataView(buf);
    // 386: the whole address space must stay below 2^32; and the buffer below MAX_BYTES.
    this.limit = Math.min(arch.ptrSize === 4 ? TWO32 - this.base : 2 ** 36, MAX_BYTES);
  }

  /** Bytes of simulated memory handed out so far. */
  get used(): number {
    return this.top;
  }

  /** Bytes of the backing buffer (what Node holds for this memory). */
  get capacity(): number {
    return this.u8.byteLength;
  }

  /**
   * Reserves n fresh zero bytes aligned to align (a power of two) and returns their address.
   * Memory is never reused (except after release); this is the one place the address space grows.
   */
  sbrk(n: number, align: number): number {
    const start = Math.ceil(this.top / align) * align;
    const end = start + n;
    if (end > this.limit) {
      throw fatal('out of memory: cannot allocate ' + n + '-byte block');
    }
    if (end > this.u8.byteLength) this.grow(end);
    this.top = end;
    return this.base + start;
  }

  /** The current end of the used memory, for release. */
  mark(): number {
    return this.top;
  }

  /**
   * Frees every byte reserved since mark (a value of mark()), zeroing it, so that sbrk hands it
   * out again as fresh memory. Not a Go operation: benchmarks use it to rerun work on the same heap.
   */
  release(mark: number): void {
    if (mark < 0 || mark > this.top) throw new Error('goemu: release beyond the used memory');
    this.u8.fill(0, mark, this.top);
    this.top = mark;
  }

  private grow(need: number): void {
    let cap = this.u8.byteLength;
    while (cap < need) cap = cap < DOUBLING_LIMIT ? cap * 2 : cap + Math.max(MIN_STEP, Math.floor(cap / 8 / 4096) * 4096);
    if (cap > this.limit) cap = this.limit;
    const buf = new ArrayBuffer(cap);
    const u8 = new Uint8Array(buf);
    u8.set(this.u8.subarray(0, this.top));
    this.u8 = u8;
    this.u16 = new Uint16Array(buf, 0, cap >> 1);
    this.i32 = new Int32Array(buf, 0, cap >> 2);
    this.dv = new DataView(buf);
  }

  /** The error of a bad access at addr: a nil dereference panics, anything else is fatal. */
  fault(addr: number): Error {
    if (addr < 4096) return panicmem();
    return fatal('unexpected fault address 0x' + addr.toString(16));
  }

  /**
   * The buffer offset (an int32) of [addr, addr+n), or a Go fault: nil and wild pointers never
   * reach JS.
   */
  off(addr: number, n: number): number {
    const o = addr - this.base;
    if (o >= 0 && o <= this.top - n) return o | 0;
    throw this.fault(addr);
  }

  /** Whether [addr, addr+n) is allocated memory. */
  valid(addr: number, n: number): boolean {
    const o = addr - this.base;
    return o >= 0 && o + n <= this.top;
  }

  load8(addr: number): number {
    const o = addr - this.base;
    if (o >= 0 && o < this.top) return this.u8[o | 0];
    throw this.fault(addr);
  }
  load16(addr: number): number {
    const o = addr - this.base;
    if (o >= 0 && o <= this.top - 2) {
      const i = o | 0;
      return (i & 1) === 0 ? this.u16[i >> 1] : this.dv.getUint16(i, true);
    }
    throw this.fault(addr);
  }
  /** Unsigned 32-bit load. */
  load32(addr: number): number {
    const o = addr - this.base;
    if (o >= 0 && o <= this.top - 4) {
      const i = o | 0;
      return (i & 3) === 0 ? this.i32[i >> 2] >>> 0 : this.dv.getUint32(i, true);
    }
    throw this.fault(addr);
  }
  /** Signed 32-bit load (the same bits as load32, as an int32). */
  loadI32(addr: number): number {
    const o = addr - this.base;
    if (o >= 0 && o <= this.top - 4) {
      const i = o | 0;
      return (i & 3) === 0 ? this.i32[i >> 2] : this.dv.getInt32(i, true);
    }
    throw this.fault(addr);
  }
  /** 64-bit load: returns the low 32 bits (unsigned); the high 32 bits are left in this.hi. */
  load64(addr: number): number {
    const o = addr - this.base;
    if (o >= 0 && o <= this.top - 8) {
      const i = o | 0;
      if ((i & 3) === 0) {
        const j = i >> 2;
        this.hi = this.i32[j + 1] >>> 0;
        return this.i32[j] >>> 0;
      }
      this.hi = this.dv.getUint32(i + 4, true);
      return this.dv.getUint32(i, true);
    }
    throw this.fault(addr);
  }
  store8(addr: number, v: number): void {
    const o = addr - this.base;
    if (o >= 0 && o < this.top) {
      this.u8[o | 0] = v;
      return;
    }
    throw this.fault(addr);
  }
  store16(addr: number, v: number): void {
    const o = addr - this.base;
    if (o >= 0 && o <= this.top - 2) {
      const i = o | 0;
      if ((i & 1) === 0) this.u16[i >> 1] = v;
      else this.dv.setUint16(i, v, true);
      return;
    }
    throw this.fault(addr);
  }
  store32(addr: number, v: number): void {
    const o = addr - this.base;
    if (o >= 0 && o <= this.top - 4) {
      const i = o | 0;
      if ((i & 3) === 0) this.i32[i >> 2] = v;
      else this.dv.setInt32(i, v | 0, true);
      return;
    }
    throw this.fault(addr);
  }
  store64(addr: number, lo: number, hi: number): void {
    const o = addr - this.base;
    if (o >= 0 && o <= this.top - 8) {
      const i = o | 0;
      if ((i & 3) === 0) {
        const j = i >> 2;
        this.i32[j] = lo;
        this.i32[j + 1] = hi;
        return;
      }
      this.dv.setInt32(i, lo | 0, true);
      this.dv.setInt32(i + 4, hi | 0, true);
      return;
    }
    throw this.fault(addr);
  }

  /** A pointer-sized load as an address (or uintptr value): exact up to 2^53. */
  loadPtr(addr: number): number {
    const o = addr - this.base;
    if (this.ptrSize === 4) {
      if (o >= 0 && o <= this.top - 4) {
        const i = o | 0;
        return (i & 3) === 0 ? this.i32[i >> 2] >>> 0 : this.dv.getUint32(i, true);
      }
    } else if (o >= 0 && o <= this.top - 8) {
      const i = o | 0;
      if ((i & 7) === 0) {
        const j = i >> 2;
        return (this.i32[j] >>> 0) + (this.i32[j + 1] >>> 0) * TWO32;
      }
      return this.dv.getUint32(i, true) + this.dv.getUint32(i + 4, true) * TWO32;
    }
    throw this.fault(addr);
  }
  storePtr(addr: number, v: number): void {
    const o = addr - this.base;
    if (this.ptrSize === 4) {
      if (o >= 0 && o <= this.top - 4) {
        const i = o | 0;
        if ((i & 3) === 0) this.i32[i >> 2] = v;
        else this.dv.setUint32(i, v >>> 0, true);
        return;
      }
    } else if (o >= 0 && o <= this.top - 8) {
      const i = o | 0;
      const hi = Math.floor(v / TWO32);
      if ((i & 7) === 0) {
        const j = i >> 2;
        this.i32[j] = v - hi * TWO32;
        this.i32[j + 1] = hi;
        return;
      }
      this.dv.setUint32(i, (v - hi * TWO32) >>> 0, true);
      this.dv.setUint32(i + 4, hi >>> 0, true);
      return;
    }
    throw this.fault(addr);
  }

  /** A pointer-sized signed integer (Go's int): exact within ±2^53. */
  loadInt(addr: number): number {
    const o = addr - this.base;
    if (this.ptrSize === 4) {
      if (o >= 0 && o <= this.top - 4) {
        const i = o | 0;
        return (i & 3) === 0 ? this.i32[i >> 2] : this.dv.getInt32(i, true);
      }
    } else if (o >= 0 && o <= this.top - 8) {
      const i = o | 0;
      if ((i & 7) === 0) {
        const j = i >> 2;
        const h = this.i32[j + 1];
        // Most ints are small: skip the double arithmetic then.
        if (h === 0) return this.i32[j] >>> 0;
        return (this.i32[j] >>> 0) + h * TWO32;
      }
      return this.dv.getUint32(i, true) + this.dv.getInt32(i + 4, true) * TWO32;
    }
    throw this.fault(addr);
  }
  storeInt(addr: number, v: number): void {
    const o = addr - this.base;
    if (this.ptrSize === 4) {
      if (o >= 0 && o <= this.top - 4) {
        const i = o | 0;
        if ((i & 3) === 0) this.i32[i >> 2] = v;
        else this.dv.setInt32(i, v | 0, true);
        return;
      }
    } else if (o >= 0 && o <= this.top - 8) {
      const i = o | 0;
      let lo: number, hi: number;
      if (v >= 0 && v <= 0x7fffffff) {
        lo = v;
        hi = 0;
      } else {
        hi = Math.floor(v / TWO32);
        lo = v - hi * TWO32;
      }
      if ((i & 7) === 0) {
        const j = i >> 2;
        this.i32[j] = lo;
        this.i32[j + 1] = hi;
        return;
      }
      this.dv.setUint32(i, lo >>> 0, true);
      this.dv.setInt32(i + 4, hi | 0, true);
      return;
    }
    throw this.fault(addr);
  }

  // ---- Accesses at buffer offsets already checked with off() (hot loops; no checks here) ----

  /** The pointer-sized word at buffer offset o (an address or uintptr value). */
  ptrAt(o: number): number {
    if (this.ptrSize === 4) return this.i32[o >> 2] >>> 0;
    const j = o >> 2;
    const h = this.i32[j + 1];
    return h === 0 ? this.i32[j] >>> 0 : (this.i32[j] >>> 0) + (h >>> 0) * TWO32;
  }
  /** The pointer-sized signed integer (Go's int) at buffer offset o. */
  intAt(o: number): number {
    if (this.ptrSize === 4) return this.i32[o >> 2];
    const j = o >> 2;
    const h = this.i32[j + 1];
    return h === 0 ? this.i32[j] >>> 0 : (this.i32[j] >>> 0) + h * TWO32;
  }

  /** Stores the pointer-sized word v (an address or uintptr value) at buffer offset o. */
  setPtrAt(o: number, v: number): void {
    const j = o >> 2;
    if (this.ptrSize === 4) {
      this.i32[j] = v;
      return;
    }
    if (v >= 0 && v <= 0x7fffffff) {
      this.i32[j] = v;
      this.i32[j + 1] = 0;
      return;
    }
    const hi = Math.floor(v / TWO32);
    this.i32[j] = v - hi * TWO32;
    this.i32[j + 1] = hi;
  }
  /** Stores the pointer-sized signed integer v (Go's int) at buffer offset o. */
  setIntAt(o: number, v: number): void {
    const j = o >> 2;
    if (this.ptrSize === 4) {
      this.i32[j] = v;
      return;
    }
    if (v >= 0 && v <= 0x7fffffff) {
      this.i32[j] = v;
      this.i32[j + 1] = 0;
      return;
    }
    const hi = Math.floor(v / TWO32);
    this.i32[j] = v - hi * TWO32;
    this.i32[j + 1] = hi;
  }

  /** runtime.memmove: copies n bytes, overlapping ranges allowed. */
  memmove(dst: number, src: number, n: number): void {
    if (n === 0) return;
    const d = this.off(dst, n);
    const s = this.off(src, n);
    if (n <= 64 && ((d | s | n) & 3) === 0) {
      // Word copies for the small aligned moves of keys and elems.
      const i32 = this.i32;
      const dw = d >> 2, sw = s >> 2, nw = n >> 2;
      if (dw <= sw) {
        for (let k = 0; k < nw; k++) i32[dw + k] = i32[sw + k];
      } else {
        for (let k = nw - 1; k >= 0; k--) i32[dw + k] = i32[sw + k];
      }
      return;
    }
    this.u8.copyWithin(d, s, s + n);
  }

  /** runtime.memclrNoHeapPointers: zeroes n bytes. */
  memclrNoHeapPointers(addr: number, n: number): void {
    if (n === 0) return;
    const o = this.off(addr, n);
    if (n <= 64 && ((o | n) & 3) === 0) {
      const i32 = this.i32;
      const w = o >> 2, e = w + (n >> 2);
      for (let k = w; k < e; k++) i32[k] = 0;
      return;
    }
    this.u8.fill(0, o, o + n);
  }

  /** runtime.memclrHasPointers: the write barrier has no byte effect here, so it zeroes n bytes too. */
  memclrHasPointers(addr: number, n: number): void {
    this.memclrNoHeapPointers(addr, n);
  }

  /** runtime.memequal over n bytes. */
  memequal(a: number, b: number, n: number): boolean {
    if (a === b || n === 0) return true;
    const oa = this.off(a, n);
    const ob = this.off(b, n);
    return this.memequalOff(oa, ob, n);
  }

  /** memequal over buffer offsets (already checked). */
  memequalOff(oa: number, ob: number, n: number): boolean {
    let i = 0;
    if (((oa | ob) & 3) === 0) {
      const i32 = this.i32;
      const wa = oa >> 2, wb = ob >> 2, nw = n >> 2;
      for (let k = 0; k < nw; k++) if (i32[wa + k] !== i32[wb + k]) return false;
      i = nw << 2;
    }
    const u8 = this.u8;
    for (; i < n; i++) if (u8[oa + i] !== u8[ob + i]) return false;
    return true;
  }

  /** A copy of n bytes at addr (for codecs and dumps, not for hot paths). */
  bytes(addr: number, n: number): Uint8Array {
    const o = this.off(addr, n);
    return this.u8.slice(o, o + n);
  }
  /** Writes bytes at addr. */
  setBytes(addr: number, b: Uint8Array): void {
    if (b.length === 0) return;
    this.u8.set(b, this.off(addr, b.length));
  }
}
