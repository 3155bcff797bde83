// A plain model of Go map semantics (the language spec's, not the runtime's): entries keyed by
// Go `==` (canon), NaN keys as distinct entries, needkeyupdate on overwrite, and the iteration
// rules:
// - every entry present for the whole iteration is returned exactly once;
// - an entry deleted by `delete` before it was reached is never returned;
// - an entry added during the iteration may be returned, at most once;
// - entries that `mapclear` removed mid-iteration may still be returned (at most once, with the
//   key and elem they had): real Go's iterator can still be walking a dropped overflow bucket;
// - a key deleted and re-inserted is a new entry.

import { T, canon, needkeyupdate, reflexive, zero, sameValue, jsonEqual, firstUnhashable, NAN } from './gotypes';

let nextId = 1;

/** How often the lenient rules were needed (for tuning the generator). */
export const coverage = { ghostReturns: 0 };

export class MEntry {
  readonly id = nextId++;
  live = true;
  constructor(readonly canon: string | null, public key: unknown, public elem: unknown) {}
}

export class MIter {
  readonly returned = new Set<number>();
  /** entries present when the iteration started */
  readonly mustSee: MEntry[];
  /** entries mapclear removed while this iterator was active (not yet returned) */
  readonly ghosts: MEntry[] = [];
  /** entries deleted while this iterator was active, by canon (for messages) */
  readonly deleted = new Map<string, MEntry>();
  done = false;
  constructor(readonly map: MMap) {
    this.mustSee = map.all();
  }
}

export class MMap {
  readonly byCanon = new Map<string, MEntry>();
  /** entries whose key holds a NaN: never found, each insert new */
  readonly nans: MEntry[] = [];
  readonly iters = new Set<MIter>();
  readonly reflexive: boolean;
  readonly keyUpdate: boolean;

  constructor(readonly keyType: T, readonly elemType: T, readonly nil: boolean) {
    this.reflexive = reflexive(keyType);
    this.keyUpdate = needkeyupdate(keyType);
  }

  get len(): number {
    return this.byCanon.size + this.nans.length;
  }

  all(): MEntry[] {
    return [...this.byCanon.values(), ...this.nans];
  }

  /** The panic message of hashing this key, or null. */
  hashPanic(key: unknown): string | null {
    const u = firstUnhashable(this.keyType, key);
    return u === null ? null : `runtime error: hash of unhashable type ${u}`;
  }

  /** m[key] = elem; returns the panic message, if any. */
  set(key: unknown, elem: unknown): string | null {
    if (this.nil) return 'assignment to entry in nil map';
    const p = this.hashPanic(key);
    if (p) return p;
    const c = canon(this.keyType, key);
    if (c === NAN) {
      this.nans.push(new MEntry(NAN, key, elem));
      return null;
    }
    const e = this.byCanon.get(c);
    if (e) {
      e.elem = elem;
      if (this.keyUpdate) e.key = key;
    } else {
      this.byCanon.set(c, new MEntry(c, key, elem));
    }
    return null;
  }

  /** elem, found := m[key] */
  get(key: unknown): { panic: string | null; found: boolean; elem: unknown } {
    const p = this.hashPanic(key);
    if (p) return { panic: p, found: false, elem: undefined };
    const c = canon(this.keyType, key);
    const e = c === NAN ? undefined : this.byCanon.get(c);
    return e ? { panic: null, found: true, elem: e.elem } : { panic: null, found: false, elem: zero(this.elemType) };
  }

  delete(key: unknown): string | null {
    const p = this.hashPanic(key);
    if (p) return p;
    const c = canon(this.keyType, key);
    if (c === NAN) return null;
    const e = this.byCanon.get(c);
    if (e) this.remove(e);
    return null;
  }

  private remove(e: MEntry): void {
    e.live = false;
    this.byCanon.delete(e.canon!);
    for (const it of this.iters) if (!it.returned.has(e.id)) it.deleted.set(e.canon!, e);
  }

  /** for k := range m { delete(m, k) }: mapclear, or the loop for non-reflexive keys. */
  clear(): void {
    if (this.reflexive) {
      const all = this.all();
      for (const e of all) {
        e.live = false;
        for (const it of this.iters) if (!it.returned.has(e.id)) it.ghosts.push(e);
      }
      this.byCanon.clear();
      this.nans.length = 0;
    } else {
      // The loop deletes every key equal to itself; NaN keys stay behind.
      for (const e of [...this.byCanon.values()]) this.remove(e);
    }
  }

  startIter(): MIter {
    const it = new MIter(this);
    if (this.len === 0) it.done = true;
    else this.iters.add(it);
    return it;
  }
}

/**
 * Accounts for one entry an iterator returned: null when Go allows it, else what is wrong.
 * `key`/`elem` are the emulator's output spelling.
 */
export function iterReturned(it: MIter, key: unknown, elem: unknown): string | null {
  const m = it.map;
  let c: string | null;
  try {
    c = canon(m.keyType, key);
  } catch (e) {
    return `returned a malformed key ${JSON.stringify(key)} (${(e as Error).message})`;
  }
  const cands: MEntry[] = [];
  if (c === NAN) {
    for (const e of m.nans) if (!it.returned.has(e.id)) cands.push(e);
  } else {
    const e = m.byCanon.get(c);
    if (e && !it.returned.has(e.id)) cands.push(e);
  }
  for (const g of it.ghosts) if (g.canon === c && !it.returned.has(g.id)) cands.push(g);
  // An identical entry first; only then one that the copy may have changed (a quieted NaN):
  // with several NaN entries, matching the tolerant way first could take another's entry.
  const match = cands.find((e) => jsonEqual(e.key, key) && jsonEqual(e.elem, elem))
    ?? cands.find((e) => sameValue(m.keyType, e.key, key) && sameValue(m.elemType, e.elem, elem));
  if (match) {
    it.returned.add(match.id);
    if (!match.live) coverage.ghostReturns++;
    return null;
  }
  const show = `[${JSON.stringify(key)}, ${JSON.stringify(elem)}]`;
  if (cands.length > 0) {
    const e = cands[0];
    return `returned ${show} but the entry is [${JSON.stringify(e.key)}, ${JSON.stringify(e.elem)}]`;
  }
  if (c !== NAN) {
    if (it.deleted.has(c)) return `returned ${show}, an entry deleted before the iterator reached it`;
    const e = m.byCanon.get(c);
    if (e && it.returned.has(e.id)) return `returned ${show} a second time`;
    for (const g of it.ghosts) if (g.canon === c) return `returned ${show} a second time (an entry mapclear removed)`;
  }
  return `returned ${show}, which is not in the map`;
}

/** The iterator ended: every entry present for the whole iteration must have been returned. */
export function iterEnded(it: MIter): string | null {
  it.done = true;
  it.map.iters.delete(it);
  const missed = it.mustSee.filter((e) => e.live && !it.returned.has(e.id));
  if (missed.length === 0) return null;
  const show = missed.slice(0, 3).map((e) => `[${JSON.stringify(e.key)}, ${JSON.stringify(e.elem)}]`).join(', ');
  return `iteration ended without returning ${missed.length} entr${missed.length === 1 ? 'y' : 'ies'} present throughout: ${show}`;
}
