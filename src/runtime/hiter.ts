// runtime/map.go: type hiter — a hash iteration structure (identical in Go 1.14 … 1.19).
//
// Go keeps a hiter on the goroutine's stack (range loops) or in reflect's MapIter; goemu keeps it
// as a plain JS object, one per iterator. Pointer fields are simulated addresses (0 = nil).
// The layout Go gives it (12 words, HmapLayout.hiterSize) matters only to mapiterinit's size check
// and to the go1.15 reflect_mapiterinit allocation.

import { MapType } from './types';

export class hiter {
  /** Must be in first position. Write nil to indicate iteration end. Address of the key (0 = ended). */
  key = 0;
  /** Must be in second position. Address of the elem. */
  elem = 0;
  t: MapType | null = null;
  /** *hmap */
  h = 0;
  /** bucket ptr at hash_iter initialization time */
  buckets = 0;
  /** current bucket */
  bptr = 0;
  /** *[]*bmap: keeps overflow buckets of hmap.buckets alive */
  overflow = 0;
  /** *[]*bmap: keeps overflow buckets of hmap.oldbuckets alive */
  oldoverflow = 0;
  /** bucket iteration started at */
  startBucket = 0;
  /** intra-bucket offset to start from during iteration (uint8) */
  offset = 0;
  /** already wrapped around from end of bucket array to beginning */
  wrapped = false;
  /** uint8 */
  B = 0;
  /** uint8 */
  i = 0;
  bucket = 0;
  /** uintptr; noCheck (-1 here, 1<<(8*PtrSize)-1 in Go) when no check is needed */
  checkBucket = 0;
  /**
   * Not a Go field: the address of the heap object go1.15's reflect_mapiterinit allocated with
   * new(hiter) for this iterator (0 otherwise).
   */
  addr = 0;
}
