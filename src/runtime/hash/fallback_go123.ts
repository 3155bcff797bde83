// Go 1.23+'s 64-bit fallback memhash (runtime/hash64.go (1.23.5); 1.24.4 and 1.25.12 are the same
// file except the import path of Mul64), used on amd64 when runtime.useAeshash is false.
// Against 1.17..1.22 (fallback.ts memhashFallback64Go119) the constants m1..m4 are gone:
//   seed ^= hashkey[0]                           (1.22: seed ^= hashkey[0] ^ m1)
//   the 48-byte loop mixes with hashkey[1], hashkey[2], hashkey[3]   (1.22: m2, m3, m4)
//   the 16-byte loop and the final mix use hashkey[1]                (1.22: m2)
//   return mix(m5^s, mix(a^hashkey[1], b^seed)); m5 = 0x1d8e4e27c47d124f is the only constant.
// memhash32Fallback / memhash64Fallback (hash64.go:67-75 (1.23)) equal memhashFallback(p, seed, 4|8).
// 386's runtime/hash32.go is byte-identical from 1.17 to 1.25 (see docs/releases-classic.md), so
// fallback.ts memhashFallback32Go119 serves 1.23+ too; only its key material changes (alginit no
// longer ORs hashkey words with 1, runtime/alg.go:482 (1.23)).
//
// 64-bit values as two uint32 halves; the low half is returned, the high half via lastHi().
// hashkey is Go's [4]uintptr as 8 uint32 words [lo0,hi0,lo1,hi1,lo2,hi2,lo3,hi3].

import { rd32 } from './aes';
import { mix, lastHi as mixHi } from './fallback';

let H = 0;

/** High 32 bits of the last memhashFallback64Go123* result. */
export function lastHi(): number {
  return H;
}

const TWO32 = 4294967296;
// m5 of runtime/hash64.go (1.23) as (lo, hi).
const W5L = 0xc47d124f, W5H = 0x1d8e4e27;

/** runtime/hash64.go (1.23) memhashFallback(p, seed, s). Returns the low 32 bits; lastHi() = high. */
export function memhashFallback64Go123(hk: Uint32Array, b: Uint8Array, p: number, s: number,
  seedLo: number, seedHi: number): number {
  // seed ^= hashkey[0]
  let sl = (seedLo ^ hk[0]) >>> 0;
  let sh = (seedHi ^ hk[1]) >>> 0;
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
        // seed = mix(r8(p)^hashkey[1], r8(add(p, 8))^seed)
        sl = mix(rd32(b, p) ^ hk[2], rd32(b, p + 4) ^ hk[3], rd32(b, p + 8) ^ sl, rd32(b, p + 12) ^ sh); sh = mixHi();
        // seed1 = mix(r8(add(p, 16))^hashkey[2], r8(add(p, 24))^seed1)
        s1l = mix(rd32(b, p + 16) ^ hk[4], rd32(b, p + 20) ^ hk[5], rd32(b, p + 24) ^ s1l, rd32(b, p + 28) ^ s1h); s1h = mixHi();
        // seed2 = mix(r8(add(p, 32))^hashkey[3], r8(add(p, 40))^seed2)
        s2l = mix(rd32(b, p + 32) ^ hk[6], rd32(b, p + 36) ^ hk[7], rd32(b, p + 40) ^ s2l, rd32(b, p + 44) ^ s2h); s2h = mixHi();
        p += 48;
      }
      sl = (sl ^ s1l ^ s2l) >>> 0;
      sh = (sh ^ s1h ^ s2h) >>> 0;
    }
    for (; l > 16; l -= 16) {
      sl = mix(rd32(b, p) ^ hk[2], rd32(b, p + 4) ^ hk[3], rd32(b, p + 8) ^ sl, rd32(b, p + 12) ^ sh); sh = mixHi();
      p += 16;
    }
    al = rd32(b, p + l - 16); ah = rd32(b, p + l - 12);
    bl = rd32(b, p + l - 8); bh = rd32(b, p + l - 4);
  }
  // return mix(m5^s, mix(a^hashkey[1], b^seed))
  const il = mix(al ^ hk[2], ah ^ hk[3], bl ^ sl, bh ^ sh);
  const ih = mixHi();
  const r = mix(W5L ^ s, W5H ^ Math.floor(s / TWO32), il, ih);
  H = mixHi();
  return r;
}

/**
 * runtime/hash64.go (1.23) memhash32Fallback (s = 4, the 4 bytes lo) / memhash64Fallback (s = 8,
 * the 8 bytes lo, hi): mix(m5^s, mix(a^hashkey[1], a^seed^hashkey[0])). lastHi() = high half.
 */
export function memhashFallback64Go123v(hk: Uint32Array, s: 4 | 8, lo: number, hi: number,
  seedLo: number, seedHi: number): number {
  const al = lo >>> 0, ah = s === 8 ? hi >>> 0 : 0;
  const il = mix(al ^ hk[2], ah ^ hk[3], al ^ seedLo ^ hk[0], ah ^ seedHi ^ hk[1]);
  const ih = mixHi();
  const r = mix(W5L ^ s, W5H, il, ih);
  H = mixHi();
  return r;
}
