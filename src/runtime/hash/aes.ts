// One AES encryption round in software, with Intel AESENC semantics:
//   AESENC(state, key) = MixColumns(ShiftRows(SubBytes(state))) XOR key
// This is the instruction Go's aeshashbody, memhash32 and memhash64 use
// (runtime/asm_amd64.s, runtime/asm_386.s: "AESENC key, state").
//
// A 16-byte XMM value is held as four 32-bit little-endian lanes w0..w3 in an
// Int32Array: byte i of the register is (w[i>>2] >>> 8*(i&3)) & 0xff. Column c
// of the AES state is lane c (bytes 4c..4c+3, row r = byte 4c+r), so the round
// is the classic four-T-table formulation with little-endian words.

/** The AES S-box (FIPS-197 §5.1.1), computed once at load time. */
export const SBOX = new Uint8Array(256);
/** T0[x] = MixColumns of the column (S[x],0,0,0) as a little-endian word: 2S | S<<8 | S<<16 | 3S<<24. */
export const T0 = new Int32Array(256);
/** T1..T3: T0 rotated left by 8, 16, 24 bits (the same column with S in row 1, 2, 3). */
export const T1 = new Int32Array(256);
export const T2 = new Int32Array(256);
export const T3 = new Int32Array(256);

function xtime(x: number): number {
  return ((x << 1) ^ (x & 0x80 ? 0x1b : 0)) & 0xff;
}

(function initTables(): void {
  // Multiplicative inverse in GF(2^8) via log/antilog tables with generator 3.
  const exp = new Uint8Array(256);
  const log = new Uint8Array(256);
  let x = 1;
  for (let i = 0; i < 255; i++) {
    exp[i] = x;
    log[x] = i;
    x ^= xtime(x); // x *= 3
  }
  for (let i = 0; i < 256; i++) {
    const inv = i === 0 ? 0 : exp[(255 - log[i]) % 255];
    // Affine transform: b ^ rotl(b,1) ^ rotl(b,2) ^ rotl(b,3) ^ rotl(b,4) ^ 0x63.
    let s = inv;
    let r = inv;
    for (let k = 0; k < 4; k++) {
      r = ((r << 1) | (r >>> 7)) & 0xff;
      s ^= r;
    }
    SBOX[i] = s ^ 0x63;
  }
  for (let i = 0; i < 256; i++) {
    const s = SBOX[i];
    const s2 = xtime(s);
    const s3 = s2 ^ s;
    const t = s2 | (s << 8) | (s << 16) | (s3 << 24);
    T0[i] = t;
    T1[i] = (t << 8) | (t >>> 24);
    T2[i] = (t << 16) | (t >>> 16);
    T3[i] = (t << 24) | (t >>> 8);
  }
})();

/**
 * st[so..so+3] = AESENC(st[so..so+3], key = k[ko..ko+3]).
 * k may be the same array and even the same register as st (AESENC X, X: the
 * round key is the register's value before the round).
 */
export function aesenc(st: Int32Array, so: number, k: Int32Array, ko: number): void {
  const s0 = st[so], s1 = st[so + 1], s2 = st[so + 2], s3 = st[so + 3];
  const k0 = k[ko], k1 = k[ko + 1], k2 = k[ko + 2], k3 = k[ko + 3];
  // Column c takes row r from column (c + r) mod 4 (ShiftRows), then SubBytes+MixColumns via T_r.
  st[so] = T0[s0 & 0xff] ^ T1[(s1 >>> 8) & 0xff] ^ T2[(s2 >>> 16) & 0xff] ^ T3[s3 >>> 24] ^ k0;
  st[so + 1] = T0[s1 & 0xff] ^ T1[(s2 >>> 8) & 0xff] ^ T2[(s3 >>> 16) & 0xff] ^ T3[s0 >>> 24] ^ k1;
  st[so + 2] = T0[s2 & 0xff] ^ T1[(s3 >>> 8) & 0xff] ^ T2[(s0 >>> 16) & 0xff] ^ T3[s1 >>> 24] ^ k2;
  st[so + 3] = T0[s3 & 0xff] ^ T1[(s0 >>> 8) & 0xff] ^ T2[(s1 >>> 16) & 0xff] ^ T3[s2 >>> 24] ^ k3;
}

/** st[so..so+3] = AESENC(st, st): Go's "AESENC X1, X1" (scramble with itself as key). */
export function aesencSelf(st: Int32Array, so: number): void {
  const s0 = st[so], s1 = st[so + 1], s2 = st[so + 2], s3 = st[so + 3];
  st[so] = T0[s0 & 0xff] ^ T1[(s1 >>> 8) & 0xff] ^ T2[(s2 >>> 16) & 0xff] ^ T3[s3 >>> 24] ^ s0;
  st[so + 1] = T0[s1 & 0xff] ^ T1[(s2 >>> 8) & 0xff] ^ T2[(s3 >>> 16) & 0xff] ^ T3[s0 >>> 24] ^ s1;
  st[so + 2] = T0[s2 & 0xff] ^ T1[(s3 >>> 8) & 0xff] ^ T2[(s0 >>> 16) & 0xff] ^ T3[s1 >>> 24] ^ s2;
  st[so + 3] = T0[s3 & 0xff] ^ T1[(s0 >>> 8) & 0xff] ^ T2[(s1 >>> 16) & 0xff] ^ T3[s2 >>> 24] ^ s3;
}

/** Unaligned little-endian 32-bit read (Go's readUnaligned32), as an int32. */
export function rd32(b: Uint8Array, p: number): number {
  return b[p] | (b[p + 1] << 8) | (b[p + 2] << 16) | (b[p + 3] << 24);
}

/** MOVOU: st[so..so+3] = the 16 bytes at b[p..p+15]. */
export function load16(st: Int32Array, so: number, b: Uint8Array, p: number): void {
  st[so] = rd32(b, p);
  st[so + 1] = rd32(b, p + 4);
  st[so + 2] = rd32(b, p + 8);
  st[so + 3] = rd32(b, p + 12);
}

/**
 * st[so..so+3] = the n (< 16) bytes at b[p..] followed by zeros: what both the
 * "PAND masks<>" load and the "endofpage" "PSHUFB shifts<>" load of aeshashbody's
 * aes0to15 case produce. Reads only b[p..p+n-1].
 */
export function loadPartial(st: Int32Array, so: number, b: Uint8Array, p: number, n: number): void {
  st[so] = 0;
  st[so + 1] = 0;
  st[so + 2] = 0;
  st[so + 3] = 0;
  let i = 0;
  for (; i + 4 <= n; i += 4) st[so + (i >> 2)] = rd32(b, p + i);
  for (; i < n; i++) st[so + (i >> 2)] |= b[p + i] << ((i & 3) << 3);
}

/** PXOR: st[so..] ^= k[ko..]. */
export function xor16(st: Int32Array, so: number, k: Int32Array, ko: number): void {
  st[so] ^= k[ko];
  st[so + 1] ^= k[ko + 1];
  st[so + 2] ^= k[ko + 2];
  st[so + 3] ^= k[ko + 3];
}
