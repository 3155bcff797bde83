// JSON text for scenarios and traces, read and written without losing what JSON.parse loses.
//
// A number keeps its source text where a JS number cannot stand for it exactly: real Go's oracle
// reads scenario numbers as text (encoding/json's UseNumber) and echoes the scenario as written
// (oracle/tracer/main.go readOrdered), so `9007199254740993`, `1.0`, `1e3` or `-0` must come back
// exactly so, and a float32 input must be rounded from its decimal digits, not from a float64.
// Such a number is a JSONNumber; every other number (its text is exactly what String() gives back,
// and it is at most 2^53 in magnitude) stays a plain JS number, so code that only needs small
// integers (op indexes, ptrSize, buckets) is unchanged.
//
// Nesting is bounded (MAX_JSON_DEPTH): a 100,000-deep `[[[…]]]` is one clear error, not a stack
// overflow here or in the code that walks the value later (the value codec, dumps, JSON.stringify).

/** A JSON number whose value a JS number would not keep exactly: its text, as written. */
export class JSONNumber {
  constructor(readonly text: string) {}
  /** The nearest float64 (what JSON.parse would have given). */
  valueOf(): number {
    return Number(this.text);
  }
  /** JSON.stringify (messages, the viewer's embedded copy): the nearest float64. */
  toJSON(): number {
    return Number(this.text);
  }
  toString(): string {
    return this.text;
  }
}

/** How deep arrays and objects may nest in goemu's JSON input (real Go's decoder allows 10000). */
export const MAX_JSON_DEPTH = 1000;

export class JSONSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JSONSyntaxError';
  }
}

const TWO53 = 9007199254740992;

/**
 * Parses JSON text (RFC 8259, as JSON.parse: duplicate keys keep the last value) into plain
 * values, numbers as described above. A syntax error throws a JSONSyntaxError whose message
 * names the line and column: "unexpected '}' at line 3 column 5 (want a value)".
 */
export function parseJSONText(text: string): unknown {
  let i = 0;
  const n = text.length;
  const where = (at: number): string => {
    let line = 1;
    let lineStart = 0;
    for (let k = 0; k < at; k++) {
      if (text.charCodeAt(k) === 10) {
        line++;
        lineStart = k + 1;
      }
    }
    return `line ${line} column ${at - lineStart + 1}`;
  };
  const bad = (what?: string): never => {
    if (i >= n) throw new JSONSyntaxError(`unexpected end of input at ${where(n)}`);
    const c = text.codePointAt(i)!;
    const shown = c >= 0x20 && c < 0x7f ? `'${String.fromCodePoint(c)}'` : `character U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
    throw new JSONSyntaxError(`unexpected ${shown} at ${where(i)}${what ? ` (want ${what})` : ''}`);
  };
  const ws = (): void => {
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c !== 32 && c !== 10 && c !== 13 && c !== 9) return;
    }
  };
  const isDigit = (c: number): boolean => c >= 48 && c <= 57;
  const hexVal = (c: number): number =>
    c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1;
  const str = (): string => {
    i++; // opening quote
    const start = i;
    // Fast path: no escapes.
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x22) return text.slice(start, i++);
      if (c === 0x5c) break;
      if (c < 0x20) bad('a character or an escape in a string');
    }
    let out = text.slice(start, i);
    for (;;) {
      if (i >= n) bad();
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return out;
      }
      if (c < 0x20) bad('a character or an escape in a string');
      if (c !== 0x5c) {
        out += text[i++];
        continue;
      }
      i++;
      const e = i < n ? text[i] : '';
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          i++;
          let u = 0;
          for (let k = 0; k < 4; k++, i++) {
            const h = i < n ? hexVal(text.charCodeAt(i)) : -1;
            if (h < 0) bad('4 hex digits after \\u');
            u = u * 16 + h;
          }
          out += String.fromCharCode(u);
          continue;
        }
        default: bad('an escape character');
      }
      i++;
    }
  };
  const num = (): number | JSONNumber => {
    const start = i;
    let simple = true; // digits only, no sign, fraction or exponent
    if (text.charCodeAt(i) === 45 /* - */) {
      i++;
      simple = false;
    }
    if (text.charCodeAt(i) === 48 /* 0 */) i++;
    else if (i < n && isDigit(text.charCodeAt(i))) while (i < n && isDigit(text.charCodeAt(i))) i++;
    else bad('a digit');
    if (text.charCodeAt(i) === 46 /* . */) {
      simple = false;
      i++;
      if (!(i < n && isDigit(text.charCodeAt(i)))) bad('a digit');
      while (i < n && isDigit(text.charCodeAt(i))) i++;
    }
    const e = text.charCodeAt(i);
    if (e === 101 || e === 69 /* e E */) {
      simple = false;
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      if (!(i < n && isDigit(text.charCodeAt(i)))) bad('a digit');
      while (i < n && isDigit(text.charCodeAt(i))) i++;
    }
    const s = text.slice(start, i);
    const v = Number(s);
    if (simple && s.length <= 15) return v; // exact, and spelled as String(v) spells it
    if (Math.abs(v) <= TWO53 && String(v) === s) return v;
    return new JSONNumber(s);
  };
  const setKey = (o: Record<string, unknown>, k: string, v: unknown): void => {
    if (k === '__proto__') Object.defineProperty(o, k, { value: v, writable: true, enumerable: true, configurable: true });
    else o[k] = v;
  };
  const value = (depth: number): unknown => {
    ws();
    const c = text.charCodeAt(i);
    if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (depth >= MAX_JSON_DEPTH) {
        throw new JSONSyntaxError(`arrays and objects nest deeper than ${MAX_JSON_DEPTH} levels at ${where(i)}`);
      }
    }
    if (c === 0x7b) {
      i++;
      const o: Record<string, unknown> = {};
      ws();
      if (text.charCodeAt(i) === 0x7d) {
        i++;
        return o;
      }
      for (;;) {
        ws();
        if (text.charCodeAt(i) !== 0x22) bad('a double-quoted property name');
        const k = str();
        ws();
        if (text.charCodeAt(i) !== 0x3a) bad("':'");
        i++;
        setKey(o, k, value(depth + 1));
        ws();
        const d = text.charCodeAt(i);
        if (d === 0x2c) { i++; continue; }
        if (d === 0x7d) { i++; return o; }
        bad("',' or '}'");
      }
    }
    if (c === 0x5b) {
      i++;
      const a: unknown[] = [];
      ws();
      if (text.charCodeAt(i) === 0x5d) {
        i++;
        return a;
      }
      for (;;) {
        a.push(value(depth + 1));
        ws();
        const d = text.charCodeAt(i);
        if (d === 0x2c) { i++; continue; }
        if (d === 0x5d) { i++; return a; }
        bad("',' or ']'");
      }
    }
    if (c === 0x22) return str();
    if (c === 0x74) return lit('true', true);
    if (c === 0x66) return lit('false', false);
    if (c === 0x6e) return lit('null', null);
    if (c === 45 || isDigit(c)) return num();
    return bad('a value');
  };
  const lit = <T>(w: string, v: T): T => {
    for (let k = 0; k < w.length; k++) {
      if (text[i] !== w[k]) bad(w);
      i++;
    }
    return v;
  };
  const v = value(0);
  ws();
  if (i < n) bad('the end of the input');
  return v;
}

/**
 * JSON text of v as JSON.stringify(v) writes it, except that a JSONNumber is written as its
 * source text. Nesting beyond MAX_JSON_DEPTH (a cycle, or a value that deep) throws an Error.
 */
export function stringifyJSON(v: unknown): string {
  const parts: string[] = [];
  const walk = (x: unknown, depth: number, inArray: boolean): boolean => {
    if (x instanceof JSONNumber) {
      parts.push(x.text);
      return true;
    }
    if (x !== null && typeof x === 'object' && typeof (x as { toJSON?: unknown }).toJSON === 'function') {
      x = (x as { toJSON(): unknown }).toJSON();
    }
    switch (typeof x) {
      case 'string':
        parts.push(JSON.stringify(x));
        return true;
      case 'number':
        parts.push(Number.isFinite(x) ? String(x) : 'null');
        return true;
      case 'boolean':
        parts.push(x ? 'true' : 'false');
        return true;
      case 'bigint':
        throw new TypeError('Do not know how to serialize a BigInt');
      case 'undefined': case 'function': case 'symbol':
        if (inArray) parts.push('null');
        return inArray;
    }
    if (x === null) {
      parts.push('null');
      return true;
    }
    if (depth >= MAX_JSON_DEPTH + 64) throw new Error(`a value nested deeper than ${MAX_JSON_DEPTH} levels`);
    if (Array.isArray(x)) {
      parts.push('[');
      for (let k = 0; k < x.length; k++) {
        if (k > 0) parts.push(',');
        walk(x[k], depth + 1, true);
      }
      parts.push(']');
      return true;
    }
    parts.push('{');
    let first = true;
    for (const k of Object.keys(x as object)) {
      const mark = parts.length;
      if (!first) parts.push(',');
      parts.push(JSON.stringify(k), ':');
      if (walk((x as Record<string, unknown>)[k], depth + 1, false)) first = false;
      else parts.length = mark;
    }
    parts.push('}');
    return true;
  };
  if (!walk(v, 0, false)) return undefined as unknown as string;
  return parts.join('');
}

/**
 * The JSON text of a trace (one line, as JSON.stringify(trace)), with its scenario's numbers as
 * the scenario wrote them.
 */
export function stringifyTrace(t: object): string {
  const parts: string[] = [];
  for (const [k, x] of Object.entries(t)) {
    if (x === undefined || typeof x === 'function') continue;
    parts.push(JSON.stringify(k) + ':' + (k === 'scenario' ? stringifyJSON(x) : JSON.stringify(x)));
  }
  return '{' + parts.join(',') + '}';
}
