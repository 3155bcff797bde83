// Go's non-AES ("fallback") memory hashes, used when runtime.useAeshash is false
// (no AES/SSSE3/SSE4.1, or GODEBUG=cpu.aes=off):
//   go1.15 (1.14..1.16): runtime/hash64.go (amd64) and runtime/hash32.go (386), murmur/xxhash-like
//   go1.19 (1.17+):      runtime/hash64.go (amd64, wyhash) and runtime/hash32.go (386, wyhash-like mix32)
// 64-bit values are carried as two uint32 halves (lo, hi); no BigInt. Functions that
// produce a 64-bit value return the low half and leave the high half in the module
// variable H (a "register"); nothing is allocated per call.
//
// hashkey is Go's [4]uintptr as 8 uint32 words [lo0,hi0,lo1,hi1,lo2,hi2,lo3,hi3]
// (on 386 only the lo words exist).

import { rd32 } from './aes';

/** High half of the last 64-bit result of a helper below, and of the hashes on amd64. */
let H = 0;

/** The high 32 bits of the last result of mulu32, mix or a memhashFallback* function. */
export function lastHi(): number {
  return H;
}

const TWO32 = 4294967296;

// ---- 64-bit arithmetic on uint32 halves ----

/** Full 64-bit product of two uint32s: returns the low half, H = high half (16-bit limbs). */
export function mulu32(a: number, b: number): number {
  const a0 = a & 0xffff, a1 = a >>> 16, b0 = b & 0xffff, b1 = b >>> 16;
  const p01 = a0 * b1, p10 = a1 * b0; // each < 2^32
  const t = ((a0 * b0) >>> 16) + (p01 & 0xffff) + (p10 & 0xffff); // carry into bit 32 is t >>> 16
  H = (a1 * b1 + (p01 >>> 16) + (p10 >>> 16) + (t >>> 16)) >>> 0;
  return Math.imul(a, b) >>> 0;
}

/** Low 64 bits of (aHi:aLo) * (bHi:bLo): returns lo, H = hi. */
function mul64(aLo: number, aHi: number, bLo: number, bHi: number): number {
  const lo = mulu32(aLo, bLo);
  H = (H + Math.imul(aLo, bHi) + Math.imul(aHi, bLo)) >>> 0;
  return lo;
}

/**
 * runtime/hash64.go (1.19) mix(a, b): hi ^ lo of the 128-bit product
 * (math.Mul64). Returns the low half of the result, H = high half.
 */
export function mix(aLo: number, aHi: number, bLo: number, bHi: number): number {
  aLo >>>= 0; aHi >>>= 0; bLo >>>= 0; bHi >>>= 0;
  const w0 = mulu32(aLo, bLo);
  const llHi = H;
  const lhLo = mulu32(aLo, bHi);
  const lhHi = H;
  const hlLo = mulu32(aHi, bLo);
  const hlHi = H;
  const hhLo = mulu32(aHi, bHi);
  const hhHi = H;
  const s1 = llHi + lhLo + hlLo; // < 3*2^32
  const w1 = s1 >>> 0;
  const s2 = lhHi + hlHi + hhLo + Math.floor(s1 / TWO32);
  const w2 = s2 >>> 0;
  const w3 = (hhHi + Math.floor(s2 / TWO32)) >>> 0;
  H = (w3 ^ w1) >>> 0;
  return (w2 ^ w0) >>> 0;
}

// ======================= go1.15: runtime/hash64.go (1.14..1.16) =======================

// m1..m4 of runtime/hash64.go (1.15) as (lo, hi).
const M1L = 0x79f01541, M1H = 0xea38ec90;
const M2L = 0x96da1399, M2H = 0x2723a30d;
const M3L = 0xf876d2d7, M3H = 0x83cf8ead;
const M4L = 0x643df693, M4H = 0xdbcfc27b;

/** rotl_31(x*ma)*mb on (lo, hi): returns lo, H = hi. runtime/hash64.go (1.15) rotl_31 and the rounds. */
function round64(lo: number, hi: number, maL: number, maH: number, mbL: number, mbH: number): number {
  const pl = mul64(lo, hi, maL, maH);
  const ph = H;
  // rotl_31: x<<31 | x>>33
  const rl = ((pl << 31) | (ph >>> 1)) >>> 0;
  const rh = ((ph << 31) | (pl >>> 1)) >>> 0;
  return mul64(rl, rh, mbL, mbH);
}

/**
 * runtime/hash64.go (1.15) memhashFallback(p, seed, s) for 64-bit uintptr.
 * Returns the low 32 bits; H = high 32 bits.
 */
export function memhashFallback64Go115(hk: Uint32Array, b: Uint8Array, p: number, s: number,
  seedLo: number, seedHi: number): number {
  // h := uint64(seed + s*hashkey[0])
  let hl = mul64(s >>> 0, Math.floor(s / TWO32) >>> 0, hk[0], hk[1]);
  let hh = H;
  let t = (seedLo >>> 0) + hl;
  hl = t >>> 0;
  hh = (hh + (seedHi >>> 0) + Math.floor(t / TWO32)) >>> 0;
  if (s > 32) {
    // default: four lanes over 32-byte blocks, then goto tail with the rest
    let v1l = hl, v1h = hh;
    let v2l = mul64(seedLo, seedHi, hk[2], hk[3]), v2h = H;
    let v3l = mul64(seedLo, seedHi, hk[4], hk[5]), v3h = H;
    let v4l = mul64(seedLo, seedHi, hk[6], hk[7]), v4h = H;
    while (s >= 32) {
      v1l = round64(v1l ^ rd32(b, p), v1h ^ rd32(b, p + 4), M1L, M1H, M2L, M2H); v1h = H;
      v2l = round64(v2l ^ rd32(b, p + 8), v2h ^ rd32(b, p + 12), M2L, M2H, M3L, M3H); v2h = H;
      v3l = round64(v3l ^ rd32(b, p + 16), v3h ^ rd32(b, p + 20), M3L, M3H, M4L, M4H); v3h = H;
      v4l = round64(v4l ^ rd32(b, p + 24), v4h ^ rd32(b, p + 28), M4L, M4H, M1L, M1H); v4h = H;
      p += 32;
      s -= 32;
    }
    hl = (v1l ^ v2l ^ v3l ^ v4l) >>> 0;
    hh = (v1h ^ v2h ^ v3h ^ v4h) >>> 0;
  }
  // tail:
  if (s === 0) {
    // nothing
  } else if (s < 4) {
    hl ^= b[p] | (b[p + (s >>> 1)] << 8) | (b[p + s - 1] << 16);
    hl = round64(hl, hh, M1L, M1H, M2L, M2H); hh = H;
  } else if (s <= 8) {
    hl = round64(hl ^ rd32(b, p), hh ^ rd32(b, p + s - 4), M1L, M1H, M2L, M2H); hh = H;
  } else if (s <= 16) {
    hl = round64(hl ^ rd32(b, p), hh ^ rd32(b, p + 4), M1L, M1H, M2L, M2H); hh = H;
    hl = round64(hl ^ rd32(b, p + s - 8), hh ^ rd32(b, p + s - 4), M1L, M1H, M2L, M2H); hh = H;
  } else {
    // s <= 32
    hl = round64(hl ^ rd32(b, p), hh ^ rd32(b, p + 4), M1L, M1H, M2L, M2H); hh = H;
    hl = round64(hl ^ rd32(b, p + 8), hh ^ rd32(b, p + 12), M1L, M1H, M2L, M2H); hh = H;
    hl = round64(hl ^ rd32(b, p + s - 16), hh ^ rd32(b, p + s - 12), M1L, M1H, M2L, M2H); hh = H;
    hl = round64(hl ^ rd32(b, p + s - 8), hh ^ rd32(b, p + s - 4), M1L, M1H, M2L, M2H); hh = H;
  }
  // h ^= h >> 29; h *= m3; h ^= h >> 32
  hl = (hl ^ ((hl >>> 29) | (hh << 3))) >>> 0;
  hh = (hh ^ (hh >>> 29)) >>> 0;
  hl = mul64(hl, hh, M3L, M3H);
  hh = H;
  hl = (hl ^ hh) >>> 0;
  H = hh;
  return hl;
}

// ======================= go1.15: runtime/hash32.go (1.14..1.16) =======================

const N1 = 0xbce2d621 | 0, N2 = 0xc70f85e1 | 0, N3 = 0x319bca41 | 0, N4 = 0x8b421a21 | 0;

/** rotl_15(h*ma)*mb on uint32. runtime/hash32.go (1.15) rotl_15 and the rounds. */
function round32(h: number, ma: number, mb: number): number {
  h = Math.imul(h, ma);
  return Math.imul((h << 15) | (h >>> 17), mb);
}

/** runtime/hash32.go (1.15) memhashFallback(p, seed, s) for 32-bit uintptr. H = 0. */
export function memhashFallback32Go115(hk: Uint32Array, b: Uint8Array, p: number, s: number, seed: number): number {
  let h = (seed + Math.imul(s, hk[0])) | 0;
  if (s > 16) {
    let v1 = h;
    let v2 = Math.imul(seed, hk[2]);
    let v3 = Math.imul(seed, hk[4]);
    let v4 = Math.imul(seed, hk[6]);
    while (s >= 16) {
      v1 = round32(v1 ^ rd32(b, p), N1, N2);
      v2 = round32(v2 ^ rd32(b, p + 4), N2, N3);
      v3 = round32(v3 ^ rd32(b, p + 8), N3, N4);
      v4 = round32(v4 ^ rd32(b, p + 12), N4, N1);
      p += 16;
      s -= 16;
    }
    h = v1 ^ v2 ^ v3 ^ v4;
  }
  // tail:
  if (s === 0) {
    // nothing
  } else if (s < 4) {
    h ^= b[p] | (b[p + (s >>> 1)] << 8) | (b[p + s - 1] << 16);
    h = round32(h, N1, N2);
  } else if (s === 4) {
    h = round32(h ^ rd32(b, p), N1, N2);
  } else if (s <= 8) {
    h = round32(h ^ rd32(b, p), N1, N2);
    h = round32(h ^ rd32(b, p + s - 4), N1, N2);
  } else {
    // s <= 16
    h = round32(h ^ rd32(b, p), N1, N2);
    h = round32(h ^ rd32(b, p + 4), N1, N2);
    h = round32(h ^ rd32(b, p + s - 8), N1, N2);
    h = round32(h ^ rd32(b, p + s - 4), N1, N2);
  }
  h ^= h >>> 17;
  h = Math.imul(h, N3);
  h ^= h >>> 13;
  h = Math.imul(h, N4);
  h ^= h >>> 16;
  H = 0;
  return h >>> 0;
}

// ======================= go1.19: runtime/hash64.go (1.17+, wyhash) =======================

// m1..m5 of runtime/hash64.go (1.19) as (lo, hi).
const W1L = 0x78bd642f, W1H = 0xa0761d64;
const W2L = 0xa0b428db, W2H = 0xe7037ed1;
const W3L = 0x9c88c6e3, W3H = 0x8ebc6af0;
const W4L = 0x75374cc3, W4H = 0x589965cc;
const W5L = 0xc47d124f, W5H = 0x1d8e4e27;

/**
 * runtime/hash64.go (1.19) memhashFallback(p, seed, s) (wyhash). Returns the low
 * 32 bits; H = high 32 bits. memhash32Fallback / memhash64Fallback are this with s = 4 / 8.
 */
export function memhashFallback64Go119(hk: Uint32Array, b: Uint8Array, p: number, s: number,
  seedLo: number, seedHi: number): number {
  // seed ^= hashkey[0] ^ m1
  let sl = (seedLo ^ hk[0] ^ W1L) >>> 0;
  let sh = (seedHi ^ hk[1] ^ W1H) >>> 0;
  if (s === 0) {
    H = sh;
    return sl;
  }
  let al: number, ah: number, bl: number, bh: number;
  if (s < 4) {
    al = b[p] | (b[p + (s >>> 1)] << 8) | (b[p + s - 1] << 16);
    ah = 0; bl = 0; bh = 0;
  } else if (s === 4) {
    al = bl = rd32(b, p);
    ah = bh = 0;
  } else if (s < 8) {
    al = rd32(b, p); ah = 0;
    bl = rd32(b, p + s - 4); bh = 0;
  } else if (s === 8) {
    al = bl = rd32(b, p);
    ah = bh = rd32(b, p + 4);
  } else if (s <= 16) {
    al = rd32(b, p); ah = rd32(b, p + 4);
    bl = rd32(b, p + s - 8); bh = rd32(b, p + s - 4);
  } else {
    let l = s;
    if (l > 48) {
      let s1l = sl, s1h = sh, s2l = sl, s2h = sh;
      for (; l > 48; l -= 48) {
        sl = mix(rd32(b, p) ^ W2L, rd32(b, p + 4) ^ W2H, rd32(b, p + 8) ^ sl, rd32(b, p + 12) ^ sh); sh = H;
        s1l = mix(rd32(b, p + 16) ^ W3L, rd32(b, p + 20) ^ W3H, rd32(b, p + 24) ^ s1l, rd32(b, p + 28) ^ s1h); s1h = H;
        s2l = mix(rd32(b, p + 32) ^ W4L, rd32(b, p + 36) ^ W4H, rd32(b, p + 40) ^ s2l, rd32(b, p + 44) ^ s2h); s2h = H;
        p += 48;
      }
      sl = (sl ^ s1l ^ s2l) >>> 0;
      sh = (sh ^ s1h ^ s2h) >>> 0;
    }
    for (; l > 16; l -= 16) {
      sl = mix(rd32(b, p) ^ W2L, rd32(b, p + 4) ^ W2H, rd32(b, p + 8) ^ sl, rd32(b, p + 12) ^ sh); sh = H;
      p += 16;
    }
    al = rd32(b, p + l - 16); ah = rd32(b, p + l - 12);
    bl = rd32(b, p + l - 8); bh = rd32(b, p + l - 4);
  }
  // return mix(m5^s, mix(a^m2, b^seed))
  const il = mix(al ^ W2L, ah ^ W2H, bl ^ sl, bh ^ sh);
  const ih = H;
  return mix(W5L ^ s, W5H ^ Math.floor(s / TWO32), il, ih);
}

// ======================= go1.19: runtime/hash32.go (1.17+) =======================

/** Second output of mix32 (the high half of the product). */
let B32 = 0;

/** runtime/hash32.go (1.19) mix32(a, b): c = (a^hashkey[1]) * (b^hashkey[2]); returns uint32(c), B32 = uint32(c>>32). */
function mix32(hk: Uint32Array, a: number, b: number): number {
  const lo = mulu32((a ^ hk[2]) >>> 0, (b ^ hk[4]) >>> 0);
  B32 = H;
  return lo;
}

/**
 * runtime/hash32.go (1.19) memhashFallback(p, seed, s). H = 0.
 * memhash32Fallback / memhash64Fallback are this with s = 4 / 8.
 */
export function memhashFallback32Go119(hk: Uint32Array, b: Uint8Array, p: number, s: number, seed: number): number {
  let a = mix32(hk, seed, (s ^ hk[0]) >>> 0);
  let bb = B32;
  if (s === 0) {
    H = 0;
    return (a ^ bb) >>> 0;
  }
  for (; s > 8; s -= 8) {
    a = mix32(hk, a ^ rd32(b, p), bb ^ rd32(b, p + 4));
    bb = B32;
    p += 8;
  }
  if (s >= 4) {
    a ^= rd32(b, p);
    bb ^= rd32(b, p + s - 4);
  } else {
    bb ^= b[p] | (b[p + (s >>> 1)] << 8) | (b[p + s - 1] << 16);
  }
  a = mix32(hk, a, bb);
  bb = B32;
  a = mix32(hk, a, bb);
  bb = B32;
  H = 0;
  return (a ^ bb) >>> 0;
}

// ======================= by value: memhash32 / memhash64 of a key held in registers =======================
// The functions above with s = 4 (the 4 bytes v) or s = 8 (the 8 bytes lo, hi), without a trip
// through memory: what memhash32Fallback / memhash64Fallback compute (runtime/hash64.go,
// runtime/hash32.go: `memhashFallback(p, seed, 4|8)`).

/** go1.15 hash64.go memhashFallback(p, seed, s) for s = 4 (v) or s = 8 (lo, hi). H = high half. */
export function memhashFallback64Go115v(hk: Uint32Array, s: 4 | 8, lo: number, hi: number,
  seedLo: number, seedHi: number): number {
  // h := uint64(seed + s*hashkey[0])
  let hl = mul64(s, 0, hk[0], hk[1]);
  let hh = H;
  const t = (seedLo >>> 0) + hl;
  hl = t >>> 0;
  hh = (hh + (seedHi >>> 0) + Math.floor(t / TWO32)) >>> 0;
  // tail, 4 <= s <= 8: h ^= readUnaligned32(p) | readUnaligned32(add(p, s-4))<<32; h = rotl_31(h*m1) * m2
  const w1 = s === 8 ? hi : lo;
  hl = round64(hl ^ lo, hh ^ w1, M1L, M1H, M2L, M2H);
  hh = H;
  // h ^= h >> 29; h *= m3; h ^= h >> 32
  hl = (hl ^ ((hl >>> 29) | (hh << 3))) >>> 0;
  hh = (hh ^ (hh >>> 29)) >>> 0;
  hl = mul64(hl, hh, M3L, M3H);
  hh = H;
  hl = (hl ^ hh) >>> 0;
  H = hh;
  return hl;
}

/** go1.15 hash32.go memhashFallback(p, seed, s) for s = 4 (v) or s = 8 (lo, hi). H = 0. */
export function memhashFallback32Go115v(hk: Uint32Array, s: 4 | 8, lo: number, hi: number, seed: number): number {
  let h = (seed + Math.imul(s, hk[0])) | 0;
  if (s === 4) {
    h = round32(h ^ lo, N1, N2);
  } else {
    h = round32(h ^ lo, N1, N2);
    h = round32(h ^ hi, N1, N2);
  }
  h ^= h >>> 17;
  h = Math.imul(h, N3);
  h ^= h >>> 13;
  h = Math.imul(h, N4);
  h ^= h >>> 16;
  H = 0;
  return h >>> 0;
}

/** go1.19 hash64.go memhashFallback (wyhash) for s = 4 (v) or s = 8 (lo, hi). H = high half. */
export function memhashFallback64Go119v(hk: Uint32Array, s: 4 | 8, lo: number, hi: number,
  seedLo: number, seedHi: number): number {
  // seed ^= hashkey[0] ^ m1
  const sl = (seedLo ^ hk[0] ^ W1L) >>> 0;
  const sh = (seedHi ^ hk[1] ^ W1H) >>> 0;
  // s == 4: a = b = r4(p); s == 8: a = b = r8(p)
  const al = lo, ah = s === 8 ? hi : 0;
  // return mix(m5^s, mix(a^m2, b^seed))
  const il = mix(al ^ W2L, ah ^ W2H, al ^ sl, ah ^ sh);
  const ih = H;
  return mix(W5L ^ s, W5H, il, ih);
}

/** go1.19 hash32.go memhashFallback for s = 4 (v) or s = 8 (lo, hi). H = 0. */
export function memhashFallback32Go119v(hk: Uint32Array, s: 4 | 8, lo: number, hi: number, seed: number): number {
  let a = mix32(hk, seed, (s ^ hk[0]) >>> 0);
  let bb = B32;
  // s >= 4: a ^= r4(p); b ^= r4(add(p, s-4))
  a ^= lo;
  bb ^= s === 8 ? hi : lo;
  a = mix32(hk, a, bb);
  bb = B32;
  a = mix32(hk, a, bb);
  bb = B32;
  H = 0;
  return (a ^ bb) >>> 0;
}
