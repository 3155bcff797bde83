// Go's own map tests as a peer suite: ports of Go 1.19's runtime/map_test.go (the same tests exist
// in Go 1.15) to goemu's runtime, each run on amd64 and 386, go1.15 and go1.19, aes and fallback.
// Every `it` is named after the Go test it ports; the expected values are the Go test's own
// assertions. After the mutations, checkmap (src/check/checkmap.ts) must find the map healthy.
//
// Each map operation is the runtime call the Go compiler emits for the test's statement (see
// test/go_helpers.ts): make → makemap_small/makemap/makemap64 or a stack hmap; m[k] = v →
// mapassign{,_fast*}; m[k] op= r → one mapassign and an in-place update; range → mapiterinit/next.

import { expect } from 'chai';
import { CONFIGS, Cfg, cfgName, Proc, GoMap, f64, signbit } from './go_helpers';
import { hmapLayout, bucketCnt, emptyRest, emptyOne, loadFactorNum, loadFactorDen } from '../src/runtime/hmap';

/** runtime.MapBucketsCount: 1 << h.B */
function mapBucketsCount(m: GoMap): number {
  return 2 ** m.B;
}

/** runtime.MapBucketsPointerIsNil: h.buckets == nil */
function mapBucketsPointerIsNil(m: GoMap): boolean {
  return m.buckets === 0;
}

/** runtime/export_test.go MapTombstoneCheck (Go 1.19), over simulated memory. */
function mapTombstoneCheck(m: GoMap): void {
  const mem = m.rt.mem, t = m.mt;
  const overflow = (b: number): number => mem.loadPtr(b + t.bucketsize - m.p.P);
  // Make sure emptyOne and emptyRest are distributed correctly.
  // We should have a series of filled and emptyOne cells, followed by
  // a series of emptyRest cells.
  for (let x = 0; x < 2 ** m.B; x++) {
    const b0 = m.buckets + x * t.bucketsize;
    let n = 0;
    for (let b = b0; b !== 0; b = overflow(b)) {
      for (let i = 0; i < bucketCnt; i++) {
        if (mem.load8(b + i) !== emptyRest) n++;
      }
    }
    let k = 0;
    for (let b = b0; b !== 0; b = overflow(b)) {
      for (let i = 0; i < bucketCnt; i++) {
        const top = mem.load8(b + i);
        if (k < n && top === emptyRest) throw new Error('early emptyRest');
        if (k >= n && top !== emptyRest) throw new Error('late non-emptyRest');
        if (k === n - 1 && top === emptyOne) throw new Error('last non-emptyRest entry is emptyOne');
        k++;
      }
    }
  }
}

/** A [N]int value with v[j] = i + j. */
function intArray(n: number, i: number): number[] {
  const v: number[] = [];
  for (let j = 0; j < n; j++) v.push(i + j);
  return v;
}

/** The bool results of ord() over many maps (TestMapIterOrder's inner loop). */
function consistentOrder(p: Proc, n: number, maps: number): number[] | null {
  for (let i = 0; i < maps; i++) {
    // Make m be {0: true, 1: true, ..., n-1: true}.
    const m = p.make('map[int]bool');
    for (let j = 0; j < n; j++) m.set(j, true);
    // Check that iterating over the map produces at least two different orderings.
    const first = m.keys() as number[];
    let ok = false;
    for (let tr = 0; tr < 100; tr++) {
      if (JSON.stringify(first) !== JSON.stringify(m.keys())) {
        ok = true;
        break;
      }
    }
    if (!ok) return first;
  }
  return null;
}

function ports(cfg: Cfg): void {
  const P = cfg.arch === 'amd64' ? 8 : 4;
  const proc = (seed = 'go-test'): Proc => new Proc(cfg, seed);

  it('TestHmapSize', () => {
    // The size of hmap should be 48 bytes on 64 bit and 28 bytes on 32 bit platforms.
    const hmapSize = 8 + 5 * P;
    expect(hmapLayout(proc().P).size).to.equal(hmapSize);
    expect(hmapSize).to.equal(cfg.arch === 'amd64' ? 48 : 28);
  });

  it('TestNegativeZero', () => {
    const p = proc();
    let m = p.make('map[float64]bool', { hint: 0 });
    m.set(0, true);
    m.set(-0, true); // should overwrite +0 entry
    expect(m.len(), 'length wrong').to.equal(1);
    m.range((k) => { expect(signbit(f64(k)), 'wrong sign').to.equal(true); });
    m.check();

    m = p.make('map[float64]bool', { hint: 0 });
    m.set(-0, true);
    m.set(0, true); // should overwrite -0.0 entry
    expect(m.len(), 'length wrong').to.equal(1);
    m.range((k) => { expect(signbit(f64(k)), 'wrong sign').to.equal(false); });
    m.check();
  });

  /** testMapNan */
  const testMapNan = (m: GoMap): void => {
    expect(m.len(), 'length wrong').to.equal(3);
    let s = 0;
    m.range((k, v0) => {
      const x = f64(k), v = v0 as number;
      expect(x === x, 'nan disappeared').to.equal(false);
      expect(v & (v - 1), 'value wrong').to.equal(0);
      s |= v;
    });
    expect(s, 'values wrong').to.equal(7);
    m.check();
  };

  it('TestMapAssignmentNan', () => {
    // nan is a good test because nan != nan, and nan has a randomized hash value.
    const m = proc().make('map[float64]int', { hint: 0 });
    // Test assignment.
    m.set('NaN', 1);
    m.set('NaN', 2);
    m.set('NaN', 4);
    testMapNan(m);
  });

  it('TestMapOperatorAssignmentNan', () => {
    const m = proc().make('map[float64]int', { hint: 0 });
    // Test assignment operations.
    m.update('NaN', (v) => (v as number) + 1);
    m.update('NaN', (v) => (v as number) + 2);
    m.update('NaN', (v) => (v as number) + 4);
    testMapNan(m);
  });

  it('TestMapOperatorAssignment', () => {
    const m = proc().make('map[int]int', { hint: 0 });
    // "m[k] op= x" is rewritten into "m[k] = m[k] op x"
    // differently when op is / or % than when it isn't.
    m.set(0, 12345);
    m.update(0, (v) => (v as number) + 67890);
    m.set(0, Math.trunc((m.at(0) as number) / 123)); // order.go: m[k] = m[k] / r (mapaccess1, then mapassign)
    m.set(0, (m.at(0) as number) % 456);
    const want = Math.trunc((12345 + 67890) / 123) % 456;
    expect(m.at(0)).to.equal(want);
    m.check();
  });

  it('TestMapAppendAssignment', () => {
    const m = proc().make('map[int][]int', { hint: 0 });
    // m[k] = append(m[k], …) is one mapassign and an append to the slot's slice.
    const append = (...xs: number[]) => (v: unknown): unknown => [...((v as number[] | null) ?? []), ...xs];
    m.set(0, null);
    m.update(0, append(12345));
    m.update(0, append(67890));
    m.update(0, append(123, 456));
    const a = [7, 8, 9, 0];
    m.update(0, append(...a));
    expect(m.at(0)).to.deep.equal([12345, 67890, 123, 456, 7, 8, 9, 0]);
    m.check();
  });

  it('TestAlias', () => {
    // Maps aren't actually copied on assignment.
    const p = proc();
    const m = p.make('map[int]int', { hint: 0 });
    m.set(0, 5);
    const n = new GoMap(p, m.mt, m.h); // n := m
    n.set(0, 6);
    expect(m.at(0), "alias didn't work").to.equal(6);
  });

  it('TestConcurrentReadsAfterGrowth', () => {
    // Go's readers run concurrently with nothing writing; goemu has one thread, so each growth
    // step is followed by one range reader and one lookup reader (-short sizes).
    const p = proc();
    const numLoop = 2, numGrowStep = 100;
    for (let i = 0; i < numLoop; i++) {
      const m = p.make('map[int]int', { hint: 0 });
      for (let gs = 0; gs < numGrowStep; gs++) {
        m.set(gs, gs);
        expect(m.keys()).to.have.length(gs + 1);
        for (let key = 0; key < gs; key++) expect(m.at(key)).to.equal(key);
      }
      m.check();
    }
  });

  it('TestMapStringBytesLookup', () => {
    // Use large string keys to avoid small-allocation coalescing.
    const p = proc();
    const one = '1000000000000000000000000000000000000000000000000';
    const two = '2000000000000000000000000000000000000000000000000';
    const m = p.make('map[string]int', { hint: 2 });
    m.set(one, 1);
    m.set(two, 2);
    expect(m.at(one), 'm[string([]byte("1"))]').to.equal(1);
    expect(m.at(two), 'm[string([]byte("2"))]').to.equal(2);
    // m[string(buf)] looks up with a temporary string header over buf (no copy): the lookups
    // themselves must allocate nothing (testing.AllocsPerRun).
    const buf = p.enc(m.mt.key, two, 4);
    const heap = p.rt.heap;
    const n0 = heap.mallocs;
    let x = 0;
    for (let i = 0; i < 100; i++) {
      x += p.rt.mem.loadInt(p.ops.access1(m.mt, m.h, buf));
      const e = p.ops.access2(m.mt, m.h, buf);
      if (!p.ops.ok) throw new Error('!ok');
      x += p.rt.mem.loadInt(e);
    }
    expect(heap.mallocs - n0, 'AllocsPerRun for m[string(buf)]').to.equal(0);
    expect(x).to.equal(400);
  });

  it('TestNonEscapingMap', () => {
    const p = proc();
    const heap = p.rt.heap;
    const allocs = (f: () => void): number => {
      const n0 = heap.mallocs;
      for (let i = 0; i < 100; i++) f();
      return (heap.mallocs - n0) / 100;
    };
    const testNonEscapingMapVariable = 8;
    const cases: [string, () => GoMap][] = [
      ['mapliteral', () => p.make('map[int]int', { hint: 0, local: true })],
      ['no hint', () => p.make('map[int]int', { local: true })],
      ['with small hint', () => p.make('map[int]int', { hint: 8, local: true })],
      ['with variable hint', () => p.make('map[int]int', { hint: testNonEscapingMapVariable, variable: true, local: true })],
    ];
    for (const [what, mk] of cases) {
      // (the stack hmap and bucket come from persistentalloc: no heap objects)
      const n = allocs(() => { const m = mk(); m.set(0, 0); });
      expect(n, `${what}: want 0 allocs`).to.equal(0);
    }
  });

  it('TestGrowWithNaN', () => {
    const p = proc();
    const m = p.make('map[float64]int', { hint: 4 });
    // Use both assignment and assignment operations as they may behave differently.
    m.set('NaN', 1);
    m.set('NaN', 2);
    m.update('NaN', (v) => (v as number) + 4);
    let cnt = 0, s = 0, growflag = true;
    m.range((k, v) => {
      if (growflag) {
        // force a hashtable resize
        for (let i = 0; i < 50; i++) m.set(i, i);
        for (let i = 50; i < 100; i++) m.update(i, (x) => (x as number) + i);
        growflag = false;
        m.check('after the resize');
      }
      const x = f64(k);
      if (x !== x) {
        cnt++;
        s |= v as number;
      }
    });
    expect(cnt, 'NaN keys lost during grow').to.equal(3);
    expect(s, 'NaN values lost during grow').to.equal(7);
    m.check();
  });

  it('TestGrowWithNegativeZero', () => {
    const p = proc();
    const FloatInt = 'map[struct { x float64; y int }]int';
    const m = p.make(FloatInt, { hint: 4 });
    m.set([0, 0], 1);
    m.update([0, 1], (v) => (v as number) + 2);
    m.update([0, 2], (v) => (v as number) + 4);
    m.set([0, 3], 8);
    let growflag = true, s = 0, cnt = 0, negcnt = 0;
    // The first iteration should return the +0 key.
    // The subsequent iterations should return the -0 key.
    m.range((k, v0) => {
      const v = v0 as number;
      if (v === 0) return; // ignore entries added to grow table
      cnt++;
      if (signbit(f64((k as unknown[])[0]))) {
        expect(v & 16, 'key/value not updated together 1').to.not.equal(0);
        negcnt++;
        s |= v & 15;
      } else {
        expect(v & 16, 'key/value not updated together 2').to.equal(0);
        s |= v;
      }
      if (growflag) {
        // force a hashtable resize
        for (let i = 0; i < 100; i++) m.set([3.0, i], 0);
        // then change all the entries to negative zero
        m.set(['-0', 0], 1 | 16);
        m.set(['-0', 1], 2 | 16);
        m.set(['-0', 2], 4 | 16);
        m.set(['-0', 3], 8 | 16);
        growflag = false;
        m.check('after the resize');
      }
    });
    expect(s, 'entry missing').to.equal(15);
    expect(cnt, 'wrong number of entries returned by iterator').to.equal(4);
    expect(negcnt, 'update to negzero missed by iteration').to.equal(3);
    m.check();
  });

  it('TestIterGrowAndDelete', () => {
    const p = proc();
    const m = p.make('map[int]int', { hint: 4 });
    for (let i = 0; i < 100; i++) m.set(i, i);
    let growflag = true;
    m.range((k) => {
      if (growflag) {
        // grow the table
        for (let i = 100; i < 1000; i++) m.set(i, i);
        // delete all odd keys
        for (let i = 1; i < 1000; i += 2) m.delete(i);
        growflag = false;
        m.check('after grow and delete');
      } else {
        expect((k as number) & 1, 'odd value returned').to.equal(0);
      }
    });
    m.check();
  });

  it('TestIterGrowWithGC', () => {
    // make sure old bucket arrays don't get GCd while an iterator is still using them.
    // (goemu's heap never frees, so runtime.GC() is a no-op; what remains to test is that the
    // iterator still sees every key after the table grows under it.)
    const p = proc();
    const m = p.make('map[int]int', { hint: 4 });
    for (let i = 0; i < 8; i++) m.set(i, i);
    for (let i = 8; i < 16; i++) m.update(i, (v) => (v as number) + i);
    let growflag = true, bitmask = 0;
    m.range((k0, _v, it) => {
      const k = k0 as number;
      if (k < 16) bitmask |= 1 << k;
      if (growflag) {
        // grow the table
        for (let i = 100; i < 1000; i++) m.set(i, i);
        // trigger a gc
        expect(p.rt.mem.valid(it.buckets, m.mt.bucketsize), 'iterator buckets freed').to.equal(true);
        growflag = false;
        m.check('after the growth');
      }
    });
    expect(bitmask, 'missing key').to.equal(2 ** 16 - 1);
  });

  it('TestBigItems', () => {
    const p = proc();
    const key: string[] = [];
    for (let i = 0; i < 256; i++) key.push('foo');
    const m = p.make('map[[256]string][256]string', { hint: 4 });
    for (let i = 0; i < 100; i++) {
      key[37] = `string${String(i).padStart(2, '0')}`;
      m.set(key, key);
    }
    const keys: string[] = [], values: string[] = [];
    m.range((k, v) => {
      keys.push((k as string[])[37]);
      values.push((v as string[])[37]);
    });
    keys.sort();
    values.sort();
    for (let i = 0; i < 100; i++) {
      const want = `string${String(i).padStart(2, '0')}`;
      expect(keys[i], `#${i}: missing key`).to.equal(want);
      expect(values[i], `#${i}: missing value`).to.equal(want);
    }
    m.check();
  });

  it('TestMapHugeZero', () => {
    // type T [4000]byte; m := map[int]T{}
    const p = proc();
    const m = p.make('map[int][4000]byte');
    const mem = p.rt.mem;
    const zero = (a: number): boolean => mem.bytes(a, 4000).every((b) => b === 0);
    const x = m.addr1(0);
    expect(zero(x), 'map value not zero').to.equal(true);
    const y = p.ops.access2(m.mt, m.h, p.enc(m.mt.key, 0)); // y, ok := m[0]
    expect(p.ops.ok, 'map value should be missing').to.equal(false);
    expect(zero(y), 'map value not zero').to.equal(true);
    m.check();
  });

  it('TestEmptyKeyAndValue', () => {
    const p = proc();
    const a = p.make('map[int]struct {}', { hint: 4 });
    const b = p.make('map[struct {}]int', { hint: 4 });
    const c = p.make('map[struct {}]struct {}', { hint: 4 });
    a.set(0, []);
    b.set([], 0);
    b.set([], 1);
    c.set([], []);
    expect(a.len(), 'empty value insert problem').to.equal(1);
    expect(b.at([]), 'empty key returned wrong value').to.equal(1);
    a.check();
    b.check();
    c.check();
  });

  /** testMapLookups over a map literal of (key, value) pairs in source order. */
  function testMapLookups(entries: [string, string][]): void {
    const p = proc();
    // A map literal of n <= 8 entries: make(map[string]string, n), then m[k] = v in order.
    const m = p.make('map[string]string', { hint: entries.length });
    for (const [k, v] of entries) m.set(k, v);
    m.range((k, v) => {
      expect(m.at(k), `m[${JSON.stringify(k)}]`).to.equal(v);
    });
    expect(m.len()).to.equal(entries.length);
    m.check();
  }

  it('TestSingleBucketMapStringKeys_DupLen', () => {
    // Tests a map with a single bucket, with same-lengthed short keys ("quick keys") as well as long keys.
    testMapLookups([
      ['x', 'x1val'],
      ['xx', 'x2val'],
      ['foo', 'fooval'],
      ['bar', 'barval'], // same key length as "foo"
      ['xxxx', 'x4val'],
      ['x'.repeat(128), 'longval1'],
      ['y'.repeat(128), 'longval2'],
    ]);
  });

  it('TestSingleBucketMapStringKeys_NoDupLen', () => {
    // Tests a map with a single bucket, with all keys having different lengths.
    testMapLookups([
      ['x', 'x1val'],
      ['xx', 'x2val'],
      ['foo', 'fooval'],
      ['xxxx', 'x4val'],
      ['xxxxx', 'x5val'],
      ['xxxxxx', 'x6val'],
      ['x'.repeat(128), 'longval'],
    ]);
  });

  it('TestMapNanGrowIterator', () => {
    // Tests whether the iterator returns the right elements when started in the middle of a grow,
    // when the keys are NaNs.
    const p = proc();
    const m = p.make('map[float64]int');
    const nBuckets = 16;
    // To fill nBuckets buckets takes LOAD * nBuckets keys.
    const nKeys = Math.trunc(nBuckets * Math.fround(loadFactorNum / loadFactorDen)); // runtime.HashLoad
    // Get map to full point with nan keys.
    for (let i = 0; i < nKeys; i++) m.set('NaN', i);
    // Trigger grow
    m.set(1.0, 1);
    m.delete(1.0);
    m.check('after the grow started');
    // Run iterator
    const found = new Set<number>();
    m.range((_k, v0) => {
      const v = v0 as number;
      if (v !== -1) {
        expect(found.has(v), `repeat of value ${v}`).to.equal(false);
        found.add(v);
      }
      if (found.size === nKeys / 2) {
        // Halfway through iteration, finish grow.
        for (let i = 0; i < nBuckets; i++) m.delete(1.0);
        m.check('after the grow finished');
      }
    });
    expect(found.size, 'missing value').to.equal(nKeys);
    m.check();
  });

  it('TestMapIterOrder', () => {
    for (const n of [3, 7, 9, 15]) {
      const p = proc();
      const first = consistentOrder(p, n, 1000);
      expect(first, `Map with n=${n} elements had consistent iteration order: ${first}`).to.equal(null);
    }
  });

  it('TestMapIterOrder over many process seeds', () => {
    // The iteration order must vary in every process, whatever its fastrand seed.
    for (let s = 0; s < 40; s++) {
      for (const n of [3, 7, 9, 15]) {
        const first = consistentOrder(proc(`iter-order-${s}`), n, 5);
        expect(first, `seed ${s}: map with n=${n} elements had consistent iteration order: ${first}`).to.equal(null);
      }
    }
  });

  /** One run of TestMapSparseIterOrder: every round must see the order change. */
  function sparseIterOrder(p: Proc): void {
    NextRound:
    for (let round = 0; round < 10; round++) {
      const m = p.make('map[int]bool');
      // Add 1000 items, remove 980.
      for (let i = 0; i < 1000; i++) m.set(i, true);
      for (let i = 20; i < 1000; i++) m.delete(i);
      m.check();
      const first = m.keys();
      // 800 chances to get a different iteration order.
      for (let n = 0; n < 800; n++) {
        let idx = 0, changed = false;
        m.range((i) => {
          if (i !== first[idx]) {
            changed = true; // iteration order changed.
            return false;
          }
          idx++;
          return true;
        });
        if (changed) continue NextRound;
      }
      expect.fail(`constant iteration order on round ${round}: ${first}`);
    }
  }

  it('TestMapSparseIterOrder', () => {
    // Issue 8410
    sparseIterOrder(proc());
  });

  it('TestMapSparseIterOrder over many process seeds', () => {
    for (let s = 0; s < 8; s++) sparseIterOrder(proc(`sparse-${s}`));
  });

  it('TestMapLargeKeyNoPointer', () => {
    const I = 1000, N = 64;
    const p = proc();
    const m = p.make(`map[[${N}]int]int`);
    for (let i = 0; i < I; i++) m.set(intArray(N, i), i);
    m.check(); // runtime.GC()
    for (let i = 0; i < I; i++) {
      expect(m.at(intArray(N, i)), 'corrupted map').to.equal(i);
    }
  });

  it('TestMapLargeValNoPointer', () => {
    const I = 1000, N = 64;
    const p = proc();
    const m = p.make(`map[int][${N}]int`);
    for (let i = 0; i < I; i++) m.set(i, intArray(N, i));
    m.check(); // runtime.GC()
    for (let i = 0; i < I; i++) {
      expect(m.at(i), 'corrupted map').to.deep.equal(intArray(N, i));
    }
  });

  it('TestIgnoreBogusMapHint', () => {
    // Test that making a map with a large or invalid hint doesn't panic. (Issue 19926).
    for (const hint of [-1, 2 ** 62]) {
      for (const local of [true, false]) {
        const p = proc();
        // _ = make(map[int]int, hint) with hint an int64 variable
        const m = p.make('map[int]int', { hint, variable: true, int64: true, local });
        expect(m.B, `hint ${hint}`).to.equal(0);
        m.set(1, 1);
        m.check();
      }
    }
  });

  describe('TestMapBuckets', () => {
    const mapBucketTests: [n: number, noescape: number, escape: number][] = [
      [-(2 ** 30), 1, 1],
      [-1, 1, 1],
      [0, 1, 1],
      [1, 1, 1],
      [8, 1, 1],
      [9, 2, 2],
      [13, 2, 2],
      [14, 4, 4],
      [26, 4, 4],
    ];
    // Test that maps of different sizes have the right number of buckets.
    // Non-escaping maps with small buckets (like map[int]int) never
    // have a nil bucket pointer due to starting with preallocated buckets
    // on the stack. Escaping maps start with a non-nil bucket pointer if
    // hint size is above bucketCnt and thereby have more than one bucket.
    // These tests depend on bucketCnt and loadFactor* in map.go.
    const run = (local: (p: Proc, n: number) => GoMap, escaping: (p: Proc, n: number) => GoMap): void => {
      for (const [n, noescape, escape] of mapBucketTests) {
        const p = proc();
        const localMap = local(p, n);
        expect(mapBucketsPointerIsNil(localMap), 'no escape: buckets pointer is nil for non-escaping map').to.equal(false);
        for (let i = 0; i < n; i++) localMap.set(i, i);
        expect(mapBucketsCount(localMap), `no escape: n=${n} buckets`).to.equal(noescape);
        localMap.check();
        const escapingMap = escaping(p, n);
        const count = mapBucketsCount(escapingMap);
        expect(count > 1 && mapBucketsPointerIsNil(escapingMap), `escape: buckets pointer is nil for n=${count} buckets`).to.equal(false);
        for (let i = 0; i < n; i++) escapingMap.set(i, i);
        expect(mapBucketsCount(escapingMap), `escape: n=${n} buckets`).to.equal(escape);
        escapingMap.check();
      }
    };
    it('mapliteral', () => {
      // localMap := map[int]int{}; escapingMap := runtime.Escape(map[int]int{})
      run((p) => p.make('map[int]int', { hint: 0, local: true }), (p) => p.make('map[int]int', { hint: 0 }));
    });
    it('nohint', () => {
      // make(map[int]int)
      run((p) => p.make('map[int]int', { local: true }), (p) => p.make('map[int]int'));
    });
    it('makemap', () => {
      // make(map[int]int, tt.n)
      run((p, n) => p.make('map[int]int', { hint: n, variable: true, local: true }),
        (p, n) => p.make('map[int]int', { hint: n, variable: true }));
    });
    it('makemap64', () => {
      // make(map[int]int, int64(tt.n)); the escaping map is make(map[int]int, tt.n)
      run((p, n) => p.make('map[int]int', { hint: n, variable: true, int64: true, local: true }),
        (p, n) => p.make('map[int]int', { hint: n, variable: true }));
    });
  });

  it('TestDeferDeleteSlow', () => {
    const p = proc();
    const ks = [0, 1, 2, 3].map((x) => ({ type: 'complex128', value: [x, 0] }));
    const m = p.make('map[interface {}]int');
    ks.forEach((k, i) => m.set(k, i));
    expect(m.len()).to.equal(ks.length);
    m.check();
    // for _, k := range ks { defer delete(m, k) }: the deferred calls run last-in first-out.
    for (const k of [...ks].reverse()) m.delete(k);
    expect(m.len()).to.equal(0);
    m.check();
  });

  // TestIncrementAfterDeleteValueInt and other test Issue 25936.
  // Value types int, int32, int64 are affected. Value type string works as expected.
  const incrementAfterDelete = (type: string, key1: unknown, key2: unknown, v1: unknown, op: (v: unknown) => unknown, want: unknown): void => {
    const p = proc();
    const m = p.make(type);
    m.set(key1, v1);
    m.delete(key1);
    m.update(key2, op); // m[key2]++ / m[key2] += …
    expect(m.at(key2), `incremented 0 to ${JSON.stringify(m.at(key2))}`).to.equal(want);
    m.check();
  };
  it('TestIncrementAfterDeleteValueInt', () => {
    incrementAfterDelete('map[int]int', 12, 13, 99, (v) => (v as number) + 1, 1);
  });
  it('TestIncrementAfterDeleteValueInt32', () => {
    incrementAfterDelete('map[int]int32', 12, 13, 99, (v) => (v as number) + 1, 1);
  });
  it('TestIncrementAfterDeleteValueInt64', () => {
    incrementAfterDelete('map[int]int64', 12, 13, 99, (v) => (v as number) + 1, 1);
  });
  it('TestIncrementAfterDeleteKeyStringValueInt', () => {
    incrementAfterDelete('map[string]int', '', 'x', 99, (v) => (v as number) + 1, 1);
  });
  it('TestIncrementAfterDeleteKeyValueString', () => {
    incrementAfterDelete('map[string]string', '', 'x', '99', (v) => (v as string) + '1', '1');
  });
  it('TestIncrementAfterBulkClearKeyStringValueInt', () => {
    // map bulk deletion (mapclear) still works as expected.
    const p = proc();
    const m = p.make('map[string]int');
    m.set('', 99);
    m.clearLoop(); // for k := range m { delete(m, k) }
    m.check();
    m.update('x', (v) => (v as number) + 1);
    expect(m.at('x')).to.equal(1);
    m.check();
  });

  it('TestMapTombstones', () => {
    const p = proc();
    const m = p.make('map[int]int', { hint: 0 });
    const N = 10000;
    // Fill a map.
    for (let i = 0; i < N; i++) m.set(i, i);
    mapTombstoneCheck(m);
    m.check();
    // Delete half of the entries.
    for (let i = 0; i < N; i += 2) m.delete(i);
    mapTombstoneCheck(m);
    m.check();
    // Add new entries to fill in holes.
    for (let i = N; i < 3 * N / 2; i++) m.set(i, i);
    mapTombstoneCheck(m);
    m.check();
    // Delete everything.
    for (let i = 0; i < 3 * N / 2; i++) m.delete(i);
    mapTombstoneCheck(m);
    m.check();
  });

  it('TestMapInterfaceKey', () => {
    // Test all the special cases in runtime.typehash.
    // GrabBag's i1 field is `interface{ String() string }` holding canString(5) in Go; goemu has
    // no non-empty interfaces or named types, so it is an interface{} holding int(5): the same
    // two words, hashed through the dynamic type's hash (interhash vs nilinterhash differ only in
    // where they find the type).
    const GrabBag = 'struct { f32 float32; f64 float64; c64 complex64; c128 complex128; s string; i0 interface {}; i1 interface {}; a [4]string }';
    const zero = (): unknown[] => [0, 0, [0, 0], [0, 0], '', null, null, ['', '', '', '']];
    const bag = (field: number, v: unknown): unknown => {
      const z = zero();
      z[field] = v;
      return { type: GrabBag, value: z };
    };
    const p = proc();
    const m = p.make('map[interface {}]bool', { hint: 0 });
    // Put a bunch of data in m, so that a bad hash is likely to
    // lead to a bad bucket, which will lead to a missed lookup.
    for (let i = 0; i < 1000; i++) m.set({ type: 'int', value: i }, true);
    const cases: [string, unknown][] = [
      ['f32', bag(0, 1.0)],
      ['f64', bag(1, 1.0)],
      ['c64', bag(2, [0, 1.0])],
      ['c128', bag(3, [0, 1.0])],
      ['string', bag(4, 'foo')],
      ['interface{}', bag(5, { type: 'string', value: 'foo' })],
      ['interface{String() string}', bag(6, { type: 'int', value: 5 })],
      ['array', bag(7, ['foo', 'bar', 'baz', 'bop'])],
    ];
    for (const [what, k] of cases) {
      m.set(k, true);
      expect(m.at(k), `${what} not found`).to.equal(true);
    }
    expect(m.len()).to.equal(1000 + cases.length);
    m.check();
  });
}

describe('Go runtime/map_test.go', () => {
  for (const cfg of CONFIGS) {
    describe(cfgName(cfg), () => ports(cfg));
  }
});
