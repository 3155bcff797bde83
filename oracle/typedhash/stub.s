// Empty assembly file: lets main.go declare the body-less function
// runtime.fastrand (//go:linkname), which the compiler's -complete check
// would otherwise reject.
