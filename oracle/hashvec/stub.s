// Empty assembly file: lets main.go declare body-less functions that are
// //go:linkname'd to runtime.memhash, runtime.memhash32, runtime.memhash64,
// runtime.strhash and runtime.fastrand* (the compiler's -complete check).
