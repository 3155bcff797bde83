// Making a GoRuntime for a configuration: key material either recorded (a trace's seeds) or drawn
// from the scenario's seed string, and fastrand seeded from that string.

import { archByName, ArchName, HashFamily, Profile } from '../arch';
import { GoRuntime } from './runtime';
import { makeRawHash, randomSeeds, hashRandomBytes } from './hash';
import { FastRand } from './fastrand';
import { Seeds } from '../trace/format';

export interface KeyMaterial {
  aeskeysched: Uint8Array;
  hashkey: Uint32Array;
}

export function createRuntime(arch: ArchName, profile: Profile, family: HashFamily, seed: string, keys?: KeyMaterial): GoRuntime {
  const km = keys ?? randomSeeds(arch, family, seed);
  return new GoRuntime({
    arch: archByName(arch),
    profile,
    family,
    hash: makeRawHash(arch, profile, family, km.aeskeysched, km.hashkey),
    gen: new FastRand(arch, profile, seed),
    aeskeysched: km.aeskeysched,
    hashkey: km.hashkey,
  });
}

/** The trace's `seeds` of a runtime. */
export function seedsJSON(rt: GoRuntime): Seeds {
  let aes = '';
  for (const b of rt.aeskeysched) aes += b.toString(16).padStart(2, '0');
  const hashkey: string[] = [];
  for (let i = 0; i < 4; i++) {
    const lo = rt.hashkey[2 * i].toString(16).padStart(8, '0');
    const hi = rt.hashkey[2 * i + 1].toString(16).padStart(8, '0');
    hashkey.push('0x' + (rt.ptrSize === 8 ? hi + lo : lo));
  }
  return { aeskeysched: aes, hashkey };
}

/** Key material from a trace's `seeds` (already shape-checked). */
export function keysFromSeeds(s: Seeds, arch: ArchName): KeyMaterial {
  const n = hashRandomBytes(arch);
  const aeskeysched = new Uint8Array(n);
  for (let i = 0; i < n; i++) aeskeysched[i] = parseInt(s.aeskeysched.substr(2 * i, 2), 16);
  const hashkey = new Uint32Array(8);
  s.hashkey.forEach((h, i) => {
    const digits = h.slice(2).padStart(16, '0');
    hashkey[2 * i + 1] = parseInt(digits.slice(0, 8), 16) >>> 0;
    hashkey[2 * i] = parseInt(digits.slice(8), 16) >>> 0;
  });
  if (arch === '386') for (let i = 1; i < 8; i += 2) hashkey[i] = 0;
  return { aeskeysched, hashkey };
}
