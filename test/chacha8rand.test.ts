// chacha8rand: src/runtime/chacha8rand.ts against fixtures/chacha8/vectors.json, written by
// scripts/chacha8vec.sh from REAL Go (math/rand/v2 NewChaCha8 = internal/chacha8rand, the
// runtime's rand() source) of 1.22.12, 1.23.5, 1.24.4 and 1.25.12 on amd64 and 386, and
// against Go's own golden table (internal/chacha8rand/rand_test.go `output`) copied into it.

import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import { State, block } from '../src/runtime/chacha8rand';

interface Fixture {
  producedBy: string[];
  goTestOutput: { seed: string; values: string[] };
  seeds: { seed: string; values: string[] }[];
}

const fixture: Fixture = JSON.parse(fs.readFileSync(
  path.join(__dirname, '..', '..', 'fixtures', 'chacha8', 'vectors.json'), 'utf8'));

function hex64(lo: number, hi: number): string {
  return (hi >>> 0).toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0');
}

function stream(seedHex: string, n: number): string[] {
  const s = new State();
  s.init(Uint8Array.from(Buffer.from(seedHex, 'hex')));
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const lo = s.rand();
    out.push(hex64(lo, s.hi));
  }
  return out;
}

describe('chacha8rand (internal/chacha8rand, Go 1.22+)', () => {
  it('the fixture comes from all eight real runtimes', () => {
    expect(fixture.producedBy).to.have.length(8);
    for (const v of ['go1.22', 'go1.23', 'go1.24', 'go1.25']) {
      for (const a of ['amd64', '386']) {
        expect(fixture.producedBy.some((p) => p.startsWith(v + '.') && p.endsWith('/' + a)), `${v}/${a}`).to.equal(true);
      }
    }
  });

  it("reproduces Go's golden table (rand_test.go output)", () => {
    const g = fixture.goTestOutput;
    expect(g.values.length).to.be.greaterThan(300);
    expect(stream(g.seed, g.values.length)).to.deep.equal(g.values);
  });

  for (const [i, sv] of fixture.seeds.entries()) {
    it(`seed ${i} (${sv.seed.slice(0, 16)}…): ${sv.values.length} values as real Go`, () => {
      expect(stream(sv.seed, sv.values.length)).to.deep.equal(sv.values);
    });
  }

  it('Next runs dry exactly at Go\'s chunk bounds (32, 32, 32, 28 per reseed cycle)', () => {
    const s = new State();
    s.init(new Uint8Array(32));
    const runs: number[] = [];
    for (let r = 0; r < 8; r++) {
      let k = 0;
      for (;;) {
        s.next();
        if (!s.ok) break;
        k++;
      }
      runs.push(k);
      s.refill();
    }
    expect(runs).to.deep.equal([32, 32, 32, 28, 32, 32, 32, 28]);
  });

  it('reseed() = init64 from the next four values', () => {
    const a = new State();
    a.init(Buffer.from(fixture.seeds[3].seed, 'hex'));
    a.reseed();
    // Go: Reseed takes values 0..3 as the new seed; so a.seed == first four outputs.
    const first4 = fixture.seeds[3].values.slice(0, 4);
    const got: string[] = [];
    for (let j = 0; j < 4; j++) got.push(hex64(a.seed[2 * j], a.seed[2 * j + 1]));
    expect(got).to.deep.equal(first4);
    const b = new State();
    b.init64(a.seed);
    expect(hex64(a.rand(), a.hi)).to.equal(hex64(b.rand(), b.hi));
  });

  it('block() writes only the 64 buffer words', () => {
    const buf = new Uint32Array(66).fill(7);
    block(new Uint32Array(8), buf.subarray(1, 65), 0);
    expect(buf[0]).to.equal(7);
    expect(buf[65]).to.equal(7);
  });
});
