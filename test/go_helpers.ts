// Helpers for the ports of Go's own map tests (test/go_*.test.ts): one emulated Go process per
// configuration, and Go-shaped map values whose operations are the runtime calls the Go compiler
// emits for them (cmd/compile walk.go OMAKEMAP/OINDEXMAP/ODELETE/ORANGE, order.go OASOP).

import { expect } from 'chai';
import { ArchName, Profile, HashFamily, ARCHES, PROFILES, HASH_FAMILIES } from '../src/arch';
import { GoRuntime, Draw } from '../src/runtime/runtime';
import { createRuntime } from '../src/runtime/create';
import { TypeRegistry, MapTypeImpl } from '../src/runtime/typeregistry';
import { GoType, mapReflexiveKey } from '../src/runtime/types';
import { MapRuntime, hiter } from '../src/runtime/map';
import { MapOps } from '../src/runtime/mapops';
import { hmapLayout, HmapLayout, bucketCnt } from '../src/runtime/hmap';
import { encodeValue, decodeValue } from '../src/runtime/values';
import { checkmap } from '../src/check/checkmap';

export interface Cfg {
  arch: ArchName;
  go: Profile;
  hash: HashFamily;
}

/** amd64/386 × go1.15/go1.19 × aes/fallback */
export const CONFIGS: Cfg[] = [];
for (const arch of ARCHES) for (const go of PROFILES) for (const hash of HASH_FAMILIES) CONFIGS.push({ arch, go, hash });

export function cfgName(c: Cfg): string {
  return `${c.arch} ${c.go} ${c.hash}`;
}

/** How a map is made, as the compiler sees the make expression. */
export interface MakeOpts {
  /** the hint; undefined for make(map[K]V) and map literals */
  hint?: number;
  /** the hint is not a constant (a variable: makemap even for small values) */
  variable?: boolean;
  /** the hint's type is int64 (makemap64 where int is 32 bits) */
  int64?: boolean;
  /** the map does not escape: hmap (and maybe one bucket) on the stack */
  local?: boolean;
}

/** One emulated Go process. */
export class Proc {
  readonly rt: GoRuntime;
  readonly reg: TypeRegistry;
  readonly maps: MapRuntime;
  readonly ops: MapOps;
  readonly L: HmapLayout;
  readonly P: 4 | 8;
  private readonly scratch: { p: number; n: number }[] = [];

  constructor(readonly cfg: Cfg, seed = 'go-test') {
    this.rt = createRuntime(cfg.arch, cfg.go, cfg.hash, seed);
    this.reg = new TypeRegistry(this.rt);
    this.maps = new MapRuntime(this.rt);
    this.ops = new MapOps(this.maps);
    this.L = hmapLayout(this.rt.ptrSize);
    this.P = this.rt.ptrSize;
  }

  /** A zeroed scratch block (slot `which`) of at least n bytes: a Go temporary. */
  temp(n: number, which: number): number {
    let s = this.scratch[which];
    if (!s || s.n < n) {
      s = { p: this.rt.heap.persistentalloc(Math.max(n, 8), 8), n: Math.max(n, 8) };
      this.scratch[which] = s;
    }
    this.rt.mem.memclrNoHeapPointers(s.p, n);
    return s.p;
  }

  /** The value v of type t in a temporary (slot which). */
  enc(t: GoType, v: unknown, which = 0): number {
    const p = this.temp(t.size, which);
    encodeValue(this.reg, t, v, p, 'value');
    return p;
  }

  dec(t: GoType, p: number): unknown {
    return decodeValue(this.reg, t, p);
  }

  /**
   * make(map[K]V[, hint]) as cmd/compile walkMakeMap compiles it: a constant hint <= 8 (or none)
   * is makemap_small (escaping) or a stack hmap with a stack bucket and h.hash0 = fastrand();
   * otherwise makemap/makemap64 with a stack hmap (and a stack bucket when hint <= 8) if local.
   */
  make(type: string, o: MakeOpts = {}): GoMap {
    const mt = this.reg.mapType(type);
    const mem = this.rt.mem, L = this.L;
    const hint = o.hint;
    let h = 0;
    if (o.local) {
      h = this.rt.heap.persistentalloc(L.size, 8); // var hv hmap; h = &hv
      // Constant hints > 8 get no stack bucket; otherwise `if hint <= BUCKETSIZE { h.buckets = &bv }`.
      if (hint === undefined || hint <= bucketCnt) {
        const b = this.rt.heap.persistentalloc(mt.bucket.size, 8); // var bv bmap
        mem.storePtr(h + L.buckets, b); // h.buckets = &bv
      }
    }
    if (hint === undefined || (!o.variable && hint <= bucketCnt)) {
      if (o.local) {
        mem.store32(h + L.hash0, this.rt.fastrand(Draw.Hash0)); // h.hash0 = fastrand()
      } else {
        h = this.maps.makemap_small();
      }
    } else if (o.int64 && this.P === 4) {
      h = this.maps.makemap64(mt, hint, h);
    } else {
      h = this.maps.makemap(mt, hint, h);
    }
    return new GoMap(this, mt, h);
  }
}

/** A Go map value. Keys and elems are the contract's JSON values (src/runtime/values.ts). */
export class GoMap {
  constructor(readonly p: Proc, readonly mt: MapTypeImpl, public h: number) {}

  get rt(): GoRuntime {
    return this.p.rt;
  }

  private key(k: unknown): number {
    return this.p.enc(this.mt.key, k, 0);
  }

  /** m[k] = v */
  set(k: unknown, v: unknown): void {
    const e = this.p.enc(this.mt.elem, v, 1);
    const slot = this.p.ops.assign(this.mt, this.h, this.key(k));
    this.rt.mem.memmove(slot, e, this.mt.elem.size); // typedmemmove
  }

  /**
   * m[k] op= r: cmd/compile order.go keeps `m[k] op= r` (op not / or %) as one mapassign and
   * updates the elem in place: *p = *p op r.
   */
  update(k: unknown, f: (old: unknown) => unknown): void {
    const slot = this.p.ops.assign(this.mt, this.h, this.key(k));
    const v = f(this.p.dec(this.mt.elem, slot));
    const e = this.p.enc(this.mt.elem, v, 1);
    this.rt.mem.memmove(slot, e, this.mt.elem.size);
  }

  /** v := m[k] (mapaccess1, or mapaccess1_fat for elems over 1024 bytes): the elem's address. */
  addr1(k: unknown): number {
    return this.p.ops.access1(this.mt, this.h, this.key(k));
  }

  /** v := m[k] */
  at(k: unknown): unknown {
    return this.p.dec(this.mt.elem, this.addr1(k));
  }

  /** v, ok := m[k] */
  get(k: unknown): [unknown, boolean] {
    const e = this.p.ops.access2(this.mt, this.h, this.key(k));
    return [this.p.dec(this.mt.elem, e), this.p.ops.found];
  }

  /** delete(m, k) */
  delete(k: unknown): void {
    this.p.ops.delete(this.mt, this.h, this.key(k));
  }

  /** len(m) */
  len(): number {
    return this.p.ops.len(this.h);
  }

  /**
   * for k, v := range m { body }: mapiterinit, then mapiternext after each body; k and v are
   * copied out of the iterator before the body runs. The body returns false to break.
   */
  range(body: (k: unknown, v: unknown, it: hiter) => boolean | void): void {
    const maps = this.p.maps;
    const it = new hiter();
    maps.mapiterinit(this.mt, this.h, it);
    while (it.key !== 0) {
      const k = this.p.dec(this.mt.key, it.key);
      const v = this.p.dec(this.mt.elem, it.elem);
      if (body(k, v, it) === false) return;
      maps.mapiternext(it);
    }
  }

  /** The keys in iteration order. */
  keys(): unknown[] {
    const out: unknown[] = [];
    this.range((k) => { out.push(k); });
    return out;
  }

  /** for k := range m { delete(m, k) }: mapclear for reflexive keys (walk/range.go isMapClear). */
  clearLoop(): void {
    if (this.mt.flags & mapReflexiveKey) {
      this.p.maps.mapclear(this.mt, this.h);
      return;
    }
    const it = new hiter();
    this.p.maps.mapiterinit(this.mt, this.h, it);
    const k = this.p.temp(this.mt.key.size, 2);
    while (it.key !== 0) {
      this.rt.mem.memmove(k, it.key, this.mt.key.size);
      this.p.ops.delete(this.mt, this.h, k);
      this.p.maps.mapiternext(it);
    }
  }

  get B(): number {
    return this.rt.mem.load8(this.h + this.p.L.B);
  }
  get buckets(): number {
    return this.rt.mem.loadPtr(this.h + this.p.L.buckets);
  }
  get oldbuckets(): number {
    return this.rt.mem.loadPtr(this.h + this.p.L.oldbuckets);
  }

  /** checkmap's problems (empty when healthy). */
  problems(): string[] {
    return checkmap(this.rt, this.p.reg, this.mt, this.h);
  }

  /** Asserts that checkmap finds nothing. */
  check(what = ''): void {
    const p = this.problems();
    expect(p, `checkmap${what ? ' ' + what : ''}: ${p.slice(0, 5).join('; ')}`).to.deep.equal([]);
  }
}

const f64buf = new DataView(new ArrayBuffer(8));

/** A decoded float64 ("0x" + 16 hex digits) as a JS number. */
export function f64(v: unknown): number {
  const s = String(v);
  f64buf.setUint32(0, parseInt(s.slice(2, 10), 16));
  f64buf.setUint32(4, parseInt(s.slice(10, 18), 16));
  return f64buf.getFloat64(0);
}

/** A decoded float32 ("0x" + 8 hex digits) as a JS number. */
export function f32(v: unknown): number {
  f64buf.setUint32(0, parseInt(String(v).slice(2), 16));
  return f64buf.getFloat32(0);
}

/** math.Copysign(1, x) < 0 */
export function signbit(x: number): boolean {
  return x < 0 || Object.is(x, -0);
}
