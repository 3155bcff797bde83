// checkmap: walks one map in simulated memory and reports every broken invariant of Go's classic
// map (runtime/map.go of Go 1.14-1.19) with its location.
//
// Locations use the names of the trace dump (src/trace/dump.ts): `B:i` is bucket i of h.buckets
// (i >= 1<<B: a preallocated overflow bucket), `OB:i` bucket i of h.oldbuckets, `O:n` the n-th
// separately allocated overflow bucket in the dump's walk order, `hmap` and `extra` the headers.
// A slot is `B:3 slot 5`; a bucket met along a chain names the chain's head when that differs.
//
// The invariants (each from map.go's code, not from goemu's behaviour):
//  * header: no hashWriting outside a write, sameSizeGrow only while growing, buckets/oldbuckets
//    inside allocated memory for makeBucketArray's size (incl. preallocated overflow buckets);
//  * count equals the live slots (of h.buckets plus the not yet evacuated old buckets);
//  * tophash values: live arrays hold only emptyRest, emptyOne and >= minTopHash; evacuated old
//    buckets only evacuatedX/Y/Empty (no evacuatedY in a same-size growth); emptyRest is followed
//    by emptyRest to the end of the chain, and the chain's last non-emptyRest slot is not emptyOne
//    (runtime.MapTombstoneCheck);
//  * every live key sits in the bucket its hash selects (in h.buckets, or in h.oldbuckets for an
//    old bucket not yet evacuated), with its tophash; no key twice in a chain; keys that are not
//    equal to themselves (NaNs) are exempt;
//  * growth: old buckets below nevacuate are evacuated, nevacuate < #old buckets, a new bucket
//    stays untouched until its old bucket is evacuated, X/Y marks agree with the hash (go1.15:
//    go1.19 may reseed hash0 mid-growth), and without growth nevacuate is 0 or the last size;
//  * overflow chains are acyclic, disjoint, inside allocated memory, never point at a main bucket
//    or into the other generation's array;
//  * noverflow equals the overflow buckets of h.buckets when B < 16 (incrnoverflow is exact there);
//  * extra.overflow / extra.oldoverflow list exactly the overflow buckets of the new / old chains
//    when the bucket type has no pointers, and are nil otherwise;
//  * preallocated overflow buckets: extra.nextOverflow lies in h.buckets' preallocated tail, the
//    buckets before it are on chains, those from it on are unused, and the last one's overflow
//    word is the sentinel h.buckets until it is handed out;
//  * deleted slots: the elem is cleared, and so are the key's pointer words.
//
// checkmap never changes the run: it only reads memory, hashes only keys equal to themselves (a
// NaN's hash would draw from fastrand), and saves/restores the random generator and the hash's
// high-word register around its work.

import { GoRuntime } from '../runtime/runtime';
import { TypeRegistry } from '../runtime/typeregistry';
import { MapType, mapIndirectElem, mapIndirectKey, mapReflexiveKey } from '../runtime/types';
import {
  hmapLayout, HmapLayout, bucketCnt, dataOffset, emptyRest, emptyOne, evacuatedX, evacuatedY,
  evacuatedEmpty, minTopHash, hashWriting, sameSizeGrow,
} from '../runtime/hmap';
import { maskHash, hashBit } from '../runtime/map';
import { mapProfile } from '../runtime/profile';
import { allocatedBuckets, pointerWords } from '../trace/dump';
import { decodeValue } from '../runtime/values';

/** At most this many problems are listed (one more line counts the rest). */
export const MAX_PROBLEMS = 200;

const TOPHASH_NAMES: Record<number, string> = {
  [emptyRest]: 'emptyRest', [emptyOne]: 'emptyOne', [evacuatedX]: 'evacuatedX',
  [evacuatedY]: 'evacuatedY', [evacuatedEmpty]: 'evacuatedEmpty',
};

function hex(v: number): string {
  return '0x' + v.toString(16);
}

function topName(t: number): string {
  return TOPHASH_NAMES[t] ?? '0x' + t.toString(16).padStart(2, '0');
}

/** Which bucket array a chain belongs to. */
const enum Gen { New, Old }

/**
 * Checks the map h of type mt (0 = nil map: healthy) and returns its problems, one line each,
 * starting with the location; an empty array means every invariant holds.
 */
export function checkmap(rt: GoRuntime, reg: TypeRegistry, mt: MapType, h: number): string[] {
  // Save everything a hash or a draw could touch, so that checking never perturbs the run.
  const gen = rt.rand.gen as unknown as Record<string, unknown>;
  const savedGen: [string, unknown][] = [];
  for (const f of ['lo', 'hi', 'fastrand64Hi']) if (f in gen) savedGen.push([f, gen[f]]);
  const randHi = rt.rand.hi;
  const hashHi = rt.hash.hi;
  const memHi = rt.mem.hi;
  const c = new Checker(rt, reg, mt);
  try {
    c.check(h);
  } catch (e) {
    if (!(e instanceof TooMany)) c.problem('checkmap', `stopped: ${(e as Error).message}`);
  } finally {
    for (const [f, v] of savedGen) gen[f] = v;
    rt.rand.hi = randHi;
    rt.hash.hi = hashHi;
    rt.mem.hi = memHi;
  }
  if (c.dropped > 0) c.problems.push(`… and ${c.dropped} more problems`);
  return c.problems;
}

class TooMany extends Error {}

class Checker {
  readonly problems: string[] = [];
  dropped = 0;
  readonly mem;
  readonly L: HmapLayout;
  readonly P: number;
  readonly bs: number;
  readonly ks: number;
  readonly es: number;
  readonly keyPtrWords: number[];
  readonly indirectKey: boolean;
  readonly indirectElem: boolean;
  readonly reflexiveType: boolean;

  // the header
  h = 0;
  B = 0;
  hash0 = 0;
  sameSize = false;
  growing = false;
  buckets = 0;
  /** 1<<B and what makeBucketArray allocated for B */
  nb = 0;
  na = 0;
  oldbuckets = 0;
  nob = 0;
  noa = 0;

  /** overflow bucket (outside both arrays) -> its number in the dump's walk order */
  readonly ovfNum = new Map<number, number>();
  /** bucket on a chain (heads excluded) -> the chain head's name */
  readonly owner = new Map<number, string>();
  /** overflow buckets (not heads) of the new and the old chains, in walk order */
  readonly newOvf: number[] = [];
  readonly oldOvf: number[] = [];
  live = 0;

  constructor(readonly rt: GoRuntime, readonly reg: TypeRegistry, readonly mt: MapType) {
    this.mem = rt.mem;
    this.P = rt.ptrSize;
    this.L = hmapLayout(rt.ptrSize);
    this.bs = mt.bucketsize;
    this.ks = mt.keysize;
    this.es = mt.elemsize;
    this.indirectKey = (mt.flags & mapIndirectKey) !== 0;
    this.indirectElem = (mt.flags & mapIndirectElem) !== 0;
    this.reflexiveType = (mt.flags & mapReflexiveKey) !== 0;
    const w = pointerWords(mt.key, rt.ptrSize);
    this.keyPtrWords = [];
    for (let j = 0; j < w.length; j += 2) this.keyPtrWords.push(w[j]);
  }

  problem(where: string, what: string): void {
    if (this.problems.length >= MAX_PROBLEMS) {
      this.dropped++;
      if (this.dropped > 100000) throw new TooMany();
      return;
    }
    this.problems.push(`${where}: ${what}`);
  }

  // ----- naming

  inNew(p: number): boolean {
    return this.buckets !== 0 && p >= this.buckets && p < this.buckets + this.na * this.bs;
  }
  inOld(p: number): boolean {
    return this.oldbuckets !== 0 && p >= this.oldbuckets && p < this.oldbuckets + this.noa * this.bs;
  }

  name(p: number): string {
    if (this.inNew(p) && (p - this.buckets) % this.bs === 0) return 'B:' + (p - this.buckets) / this.bs;
    if (this.inOld(p) && (p - this.oldbuckets) % this.bs === 0) return 'OB:' + (p - this.oldbuckets) / this.bs;
    const n = this.ovfNum.get(p);
    if (n !== undefined) return 'O:' + n;
    return hex(p);
  }

  overflowOf(b: number): number {
    return this.mem.loadPtr(b + this.bs - this.P);
  }

  /** Numbers the overflow buckets from p on as the dump does (stops at anything odd). */
  number(p: number): void {
    while (p !== 0 && !this.inNew(p) && !this.inOld(p) && !this.ovfNum.has(p) && this.mem.valid(p, this.bs)) {
      this.ovfNum.set(p, this.ovfNum.size);
      p = this.overflowOf(p);
    }
  }

  /** The entries of the *[]*bmap at s, or null (with a problem) if it is not readable. */
  sliceEntries(s: number, what: string): number[] | null {
    const mem = this.mem, L = this.L;
    if (s === 0) return [];
    if (!mem.valid(s, L.sliceSize)) {
      this.problem('extra', `${what} slice header ${hex(s)} outside allocated memory`);
      return null;
    }
    const arr = mem.loadPtr(s + L.sArray);
    const len = mem.loadInt(s + L.sLen);
    const cap = mem.loadInt(s + L.sCap);
    if (len < 0 || len > cap) {
      this.problem('extra', `${what} has len ${len} and cap ${cap}`);
      return null;
    }
    if (len > 0 && !mem.valid(arr, len * this.P)) {
      this.problem('extra', `${what} array ${hex(arr)} (len ${len}) outside allocated memory`);
      return null;
    }
    const out: number[] = [];
    for (let i = 0; i < len; i++) out.push(mem.loadPtr(arr + i * this.P));
    return out;
  }

  showKey(k: number): string {
    try {
      const s = JSON.stringify(decodeValue(this.reg, this.mt.key, k));
      return s.length > 60 ? s.slice(0, 57) + '...' : s;
    } catch {
      return '(undecodable)';
    }
  }

  // ----- the check

  check(h: number): void {
    const mem = this.mem, L = this.L;
    if (h === 0) return;
    this.h = h;
    if (!mem.valid(h, L.size)) {
      this.problem('hmap', `address ${hex(h)} outside allocated memory`);
      return;
    }
    const count = mem.loadInt(h + L.count);
    const flags = mem.load8(h + L.flags);
    const B = mem.load8(h + L.B);
    const noverflow = mem.load16(h + L.noverflow);
    this.hash0 = mem.load32(h + L.hash0);
    const buckets = mem.loadPtr(h + L.buckets);
    const oldbuckets = mem.loadPtr(h + L.oldbuckets);
    const nevacuate = mem.loadPtr(h + L.nevacuate);
    const extra = mem.loadPtr(h + L.extra);
    this.B = B;
    this.sameSize = (flags & sameSizeGrow) !== 0;
    this.growing = oldbuckets !== 0;

    if (flags & hashWriting) this.problem('hmap', 'flags: hashWriting set outside a map write');
    if (flags & ~15) this.problem('hmap', `flags: unknown bits ${hex(flags & ~15)}`);
    if (count < 0) this.problem('hmap', `count ${count} is negative`);
    if (this.sameSize && !this.growing) this.problem('hmap', 'flags: sameSizeGrow set but no growth in progress');
    if (B > 40) {
      this.problem('hmap', `B ${B} cannot be allocated`);
      return;
    }

    let extraOvf = 0, extraOld = 0, extraNext = 0;
    if (extra !== 0) {
      if (!mem.valid(extra, L.extraSize)) {
        this.problem('extra', `address ${hex(extra)} outside allocated memory`);
      } else {
        extraOvf = mem.loadPtr(extra + L.xOverflow);
        extraOld = mem.loadPtr(extra + L.xOldoverflow);
        extraNext = mem.loadPtr(extra + L.xNextOverflow);
      }
    }

    if (buckets === 0) {
      if (count !== 0) this.problem('hmap', `count ${count} but buckets is nil`);
      if (B !== 0) this.problem('hmap', `B ${B} but buckets is nil`);
      if (this.growing) this.problem('hmap', 'oldbuckets set but buckets is nil');
      if (extraNext !== 0) this.problem('extra', 'nextOverflow set but buckets is nil');
      const ovf = this.sliceEntries(extraOvf, 'overflow');
      if (ovf && ovf.length) this.problem('extra', `overflow lists ${ovf.length} buckets but buckets is nil`);
      const old = this.sliceEntries(extraOld, 'oldoverflow');
      if (old && old.length) this.problem('extra', `oldoverflow lists ${old.length} buckets but buckets is nil`);
      return;
    }

    this.buckets = buckets;
    this.nb = 2 ** B;
    this.na = allocatedBuckets(this.rt, this.bs, B);
    if (!mem.valid(buckets, this.na * this.bs)) {
      this.problem('hmap', `buckets ${hex(buckets)} (${this.na} buckets of ${this.bs} bytes) outside allocated memory`);
      return;
    }
    if (this.growing) {
      if (!this.sameSize && B === 0) {
        this.problem('hmap', 'growing to twice the size with B 0');
        return;
      }
      const oldB = this.sameSize ? B : B - 1;
      this.oldbuckets = oldbuckets;
      this.nob = 2 ** oldB;
      this.noa = allocatedBuckets(this.rt, this.bs, oldB);
      if (!mem.valid(oldbuckets, this.noa * this.bs)) {
        this.problem('hmap', `oldbuckets ${hex(oldbuckets)} (${this.noa} buckets) outside allocated memory`);
        return;
      }
      const lo = Math.max(buckets, oldbuckets);
      const hi = Math.min(buckets + this.na * this.bs, oldbuckets + this.noa * this.bs);
      if (lo < hi) {
        this.problem('hmap', 'buckets and oldbuckets overlap');
        return;
      }
    }

    // Number the overflow buckets the way the dump does, so locations match a trace's `O:n`.
    for (let i = 0; i < this.na; i++) this.number(this.overflowOf(buckets + i * this.bs));
    for (let i = 0; i < this.noa; i++) this.number(this.overflowOf(oldbuckets + i * this.bs));
    const ovfList = this.sliceEntries(extraOvf, 'overflow');
    const oldList = this.sliceEntries(extraOld, 'oldoverflow');
    for (const p of ovfList ?? []) this.number(p);
    for (const p of oldList ?? []) this.number(p);
    this.number(extraNext);

    // Old buckets first: which are evacuated decides what the new buckets may hold.
    const oldEvacuated: boolean[] = [];
    if (this.growing) {
      for (let j = 0; j < this.nob; j++) {
        const head = oldbuckets + j * this.bs;
        const chain = this.chain(head, Gen.Old);
        const t0 = mem.load8(head);
        const evac = t0 > emptyOne && t0 < minTopHash;
        oldEvacuated.push(evac);
        if (evac) this.evacuatedChain(chain, j);
        else this.liveChain(chain, j, Gen.Old);
        if (j < nevacuate && !evac) this.problem('OB:' + j, `not evacuated but nevacuate is ${nevacuate}`);
      }
      if (nevacuate >= this.nob) {
        this.problem('hmap', `nevacuate ${nevacuate} but there are only ${this.nob} old buckets (the growth should have ended)`);
      }
    } else if (nevacuate !== 0 && nevacuate !== this.nb && nevacuate !== this.nb / 2) {
      this.problem('hmap', `nevacuate ${nevacuate} without a growth in progress (want 0, ${this.nb / 2} or ${this.nb})`);
    }

    for (let i = 0; i < this.nb; i++) {
      const head = buckets + i * this.bs;
      const chain = this.chain(head, Gen.New);
      if (this.growing) {
        const j = i & (this.nob - 1);
        if (!oldEvacuated[j] && !this.pristine(chain)) {
          this.problem('B:' + i, `written to before its old bucket OB:${j} was evacuated`);
        }
      }
      this.liveChain(chain, i, Gen.New);
    }

    if (this.live !== count) this.problem('hmap', `count ${count} but ${this.live} live slots`);
    if (B < 16 && noverflow !== this.newOvf.length) {
      this.problem('hmap', `noverflow ${noverflow} but the bucket array has ${this.newOvf.length} overflow buckets`);
    }

    // extra.overflow / extra.oldoverflow
    if (this.mt.bucket.ptrdata === 0) {
      if (ovfList) this.sameSet('extra', 'overflow', ovfList, this.newOvf);
      if (oldList) {
        if (this.growing) this.sameSet('extra', 'oldoverflow', oldList, this.oldOvf);
        else if (extraOld !== 0) this.problem('extra', 'oldoverflow set without a growth in progress');
      }
    } else {
      if (extraOvf !== 0) this.problem('extra', 'overflow set but the bucket type has pointers');
      if (extraOld !== 0) this.problem('extra', 'oldoverflow set but the bucket type has pointers');
    }

    this.preallocated(extraNext);
  }

  /**
   * The chain from head: head plus its overflow buckets, stopping (with a problem) at a pointer
   * that cannot be an overflow bucket of this generation or at a bucket already on a chain.
   */
  chain(head: number, gen: Gen): number[] {
    const out = [head];
    const headName = this.name(head);
    let p = head;
    for (;;) {
      const next = this.overflowOf(p);
      if (next === 0) break;
      const at = this.at(p, headName);
      if (this.inNew(next) || this.inOld(next)) {
        const isNew = this.inNew(next);
        const base = isNew ? this.buckets : this.oldbuckets;
        if ((next - base) % this.bs !== 0) {
          this.problem(at, `overflow pointer ${hex(next)} points inside a bucket`);
          break;
        }
        const idx = (next - base) / this.bs;
        if (idx < (isNew ? this.nb : this.nob)) {
          this.problem(at, `overflow points at main bucket ${this.name(next)}`);
          break;
        }
        if (isNew !== (gen === Gen.New)) {
          this.problem(at, `overflow points at ${this.name(next)}, a preallocated bucket of the other generation`);
          break;
        }
      } else if (!this.mem.valid(next, this.bs)) {
        this.problem(at, `overflow pointer ${hex(next)} outside allocated memory`);
        break;
      }
      const prev = this.owner.get(next);
      if (prev !== undefined) {
        if (prev === headName) this.problem(this.name(next), `overflow chain cycles (chain of ${headName})`);
        else this.problem(this.name(next), `on the chains of both ${prev} and ${headName}`);
        break;
      }
      this.owner.set(next, headName);
      (gen === Gen.New ? this.newOvf : this.oldOvf).push(next);
      out.push(next);
      p = next;
    }
    return out;
  }

  at(b: number, headName: string): string {
    const n = this.name(b);
    return n === headName ? n : `${n} (chain of ${headName})`;
  }

  slotAt(b: number, s: number, headName: string): string {
    const n = this.name(b);
    return n === headName ? `${n} slot ${s}` : `${n} slot ${s} (chain of ${headName})`;
  }

  /** Whether a chain was never written: all emptyRest, no overflow. */
  pristine(chain: number[]): boolean {
    if (chain.length > 1) return false;
    for (let s = 0; s < bucketCnt; s++) if (this.mem.load8(chain[0] + s) !== emptyRest) return false;
    return true;
  }

  /** A chain of live slots: h.buckets[idx] (gen New) or a not evacuated oldbuckets[idx]. */
  liveChain(chain: number[], idx: number, gen: Gen): void {
    const mem = this.mem, mt = this.mt;
    const headName = this.name(chain[0]);
    const mask = (gen === Gen.New ? this.nb : this.nob) - 1;
    let seenRest = false;
    let restReported = false;
    let lastNonRest: [number, number, number] | null = null; // b, s, top
    const keys: [number, number, string][] = []; // key, top, location of the reflexive live keys
    for (const b of chain) {
      for (let s = 0; s < bucketCnt; s++) {
        const top = mem.load8(b + s);
        const loc = this.slotAt(b, s, headName);
        if (top === emptyRest) {
          seenRest = true;
          this.emptySlot(b, s, loc);
          continue;
        }
        lastNonRest = [b, s, top];
        if (seenRest && !restReported) {
          this.problem(loc, `tophash ${topName(top)} after an emptyRest earlier in the chain`);
          restReported = true;
        }
        if (top === emptyOne) {
          this.emptySlot(b, s, loc);
          continue;
        }
        if (top < minTopHash) {
          this.problem(loc, `tophash ${topName(top)} in a ${gen === Gen.New ? 'bucket of h.buckets' : 'not evacuated old bucket'}`);
          continue;
        }
        this.live++;
        let k = b + dataOffset + s * this.ks;
        if (this.indirectKey) {
          k = mem.loadPtr(k);
          if (k === 0 || !mem.valid(k, mt.key.size)) {
            this.problem(loc, `indirect key pointer ${hex(k)} is ${k === 0 ? 'nil' : 'outside allocated memory'}`);
            continue;
          }
        }
        if (this.indirectElem) {
          const e = mem.loadPtr(b + dataOffset + bucketCnt * this.ks + s * this.es);
          if (e === 0 || !mem.valid(e, mt.elem.size)) {
            this.problem(loc, `indirect elem pointer ${hex(e)} is ${e === 0 ? 'nil' : 'outside allocated memory'}`);
          }
        }
        let reflexive: boolean;
        try {
          reflexive = this.reflexiveType || mt.key.equal!(k, k);
        } catch (e) {
          this.problem(loc, `comparing the key failed: ${(e as Error).message}`);
          continue;
        }
        if (!reflexive) continue; // NaN: its hash is random, any bucket is right
        let hash: number, hashHi: number;
        try {
          hash = mt.hasher(k, this.hash0, 0);
          hashHi = this.rt.hash.hi;
        } catch (e) {
          this.problem(loc, `hashing the key failed: ${(e as Error).message}`);
          continue;
        }
        const want = maskHash(hash, hashHi, mask);
        if (want !== idx) {
          this.problem(loc, `key ${this.showKey(k)} hashes to ${gen === Gen.New ? 'bucket' : 'old bucket'} ${want}`);
        }
        const wantTop = this.tophash(hash, hashHi);
        if (wantTop !== top) {
          this.problem(loc, `tophash ${topName(top)} but the key's hash gives ${topName(wantTop)}`);
        }
        for (const [k2, top2, loc2] of keys) {
          if (top2 === top && mt.key.equal!(k, k2)) {
            this.problem(loc, `key ${this.showKey(k)} also sits at ${loc2}`);
            break;
          }
        }
        keys.push([k, top, loc]);
      }
    }
    if (lastNonRest && lastNonRest[2] === emptyOne) {
      this.problem(this.slotAt(lastNonRest[0], lastNonRest[1], headName),
        'emptyOne is the last non-emptyRest slot of the chain (should be emptyRest)');
    }
  }

  /** A deleted or never used slot: elem cleared, key pointers cleared. */
  emptySlot(b: number, s: number, loc: string): void {
    const mem = this.mem;
    const k = b + dataOffset + s * this.ks;
    const e = b + dataOffset + bucketCnt * this.ks + s * this.es;
    if (this.indirectKey) {
      if (mem.loadPtr(k) !== 0) this.problem(loc, 'empty slot keeps its indirect key pointer');
    } else {
      for (const off of this.keyPtrWords) {
        if (mem.loadPtr(k + off) !== 0) {
          this.problem(loc, 'empty slot keeps a pointer in its key');
          break;
        }
      }
    }
    if (this.indirectElem) {
      if (mem.loadPtr(e) !== 0) this.problem(loc, 'empty slot keeps its indirect elem pointer');
    } else {
      for (let i = 0; i < this.mt.elem.size; i++) {
        if (mem.load8(e + i) !== 0) {
          this.problem(loc, 'empty slot keeps its elem (not cleared)');
          break;
        }
      }
    }
  }

  /** An evacuated old bucket's chain: evacuation marks only, X/Y agreeing with the hash. */
  evacuatedChain(chain: number[], j: number): void {
    const mem = this.mem, mt = this.mt;
    const headName = this.name(chain[0]);
    // evacuate clears keys, elems and the overflow word of a bucket type with pointers unless an
    // iterator may still read the old buckets: then only the tophashes are left.
    let kept = mt.bucket.ptrdata === 0;
    if (!kept) {
      for (let i = dataOffset; i < this.bs; i++) {
        if (mem.load8(chain[0] + i) !== 0) {
          kept = true;
          break;
        }
      }
    }
    const checkXY = kept && !this.sameSize && !mapProfile(this.rt.profile).reseedOnEmpty;
    for (const b of chain) {
      for (let s = 0; s < bucketCnt; s++) {
        const top = mem.load8(b + s);
        const loc = this.slotAt(b, s, headName);
        if (top !== evacuatedX && top !== evacuatedY && top !== evacuatedEmpty) {
          this.problem(loc, `tophash ${topName(top)} in an evacuated bucket`);
          continue;
        }
        if (top === evacuatedY && this.sameSize) {
          this.problem(loc, 'evacuatedY in a same-size growth');
          continue;
        }
        if (top === evacuatedEmpty || !checkXY) continue;
        let k = b + dataOffset + s * this.ks;
        if (this.indirectKey) {
          k = mem.loadPtr(k);
          if (k === 0 || !mem.valid(k, mt.key.size)) continue;
        }
        try {
          if (!this.reflexiveType && !mt.key.equal!(k, k)) continue;
          const hash = mt.hasher(k, this.hash0, 0);
          const y = hashBit(hash, this.rt.hash.hi, this.nob);
          if (y !== (top === evacuatedY)) {
            this.problem(loc, `${topName(top)} but key ${this.showKey(k)} belongs to ${y ? 'Y' : 'X'} (B:${y ? j + this.nob : j})`);
          }
        } catch (e) {
          this.problem(loc, `hashing the key failed: ${(e as Error).message}`);
        }
      }
    }
  }

  tophash(hash: number, hashHi: number): number {
    let top = (this.P === 8 ? hashHi : hash) >>> 24;
    if (top < minTopHash) top += minTopHash;
    return top;
  }

  /** extra.overflow or oldoverflow against the overflow buckets of the chains. */
  sameSet(where: string, what: string, listed: number[], onChains: number[]): void {
    const want = new Set(onChains);
    const seen = new Set<number>();
    for (const p of listed) {
      if (seen.has(p)) {
        this.problem(where, `${what} lists ${this.name(p)} twice`);
        continue;
      }
      seen.add(p);
      if (!want.has(p)) this.problem(where, `${what} lists ${this.name(p)}, which is on no ${what === 'overflow' ? 'h.buckets' : 'h.oldbuckets'} chain`);
    }
    for (const p of onChains) {
      if (!seen.has(p)) this.problem(where, `${what} misses ${this.name(p)} (chain of ${this.owner.get(p)})`);
    }
  }

  /** The preallocated overflow buckets of h.buckets, extra.nextOverflow and the sentinel. */
  preallocated(next: number): void {
    const { nb, na, bs, buckets } = this;
    if (na === nb) {
      if (next !== 0) this.problem('extra', `nextOverflow ${this.name(next)} set but h.buckets has no preallocated overflow buckets`);
      return;
    }
    let nIdx = na; // first unused preallocated bucket
    if (next !== 0) {
      const off = next - buckets;
      if (!this.inNew(next) || off % bs !== 0 || off / bs < nb) {
        this.problem('extra', `nextOverflow ${this.name(next)} is not a preallocated bucket of h.buckets (B:${nb}..B:${na - 1})`);
        return;
      }
      nIdx = off / bs;
    }
    const orphans: number[] = [];
    for (let i = nb; i < nIdx; i++) if (!this.owner.has(buckets + i * bs)) orphans.push(i);
    if (orphans.length) {
      const r = orphans.length === 1 ? `B:${orphans[0]}` : `B:${orphans[0]}..B:${orphans[orphans.length - 1]} (${orphans.length} buckets)`;
      this.problem(r, next === 0
        ? 'preallocated overflow bucket on no chain, and extra.nextOverflow is nil'
        : `preallocated overflow bucket before extra.nextOverflow (B:${nIdx}) but on no chain`);
    }
    const last = buckets + (na - 1) * bs;
    if (next === 0) {
      if (!this.owner.has(last) && this.overflowOf(last) === buckets) {
        this.problem(`B:${na - 1}`, 'preallocated overflow sentinel intact but extra.nextOverflow is nil');
      }
      return;
    }
    for (let i = nIdx; i < na; i++) {
      const b = buckets + i * bs;
      const loc = 'B:' + i;
      const o = this.owner.get(b);
      if (o !== undefined) this.problem(loc, `on the chain of ${o} but not yet handed out (extra.nextOverflow is B:${nIdx})`);
      for (let s = 0; s < bucketCnt; s++) {
        if (this.mem.load8(b + s) !== emptyRest) {
          this.problem(loc, `unused preallocated bucket has tophash ${topName(this.mem.load8(b + s))} in slot ${s}`);
          break;
        }
      }
      const ovf = this.overflowOf(b);
      if (i < na - 1) {
        if (ovf !== 0) this.problem(loc, `unused preallocated bucket has overflow ${this.name(ovf)}`);
      } else if (ovf !== buckets) {
        this.problem(loc, `preallocated overflow sentinel broken: overflow is ${ovf === 0 ? 'nil' : this.name(ovf)}, want B:0 (h.buckets)`);
      }
    }
  }
}
