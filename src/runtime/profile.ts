// The differences between the two runtime profiles' map code, as one small named object.
//
// go1.15 is Go 1.14.x/1.15.x (the seed's map.go); go1.19 is Go 1.19.8. Everything in map.go,
// map_fast32.go, map_fast64.go and map_faststr.go that changes a byte of state, a random draw or an
// entry point between the two is one field here; the map code consults these fields and never the
// profile's name. (Allocator differences — the 24-byte size class, growslice's rule, the tiny
// allocator's 12-byte alignment — live in ../mem/heap.ts and ../mem/sizeclasses.ts.)

import { Profile } from '../arch';

export interface MapProfile {
  readonly name: Profile;
  /**
   * Go 1.16+: `h.hash0 = fastrand()` when a delete brings h.count to 0 (mapdelete and the three
   * fast deletes), and in mapclear. runtime/map.go:796-800, 1016-1018; map_fast32.go:348-352,
   * map_fast64.go:350-354, map_faststr.go:376-380 (1.19).
   */
  readonly reseedOnEmpty: boolean;
  /**
   * Go 1.17+: mapassign_faststr rewrites the data pointer of an existing equal key
   * (`k.str = key.str`, map_faststr.go:259-261 (1.19)). Go 1.14-1.16 leave the old pointer.
   */
  readonly faststrUpdatesKeyPtr: boolean;
  /**
   * Go 1.19: mapiterinit draws `r = fastrand64()` when B > 31-bucketCntBits, else `fastrand()`
   * (map.go:845-850 (1.19)). Go 1.14-1.18: `r = fastrand(); if B > 28 { r += fastrand() << 31 }`
   * (map.go:827-830 (1.15)).
   */
  readonly iterStartFastrand64: boolean;
  /**
   * Go 1.19: mapiterinit sets `it.t = t` before the nil/empty check (map.go:821 (1.19)); 1.15 sets
   * it after (map.go:810 (1.15)). Affects the hiter only.
   */
  readonly iterSetsTypeFirst: boolean;
  /**
   * Go 1.14/1.15: `reflect_mapiterinit(t, h) *hiter` allocates the hiter with `new(hiter)`
   * (map.go:1329-1333 (1.15)); Go 1.18+ take the caller's hiter (map.go:1374 (1.19)).
   */
  readonly reflectIterinitNewHiter: boolean;
  /**
   * Go 1.18+: reflect_mapaccess_faststr, reflect_mapassign_faststr and reflect_mapdelete_faststr
   * exist (map.go:1341-1372 (1.19)) and reflect uses them for string keys with elem size <= 128.
   */
  readonly reflectFaststr: boolean;
}

export const GO115_MAPS: MapProfile = Object.freeze({
  name: 'go1.15',
  reseedOnEmpty: false,
  faststrUpdatesKeyPtr: false,
  iterStartFastrand64: false,
  iterSetsTypeFirst: false,
  reflectIterinitNewHiter: true,
  reflectFaststr: false,
} as const);

export const GO119_MAPS: MapProfile = Object.freeze({
  name: 'go1.19',
  reseedOnEmpty: true,
  faststrUpdatesKeyPtr: true,
  iterStartFastrand64: true,
  iterSetsTypeFirst: true,
  reflectIterinitNewHiter: false,
  reflectFaststr: true,
} as const);

export function mapProfile(p: Profile): MapProfile {
  return p === 'go1.19' ? GO119_MAPS : GO115_MAPS;
}
