// Field offsets of runtime.hmap, runtime.mapextra and slice headers (runtime/map.go:115-146),
// identical in Go 1.14 through 1.19, for PtrSize 8 (amd64) and 4 (386).

/** runtime/map.go constants */
export const bucketCntBits = 3;
export const bucketCnt = 1 << bucketCntBits;
export const loadFactorNum = 13;
export const loadFactorDen = 2;
export const maxKeySize = 128;
export const maxElemSize = 128;
/** unsafe.Offsetof(bmap{}.tophash) past the tophash array: keys start here. */
export const dataOffset = 8;
export const emptyRest = 0;
export const emptyOne = 1;
export const evacuatedX = 2;
export const evacuatedY = 3;
export const evacuatedEmpty = 4;
export const minTopHash = 5;
// flags
export const iterator = 1;
export const oldIterator = 2;
export const hashWriting = 4;
export const sameSizeGrow = 8;
/** sentinel bucket ID for iterator checks */
export const noCheck = -1;

/** hmap, mapextra and slice-header offsets for one PtrSize. */
export class HmapLayout {
  readonly ptrSize: 4 | 8;
  // hmap
  readonly count = 0;
  readonly flags: number;
  readonly B: number;
  readonly noverflow: number;
  readonly hash0: number;
  readonly buckets: number;
  readonly oldbuckets: number;
  readonly nevacuate: number;
  readonly extra: number;
  readonly size: number;
  // mapextra
  readonly xOverflow = 0;
  readonly xOldoverflow: number;
  readonly xNextOverflow: number;
  readonly extraSize: number;
  // slice header
  readonly sArray = 0;
  readonly sLen: number;
  readonly sCap: number;
  readonly sliceSize: number;
  /** size of runtime.hiter (checked by mapiterinit: 12 words) */
  readonly hiterSize: number;

  constructor(ptrSize: 4 | 8) {
    const P = ptrSize;
    this.ptrSize = P;
    this.flags = P;
    this.B = P + 1;
    this.noverflow = P + 2;
    this.hash0 = P + 4;
    this.buckets = P + 8;
    this.oldbuckets = 2 * P + 8;
    this.nevacuate = 3 * P + 8;
    this.extra = 4 * P + 8;
    this.size = 5 * P + 8;
    this.xOldoverflow = P;
    this.xNextOverflow = 2 * P;
    this.extraSize = 3 * P;
    this.sLen = P;
    this.sCap = 2 * P;
    this.sliceSize = 3 * P;
    this.hiterSize = 12 * P;
  }
}

export const HMAP64 = new HmapLayout(8);
export const HMAP32 = new HmapLayout(4);
export function hmapLayout(ptrSize: 4 | 8): HmapLayout {
  return ptrSize === 8 ? HMAP64 : HMAP32;
}
