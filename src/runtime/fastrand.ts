// Go's per-M fastrand, per profile and arch:
//   go1.15 (1.14..1.17): runtime/stubs.go fastrand, xorshift64+ on m.fastrand [2]uint32 (all arches);
//                        fastrandn; no fastrand64.
//   go1.19 (1.18+):      runtime/stubs.go fastrand on m.fastrand uint64: wyrand on amd64,
//                        the same xorshift64+ on its two uint32 halves on 386; fastrandn; fastrand64.
// Seeding follows runtime/proc.go mcommoninit (lo, hi; if both are 0, hi = 1) with the two
// halves drawn from seedrandom(seed) instead of int64Hash(m.id / cputicks, fastrandseed).
// The state is (lo, hi) = (m.fastrand[0], m.fastrand[1]); in 1.19 (little endian) that is
// the low and high half of the uint64.

import seedrandom from 'seedrandom';
import { ArchName, Profile } from '../arch';
import * as fb from './hash/fallback';

// 0xa0761d6478bd642f and 0xe7037ed1a0b428db (runtime/stubs.go (1.19) fastrand) as (lo, hi).
const WY_ADD_LO = 0x78bd642f, WY_ADD_HI = 0xa0761d64;
const WY_XOR_LO = 0xa0b428db, WY_XOR_HI = 0xe7037ed1;

export class FastRand {
  /** m.fastrand[0] (go1.19: low half of the uint64 state). */
  lo = 0;
  /** m.fastrand[1] (go1.19: high half of the uint64 state). */
  hi = 1;
  /** High 32 bits of the last fastrand64() result. */
  fastrand64Hi = 0;
  private readonly wyrand: boolean;

  constructor(readonly arch: ArchName, readonly profile: Profile, seed: string) {
    this.wyrand = profile === 'go1.19' && arch === 'amd64';
    const rng = seedrandom(seed);
    const lo = rng.int32() >>> 0;
    let hi = rng.int32() >>> 0;
    // runtime/proc.go mcommoninit: if lo|hi == 0 { hi = 1 }
    if ((lo | hi) === 0) hi = 1;
    this.lo = lo;
    this.hi = hi;
  }

  /** Sets the raw state (m.fastrand[0], m.fastrand[1]); no zero check, like writing m.fastrand. */
  setState(lo: number, hi: number): void {
    this.lo = lo >>> 0;
    this.hi = hi >>> 0;
  }

  /** runtime/stubs.go fastrand() uint32. */
  fastrand(): number {
    if (this.wyrand) {
      // mp.fastrand += 0xa0761d6478bd642f; hi, lo := math.Mul64(mp.fastrand, mp.fastrand^0xe7037ed1a0b428db); return uint32(hi ^ lo)
      this.wyStep();
      return fb.mix(this.lo, this.hi, this.lo ^ WY_XOR_LO, this.hi ^ WY_XOR_HI);
    }
    return this.xorshift();
  }

  /**
   * runtime/stubs.go (1.19) fastrand64() uint64: returns the low 32 bits, the high 32 bits in
   * this.fastrand64Hi. On 386 it is two xorshift steps, r = first | second<<32.
   * Go 1.14..1.17 have no fastrand64 (mapiterinit uses fastrand()+fastrand()<<31 there).
   */
  fastrand64(): number {
    if (this.profile === 'go1.15') throw new Error('runtime.fastrand64 does not exist in go1.15');
    if (this.wyrand) {
      this.wyStep();
      const lo = fb.mix(this.lo, this.hi, this.lo ^ WY_XOR_LO, this.hi ^ WY_XOR_HI);
      this.fastrand64Hi = fb.lastHi();
      return lo;
    }
    const lo = this.xorshift();
    this.fastrand64Hi = this.xorshift();
    return lo;
  }

  /** runtime/stubs.go fastrandn(n uint32) uint32 = uint32(uint64(fastrand()) * uint64(n) >> 32). */
  fastrandn(n: number): number {
    fb.mulu32(this.fastrand(), n >>> 0);
    return fb.lastHi();
  }

  private wyStep(): void {
    const l = this.lo + WY_ADD_LO;
    this.lo = l >>> 0;
    this.hi = (this.hi + WY_ADD_HI + (l > 0xffffffff ? 1 : 0)) >>> 0;
  }

  /** xorshift64+: s1, s0 := t[0], t[1]; s1 ^= s1<<17; s1 = s1^s0^s1>>7^s0>>16; t = s0, s1; return s0+s1. */
  private xorshift(): number {
    let s1 = this.lo;
    const s0 = this.hi;
    s1 ^= s1 << 17;
    s1 = s1 ^ s0 ^ (s1 >>> 7) ^ (s0 >>> 16);
    this.lo = s0;
    this.hi = s1 >>> 0;
    return (s0 + s1) >>> 0;
  }
}
