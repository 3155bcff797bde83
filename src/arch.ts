// Targets, runtime profiles and hash families: the three axes of every goemu configuration.

export type ArchName = 'amd64' | '386';
export type Profile = 'go1.15' | 'go1.19';
export type HashFamily = 'aes' | 'fallback';

export const ARCHES: readonly ArchName[] = ['amd64', '386'];
export const PROFILES: readonly Profile[] = ['go1.15', 'go1.19'];
export const HASH_FAMILIES: readonly HashFamily[] = ['aes', 'fallback'];

export interface Arch {
  readonly name: ArchName;
  /** goarch.PtrSize */
  readonly ptrSize: 4 | 8;
  /** goarch.RegSize: the alignment of 8-byte integers, floats and complex128 (4 on 386). */
  readonly regSize: 4 | 8;
  /** runtime.maxAlloc: 1<<heapAddrBits - (1-_64bit) (runtime/malloc.go). */
  readonly maxAlloc: number;
  /** Where the simulated heap starts: Go's arena hint on linux/amd64 is 0xc000000000. */
  readonly heapBase: number;
}

export const AMD64: Arch = { name: 'amd64', ptrSize: 8, regSize: 8, maxAlloc: 2 ** 48, heapBase: 0xc000000000 };
export const I386: Arch = { name: '386', ptrSize: 4, regSize: 4, maxAlloc: 2 ** 32 - 1, heapBase: 0x08000000 };

export function archByName(name: string): Arch {
  if (name === 'amd64') return AMD64;
  if (name === '386') return I386;
  throw new Error(`unknown arch ${JSON.stringify(name)} (want amd64 or 386)`);
}

export function isProfile(s: string): s is Profile {
  return s === 'go1.15' || s === 'go1.19';
}
export function isHashFamily(s: string): s is HashFamily {
  return s === 'aes' || s === 'fallback';
}
