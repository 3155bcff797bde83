// Go's runtime failures as JS exceptions.
//
// A GoPanic is what Go's recover() would see: `message` is the recovered error's Error() text,
// e.g. "assignment to entry in nil map" (plainError) or
// "runtime error: hash of unhashable type []int" (errorString adds the "runtime error: " prefix).
// A GoThrow is a fatal error ("fatal error: concurrent map writes"): Go cannot recover it.

export class GoPanic extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GoPanic';
  }
}

export class GoThrow extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GoThrow';
  }
}

/** runtime.plainError: Error() is the text itself. */
export function plainError(s: string): GoPanic {
  return new GoPanic(s);
}

/** runtime.errorString: Error() is "runtime error: " + text. */
export function errorString(s: string): GoPanic {
  return new GoPanic('runtime error: ' + s);
}

/** The panic of a nil (or wild) pointer dereference (runtime.panicmem). */
export function panicmem(): GoPanic {
  return errorString('invalid memory address or nil pointer dereference');
}

/** runtime.throw: a fatal error. */
export function fatal(s: string): GoThrow {
  return new GoThrow(s);
}
