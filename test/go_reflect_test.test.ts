// Ports of the map-bucket cases of Go 1.19's reflect/all_test.go TestGCBits (identical in Go 1.15:
// `verifyMapBucket`), on amd64 and 386, go1.15 and go1.19. Go checks the heap bitmap of a new
// bucket object (GCBits(New(MapBucketOf(k, e)))) for both the bucket reflect builds and the one the
// compiler emitted (CachedBucketOf(TypeOf(m))); goemu has one bucket builder, the compiler's, and
// its bucket type must have the bitmap Go's test wants, both as the type's gcmask and as the gcdata
// bytes of the `_type` descriptor goemu writes into simulated memory.
//
// Go's building blocks are named struct types with embedded fields (Xscalar struct{ x uintptr },
// Xptrscalar struct{ *byte; uintptr }, …); goemu has no named types or embedded fields, so they
// are the unnamed structs with the same fields: the same layout and pointer bitmap.

import { expect } from 'chai';
import { ARCHES, PROFILES, ArchName, Profile } from '../src/arch';
import { createRuntime } from '../src/runtime/create';
import { TypeRegistry } from '../src/runtime/typeregistry';
import { kindGCProg } from '../src/runtime/types';

const Xscalar = 'struct { x uintptr }';
const Xptr = 'struct { x *uint8 }';
const Xscalarptr = 'struct { a uintptr; b *uint8 }';
const Xptrscalar = 'struct { a *uint8; b uintptr }';
const Int64 = 'int64';

function rep(n: number, b: number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(...b);
  return out;
}
function join(...b: number[][]): number[] {
  return ([] as number[]).concat(...b);
}
function lit(...x: number[]): number[] {
  return x;
}

/** reflect.GCBits(New(bucket).Interface()): one byte (0/1) per word of ptrdata, trailing zeros trimmed. */
function heapBits(mask: Uint8Array, nwords: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < nwords; i++) out.push((mask[i >> 3] >> (i & 7)) & 1);
  while (out.length && out[out.length - 1] === 0) out.pop();
  return out;
}

function ports(arch: ArchName, profile: Profile): void {
  const PtrSize = arch === 'amd64' ? 8 : 4;
  const hdr = new Array(8 / PtrSize).fill(0);
  const empty: number[] = [];
  const cases: [k: string, e: string, want: number[]][] = [
    [Xscalar, Xptr, join(hdr, rep(8, lit(0)), rep(8, lit(1)), lit(1))],
    [Xscalarptr, Xptr, join(hdr, rep(8, lit(0, 1)), rep(8, lit(1)), lit(1))],
    [Int64, Xptr, join(hdr, rep(8, rep(8 / PtrSize, lit(0))), rep(8, lit(1)), lit(1))],
    [Xscalar, Xscalar, empty],
    [`[2]${Xscalarptr}`, `[3]${Xptrscalar}`, join(hdr, rep(8 * 2, lit(0, 1)), rep(8 * 3, lit(1, 0)), lit(1))],
    [`[${64 / PtrSize}]${Xscalarptr}`, `[${64 / PtrSize}]${Xptrscalar}`,
      join(hdr, rep(8 * 64 / PtrSize, lit(0, 1)), rep(8 * 64 / PtrSize, lit(1, 0)), lit(1))],
    [`[${64 / PtrSize + 1}]${Xscalarptr}`, `[${64 / PtrSize}]${Xptrscalar}`,
      join(hdr, rep(8, lit(1)), rep(8 * 64 / PtrSize, lit(1, 0)), lit(1))],
    [`[${64 / PtrSize}]${Xscalarptr}`, `[${64 / PtrSize + 1}]${Xptrscalar}`,
      join(hdr, rep(8 * 64 / PtrSize, lit(0, 1)), rep(8, lit(1)), lit(1))],
    [`[${64 / PtrSize + 1}]${Xscalarptr}`, `[${64 / PtrSize + 1}]${Xptrscalar}`,
      join(hdr, rep(8, lit(1)), rep(8, lit(1)), lit(1))],
  ];

  it('TestGCBits (map buckets: verifyMapBucket)', () => {
    const rt = createRuntime(arch, profile, 'aes', 'go-reflect-test');
    const reg = new TypeRegistry(rt);
    const P = rt.ptrSize, mem = rt.mem;
    for (const [k, e, want] of cases) {
      const mt = reg.mapType(`map[${k}]${e}`);
      const bucket = mt.bucket;
      const nwords = bucket.ptrdata / P;
      expect(heapBits(bucket.gcmask, nwords), `heapBits incorrect for bucket of map[${k}]${e}`).to.deep.equal(want);
      // The descriptor in simulated memory: ptrdata and the gcdata bitmap.
      const addr = bucket.addr;
      expect(addr, 'bucket descriptor written').to.not.equal(0);
      expect(mem.loadPtr(addr + P), 'descriptor ptrdata').to.equal(bucket.ptrdata);
      const kind = mem.load8(addr + 2 * P + 7);
      expect(kind & kindGCProg, 'bucket types use a pointer mask').to.equal(0);
      if (nwords > 0) {
        const gcdata = mem.loadPtr(addr + 3 * P + 8);
        const bytes = mem.bytes(gcdata, Math.ceil(nwords / 8));
        expect(heapBits(bytes, nwords), `gcdata of bucket of map[${k}]${e}`).to.deep.equal(want);
      }
    }
  });
}

describe('Go reflect/all_test.go', () => {
  for (const arch of ARCHES) {
    for (const profile of PROFILES) {
      describe(`${arch} ${profile}`, () => ports(arch, profile));
    }
  }
});
