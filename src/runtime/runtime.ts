// One emulated Go process: its address space, heap, hash keys and random source.
//
// Everything the map code touches hangs off a GoRuntime, so two runtimes (amd64 and 386, say) can
// live side by side in one JS process.

import { Arch, Profile, HashFamily } from '../arch';
import { Memory } from '../mem/memory';
import { Heap } from '../mem/heap';

/** The raw hash entry points of one process (implemented in ./hash). */
export interface RawHash {
  /** High 32 bits of the last result (amd64); 0 on 386. */
  hi: number;
  memhash(b: Uint8Array, p: number, n: number, seedLo: number, seedHi: number): number;
  memhash32(b: Uint8Array, p: number, seedLo: number, seedHi: number): number;
  memhash64(b: Uint8Array, p: number, seedLo: number, seedHi: number): number;
}

/** Go's fastrand generator of one M (implemented in ./fastrand). */
export interface FastRandGen {
  fastrand(): number;
  /** go1.19 fastrand64: low 32 bits returned, high 32 bits in `fastrand64Hi`. */
  fastrand64(): number;
  fastrand64Hi: number;
}

/** Why the runtime draws a random number: replay feeds recorded values to the first two. */
export const enum Draw {
  /** h.hash0 = fastrand() in makemap, makemap_small, mapdelete/mapclear reseeds (go1.19). */
  Hash0 = 0,
  /** mapiterinit's start: r := fastrand() (and the second draw for B > 28). */
  IterStart = 1,
  /** Any other draw: NaN hashes (f32hash/f64hash), incrnoverflow for B >= 16. */
  Other = 2,
}

/**
 * The random source the map code draws from. Without recorded values it is Go's fastrand on the
 * scenario's seed. A replay feeds the values real Go drew (hash0 at make and reseeds, iterator
 * starts) so that the emulator draws exactly the same where the runtime draws them.
 */
export class RandSource {
  readonly gen: FastRandGen;
  private hash0Fed = false;
  private hash0Val = 0;
  private iterFed = 0; // number of fed iterator draws left (2 for the B > 28 pair)
  private iterVal = 0;
  hi = 0;

  constructor(gen: FastRandGen) {
    this.gen = gen;
  }

  /** Feeds the next Hash0 draw. */
  feedHash0(v: number): void {
    this.hash0Fed = true;
    this.hash0Val = v >>> 0;
  }
  /** Feeds the next IterStart draw: r as mapiterinit will read it (bucket | offset<<B). */
  feedIterStart(r: number): void {
    this.iterFed = 2;
    this.iterVal = r >>> 0;
  }
  /** Drops whatever was fed and not drawn (end of an op). */
  clearFeed(): void {
    this.hash0Fed = false;
    this.iterFed = 0;
  }

  /** runtime.fastrand */
  fastrand(draw: Draw): number {
    if (draw === Draw.Hash0 && this.hash0Fed) {
      this.hash0Fed = false;
      return this.hash0Val;
    }
    if (draw === Draw.IterStart && this.iterFed > 0) {
      // The first draw carries r; the second (B > 28 only) adds nothing.
      const v = this.iterFed === 2 ? this.iterVal : 0;
      this.iterFed--;
      return v;
    }
    return this.gen.fastrand() >>> 0;
  }

  /** runtime.fastrand64 (go1.19): low half returned, high half in `hi`. */
  fastrand64(draw: Draw): number {
    if (draw === Draw.IterStart && this.iterFed > 0) {
      this.iterFed = 0;
      this.hi = 0;
      return this.iterVal;
    }
    const lo = this.gen.fastrand64() >>> 0;
    this.hi = this.gen.fastrand64Hi >>> 0;
    return lo;
  }
}

export class GoRuntime {
  readonly arch: Arch;
  readonly profile: Profile;
  readonly family: HashFamily;
  readonly ptrSize: 4 | 8;
  readonly mem: Memory;
  readonly heap: Heap;
  readonly hash: RawHash;
  readonly rand: RandSource;
  /** runtime.aeskeysched (128 bytes on amd64, 64 on 386); zero under the fallback family. */
  readonly aeskeysched: Uint8Array;
  /** runtime.hashkey as 8 words [lo0,hi0,…,lo3,hi3]; zero under AES. */
  readonly hashkey: Uint32Array;

  constructor(opts: {
    arch: Arch; profile: Profile; family: HashFamily; hash: RawHash; gen: FastRandGen;
    aeskeysched: Uint8Array; hashkey: Uint32Array;
  }) {
    this.arch = opts.arch;
    this.profile = opts.profile;
    this.family = opts.family;
    this.ptrSize = opts.arch.ptrSize;
    this.mem = new Memory(opts.arch);
    this.heap = new Heap(this.mem, opts.profile);
    this.hash = opts.hash;
    this.rand = new RandSource(opts.gen);
    this.aeskeysched = opts.aeskeysched;
    this.hashkey = opts.hashkey;
  }

  /** runtime.fastrand */
  fastrand(draw: Draw): number {
    return this.rand.fastrand(draw);
  }
}
