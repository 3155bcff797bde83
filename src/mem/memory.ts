// Simulated memory: one little-endian address space per target, backed by a single growable
// ArrayBuffer (the v86 style: typed-array views over one buffer, refreshed when it grows).
//
// Addresses are plain JS numbers. On amd64 they start at Go's arena hint 0xc000000000 (40 bits,
// far inside the 53 bits a double holds exactly); on 386 they stay below 2^32. 64-bit values
// never travel as BigInt: load64 returns the low half and leaves the high half in `hi`.

import { Arch } from '../arch';
import { panicmem, fatal } from '../runtime/errors';

const TWO32 = 4294967296;
const INITIAL_BYTES = 1 << 20;

export class Memory {
  readonly arch: Arch;
  readonly ptrSize: 4 | 8;
  /** The address of byte 0 of the buffer. Addresses below it (nil included) fault. */
  readonly base: number;
  /** Byte view of the whole buffer; refreshed when the buffer grows, so never cache it across allocations. */
  u8: Uint8Array;
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
    this.dv = new DataView(buf);
    // 386: the whole address space must stay below 2^32.
    this.limit = arch.ptrSize === 4 ? TWO32 - this.base : 2 ** 36;
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
   * Memory is never reused; this is the one place the address space grows.
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

  private grow(need: number): void {
    let cap = this.u8.byteLength;
    while (cap < need) cap = cap < (1 << 30) ? cap * 2 : cap + (1 << 30);
    if (cap > this.limit) cap = this.limit;
    const buf = new ArrayBuffer(cap);
    const u8 = new Uint8Array(buf);
    u8.set(this.u8.subarray(0, this.top));
    this.u8 = u8;
    this.dv = new DataView(buf);
  }

  /** The buffer offset of [addr, addr+n), or a Go fault: nil and wild pointers never reach JS. */
  off(addr: number, n: number): number {
    const o = addr - this.base;
    if (o >= 0 && o + n <= this.top) return o;
    if (addr < 4096) throw panicmem();
    throw fatal('unexpected fault address 0x' + addr.toString(16));
  }

  /** Whether [addr, addr+n) is allocated memory. */
  valid(addr: number, n: number): boolean {
    const o = addr - this.base;
    return o >= 0 && o + n <= this.top;
  }

  load8(addr: number): number {
    return this.u8[this.off(addr, 1)];
  }
  load16(addr: number): number {
    return this.dv.getUint16(this.off(addr, 2), true);
  }
  /** Unsigned 32-bit load. */
  load32(addr: number): number {
    return this.dv.getUint32(this.off(addr, 4), true);
  }
  /** 64-bit load: returns the low 32 bits (unsigned); the high 32 bits are left in this.hi. */
  load64(addr: number): number {
    const o = this.off(addr, 8);
    this.hi = this.dv.getUint32(o + 4, true);
    return this.dv.getUint32(o, true);
  }
  store8(addr: number, v: number): void {
    this.u8[this.off(addr, 1)] = v;
  }
  store16(addr: number, v: number): void {
    this.dv.setUint16(this.off(addr, 2), v, true);
  }
  store32(addr: number, v: number): void {
    this.dv.setUint32(this.off(addr, 4), v >>> 0, true);
  }
  store64(addr: number, lo: number, hi: number): void {
    const o = this.off(addr, 8);
    this.dv.setUint32(o, lo >>> 0, true);
    this.dv.setUint32(o + 4, hi >>> 0, true);
  }

  /** A pointer-sized load as an address (or uintptr value): exact up to 2^53. */
  loadPtr(addr: number): number {
    if (this.ptrSize === 4) return this.dv.getUint32(this.off(addr, 4), true);
    const o = this.off(addr, 8);
    return this.dv.getUint32(o, true) + this.dv.getUint32(o + 4, true) * TWO32;
  }
  storePtr(addr: number, v: number): void {
    if (this.ptrSize === 4) {
      this.dv.setUint32(this.off(addr, 4), v >>> 0, true);
      return;
    }
    const o = this.off(addr, 8);
    this.dv.setUint32(o, v >>> 0, true);
    this.dv.setUint32(o + 4, Math.floor(v / TWO32) >>> 0, true);
  }

  /** A pointer-sized signed integer (Go's int): exact within ±2^53. */
  loadInt(addr: number): number {
    if (this.ptrSize === 4) return this.dv.getInt32(this.off(addr, 4), true);
    const o = this.off(addr, 8);
    return this.dv.getUint32(o, true) + this.dv.getInt32(o + 4, true) * TWO32;
  }
  storeInt(addr: number, v: number): void {
    if (this.ptrSize === 4) {
      this.dv.setInt32(this.off(addr, 4), v | 0, true);
      return;
    }
    const o = this.off(addr, 8);
    const hi = Math.floor(v / TWO32);
    this.dv.setUint32(o, (v - hi * TWO32) >>> 0, true);
    this.dv.setInt32(o + 4, hi | 0, true);
  }

  /** runtime.memmove: copies n bytes, overlapping ranges allowed. */
  memmove(dst: number, src: number, n: number): void {
    if (n === 0) return;
    const d = this.off(dst, n);
    const s = this.off(src, n);
    this.u8.copyWithin(d, s, s + n);
  }

  /** runtime.memclrNoHeapPointers: zeroes n bytes. */
  memclrNoHeapPointers(addr: number, n: number): void {
    if (n === 0) return;
    const o = this.off(addr, n);
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
    const u8 = this.u8;
    for (let i = 0; i < n; i++) if (u8[oa + i] !== u8[ob + i]) return false;
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
