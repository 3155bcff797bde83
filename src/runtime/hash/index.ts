// The raw hash functions of a Go process: runtime.memhash, runtime.memhash32 and
// runtime.memhash64 (runtime/alg.go declarations; asm_amd64.s / asm_386.s AES bodies;
// hash64.go / hash32.go fallbacks), for one arch, profile and hash family, with the
// process's key material (runtime.aeskeysched, runtime.hashkey).
// runtime.strhash(&s, h) is memhash(s.ptr, h, len(s)) on every path (the caller
// reads the string header).

import seedrandom from 'seedrandom';
import { ArchName, Profile, HashFamily } from '../../arch';
import {
  aeshashAmd64, aeshash386, aesMemhash32Amd64, aesMemhash64Amd64, aesMemhash32386, aesMemhash64386,
  aesMemhash32Amd64v, aesMemhash64Amd64v, aesMemhash32386v, aesMemhash64386v, keyschedLanes,
} from './aeshash';
import * as aesmod from './aeshash';
import {
  memhashFallback64Go115, memhashFallback32Go115, memhashFallback64Go119, memhashFallback32Go119,
  memhashFallback64Go115v, memhashFallback32Go115v, memhashFallback64Go119v, memhashFallback32Go119v,
} from './fallback';
import { rd32 } from './aes';
import * as fbmod from './fallback';

/** A process's hash state: Go's aeskeysched/hashkey plus the profile's algorithms. */
export interface RawHash {
  /** High 32 bits of the last result (amd64); always 0 on 386. */
  hi: number;
  /** runtime.memhash(p, h, n): b is the memory's byte array, p a byte offset in it. Seed as two 32-bit halves (seedHi ignored on 386). Returns the low 32 bits (unsigned, >>> 0), high half in this.hi. */
  memhash(b: Uint8Array, p: number, n: number, seedLo: number, seedHi: number): number;
  memhash32(b: Uint8Array, p: number, seedLo: number, seedHi: number): number;
  memhash64(b: Uint8Array, p: number, seedLo: number, seedHi: number): number;
  /**
   * runtime.memhash32 of the 4 bytes of the value v (what is at p when v = *(*uint32)(p)); the
   * low 32 bits returned as an int32 (signed: no heap number in V8), the high half in `hi`.
   */
  memhash32v(v: number, seedLo: number, seedHi: number): number;
  /** runtime.memhash64 of the 8 bytes of the value (lo, hi); int32 result as memhash32v. */
  memhash64v(lo: number, hi: number, seedLo: number, seedHi: number): number;
}


/** runtime.hashRandomBytes = PtrSize/4*64 (runtime/alg.go). */
export function hashRandomBytes(arch: ArchName): number {
  return arch === 'amd64' ? 128 : 64;
}

/** amd64, AES: asm_amd64.s aeshashbody / memhash32 / memhash64 (1.14..1.19 alike). */
class AesAmd64 implements RawHash {
  hi = 0;
  constructor(private readonly ks: Int32Array) {}
  memhash(b: Uint8Array, p: number, n: number, seedLo: number, seedHi: number): number {
    const r = aeshashAmd64(this.ks, b, p, n, seedLo, seedHi);
    this.hi = aesmod.lastAesHi();
    return r;
  }
  memhash32(b: Uint8Array, p: number, seedLo: number, seedHi: number): number {
    const r = aesMemhash32Amd64(this.ks, b, p, seedLo, seedHi);
    this.hi = aesmod.lastAesHi();
    return r;
  }
  memhash64(b: Uint8Array, p: number, seedLo: number, seedHi: number): number {
    const r = aesMemhash64Amd64(this.ks, b, p, seedLo, seedHi);
    this.hi = aesmod.lastAesHi();
    return r;
  }
  memhash32v(v: number, seedLo: number, seedHi: number): number {
    const r = aesMemhash32Amd64v(this.ks, v, seedLo, seedHi);
    this.hi = aesmod.lastAesHi();
    return r;
  }
  memhash64v(lo: number, hi: number, seedLo: number, seedHi: number): number {
    const r = aesMemhash64Amd64v(this.ks, lo, hi, seedLo, seedHi);
    this.hi = aesmod.lastAesHi();
    return r;
  }
}

/** 386, AES: asm_386.s aeshashbody (old = go1.14..1.17, new = go1.18+) / memhash32 / memhash64. */
class Aes386 implements RawHash {
  hi = 0;
  constructor(private readonly ks: Int32Array, private readonly old: boolean) {}
  memhash(b: Uint8Array, p: number, n: number, seedLo: number, _seedHi: number): number {
    return aeshash386(this.ks, this.old, b, p, n, seedLo);
  }
  memhash32(b: Uint8Array, p: number, seedLo: number, _seedHi: number): number {
    return aesMemhash32386(this.ks, b, p, seedLo);
  }
  memhash64(b: Uint8Array, p: number, seedLo: number, _seedHi: number): number {
    return aesMemhash64386(this.ks, b, p, seedLo);
  }
  memhash32v(v: number, seedLo: number, _seedHi: number): number {
    return aesMemhash32386v(this.ks, v, seedLo);
  }
  memhash64v(lo: number, hi: number, seedLo: number, _seedHi: number): number {
    return aesMemhash64386v(this.ks, lo, hi, seedLo);
  }
}

/**
 * amd64, fallback: hash64.go memhashFallback; memhash32Fallback and memhash64Fallback
 * equal memhashFallback(p, seed, 4) and (p, seed, 8) in both go1.15 and go1.19.
 */
class Fallback64 implements RawHash {
  hi = 0;
  private readonly f: typeof memhashFallback64Go115;
  private readonly fv: typeof memhashFallback64Go115v;
  constructor(private readonly hk: Uint32Array, profile: Profile) {
    this.f = profile === 'go1.15' ? memhashFallback64Go115 : memhashFallback64Go119;
    this.fv = profile === 'go1.15' ? memhashFallback64Go115v : memhashFallback64Go119v;
  }
  memhash(b: Uint8Array, p: number, n: number, seedLo: number, seedHi: number): number {
    const r = this.f(this.hk, b, p, n, seedLo, seedHi);
    this.hi = fbmod.lastHi();
    return r;
  }
  memhash32(b: Uint8Array, p: number, seedLo: number, seedHi: number): number {
    return this.memhash32v(rd32(b, p), seedLo, seedHi) >>> 0;
  }
  memhash64(b: Uint8Array, p: number, seedLo: number, seedHi: number): number {
    return this.memhash64v(rd32(b, p), rd32(b, p + 4), seedLo, seedHi) >>> 0;
  }
  memhash32v(v: number, seedLo: number, seedHi: number): number {
    const r = this.fv(this.hk, 4, v, 0, seedLo, seedHi);
    this.hi = fbmod.lastHi();
    return r | 0;
  }
  memhash64v(lo: number, hi: number, seedLo: number, seedHi: number): number {
    const r = this.fv(this.hk, 8, lo, hi, seedLo, seedHi);
    this.hi = fbmod.lastHi();
    return r | 0;
  }
}

/**
 * 386, fallback: hash32.go memhashFallback; memhash32Fallback and memhash64Fallback
 * equal memhashFallback(p, seed, 4) and (p, seed, 8) in both go1.15 and go1.19.
 */
class Fallback32 implements RawHash {
  hi = 0;
  private readonly f: typeof memhashFallback32Go115;
  private readonly fv: typeof memhashFallback32Go115v;
  constructor(private readonly hk: Uint32Array, profile: Profile) {
    this.f = profile === 'go1.15' ? memhashFallback32Go115 : memhashFallback32Go119;
    this.fv = profile === 'go1.15' ? memhashFallback32Go115v : memhashFallback32Go119v;
  }
  memhash(b: Uint8Array, p: number, n: number, seedLo: number, _seedHi: number): number {
    return this.f(this.hk, b, p, n, seedLo >>> 0);
  }
  memhash32(b: Uint8Array, p: number, seedLo: number, seedHi: number): number {
    return this.memhash32v(rd32(b, p), seedLo, seedHi) >>> 0;
  }
  memhash64(b: Uint8Array, p: number, seedLo: number, seedHi: number): number {
    return this.memhash64v(rd32(b, p), rd32(b, p + 4), seedLo, seedHi) >>> 0;
  }
  memhash32v(v: number, seedLo: number, _seedHi: number): number {
    return this.fv(this.hk, 4, v, 0, seedLo >>> 0) | 0;
  }
  memhash64v(lo: number, hi: number, seedLo: number, _seedHi: number): number {
    return this.fv(this.hk, 8, lo, hi, seedLo >>> 0) | 0;
  }
}

export function makeRawHash(arch: ArchName, profile: Profile, family: HashFamily,
  aeskeysched: Uint8Array /* 128 bytes amd64, 64 on 386 */,
  hashkey: Uint32Array /* 8 words: [lo0,hi0,lo1,hi1,lo2,hi2,lo3,hi3]; on 386 only the lo words are used */): RawHash {
  if (family === 'aes') {
    const want = hashRandomBytes(arch);
    if (aeskeysched.length !== want) {
      throw new Error(`aeskeysched for ${arch} must be ${want} bytes, got ${aeskeysched.length}`);
    }
    const ks = keyschedLanes(aeskeysched);
    return arch === 'amd64' ? new AesAmd64(ks) : new Aes386(ks, profile === 'go1.15');
  }
  if (hashkey.length !== 8) throw new Error(`hashkey must be 8 uint32 words, got ${hashkey.length}`);
  const hk = new Uint32Array(hashkey);
  if (arch === '386') for (let i = 1; i < 8; i += 2) hk[i] = 0;
  return arch === 'amd64' ? new Fallback64(hk, profile) : new Fallback32(hk, profile);
}

/**
 * Deterministic key material from a seed string (for emulator runs with no recorded seeds):
 * aes -> random aeskeysched, hashkey zero; fallback -> random odd hashkey (alginit ORs each
 * word with 1), aeskeysched zero. This mirrors what runtime/alg.go alginit leaves behind.
 */
export function randomSeeds(arch: ArchName, family: HashFamily, seed: string): { aeskeysched: Uint8Array; hashkey: Uint32Array } {
  const rng = seedrandom(seed);
  const aeskeysched = new Uint8Array(hashRandomBytes(arch));
  const hashkey = new Uint32Array(8);
  if (family === 'aes') {
    for (let i = 0; i < aeskeysched.length; i += 4) {
      const w = rng.int32();
      aeskeysched[i] = w & 0xff;
      aeskeysched[i + 1] = (w >>> 8) & 0xff;
      aeskeysched[i + 2] = (w >>> 16) & 0xff;
      aeskeysched[i + 3] = (w >>> 24) & 0xff;
    }
  } else {
    for (let i = 0; i < 4; i++) {
      hashkey[2 * i] = (rng.int32() | 1) >>> 0;
      hashkey[2 * i + 1] = arch === 'amd64' ? rng.int32() >>> 0 : 0;
    }
  }
  return { aeskeysched, hashkey };
}
