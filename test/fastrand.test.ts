// fastrand: (1) replays fixtures/hash/fastrand-<profile>-<arch>.json, written by
// scripts/hashvec.sh from the REAL runtime.fastrand / fastrandn / fastrand64 of Go 1.15.15
// and Go 1.19.8 after hand-setting m0.fastrand; (2) cross-checks long runs from random
// states against an independent BigInt transliteration of runtime/stubs.go (tests only).

import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import { ArchName, Profile } from '../src/arch';
import { FastRand } from '../src/runtime/fastrand';

interface StateVec {
  lo: string;
  hi: string;
  fastrand: string[];
  afterLo: string;
  afterHi: string;
  fastrandn: string[];
  fastrand64?: string[];
  mixed?: string[];
}
interface Fixture {
  generator: string;
  goVersion: string;
  goarch: string;
  algorithm: string;
  hasFastrand64: boolean;
  fastrandnArgs: number[];
  states: StateVec[];
}

function fixturesDir(): string {
  for (const start of [__dirname, process.cwd()]) {
    let d = start;
    for (let i = 0; i < 5; i++) {
      const c = path.join(d, 'fixtures', 'hash');
      if (fs.existsSync(c)) return c;
      d = path.dirname(d);
    }
  }
  throw new Error(`fixtures/hash not found above ${__dirname} or ${process.cwd()}`);
}

const h32 = (x: number): string => (x >>> 0).toString(16).padStart(8, '0');

const CONFIGS: [Profile, ArchName][] = [['go1.15', 'amd64'], ['go1.15', '386'], ['go1.19', 'amd64'], ['go1.19', '386']];

describe('fastrand vs the real runtime (hand-set m0.fastrand)', () => {
  for (const [profile, arch] of CONFIGS) {
    const name = `fastrand-${profile}-${arch}.json`;
    it(name, () => {
      const fx: Fixture = JSON.parse(fs.readFileSync(path.join(fixturesDir(), name), 'utf8'));
      expect(fx.goVersion.startsWith(profile + '.')).to.equal(true);
      expect(fx.goarch).to.equal(arch);
      expect(fx.algorithm).to.equal(profile === 'go1.19' && arch === 'amd64' ? 'wyrand' : 'xorshift64+');
      expect(fx.hasFastrand64).to.equal(profile === 'go1.19');
      const r = new FastRand(arch, profile, 'unused');
      for (const s of fx.states) {
        const lo = parseInt(s.lo, 16), hi = parseInt(s.hi, 16);
        const where = `${name} state lo=${s.lo} hi=${s.hi}`;
        r.setState(lo, hi);
        expect(s.fastrand.map(() => h32(r.fastrand())), `${where} fastrand`).to.deep.equal(s.fastrand);
        expect([h32(r.lo), h32(r.hi)], `${where} state after`).to.deep.equal([s.afterLo, s.afterHi]);
        r.setState(lo, hi);
        expect(fx.fastrandnArgs.map((n) => h32(r.fastrandn(n))), `${where} fastrandn`).to.deep.equal(s.fastrandn);
        if (profile === 'go1.19') {
          r.setState(lo, hi);
          const got64 = s.fastrand64!.map(() => {
            const l = r.fastrand64();
            return h32(r.fastrand64Hi) + h32(l);
          });
          expect(got64, `${where} fastrand64`).to.deep.equal(s.fastrand64);
          r.setState(lo, hi);
          const mixed = s.mixed!.map((_, j) => {
            if (j % 2 === 0) return '00000000' + h32(r.fastrand());
            const l = r.fastrand64();
            return h32(r.fastrand64Hi) + h32(l);
          });
          expect(mixed, `${where} mixed`).to.deep.equal(s.mixed);
        } else {
          expect(() => r.fastrand64()).to.throw();
        }
      }
    });
  }
});

// ---- independent BigInt reference (runtime/stubs.go, tests only) ----

const M32 = 0xffffffffn;
const M64 = 0xffffffffffffffffn;

class RefRand {
  constructor(public t0: bigint, public t1: bigint, private readonly wy: boolean) {}
  private xs(): bigint {
    let s1 = this.t0;
    const s0 = this.t1;
    s1 ^= (s1 << 17n) & M32;
    s1 = s1 ^ s0 ^ (s1 >> 7n) ^ (s0 >> 16n);
    this.t0 = s0;
    this.t1 = s1;
    return (s0 + s1) & M32;
  }
  private wyr(): bigint {
    let st = ((this.t1 << 32n) | this.t0) + 0xa0761d6478bd642fn;
    st &= M64;
    this.t0 = st & M32;
    this.t1 = st >> 32n;
    const p = st * (st ^ 0xe7037ed1a0b428dbn);
    return (p >> 64n) ^ (p & M64);
  }
  fastrand(): bigint {
    return this.wy ? this.wyr() & M32 : this.xs();
  }
  fastrand64(): bigint {
    if (this.wy) return this.wyr();
    const a = this.xs();
    return a | (this.xs() << 32n);
  }
}

describe('fastrand vs a BigInt transliteration of runtime/stubs.go', () => {
  for (const [profile, arch] of CONFIGS) {
    it(`${profile}/${arch}: 5 seeds x 2000 draws`, () => {
      for (const seed of ['a', 'b', 'goemu', '', 'xyzzy']) {
        const r = new FastRand(arch, profile, seed);
        const ref = new RefRand(BigInt(r.lo), BigInt(r.hi), profile === 'go1.19' && arch === 'amd64');
        for (let i = 0; i < 2000; i++) {
          const k = i % 3;
          if (k === 1) {
            const n = Math.imul(i, 0x9e3779b1) >>> 0;
            const want = (ref.fastrand() * BigInt(n)) >> 32n;
            expect(r.fastrandn(n), `${seed} #${i} fastrandn(${n})`).to.equal(Number(want));
          } else if (k === 2 && profile === 'go1.19') {
            const want = ref.fastrand64();
            const lo = r.fastrand64();
            expect([lo, r.fastrand64Hi], `${seed} #${i} fastrand64`).to.deep.equal([Number(want & M32), Number(want >> 32n)]);
          } else {
            expect(r.fastrand(), `${seed} #${i} fastrand`).to.equal(Number(ref.fastrand()));
          }
        }
        expect([r.lo, r.hi]).to.deep.equal([Number(ref.t0), Number(ref.t1)]);
      }
    });
  }

  it('seeding is deterministic per seed string and never all-zero', () => {
    const a = new FastRand('amd64', 'go1.19', 's1');
    const b = new FastRand('amd64', 'go1.19', 's1');
    const c = new FastRand('amd64', 'go1.19', 's2');
    expect([a.lo, a.hi]).to.deep.equal([b.lo, b.hi]);
    expect([a.lo, a.hi]).to.not.deep.equal([c.lo, c.hi]);
    expect(a.lo | a.hi).to.not.equal(0);
    const x = new FastRand('386', 'go1.15', 's1');
    expect([x.lo, x.hi]).to.deep.equal([a.lo, a.hi]); // same draws, whatever the generator
  });
});
