// Ports of Go 1.19's runtime/hash_test.go (the same tests exist in Go 1.15) to goemu's raw hash
// functions (src/runtime/hash), on amd64 and 386, go1.15 and go1.19, aes and fallback. Each `it` is
// named after the Go test it ports; what is asserted is what the Go test asserts.
//
// Go's tests draw their bytes from math/rand seeded with 1234; these draw from an xorshift32
// seeded with 1234: different bytes, the same property. Under AES, Go skips the MemHash{32,64}Equality tests
// (`if *UseAeshash { t.Skip(...) }`); so do these. The Smhasher tests run in Go's -short sizes.

import { expect } from 'chai';
import { CONFIGS, Cfg, cfgName } from './go_helpers';
import { createRuntime } from '../src/runtime/create';
import { RawHash } from '../src/runtime/runtime';

/** A small fast PRNG (Marsaglia's xorshift32): uniform numbers in [0, 1). */
function xorshift(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 2 ** 32;
  };
}

/** A uintptr hash as a string key (hi:lo on amd64, lo on 386). */
function full(h: RawHash, lo: number, P: number): string {
  return P === 8 ? `${h.hi >>> 0}:${lo >>> 0}` : String(lo >>> 0);
}

/** runtime_test.HashSet: a set of hashes that checks its collision count against chance. */
class HashSet {
  readonly m = new Set<string>();
  n = 0;
  constructor(readonly hashSize: number) {}
  add(h: string): void {
    this.m.add(h);
    this.n++;
  }
  check(): void {
    const SLOP = 50.0;
    const collisions = this.n - this.m.size;
    const pairs = this.n * (this.n - 1) / 2;
    const expected = pairs / 2 ** this.hashSize;
    const stddev = Math.sqrt(expected);
    const threshold = expected + SLOP * (3 * stddev + 1);
    expect(collisions, `unexpected number of collisions: got=${collisions} mean=${expected} stddev=${stddev} threshold=${threshold}`)
      .to.be.at.most(threshold);
  }
}

function ports(cfg: Cfg): void {
  const rt = createRuntime(cfg.arch, cfg.go, cfg.hash, 'go-hash-test');
  const h = rt.hash;
  const P = rt.ptrSize;
  const hashSize = 8 * P;
  /** BytesHash(b[off:off+n], seed 0) / StringHash(s, 0): memhash(p, 0, n) */
  const bytesHash = (b: Uint8Array, off: number, n: number): string => full(h, h.memhash(b, off, n, 0, 0), P);

  const randBytes = (r: () => number, b: Uint8Array): void => {
    for (let i = 0; i < b.length; i += 4) {
      const x = Math.floor(r() * 2 ** 32);
      for (let j = 0; j < 4 && i + j < b.length; j++) b[i + j] = (x >>> (8 * j)) & 0xff;
    }
  };
  /** uintptr(r.Uint64()): two 32-bit halves (the high one dropped on 386) */
  const randSeed = (r: () => number): [number, number] => {
    const lo = Math.floor(r() * 2 ** 32) >>> 0;
    const hi = Math.floor(r() * 2 ** 32) >>> 0;
    return [lo, P === 8 ? hi : 0];
  };

  it('TestMemHash32Equality', function () {
    if (cfg.hash === 'aes') this.skip(); // skipping since AES hash implementation is used
    const b = new Uint8Array(4);
    const r = xorshift(1234);
    const [slo, shi] = randSeed(r);
    for (let i = 0; i < 100; i++) {
      randBytes(r, b);
      const got = full(h, h.memhash32(b, 0, slo, shi), P);
      const want = full(h, h.memhash(b, 0, 4, slo, shi), P);
      expect(got, `MemHash32(${Buffer.from(b).toString('hex')}, ${slo}/${shi})`).to.equal(want);
    }
  });

  it('TestMemHash64Equality', function () {
    if (cfg.hash === 'aes') this.skip(); // skipping since AES hash implementation is used
    const b = new Uint8Array(8);
    const r = xorshift(1234);
    const [slo, shi] = randSeed(r);
    for (let i = 0; i < 100; i++) {
      randBytes(r, b);
      const got = full(h, h.memhash64(b, 0, slo, shi), P);
      const want = full(h, h.memhash(b, 0, 8, slo, shi), P);
      expect(got, `MemHash64(${Buffer.from(b).toString('hex')}, ${slo}/${shi})`).to.equal(want);
    }
  });

  it('TestSmhasherSanity', () => {
    // hash should not depend on values outside key.
    // hash should not depend on alignment.
    const r = xorshift(1234);
    const REP = 10, KEYMAX = 128, PAD = 16, OFFMAX = 16;
    const b = new Uint8Array(KEYMAX + OFFMAX + 2 * PAD);
    const c = new Uint8Array(KEYMAX + OFFMAX + 2 * PAD);
    for (let k = 0; k < REP; k++) {
      for (let n = 0; n < KEYMAX; n++) {
        for (let i = 0; i < OFFMAX; i++) {
          randBytes(r, b);
          randBytes(r, c);
          c.set(b.subarray(PAD, PAD + n), PAD + i);
          if (bytesHash(b, PAD, n) !== bytesHash(c, PAD + i, n)) {
            expect.fail(`hash depends on bytes outside key (n=${n}, offset ${i})`);
          }
        }
      }
    }
  });

  it('TestSmhasherAppendedZeros', () => {
    // a string plus adding zeros must make distinct hashes
    const s = new Uint8Array(5 + 256);
    s.set(Buffer.from('hello'));
    const hs = new HashSet(hashSize);
    for (let i = 0; i <= s.length; i++) hs.add(bytesHash(s, 0, i));
    hs.check();
  });

  it('TestSmhasherSmallKeys', () => {
    // All 0-3 byte strings have distinct hashes. (-short: up to 2 bytes)
    const hs = new HashSet(hashSize);
    const b = new Uint8Array(3);
    for (let i = 0; i < 256; i++) {
      b[0] = i;
      hs.add(bytesHash(b, 0, 1));
      for (let j = 0; j < 256; j++) {
        b[1] = j;
        hs.add(bytesHash(b, 0, 2));
      }
    }
    hs.check();
  });

  it('TestSmhasherZeros', () => {
    // Different length strings of all zeros have distinct hashes. (-short: N = 1024)
    const N = 1024;
    const hs = new HashSet(hashSize);
    const b = new Uint8Array(N);
    for (let i = 0; i <= N; i++) hs.add(bytesHash(b, 0, i));
    hs.check();
  });
}

describe('Go runtime/hash_test.go', () => {
  for (const cfg of CONFIGS) {
    describe(cfgName(cfg), () => ports(cfg));
  }
});
