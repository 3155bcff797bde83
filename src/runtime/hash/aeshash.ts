// Go's AES-based hashes, transliterated from the assembly:
//   amd64: runtime/asm_amd64.s aeshashbody<>, memhash32, memhash64 (same algorithm 1.14..1.19)
//   386:   runtime/asm_386.s   aeshashbody<>, memhash32, memhash64
//          two aeshashbody variants: "old" = go1.14..1.17 (AESENC data, key=seed; 2 extra rounds)
//          and "new" = go1.18+ (PXOR seed; 3 self rounds).
// XMM registers live in one module-level Int32Array (no allocation per call);
// register i is words 4i..4i+3, named after Go's X0..X15.

import { aesenc, aesencSelf, load16, loadPartial, rd32, xor16 } from './aes';
import * as aesT from './aes';

// The T tables as module constants (register-free rounds below).
const T0 = aesT.T0, T1 = aesT.T1, T2 = aesT.T2, T3 = aesT.T3;

/** Scratch XMM register file: X0..X15. */
const X = new Int32Array(16 * 4);
const X0 = 0, X1 = 4, X2 = 8, X3 = 12, X4 = 16, X5 = 20, X6 = 24, X7 = 28;
const X8 = 32, X9 = 36, X10 = 40, X11 = 44, X12 = 48, X13 = 52, X14 = 56, X15 = 60;

/** Variant of aeshashbody. */
export type AesVariant = 'amd64' | '386-go1.15' | '386-go1.19';

/** Output of the last call: the high 32 bits of the 64-bit result (amd64). */
let aesHi = 0;

/** The high 32 bits of the last aeshash/memhash32/memhash64 result (0 on 386). */
export function lastAesHi(): number {
  return aesHi;
}

/**
 * Seed block shared by every aeshashbody:
 *   MOVQ BX, X0 (amd64) / MOVL h+4(FP), X0 (386); PINSRW $4, len; PSHUFHW $0
 *   MOVO X0, X1; PXOR aeskeysched+0, X0; AESENC X0, X0
 */
function seedBlock(ks: Int32Array, n: number, seedLo: number, seedHi: number): void {
  const n16 = n & 0xffff;
  const w = n16 | (n16 << 16);
  X[X0] = seedLo;
  X[X0 + 1] = seedHi;
  X[X0 + 2] = w;
  X[X0 + 3] = w;
  X[X1] = seedLo;
  X[X1 + 1] = seedHi;
  X[X1 + 2] = w;
  X[X1 + 3] = w;
  xor16(X, X0, ks, 0);
  aesencSelf(X, X0);
}

/** S_i = AESENC(X1 ^ ks[i], itself) into register r; X1 still holds the unscrambled seed. */
function extraSeed(ks: Int32Array, r: number, i: number): void {
  X[r] = X[X1] ^ ks[4 * i];
  X[r + 1] = X[X1 + 1] ^ ks[4 * i + 1];
  X[r + 2] = X[X1 + 2] ^ ks[4 * i + 2];
  X[r + 3] = X[X1 + 3] ^ ks[4 * i + 3];
  aesencSelf(X, r);
}


// ---- Register-free paths: the state in local variables, for the short inputs of map keys ----

/** Word 1 of the last keyed3 / aesShort result. */
let W1 = 0;
/** Scratch for a partial load. */
const D = new Int32Array(4);

/**
 * AESENC ks[0..3], AESENC ks[4..7], AESENC ks[8..11] on the state (s0, s1, s2, s3): the body of
 * memhash32/memhash64 on both arches. Returns word 0 of the result; word 1 in W1.
 */
function keyed3(ks: Int32Array, s0: number, s1: number, s2: number, s3: number): number {
  const a0 = T0[s0 & 255] ^ T1[(s1 >>> 8) & 255] ^ T2[(s2 >>> 16) & 255] ^ T3[s3 >>> 24] ^ ks[0];
  const a1 = T0[s1 & 255] ^ T1[(s2 >>> 8) & 255] ^ T2[(s3 >>> 16) & 255] ^ T3[s0 >>> 24] ^ ks[1];
  const a2 = T0[s2 & 255] ^ T1[(s3 >>> 8) & 255] ^ T2[(s0 >>> 16) & 255] ^ T3[s1 >>> 24] ^ ks[2];
  const a3 = T0[s3 & 255] ^ T1[(s0 >>> 8) & 255] ^ T2[(s1 >>> 16) & 255] ^ T3[s2 >>> 24] ^ ks[3];
  const b0 = T0[a0 & 255] ^ T1[(a1 >>> 8) & 255] ^ T2[(a2 >>> 16) & 255] ^ T3[a3 >>> 24] ^ ks[4];
  const b1 = T0[a1 & 255] ^ T1[(a2 >>> 8) & 255] ^ T2[(a3 >>> 16) & 255] ^ T3[a0 >>> 24] ^ ks[5];
  const b2 = T0[a2 & 255] ^ T1[(a3 >>> 8) & 255] ^ T2[(a0 >>> 16) & 255] ^ T3[a1 >>> 24] ^ ks[6];
  const b3 = T0[a3 & 255] ^ T1[(a0 >>> 8) & 255] ^ T2[(a1 >>> 16) & 255] ^ T3[a2 >>> 24] ^ ks[7];
  W1 = T0[b1 & 255] ^ T1[(b2 >>> 8) & 255] ^ T2[(b3 >>> 16) & 255] ^ T3[b0 >>> 24] ^ ks[9];
  return T0[b0 & 255] ^ T1[(b1 >>> 8) & 255] ^ T2[(b2 >>> 16) & 255] ^ T3[b3 >>> 24] ^ ks[8];
}

/**
 * aeshashbody for 1 <= n <= 16 (aes0to15 / aes16 and final1), the state in locals:
 * X0 = AESENC(seed block ^ ks[0], itself); X1 = the data;
 * mixed = PXOR X0, X1 (amd64, 386 go1.18+) or AESENC X0, X1 (386 go1.14..1.17);
 * then 3 (2 for the old 386 body) self rounds. Returns word 0; word 1 in W1.
 */
function aesShort(ks: Int32Array, b: Uint8Array, p: number, n: number, seedLo: number, seedHi: number, old: boolean): number {
  const n16 = n & 0xffff;
  const w = n16 | (n16 << 16);
  // seed block: X0 = seed ^ ks[0..3]; AESENC X0, X0
  const s0 = seedLo ^ ks[0], s1 = seedHi ^ ks[1], s2 = w ^ ks[2], s3 = w ^ ks[3];
  const x0 = T0[s0 & 255] ^ T1[(s1 >>> 8) & 255] ^ T2[(s2 >>> 16) & 255] ^ T3[s3 >>> 24] ^ s0;
  const x1 = T0[s1 & 255] ^ T1[(s2 >>> 8) & 255] ^ T2[(s3 >>> 16) & 255] ^ T3[s0 >>> 24] ^ s1;
  const x2 = T0[s2 & 255] ^ T1[(s3 >>> 8) & 255] ^ T2[(s0 >>> 16) & 255] ^ T3[s1 >>> 24] ^ s2;
  const x3 = T0[s3 & 255] ^ T1[(s0 >>> 8) & 255] ^ T2[(s1 >>> 16) & 255] ^ T3[s2 >>> 24] ^ s3;
  // X1 = the n bytes, zero-padded
  let d0: number, d1: number, d2: number, d3: number;
  if (n === 16) {
    d0 = rd32(b, p); d1 = rd32(b, p + 4); d2 = rd32(b, p + 8); d3 = rd32(b, p + 12);
  } else {
    loadPartial(D, 0, b, p, n);
    d0 = D[0]; d1 = D[1]; d2 = D[2]; d3 = D[3];
  }
  let rounds = 3;
  if (old) {
    // AESENC X0, X1
    const a0 = T0[d0 & 255] ^ T1[(d1 >>> 8) & 255] ^ T2[(d2 >>> 16) & 255] ^ T3[d3 >>> 24] ^ x0;
    const a1 = T0[d1 & 255] ^ T1[(d2 >>> 8) & 255] ^ T2[(d3 >>> 16) & 255] ^ T3[d0 >>> 24] ^ x1;
    const a2 = T0[d2 & 255] ^ T1[(d3 >>> 8) & 255] ^ T2[(d0 >>> 16) & 255] ^ T3[d1 >>> 24] ^ x2;
    const a3 = T0[d3 & 255] ^ T1[(d0 >>> 8) & 255] ^ T2[(d1 >>> 16) & 255] ^ T3[d2 >>> 24] ^ x3;
    d0 = a0; d1 = a1; d2 = a2; d3 = a3;
    rounds = 2;
  } else {
    // PXOR X0, X1
    d0 ^= x0; d1 ^= x1; d2 ^= x2; d3 ^= x3;
  }
  for (let r = 0; r < rounds; r++) {
    // AESENC X1, X1
    const a0 = T0[d0 & 255] ^ T1[(d1 >>> 8) & 255] ^ T2[(d2 >>> 16) & 255] ^ T3[d3 >>> 24] ^ d0;
    const a1 = T0[d1 & 255] ^ T1[(d2 >>> 8) & 255] ^ T2[(d3 >>> 16) & 255] ^ T3[d0 >>> 24] ^ d1;
    const a2 = T0[d2 & 255] ^ T1[(d3 >>> 8) & 255] ^ T2[(d0 >>> 16) & 255] ^ T3[d1 >>> 24] ^ d2;
    const a3 = T0[d3 & 255] ^ T1[(d0 >>> 8) & 255] ^ T2[(d1 >>> 16) & 255] ^ T3[d2 >>> 24] ^ d3;
    d0 = a0; d1 = a1; d2 = a2; d3 = a3;
  }
  W1 = d1;
  return d0;
}

// The by-value entry points return the low 32 bits as an int32 (a small integer for V8, never a
// heap number); the buffer entry points below return them unsigned.

/** memhash32 (amd64) of the 4-byte value v: returns the low 32 bits (int32), high in aesHi. */
export function aesMemhash32Amd64v(ks: Int32Array, v: number, seedLo: number, seedHi: number): number {
  const r = keyed3(ks, seedLo, seedHi, v, 0);
  aesHi = W1 >>> 0;
  return r;
}

/** memhash64 (amd64) of the 8-byte value (lo, hi): returns the low 32 bits (int32), high in aesHi. */
export function aesMemhash64Amd64v(ks: Int32Array, lo: number, hi: number, seedLo: number, seedHi: number): number {
  const r = keyed3(ks, seedLo, seedHi, lo, hi);
  aesHi = W1 >>> 0;
  return r;
}

/** memhash32 (386) of the 4-byte value v (int32). */
export function aesMemhash32386v(ks: Int32Array, v: number, seedLo: number): number {
  aesHi = 0;
  return keyed3(ks, seedLo, v, 0, 0);
}

/** memhash64 (386) of the 8-byte value (lo, hi) (int32). */
export function aesMemhash64386v(ks: Int32Array, lo: number, hi: number, seedLo: number): number {
  aesHi = 0;
  return keyed3(ks, lo, hi, seedLo, 0);
}

/** runtime/asm_amd64.s aeshashbody<>: AX=p, BX=seed, CX=n; returns low 32 bits, high in aesHi. */
export function aeshashAmd64(ks: Int32Array, b: Uint8Array, p: number, n: number, seedLo: number, seedHi: number): number {
  if (n > 0 && n <= 16) {
    // aes0to15, aes16 (the usual key): register-free
    const lo = aesShort(ks, b, p, n, seedLo, seedHi, false);
    aesHi = W1 >>> 0;
    return lo >>> 0;
  }
  seedBlock(ks, n, seedLo, seedHi);
  let r: number;
  if (n < 16) {
    if (n === 0) {
      // aes0: AESENC X0, X0
      aesencSelf(X, X0);
      r = X0;
    } else {
      // aes0to15: masked (or endofpage-shuffled) load, then final1
      loadPartial(X, X1, b, p, n);
      r = final1(X1);
    }
  } else if (n === 16) {
    // aes16
    load16(X, X1, b, p);
    r = final1(X1);
  } else if (n <= 32) {
    // aes17to32
    xor16(X, X1, ks, 4);
    aesencSelf(X, X1);
    load16(X, X2, b, p);
    load16(X, X3, b, p + n - 16);
    xor16(X, X2, X, X0);
    xor16(X, X3, X, X1);
    for (let i = 0; i < 3; i++) {
      aesencSelf(X, X2);
      aesencSelf(X, X3);
    }
    xor16(X, X2, X, X3);
    r = X2;
  } else if (n <= 64) {
    // aes33to64
    extraSeed(ks, X2, 2);
    extraSeed(ks, X3, 3);
    extraSeed(ks, X1, 1);
    load16(X, X4, b, p);
    load16(X, X5, b, p + 16);
    load16(X, X6, b, p + n - 32);
    load16(X, X7, b, p + n - 16);
    xor16(X, X4, X, X0);
    xor16(X, X5, X, X1);
    xor16(X, X6, X, X2);
    xor16(X, X7, X, X3);
    for (let i = 0; i < 3; i++) {
      aesencSelf(X, X4);
      aesencSelf(X, X5);
      aesencSelf(X, X6);
      aesencSelf(X, X7);
    }
    xor16(X, X4, X, X6);
    xor16(X, X5, X, X7);
    xor16(X, X4, X, X5);
    r = X4;
  } else {
    // aes65to128 / aes129plus: make 7 more starting seeds (X2..X7 first, X1 last: X1 is their source)
    for (let i = 2; i < 8; i++) extraSeed(ks, 4 * i, i);
    extraSeed(ks, X1, 1);
    if (n <= 128) {
      // aes65to128
      load16(X, X8, b, p);
      load16(X, X9, b, p + 16);
      load16(X, X10, b, p + 32);
      load16(X, X11, b, p + 48);
      load16(X, X12, b, p + n - 64);
      load16(X, X13, b, p + n - 48);
      load16(X, X14, b, p + n - 32);
      load16(X, X15, b, p + n - 16);
      for (let i = 0; i < 8; i++) xor16(X, X8 + 4 * i, X, 4 * i);
      for (let k = 0; k < 3; k++) for (let i = 0; i < 8; i++) aesencSelf(X, X8 + 4 * i);
    } else {
      // aes129plus: start with the last (possibly overlapping) 128-byte block
      for (let i = 0; i < 8; i++) {
        load16(X, X8 + 4 * i, b, p + n - 128 + 16 * i);
        xor16(X, X8 + 4 * i, X, 4 * i);
      }
      // aesloop: (n-1)>>7 blocks from the start
      let cnt = Math.floor((n - 1) / 128);
      let q = p;
      while (cnt-- > 0) {
        for (let i = 0; i < 8; i++) aesencSelf(X, X8 + 4 * i);
        for (let i = 0; i < 8; i++) {
          load16(X, 4 * i, b, q + 16 * i);
          aesenc(X, X8 + 4 * i, X, 4 * i);
        }
        q += 128;
      }
      for (let k = 0; k < 3; k++) for (let i = 0; i < 8; i++) aesencSelf(X, X8 + 4 * i);
    }
    // combine results
    xor16(X, X8, X, X12);
    xor16(X, X9, X, X13);
    xor16(X, X10, X, X14);
    xor16(X, X11, X, X15);
    xor16(X, X8, X, X10);
    xor16(X, X9, X, X11);
    xor16(X, X8, X, X9);
    r = X8;
  }
  aesHi = X[r + 1] >>> 0;
  return X[r] >>> 0;
}

/** amd64/386 (go1.18+) final1: PXOR X0, D; AESENC D, D ×3. Returns the register. */
function final1(d: number): number {
  xor16(X, d, X, X0);
  aesencSelf(X, d);
  aesencSelf(X, d);
  aesencSelf(X, d);
  return d;
}

/**
 * runtime/asm_386.s aeshashbody<>: AX=p, BX=n, seed at h+4(FP); returns the 32-bit
 * result (aesHi = 0). old = go1.14..1.17 (Go 1.15.15), otherwise go1.18+ (Go 1.19.8).
 */
export function aeshash386(ks: Int32Array, old: boolean, b: Uint8Array, p: number, n: number, seedLo: number): number {
  if (n > 0 && n <= 16) {
    // aes0to15, aes16: register-free
    aesHi = 0;
    return aesShort(ks, b, p, n, seedLo, 0, old) >>> 0;
  }
  seedBlock(ks, n, seedLo, 0);
  const self = old ? 2 : 3; // self rounds after the first mixing step
  let r: number;
  if (n <= 16) {
    if (n === 0) {
      // aes0
      aesencSelf(X, X0);
      r = X0;
    } else {
      // aes0to15 / aes16, then final1
      if (n === 16) load16(X, X1, b, p);
      else loadPartial(X, X1, b, p, n);
      if (old) aesenc(X, X1, X, X0); // AESENC X0, X1: scramble input, xor in seed
      else xor16(X, X1, X, X0); // PXOR X0, X1
      for (let i = 0; i < self; i++) aesencSelf(X, X1);
      r = X1;
    }
  } else if (n <= 32) {
    // aes17to32
    xor16(X, X1, ks, 4);
    aesencSelf(X, X1);
    load16(X, X2, b, p);
    load16(X, X3, b, p + n - 16);
    if (old) {
      aesenc(X, X2, X, X0);
      aesenc(X, X3, X, X1);
    } else {
      xor16(X, X2, X, X0);
      xor16(X, X3, X, X1);
    }
    for (let i = 0; i < self; i++) {
      aesencSelf(X, X2);
      aesencSelf(X, X3);
    }
    xor16(X, X2, X, X3);
    r = X2;
  } else {
    // make 3 more starting seeds
    extraSeed(ks, X2, 2);
    extraSeed(ks, X3, 3);
    extraSeed(ks, X1, 1);
    if (n <= 64) {
      // aes33to64
      load16(X, X4, b, p);
      load16(X, X5, b, p + 16);
      load16(X, X6, b, p + n - 32);
      load16(X, X7, b, p + n - 16);
      for (let i = 0; i < 4; i++) {
        if (old) aesenc(X, X4 + 4 * i, X, 4 * i);
        else xor16(X, X4 + 4 * i, X, 4 * i);
      }
      for (let k = 0; k < self; k++) for (let i = 0; i < 4; i++) aesencSelf(X, X4 + 4 * i);
    } else {
      // aes65plus: last (possibly overlapping) 64-byte block, scrambled once keyed with the seeds
      for (let i = 0; i < 4; i++) {
        load16(X, X4 + 4 * i, b, p + n - 64 + 16 * i);
        aesenc(X, X4 + 4 * i, X, 4 * i);
      }
      // aesloop: (n-1)>>6 blocks from the start; data-keyed round, then self round
      let cnt = Math.floor((n - 1) / 64);
      let q = p;
      while (cnt-- > 0) {
        for (let i = 0; i < 4; i++) {
          load16(X, 4 * i, b, q + 16 * i);
          aesenc(X, X4 + 4 * i, X, 4 * i);
        }
        for (let i = 0; i < 4; i++) aesencSelf(X, X4 + 4 * i);
        q += 64;
      }
      // 2 (old) or 3 (new) more scrambles to finish
      for (let k = 0; k < self; k++) for (let i = 0; i < 4; i++) aesencSelf(X, X4 + 4 * i);
    }
    xor16(X, X4, X, X6);
    xor16(X, X5, X, X7);
    xor16(X, X4, X, X5);
    r = X4;
  }
  aesHi = 0;
  return X[r] >>> 0;
}

/**
 * runtime/asm_amd64.s memhash32 / memhash64:
 *   MOVQ BX, X0; PINSRD $2, (AX), X0   (memhash32: data at bytes 8..11)
 *   MOVQ BX, X0; PINSRQ $1, (AX), X0   (memhash64: data at bytes 8..15)
 *   AESENC aeskeysched+0/16/32, X0; return low 64 bits.
 */
export function aesMemhash32Amd64(ks: Int32Array, b: Uint8Array, p: number, seedLo: number, seedHi: number): number {
  return aesMemhash32Amd64v(ks, rd32(b, p), seedLo, seedHi) >>> 0;
}

export function aesMemhash64Amd64(ks: Int32Array, b: Uint8Array, p: number, seedLo: number, seedHi: number): number {
  return aesMemhash64Amd64v(ks, rd32(b, p), rd32(b, p + 4), seedLo, seedHi) >>> 0;
}

/**
 * runtime/asm_386.s memhash32 / memhash64:
 *   MOVL h+4(FP), X0; PINSRD $1, (AX), X0   (memhash32: seed bytes 0..3, data 4..7)
 *   MOVQ (AX), X0; PINSRD $2, h+4(FP), X0   (memhash64: data bytes 0..7, seed 8..11)
 *   AESENC aeskeysched+0/16/32, X0; return low 32 bits.
 */
export function aesMemhash32386(ks: Int32Array, b: Uint8Array, p: number, seedLo: number): number {
  return aesMemhash32386v(ks, rd32(b, p), seedLo) >>> 0;
}

export function aesMemhash64386(ks: Int32Array, b: Uint8Array, p: number, seedLo: number): number {
  return aesMemhash64386v(ks, rd32(b, p), rd32(b, p + 4), seedLo) >>> 0;
}

/** aeskeysched bytes -> little-endian lanes (16 words on 386, 32 on amd64). */
export function keyschedLanes(aeskeysched: Uint8Array): Int32Array {
  if (aeskeysched.length % 16 !== 0) throw new Error(`aeskeysched must be a multiple of 16 bytes, got ${aeskeysched.length}`);
  const ks = new Int32Array(aeskeysched.length / 4);
  for (let i = 0; i < ks.length; i++) ks[i] = rd32(aeskeysched, 4 * i);
  return ks;
}
