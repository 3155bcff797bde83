// Structural comparison of two traces, for scenarios whose key placement real Go cannot repeat
// (NaN keys, keys hashed by address). It keeps what does not depend on placement: each event's
// results (found, elem, len, panics, hash0 values, layouts), range entries as a multiset, and of
// each dump the header and the multiset of live entries.

import { BucketJSON, Event, StateJSON } from './format';
import { Difference, diffTraces } from './diff';

function sortedJSON(xs: unknown[]): string[] {
  return xs.map((x) => JSON.stringify(x)).sort();
}

function liveEntries(s: StateJSON): string[] {
  const out: unknown[] = [];
  const take = (b: BucketJSON): void => {
    for (const sl of b.slots) if (b.tophash[sl.i] > 4) out.push([sl.key, sl.elem]);
  };
  s.buckets?.buckets.forEach(take);
  s.oldbuckets?.buckets.forEach(take);
  s.overflowBuckets.forEach(take);
  return sortedJSON(out);
}

function reduceState(s: StateJSON | null | undefined): unknown {
  if (!s) return s;
  return {
    count: s.count, B: s.B, flags: s.flags, hash0: s.hash0,
    nbuckets: s.buckets?.nbuckets ?? null, noldbuckets: s.oldbuckets?.nbuckets ?? null,
    live: liveEntries(s),
  };
}

function reduceEvent(e: Event): unknown {
  const r: Record<string, unknown> = {};
  for (const k of ['i', 'op', 'map', 'iter', 'panic', 'found', 'elem', 'len', 'hash0', 'layout']) {
    if (k in e) r[k] = e[k];
  }
  if ('start' in e) r.start = e.start === null ? null : 'drawn';
  if (e.entries) r.entries = sortedJSON(e.entries);
  // An iterator's entries (and when it ends) depend on where keys sit relative to its position
  // whenever the map changes under it, so stepwise iteration is left out.
  if ('state' in e) r.state = reduceState(e.state);
  return r;
}

/** Differences between two traces that do not depend on where keys were placed. */
export function diffStructural(a: { events: Event[] }, b: { events: Event[] }, max = 20): Difference[] {
  return diffTraces({ events: a.events.map(reduceEvent) }, { events: b.events.map(reduceEvent) }, max);
}
