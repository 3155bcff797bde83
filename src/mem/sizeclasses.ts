// Go's malloc size classes (runtime/sizeclasses.go) and roundupsize (runtime/msize.go), per profile.
//
// go1.15 (Go 1.14/1.15): 67 classes. go1.19 (Go 1.16+): 68, the same list with 24 inserted after 16.

import { Profile } from '../arch';

// runtime/sizeclasses.go:83 (go1.15.15) class_to_size
const CLASS_TO_SIZE_115 = [0, 8, 16, 32, 48, 64, 80, 96, 112, 128, 144, 160, 176, 192, 208, 224, 240, 256, 288, 320, 352, 384, 416, 448, 480, 512, 576, 640, 704, 768, 896, 1024, 1152, 1280, 1408, 1536, 1792, 2048, 2304, 2688, 3072, 3200, 3456, 4096, 4864, 5376, 6144, 6528, 6784, 6912, 8192, 9472, 9728, 10240, 10880, 12288, 13568, 14336, 16384, 18432, 19072, 20480, 21760, 24576, 27264, 28672, 32768];
// runtime/sizeclasses.go:93 (go1.19.8) class_to_size
const CLASS_TO_SIZE_119 = [0, 8, 16, 24, 32, 48, 64, 80, 96, 112, 128, 144, 160, 176, 192, 208, 224, 240, 256, 288, 320, 352, 384, 416, 448, 480, 512, 576, 640, 704, 768, 896, 1024, 1152, 1280, 1408, 1536, 1792, 2048, 2304, 2688, 3072, 3200, 3456, 4096, 4864, 5376, 6144, 6528, 6784, 6912, 8192, 9472, 9728, 10240, 10880, 12288, 13568, 14336, 16384, 18432, 19072, 20480, 21760, 24576, 27264, 28672, 32768];

// runtime/sizeclasses.go constants
export const _MaxSmallSize = 32768;
export const smallSizeDiv = 8;
export const smallSizeMax = 1024;
export const largeSizeDiv = 128;
export const _PageShift = 13;
export const _PageSize = 1 << _PageShift;
export const maxTinySize = 16;

export class SizeClasses {
  readonly classToSize: readonly number[];
  /** size_to_class8[ceil(size/8)] for size <= 1016 */
  readonly sizeToClass8: Uint8Array;
  /** size_to_class128[ceil((size-1024)/128)] for 1024 < size < 32768 */
  readonly sizeToClass128: Uint8Array;

  constructor(profile: Profile) {
    this.classToSize = profile === 'go1.15' ? CLASS_TO_SIZE_115 : CLASS_TO_SIZE_119;
    // The tables Go's mksizeclasses.go derives: the smallest class that holds the size.
    this.sizeToClass8 = new Uint8Array(smallSizeMax / smallSizeDiv + 1);
    this.sizeToClass128 = new Uint8Array((_MaxSmallSize - smallSizeMax) / largeSizeDiv + 1);
    for (let i = 0; i < this.sizeToClass8.length; i++) this.sizeToClass8[i] = this.classFor(i * smallSizeDiv);
    for (let i = 0; i < this.sizeToClass128.length; i++) this.sizeToClass128[i] = this.classFor(smallSizeMax + i * largeSizeDiv);
  }

  private classFor(size: number): number {
    const c = this.classToSize;
    for (let i = 0; i < c.length; i++) if (c[i] >= size) return i;
    throw new Error('no size class for ' + size);
  }

  /** The size class index of a small size (runtime/malloc.go mallocgc). */
  sizeclass(size: number): number {
    return size <= smallSizeMax - 8
      ? this.sizeToClass8[Math.ceil(size / smallSizeDiv)]
      : this.sizeToClass128[Math.ceil((size - smallSizeMax) / largeSizeDiv)];
  }

  /** runtime/msize.go roundupsize: the size malloc really hands out for a request. */
  roundupsize(size: number): number {
    if (size < _MaxSmallSize) {
      return this.classToSize[this.sizeclass(size)];
    }
    // size+_PageSize < size (overflow) cannot happen for sizes we can represent.
    return Math.ceil(size / _PageSize) * _PageSize;
  }
}
