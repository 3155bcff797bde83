// Map type layouts against REAL Go: every type of fixtures/layout/<profile>-<arch>.json (written
// by scripts/layoutvec.sh from the real maptype/_type descriptors) is rebuilt by the registry and
// compared field by field, together with the descriptor bytes goemu writes into simulated
// memory, the compiler's map entry points, the reflect strings and `_type.hash`.

import * as fs from 'fs';
import * as path from 'path';
import { expect } from 'chai';
import { layoutRuntime } from '../src/cli/layout';
import { layoutJSON, hexBytes } from '../src/runtime/layout';
import { TypeRegistry, GoTypeImpl, MapTypeImpl } from '../src/runtime/typeregistry';
import { GoRuntime } from '../src/runtime/runtime';
import { MapFast, kindGCProg } from '../src/runtime/types';
import { ArchName, Profile } from '../src/arch';
import { layoutDecls } from './layout_decls';

const FIXTURES = path.resolve(__dirname, '../../fixtures/layout');

interface TypeFix {
  size: number; align: number; fieldAlign: number; ptrdata: number; kind: number; tflag: number;
  equal: boolean; gcmask: string;
}

interface LayoutFix {
  type: string;
  key: TypeFix;
  elem: TypeFix;
  bucket: { size: number; align: number; ptrdata: number; gcmask: string };
  x: {
    entry: { assign: string; access1: string; access2: string; delete: string };
    map: TypeFix;
    str: string;
    hash: number;
    key: { str: string; hash: number };
    elem: { str: string; hash: number };
    bucket: { kind: number; tflag: number; fieldAlign: number; equal: boolean };
  };
  [k: string]: unknown;
}
interface FixtureFile {
  producer: string;
  go: string;
  arch: string;
  layouts: LayoutFix[];
}

const FAST_NAME: Record<MapFast, string> = {
  [MapFast.Slow]: '',
  [MapFast.Fast32]: '_fast32',
  [MapFast.Fast32Ptr]: '_fast32ptr',
  [MapFast.Fast64]: '_fast64',
  [MapFast.Fast64Ptr]: '_fast64ptr',
  [MapFast.FastStr]: '_faststr',
};

/** The `_type` fields goemu wrote at addr, in the fixture's terms. */
function readType(rt: GoRuntime, addr: number): TypeFix & { gcdata: number } {
  const P = rt.ptrSize;
  const m = rt.mem;
  const kind = m.load8(addr + 2 * P + 7);
  const ptrdata = m.loadPtr(addr + P);
  const gcdata = m.loadPtr(addr + 3 * P + 8);
  const nbytes = Math.ceil(ptrdata / P / 8);
  let gcmask = '';
  if (!(kind & kindGCProg) && nbytes > 0) gcmask = hexBytes(m.bytes(gcdata, nbytes));
  return {
    size: m.loadPtr(addr),
    align: m.load8(addr + 2 * P + 5),
    fieldAlign: m.load8(addr + 2 * P + 6),
    ptrdata,
    kind,
    tflag: m.load8(addr + 2 * P + 4),
    equal: m.loadPtr(addr + 2 * P + 8) !== 0,
    gcmask,
    gcdata,
  };
}

function stripGC(t: TypeFix, useGCProg: boolean): TypeFix {
  // For GC-program types goemu writes a literal program, not the mask: compare the mask elsewhere.
  return useGCProg ? { ...t, gcmask: '' } : t;
}

const files = fs.existsSync(FIXTURES)
  ? fs.readdirSync(FIXTURES).filter((f) => /^go1\.(15|19)-(amd64|386)\.json$/.test(f)).sort()
  : [];

describe('layout fixtures (real Go)', () => {
  it('has all four profile × arch files with at least 80 map types each', () => {
    expect(files).to.deep.equal(['go1.15-386.json', 'go1.15-amd64.json', 'go1.19-386.json', 'go1.19-amd64.json']);
    for (const f of files) {
      const fx: FixtureFile = JSON.parse(fs.readFileSync(path.join(FIXTURES, f), 'utf8'));
      expect(fx.layouts.length, f).to.be.at.least(80);
    }
  });
});

for (const file of files) {
  const [profile, arch] = file.replace(/\.json$/, '').split('-') as [Profile, ArchName];
  const fx: FixtureFile = JSON.parse(fs.readFileSync(path.join(FIXTURES, file), 'utf8'));

  describe(`layout ${profile} ${arch} (${fx.go}, ${fx.layouts.length} map types)`, () => {
    // One registry for the whole file: interning must hold across all these types.
    const rt = layoutRuntime(arch, profile);
    const reg = new TypeRegistry(rt);
    for (const [name, src] of layoutDecls()) reg.declare(name, src);

    for (const want of fx.layouts) {
      it(want.type, () => {
        const mt = reg.mapType(want.type) as MapTypeImpl;
        const got = layoutJSON(mt, want.type, rt) as unknown as Record<string, unknown>;
        const { x, ...contract } = want;
        // The contract's Layout object, field by field.
        for (const k of Object.keys(contract)) {
          expect(got[k], `${want.type}: ${k}`).to.deep.equal(contract[k]);
        }
        expect(Object.keys(got).sort(), 'layout keys').to.deep.equal(Object.keys(contract).sort());

        // reflect strings and _type.hash (Go 1.15 md5(LongString), Go 1.19 NOT-SHA256(LinkString)).
        expect(mt.typ.str, 'map String()').to.equal(x.str);
        expect(mt.key.str, 'key String()').to.equal(x.key.str);
        expect(mt.elem.str, 'elem String()').to.equal(x.elem.str);
        expect((mt.typ as GoTypeImpl).hash, 'map hash').to.equal(x.hash);
        expect((mt.key as GoTypeImpl).hash, 'key hash').to.equal(x.key.hash);
        expect((mt.elem as GoTypeImpl).hash, 'elem hash').to.equal(x.elem.hash);

        // The map type's own _type.
        const mapT = mt.typ;
        expect({
          size: mapT.size, align: mapT.align, fieldAlign: mapT.fieldAlign, ptrdata: mapT.ptrdata,
          kind: mapT.kindByte, tflag: mapT.tflag, equal: mapT.comparable, gcmask: hexBytes(mapT.gcmask),
        }, 'map _type').to.deep.equal(x.map);

        // The bucket's descriptor bytes that the contract leaves out.
        const b = mt.bucket;
        expect({ kind: b.kindByte, tflag: b.tflag, fieldAlign: b.fieldAlign, equal: b.comparable }, 'bucket')
          .to.deep.equal(x.bucket);

        // The compiler's entry points.
        const fat = mt.elem.size > 1024 ? '_fat' : '';
        const acc = FAST_NAME[mt.fastAccess] || fat;
        expect({
          assign: 'mapassign' + FAST_NAME[mt.fastAssign],
          access1: 'mapaccess1' + acc,
          access2: 'mapaccess2' + acc,
          delete: 'mapdelete' + FAST_NAME[mt.fastAccess],
        }, 'entry points').to.deep.equal(x.entry);

        // The descriptors in simulated memory.
        const P = rt.ptrSize;
        const T = 4 * P + 16;
        const m = rt.mem;
        expect(mt.addr).to.equal(mt.typ.addr);
        expect(reg.byAddr(mt.addr)).to.equal(mt.typ);
        expect(reg.byAddr(mt.key.addr)).to.equal(mt.key);
        expect(reg.byAddr(mt.elem.addr)).to.equal(mt.elem);
        expect(reg.byAddr(mt.bucket.addr)).to.equal(mt.bucket);
        expect(m.loadPtr(mt.addr + T), 'maptype.key').to.equal(mt.key.addr);
        expect(m.loadPtr(mt.addr + T + P), 'maptype.elem').to.equal(mt.elem.addr);
        expect(m.loadPtr(mt.addr + T + 2 * P), 'maptype.bucket').to.equal(mt.bucket.addr);
        expect(m.loadPtr(mt.addr + T + 3 * P), 'maptype.hasher').to.not.equal(0);
        expect(reg.funcByAddr(m.loadPtr(mt.addr + T + 3 * P))!.name).to.satisfy((s: string) =>
          want.hasher === 'generated' ? s.startsWith('type..hash.') : s.split('/')[0] === want.hasher);
        expect(m.load8(mt.addr + T + 4 * P), 'maptype.keysize').to.equal(contract.keysize);
        expect(m.load8(mt.addr + T + 4 * P + 1), 'maptype.elemsize').to.equal(contract.elemsize);
        expect(m.load16(mt.addr + T + 4 * P + 2), 'maptype.bucketsize').to.equal(contract.bucketsize);
        expect(m.load32(mt.addr + T + 4 * P + 4), 'maptype.flags').to.equal(contract.flags);
        const key = mt.key as GoTypeImpl;
        const elem = mt.elem as GoTypeImpl;
        expect(stripGC(readType(rt, key.addr), key.useGCProg), 'key _type in memory')
          .to.deep.include(stripGC(want.key, key.useGCProg));
        expect(stripGC(readType(rt, elem.addr), elem.useGCProg), 'elem _type in memory')
          .to.deep.include(stripGC(want.elem, elem.useGCProg));
        expect(readType(rt, mt.addr), 'map _type in memory').to.deep.include(x.map);
        const bt = readType(rt, mt.bucket.addr);
        expect({ size: bt.size, align: bt.align, ptrdata: bt.ptrdata, gcmask: bt.gcmask }, 'bucket _type in memory')
          .to.deep.equal(want.bucket);
        expect(m.load32(key.addr + 2 * P), 'key hash in memory').to.equal(x.key.hash);
      });
    }

    it('interns: one GoType and one descriptor per distinct type', () => {
      const seen = new Map<number, string>();
      for (const t of reg.all()) {
        expect(t.addr, t.str).to.be.greaterThan(0);
        expect(seen.has(t.addr), `${t.str} shares a descriptor with ${seen.get(t.addr)}`).to.equal(false);
        seen.set(t.addr, t.str);
        expect(reg.get(t.str), `re-parse of ${t.str}`).to.equal(t);
      }
      expect(reg.get('byte')).to.equal(reg.get('uint8'));
      expect(reg.get('rune')).to.equal(reg.get('int32'));
      expect(reg.get('any')).to.equal(reg.get('interface{}'));
      expect(reg.get('map[ any ]struct{a int8;b string}')).to.equal(reg.get('map[interface {}]struct { a int8; b string }'));
    });
  });
}

describe('layout: profile independence', () => {
  it('go1.15 and go1.19 give the same contract layout per arch (real Go)', () => {
    for (const arch of ['amd64', '386']) {
      const a: FixtureFile = JSON.parse(fs.readFileSync(path.join(FIXTURES, `go1.15-${arch}.json`), 'utf8'));
      const b: FixtureFile = JSON.parse(fs.readFileSync(path.join(FIXTURES, `go1.19-${arch}.json`), 'utf8'));
      expect(a.layouts.length).to.equal(b.layouts.length);
      a.layouts.forEach((la, i) => {
        const { x: xa, ...ca } = la;
        const { x: xb, ...cb } = b.layouts[i];
        expect(ca, la.type).to.deep.equal(cb);
        expect(xa.entry, la.type).to.deep.equal(xb.entry);
      });
    }
  });
});

describe('layout: rejected map types', () => {
  const reg = new TypeRegistry(layoutRuntime('amd64', 'go1.19'));
  const cases: [string, string][] = [
    ['map[[]int]int', 'invalid map key type []int'],
    ['map[map[string]int]bool', 'invalid map key type map[string]int'],
    ['map[func()]int', 'invalid map key type func()'],
    ['map[struct{ f []int }]int', 'invalid map key type struct { f []int }'],
    ['map[[2][]byte]int', 'invalid map key type [2][]uint8'],
    ['map[[0]func()]int', 'invalid map key type [0]func()'],
    ['map[string]map[[]int]int', 'invalid map key type []int'],
    ['map[struct{ a int; _ []int }]int', 'invalid map key type struct { a int; _ []int }'],
  ];
  for (const [src, msg] of cases) {
    it(src, () => {
      expect(() => reg.mapType(src)).to.throw(msg);
      expect(() => reg.get(src)).to.throw(msg);
    });
  }
  it('non-map types are not map types', () => {
    expect(() => reg.mapType('[]int')).to.throw(/not a map type/);
  });
  it('sizes beyond the address space', () => {
    expect(() => reg.get('[1125899906842624]int64')).to.throw(/larger than address space/);
    const r386 = new TypeRegistry(layoutRuntime('386', 'go1.19'));
    expect(() => r386.get('[1073741824]int64')).to.throw(/larger than address space|too large/);
    expect(() => r386.get('struct{ a [1500000000]byte; b [1500000000]byte }')).to.throw(/too large/);
    // Go's words (go1.19: types2; go1.15: gc/typecheck.go), from compiling these with real Go.
    expect(() => r386.get('[2147483648]struct{}')).to.throw('type "[2147483648]struct {}": array length 2147483648 (untyped int constant) must be integer');
    expect(r386.get('[2147483647]struct{}').size).to.equal(0);
    expect(() => reg.get('[100000000000000000000]struct{}')).to.throw('array length 100000000000000000000 (untyped int constant) must be integer');
    expect(() => reg.get('[9223372036854775808]struct{}')).to.throw('array length 9223372036854775808 (untyped int constant) must be integer');
    const r386old = new TypeRegistry(layoutRuntime('386', 'go1.15'));
    expect(() => r386old.get('[9007199254740992]struct{}')).to.throw('type "[9007199254740992]struct {}": constant 9007199254740992 overflows int (array bound is too large)');
    const amd64old = new TypeRegistry(layoutRuntime('amd64', 'go1.15'));
    expect(() => amd64old.get('[9223372036854775808]struct{}')).to.throw('constant 9223372036854775808 overflows int (array bound is too large)');
    // amd64 takes every length up to 2^63-1 of zero-size elements (size 0); the layout fixtures
    // hold real Go's layouts of such maps.
    const big = reg.get('[9223372036854775807][18014398509481985]struct{}');
    expect(big.size).to.equal(0);
    expect(big.str).to.equal('[9223372036854775807][18014398509481985]struct {}');
    // arraytype.len in the descriptor: exact, both halves.
    expect(reg.rt.mem.load32(big.addr + 48 + 16)).to.equal(0xffffffff);
    expect(reg.rt.mem.load32(big.addr + 48 + 20)).to.equal(0x7fffffff);
    expect(() => reg.get('chan [65536]byte')).to.throw('channel element type too large (>64kB)');
  });
});
