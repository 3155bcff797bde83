// Go 1.22+'s internal/chacha8rand (the runtime's rand() source), transliterated:
//   internal/chacha8rand/chacha8.go          State, Next, Init, Init64, Refill, Reseed
//   internal/chacha8rand/chacha8_generic.go  setup, block_generic, qr
// The algorithm and the buffer layout are byte-for-byte the same in 1.22.12, 1.23.5, 1.24.4 and
// 1.25.x (their diffs are only internal/byteorder renames and comments; see docs/releases-classic.md).
// amd64 runs chacha8_amd64.s instead of block_generic; the package's TestBlockGeneric asserts both
// produce the same buffer, and the vectors in fixtures/chacha8 come from real Go on amd64 and 386.
//
// 32-bit lanes only (no BigInt): a uint64 is two uint32 halves. Go's `buf [32]uint64` is kept as a
// Uint32Array(64) in little-endian order (buf[k] = lo word 2k, hi word 2k+1), which is exactly the
// `(*[16][4]uint32)(unsafe.Pointer(buf))` view block_generic writes through: b[r][lane] = word 4r+lane.
// 64-bit results: the low half is returned, the high half is left in `hi`.
//
// Runtime use (runtime/rand.go (1.22)): rand() is `for { x, ok := c.Next(); if ok { return x };
// c.Refill() }` on the per-M state (m.chacha8); every map draw site in 1.22..1.25 noswiss calls
// rand() (never cheaprand) and keeps uint32(rand()) or uintptr(rand()).

// "expand 32-byte k" (chacha8_generic.go setup).
const K0 = 0x61707865, K1 = 0x3320646e, K2 = 0x79622d32, K3 = 0x6b206574;

// chacha8.go constants.
const ctrInc = 4; // increment counter by 4 between block calls
const ctrMax = 16; // reseed when counter reaches 16
const chunk = 32; // each chunk produced by block is 32 uint64s
const reseed = 4; // reseed with 4 words

/**
 * chacha8_generic.go block_generic(seed, buf, counter): fills buf (64 uint32 words = [32]uint64)
 * from seed (8 uint32 words = [4]uint64, lo/hi) and the block counter. Includes setup().
 */
export function block(seed: Uint32Array, buf: Uint32Array, counter: number): void {
  // setup: b[r][i] for r = 0..15, lane i = 0..3, at buf[4r+i]; computed in the lane loop below.
  for (let i = 0; i < 4; i++) {
    // Load block i from b[*][i] (setup's values: constants, seed words, counter+i, zeros).
    let b0 = K0, b1 = K1, b2 = K2, b3 = K3;
    const s4 = seed[0], s5 = seed[1], s6 = seed[2], s7 = seed[3];
    const s8 = seed[4], s9 = seed[5], s10 = seed[6], s11 = seed[7];
    let b4 = s4, b5 = s5, b6 = s6, b7 = s7, b8 = s8, b9 = s9, b10 = s10, b11 = s11;
    let b12 = (counter + i) | 0, b13 = 0, b14 = 0, b15 = 0;

    // 4 iterations of eight quarter-rounds each is 8 rounds (qr inlined: a += b; d ^= a; d <<<= 16;
    // c += d; b ^= c; b <<<= 12; a += b; d ^= a; d <<<= 8; c += d; b ^= c; b <<<= 7).
    for (let round = 0; round < 4; round++) {
      // b0, b4, b8, b12 = qr(b0, b4, b8, b12)
      b0 = (b0 + b4) | 0; b12 ^= b0; b12 = (b12 << 16) | (b12 >>> 16);
      b8 = (b8 + b12) | 0; b4 ^= b8; b4 = (b4 << 12) | (b4 >>> 20);
      b0 = (b0 + b4) | 0; b12 ^= b0; b12 = (b12 << 8) | (b12 >>> 24);
      b8 = (b8 + b12) | 0; b4 ^= b8; b4 = (b4 << 7) | (b4 >>> 25);
      // b1, b5, b9, b13 = qr(b1, b5, b9, b13)
      b1 = (b1 + b5) | 0; b13 ^= b1; b13 = (b13 << 16) | (b13 >>> 16);
      b9 = (b9 + b13) | 0; b5 ^= b9; b5 = (b5 << 12) | (b5 >>> 20);
      b1 = (b1 + b5) | 0; b13 ^= b1; b13 = (b13 << 8) | (b13 >>> 24);
      b9 = (b9 + b13) | 0; b5 ^= b9; b5 = (b5 << 7) | (b5 >>> 25);
      // b2, b6, b10, b14 = qr(b2, b6, b10, b14)
      b2 = (b2 + b6) | 0; b14 ^= b2; b14 = (b14 << 16) | (b14 >>> 16);
      b10 = (b10 + b14) | 0; b6 ^= b10; b6 = (b6 << 12) | (b6 >>> 20);
      b2 = (b2 + b6) | 0; b14 ^= b2; b14 = (b14 << 8) | (b14 >>> 24);
      b10 = (b10 + b14) | 0; b6 ^= b10; b6 = (b6 << 7) | (b6 >>> 25);
      // b3, b7, b11, b15 = qr(b3, b7, b11, b15)
      b3 = (b3 + b7) | 0; b15 ^= b3; b15 = (b15 << 16) | (b15 >>> 16);
      b11 = (b11 + b15) | 0; b7 ^= b11; b7 = (b7 << 12) | (b7 >>> 20);
      b3 = (b3 + b7) | 0; b15 ^= b3; b15 = (b15 << 8) | (b15 >>> 24);
      b11 = (b11 + b15) | 0; b7 ^= b11; b7 = (b7 << 7) | (b7 >>> 25);

      // b0, b5, b10, b15 = qr(b0, b5, b10, b15)
      b0 = (b0 + b5) | 0; b15 ^= b0; b15 = (b15 << 16) | (b15 >>> 16);
      b10 = (b10 + b15) | 0; b5 ^= b10; b5 = (b5 << 12) | (b5 >>> 20);
      b0 = (b0 + b5) | 0; b15 ^= b0; b15 = (b15 << 8) | (b15 >>> 24);
      b10 = (b10 + b15) | 0; b5 ^= b10; b5 = (b5 << 7) | (b5 >>> 25);
      // b1, b6, b11, b12 = qr(b1, b6, b11, b12)
      b1 = (b1 + b6) | 0; b12 ^= b1; b12 = (b12 << 16) | (b12 >>> 16);
      b11 = (b11 + b12) | 0; b6 ^= b11; b6 = (b6 << 12) | (b6 >>> 20);
      b1 = (b1 + b6) | 0; b12 ^= b1; b12 = (b12 << 8) | (b12 >>> 24);
      b11 = (b11 + b12) | 0; b6 ^= b11; b6 = (b6 << 7) | (b6 >>> 25);
      // b2, b7, b8, b13 = qr(b2, b7, b8, b13)
      b2 = (b2 + b7) | 0; b13 ^= b2; b13 = (b13 << 16) | (b13 >>> 16);
      b8 = (b8 + b13) | 0; b7 ^= b8; b7 = (b7 << 12) | (b7 >>> 20);
      b2 = (b2 + b7) | 0; b13 ^= b2; b13 = (b13 << 8) | (b13 >>> 24);
      b8 = (b8 + b13) | 0; b7 ^= b8; b7 = (b7 << 7) | (b7 >>> 25);
      // b3, b4, b9, b14 = qr(b3, b4, b9, b14)
      b3 = (b3 + b4) | 0; b14 ^= b3; b14 = (b14 << 16) | (b14 >>> 16);
      b9 = (b9 + b14) | 0; b4 ^= b9; b4 = (b4 << 12) | (b4 >>> 20);
      b3 = (b3 + b4) | 0; b14 ^= b3; b14 = (b14 << 8) | (b14 >>> 24);
      b9 = (b9 + b14) | 0; b4 ^= b9; b4 = (b4 << 7) | (b4 >>> 25);
    }

    // Store block i back into b[*][i]. b4..b11 are added back to the key material;
    // b0..b3 and b12..b15 are stored as they are (chacha8_generic.go).
    buf[i] = b0; buf[4 + i] = b1; buf[8 + i] = b2; buf[12 + i] = b3;
    buf[16 + i] = b4 + s4; buf[20 + i] = b5 + s5; buf[24 + i] = b6 + s6; buf[28 + i] = b7 + s7;
    buf[32 + i] = b8 + s8; buf[36 + i] = b9 + s9; buf[40 + i] = b10 + s10; buf[44 + i] = b11 + s11;
    buf[48 + i] = b12; buf[52 + i] = b13; buf[56 + i] = b14; buf[60 + i] = b15;
  }
}

/** chacha8.go State: buf [32]uint64, seed [4]uint64, i, n, c uint32. */
export class State {
  /** buf [32]uint64 as 64 little-endian uint32 words. */
  readonly buf = new Uint32Array(64);
  /** seed [4]uint64 as 8 uint32 words (lo0, hi0, ..., lo3, hi3). */
  readonly seed = new Uint32Array(8);
  i = 0;
  n = 0;
  c = 0;
  /** High 32 bits of the last value returned by next() (when ok) or rand(). */
  hi = 0;
  /** Whether the last next() had a value (Go's second result). */
  ok = false;

  /**
   * chacha8.go (*State).Next() (uint64, bool): returns the low half (hi in this.hi) and sets
   * this.ok; when no value is available returns 0 with ok = false.
   */
  next(): number {
    const i = this.i;
    if (i >= this.n) {
      this.ok = false;
      this.hi = 0;
      return 0;
    }
    this.i = i + 1;
    this.ok = true;
    const k = (i & 31) << 1; // i&31 eliminates bounds check
    this.hi = this.buf[k + 1];
    return this.buf[k];
  }

  /** chacha8.go (*State).Init(seed [32]byte): four little-endian uint64 words. */
  init(seed: Uint8Array): void {
    if (seed.length !== 32) throw new Error(`chacha8rand: Init seed must be 32 bytes, got ${seed.length}`);
    const w = new Uint32Array(8);
    for (let j = 0; j < 8; j++) {
      w[j] = (seed[4 * j] | (seed[4 * j + 1] << 8) | (seed[4 * j + 2] << 16) | (seed[4 * j + 3] << 24)) >>> 0;
    }
    this.init64(w);
  }

  /** chacha8.go (*State).Init64(seed [4]uint64), seed as 8 uint32 words (lo0, hi0, ...). */
  init64(seed: ArrayLike<number>): void {
    for (let j = 0; j < 8; j++) this.seed[j] = seed[j] >>> 0;
    block(this.seed, this.buf, 0);
    this.c = 0;
    this.i = 0;
    this.n = chunk;
  }

  /** chacha8.go (*State).Refill(). */
  refill(): void {
    this.c += ctrInc;
    if (this.c === ctrMax) {
      // Reseed with generated uint64s for forward secrecy (buf[28..31]).
      for (let j = 0; j < 2 * reseed; j++) this.seed[j] = this.buf[2 * (chunk - reseed) + j];
      this.c = 0;
    }
    block(this.seed, this.buf, this.c);
    this.i = 0;
    this.n = chunk;
    if (this.c === ctrMax - ctrInc) {
      this.n = chunk - reseed;
    }
  }

  /** chacha8.go (*State).Reseed(): Init64 from the next four values. */
  reseed(): void {
    const seed = new Uint32Array(8);
    for (let j = 0; j < 4; j++) {
      for (;;) {
        const lo = this.next();
        if (this.ok) {
          seed[2 * j] = lo;
          seed[2 * j + 1] = this.hi;
          break;
        }
        this.refill();
      }
    }
    this.init64(seed);
  }

  /**
   * runtime/rand.go (1.22..1.25) rand() uint64 on this state (`x, ok := c.Next(); if ok { return x };
   * c.Refill()`), also math/rand/v2 (*ChaCha8).Uint64. Low half returned, high half in this.hi.
   */
  rand(): number {
    for (;;) {
      const lo = this.next();
      if (this.ok) return lo;
      this.refill();
    }
  }

  /** runtime/rand.go rand32(): uint32(rand()), one 64-bit draw. */
  rand32(): number {
    return this.rand();
  }
}

/**
 * runtime/rand.go (1.22) mrandinit(mp), given the four bootstrapRand() words it draws (as 8 uint32
 * halves): `mp.chacha8.Init64(seed); mp.cheaprand = rand()`. So the M's first rand() output goes to
 * cheaprand and the first value a map sees is the second. Returns the new state; cheaprand's value
 * (as [lo, hi]) is left in `cheaprand`.
 */
export function mrandinit(bootstrap: ArrayLike<number>): { state: State; cheaprand: [number, number] } {
  const state = new State();
  state.init64(bootstrap);
  const lo = state.rand();
  return { state, cheaprand: [lo, state.hi] };
}
