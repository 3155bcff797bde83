// A parser for the contract's Go type syntax (docs/trace-format.md §5): the predeclared
// types, unsafe.Pointer and the composite type literals, without named types or non-empty
// interfaces. The result is a small AST; `typeString` spells it the way reflect.Type.String()
// does (which is also what the compiler stores in the `_type`), so that the registry can intern
// types by that string.
//
// Lexing follows the Go spec: identifiers are Unicode letters, digits and '_', and a newline
// becomes a ';' after an identifier, a literal, ')', ']' or '}' (automatic semicolons), which is
// what makes newline-separated struct fields work.

export type BasicName =
  | 'bool' | 'string' | 'int' | 'int8' | 'int16' | 'int32' | 'int64'
  | 'uint' | 'uint8' | 'uint16' | 'uint32' | 'uint64' | 'uintptr'
  | 'float32' | 'float64' | 'complex64' | 'complex128';

export const BASIC_NAMES: readonly BasicName[] = [
  'bool', 'string', 'int', 'int8', 'int16', 'int32', 'int64',
  'uint', 'uint8', 'uint16', 'uint32', 'uint64', 'uintptr',
  'float32', 'float64', 'complex64', 'complex128',
];

/** Channel direction (reflect.ChanDir values). */
export const enum ChanDir {
  Recv = 1,
  Send = 2,
  Both = 3,
}

export interface FieldAST {
  /** The field name; "_" for a blank field. */
  readonly name: string;
  readonly type: TypeAST;
}

export type TypeAST =
  | { readonly k: 'basic'; readonly name: BasicName }
  | { readonly k: 'unsafeptr' }
  | { readonly k: 'array'; readonly len: number; readonly elem: TypeAST }
  | { readonly k: 'slice'; readonly elem: TypeAST }
  | { readonly k: 'ptr'; readonly elem: TypeAST }
  | { readonly k: 'map'; readonly key: TypeAST; readonly elem: TypeAST }
  | { readonly k: 'chan'; readonly dir: ChanDir; readonly elem: TypeAST }
  | {
      readonly k: 'func';
      /** Parameter types; the last one is `[]T` when variadic. */
      readonly params: readonly TypeAST[];
      readonly results: readonly TypeAST[];
      readonly variadic: boolean;
    }
  | { readonly k: 'interface' }
  | { readonly k: 'struct'; readonly fields: readonly FieldAST[] };

/** A type string the parser rejects; `pos` is the offset in the string. */
export class TypeSyntaxError extends Error {
  readonly typeString: string;
  readonly pos: number;
  readonly reason: string;
  constructor(typeString: string, pos: number, reason: string) {
    super(`unsupported type ${JSON.stringify(typeString)} at ${pos}: ${reason}`);
    this.name = 'TypeSyntaxError';
    this.typeString = typeString;
    this.pos = pos;
    this.reason = reason;
  }
}

// ---------------------------------------------------------------------------------------------
// Lexer

const enum T {
  EOF, Ident, Int, String, Punct, Semi,
}

interface Token {
  readonly t: T;
  /** The token text; for an automatic semicolon, "newline". */
  readonly s: string;
  readonly pos: number;
}

const PUNCTS = ['...', '<-', '[', ']', '{', '}', '(', ')', '*', ',', ';', '.', '='];

const identStart = /[\p{L}_]/u;
const identPart = /[\p{L}\p{Nd}_]/u;

function lex(src: string): Token[] {
  const toks: Token[] = [];
  let i = 0;
  const n = src.length;
  const needSemi = (): boolean => {
    const last = toks[toks.length - 1];
    if (!last) return false;
    if (last.t === T.Ident || last.t === T.Int || last.t === T.String) return true;
    return last.t === T.Punct && (last.s === ')' || last.s === ']' || last.s === '}');
  };
  while (i < n) {
    const c = src[i];
    if (c === '\n') {
      if (needSemi()) toks.push({ t: T.Semi, s: 'newline', pos: i });
      i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '/' && (src[i + 1] === '/' || src[i + 1] === '*')) {
      throw new TypeSyntaxError(src, i, 'comments are not supported');
    }
    const cp = src.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    if (identStart.test(ch)) {
      const start = i;
      i += ch.length;
      while (i < n) {
        const d = String.fromCodePoint(src.codePointAt(i)!);
        if (!identPart.test(d)) break;
        i += d.length;
      }
      toks.push({ t: T.Ident, s: src.slice(start, i), pos: start });
      continue;
    }
    if (c >= '0' && c <= '9') {
      const start = i;
      while (i < n && /[0-9a-zA-Z_.]/.test(src[i])) {
        if (src[i] === '.' && src[i + 1] === '.') break;
        i++;
      }
      toks.push({ t: T.Int, s: src.slice(start, i), pos: start });
      continue;
    }
    if (c === '"' || c === '`') {
      const start = i;
      i++;
      while (i < n && src[i] !== c) i += src[i] === '\\' && c === '"' ? 2 : 1;
      i++;
      toks.push({ t: T.String, s: src.slice(start, Math.min(i, n)), pos: start });
      continue;
    }
    const p = PUNCTS.find((q) => src.startsWith(q, i));
    if (p === undefined) {
      throw new TypeSyntaxError(src, i, `unexpected character ${JSON.stringify(ch)}`);
    }
    toks.push({ t: p === ';' ? T.Semi : T.Punct, s: p, pos: i });
    i += p.length;
  }
  toks.push({ t: T.EOF, s: 'end of string', pos: n });
  return toks;
}

/** Go integer literal (decimal, 0x, 0o, 0b, legacy octal, '_' separators) → number, or null. */
function parseIntLit(s: string): number | null {
  if (!/^[0-9][0-9a-zA-Z_]*$/.test(s)) return null;
  // Underscores only between digits (or after a base prefix).
  if (/__|_$/.test(s)) return null;
  let digits = s;
  let base = 10;
  const pre = s.slice(0, 2).toLowerCase();
  if (pre === '0x') { base = 16; digits = s.slice(2); }
  else if (pre === '0o') { base = 8; digits = s.slice(2); }
  else if (pre === '0b') { base = 2; digits = s.slice(2); }
  else if (s.length > 1 && s[0] === '0') { base = 8; digits = s.slice(1); }
  if (digits.startsWith('_')) digits = digits.slice(1);
  digits = digits.replace(/_/g, '');
  if (digits === '') return null;
  const valid = { 2: /^[01]+$/, 8: /^[0-7]+$/, 10: /^[0-9]+$/, 16: /^[0-9a-fA-F]+$/ }[base]!;
  if (!valid.test(digits)) return null;
  let v = 0n;
  for (const d of digits) v = v * BigInt(base) + BigInt(parseInt(d, 16));
  // Beyond 2^53 no array fits in any address space; keep it as a huge number for the size check.
  return v > BigInt(Number.MAX_SAFE_INTEGER) ? Number.POSITIVE_INFINITY : Number(v);
}

// ---------------------------------------------------------------------------------------------
// Parser

class Parser {
  private readonly src: string;
  private readonly toks: Token[];
  private i = 0;

  constructor(src: string) {
    this.src = src;
    this.toks = lex(src);
  }

  private get tok(): Token {
    return this.toks[this.i];
  }
  /** The current token's class (a call, so that TypeScript does not narrow across moves). */
  private tt(): T {
    return this.toks[this.i].t;
  }
  private peekAt(k: number): Token {
    return this.toks[Math.min(this.i + k, this.toks.length - 1)];
  }
  private fail(tok: Token, reason: string): never {
    throw new TypeSyntaxError(this.src, tok.pos, reason);
  }
  private describe(tok: Token): string {
    if (tok.t === T.EOF) return 'end of string';
    if (tok.t === T.Semi) return tok.s === 'newline' ? 'newline' : "';'";
    if (tok.t === T.Punct) return `'${tok.s}'`;
    return tok.s;
  }
  private is(s: string): boolean {
    const t = this.tok;
    return (t.t === T.Punct || t.t === T.Semi) && t.s === s;
  }
  private expect(s: string, what?: string): Token {
    const t = this.tok;
    if (!this.is(s)) this.fail(t, `expected '${s}'${what ? ' ' + what : ''}, found ${this.describe(t)}`);
    this.i++;
    return t;
  }

  parseAll(): TypeAST {
    if (this.tok.t === T.EOF) this.fail(this.tok, 'expected type, found end of string');
    const t = this.parseType();
    // Trailing newlines (automatic semicolons) are fine.
    while (this.tt() === T.Semi && this.tok.s === 'newline') this.i++;
    if (this.tt() !== T.EOF) this.fail(this.tok, `unexpected ${this.describe(this.tok)} after type`);
    return t;
  }

  parseType(): TypeAST {
    const tok = this.tok;
    if (tok.t === T.Ident) {
      switch (tok.s) {
        case 'map': return this.parseMap();
        case 'chan': return this.parseChan();
        case 'func': this.i++; return this.parseSignature();
        case 'struct': return this.parseStruct();
        case 'interface': return this.parseInterface();
      }
      return this.parseTypeName();
    }
    if (tok.t === T.Punct) {
      switch (tok.s) {
        case '[': return this.parseArrayOrSlice();
        case '*': this.i++; return { k: 'ptr', elem: this.parseType() };
        case '<-': {
          this.i++;
          const c = this.tok;
          if (!(c.t === T.Ident && c.s === 'chan')) this.fail(c, `expected 'chan' after '<-', found ${this.describe(c)}`);
          this.i++;
          return { k: 'chan', dir: ChanDir.Recv, elem: this.parseType() };
        }
        case '(': {
          this.i++;
          const t = this.parseType();
          this.expect(')');
          return t;
        }
      }
    }
    return this.fail(tok, `expected type, found ${this.describe(tok)}`);
  }

  private parseTypeName(): TypeAST {
    const tok = this.tok;
    this.i++;
    if (this.is('.')) {
      this.i++;
      const sel = this.tok;
      if (sel.t !== T.Ident) this.fail(sel, `expected name after '${tok.s}.', found ${this.describe(sel)}`);
      this.i++;
      if (tok.s === 'unsafe' && sel.s === 'Pointer') return { k: 'unsafeptr' };
      return this.fail(tok, `unknown type name ${tok.s}.${sel.s} (named types are not supported)`);
    }
    const name = tok.s;
    if ((BASIC_NAMES as readonly string[]).includes(name)) return { k: 'basic', name: name as BasicName };
    if (name === 'byte') return { k: 'basic', name: 'uint8' };
    if (name === 'rune') return { k: 'basic', name: 'int32' };
    if (name === 'any') return { k: 'interface' };
    if (name === 'error') return this.fail(tok, 'unknown type name error (named types and non-empty interfaces are not supported)');
    return this.fail(tok, `unknown type name ${name}`);
  }

  private parseArrayOrSlice(): TypeAST {
    this.expect('[');
    if (this.is(']')) {
      this.i++;
      return { k: 'slice', elem: this.parseType() };
    }
    const lenTok = this.tok;
    if (this.is('...')) this.fail(lenTok, 'invalid use of [...] array (outside a composite literal)');
    if (lenTok.t !== T.Int) this.fail(lenTok, `expected array length, found ${this.describe(lenTok)}`);
    const n = parseIntLit(lenTok.s);
    if (n === null) this.fail(lenTok, `invalid array length ${lenTok.s}`);
    this.i++;
    this.expect(']', 'after array length');
    return { k: 'array', len: n, elem: this.parseType() };
  }

  private parseMap(): TypeAST {
    this.i++; // map
    this.expect('[', "after 'map'");
    const key = this.parseType();
    this.expect(']', 'after map key type');
    return { k: 'map', key, elem: this.parseType() };
  }

  private parseChan(): TypeAST {
    this.i++; // chan
    // The <- operator associates with the leftmost chan possible: chan<- chan int.
    if (this.is('<-')) {
      this.i++;
      return { k: 'chan', dir: ChanDir.Send, elem: this.parseType() };
    }
    return { k: 'chan', dir: ChanDir.Both, elem: this.parseType() };
  }

  private parseInterface(): TypeAST {
    this.i++; // interface
    this.expect('{', "after 'interface'");
    while (this.tt() === T.Semi) this.i++;
    if (!this.is('}')) this.fail(this.tok, 'non-empty interfaces are not supported');
    this.i++;
    return { k: 'interface' };
  }

  private parseStruct(): TypeAST {
    this.i++; // struct
    this.expect('{', "after 'struct'");
    const fields: FieldAST[] = [];
    const seen = new Set<string>();
    for (;;) {
      while (this.tt() === T.Semi) this.i++;
      if (this.is('}')) {
        this.i++;
        break;
      }
      const first = this.tok;
      if (this.is('*')) this.fail(first, 'embedded fields are not supported');
      if (first.t !== T.Ident) this.fail(first, `expected field name, found ${this.describe(first)}`);
      // A lone type name (followed by ';', '}', a tag or '.') is an embedded field.
      const after = this.peekAt(1);
      if (after.t === T.Semi || after.t === T.String || after.t === T.EOF ||
          (after.t === T.Punct && (after.s === '}' || after.s === '.'))) {
        this.fail(first, 'embedded fields are not supported');
      }
      const names: Token[] = [first];
      this.i++;
      while (this.is(',')) {
        this.i++;
        const nt = this.tok;
        if (nt.t !== T.Ident) this.fail(nt, `expected field name, found ${this.describe(nt)}`);
        names.push(nt);
        this.i++;
      }
      const type = this.parseType();
      if (this.tt() === T.String) this.fail(this.tok, 'struct tags are not supported');
      for (const nt of names) {
        if (nt.s !== '_') {
          if (seen.has(nt.s)) this.fail(nt, `duplicate field ${nt.s}`);
          seen.add(nt.s);
        }
        fields.push({ name: nt.s, type });
      }
      if (this.is('}')) continue;
      if (this.tt() !== T.Semi) this.fail(this.tok, `expected ';', newline or '}' after field, found ${this.describe(this.tok)}`);
    }
    return { k: 'struct', fields };
  }

  /** func Signature (after the 'func' keyword). */
  private parseSignature(): TypeAST {
    if (!this.is('(')) this.fail(this.tok, `expected '(' after 'func', found ${this.describe(this.tok)}`);
    const p = this.parseParams(true);
    let results: TypeAST[] = [];
    if (this.is('(')) {
      const r = this.parseParams(false);
      results = r.types;
    } else if (this.startsType()) {
      results = [this.parseType()];
    }
    return { k: 'func', params: p.types, results, variadic: p.variadic };
  }

  private startsType(): boolean {
    const t = this.tok;
    if (t.t === T.Ident) return true;
    return t.t === T.Punct && (t.s === '[' || t.s === '*' || t.s === '<-' || t.s === '(');
  }

  /**
   * A parameter list "(...)": either all entries are types, or all are named
   * ("a, b int, c string"); in the latter case bare names take the type of the next named group.
   */
  private parseParams(allowVariadic: boolean): { types: TypeAST[]; variadic: boolean } {
    this.expect('(');
    interface Item { start: Token; name: Token | null; type: TypeAST | null; dots: Token | null; bare: Token | null }
    const items: Item[] = [];
    while (!this.is(')')) {
      const start = this.tok;
      let item: Item;
      const next = this.peekAt(1);
      const bareIdent = start.t === T.Ident && !['map', 'chan', 'func', 'struct', 'interface'].includes(start.s);
      const nextStartsType = next.t === T.Ident ||
        (next.t === T.Punct && ['[', '*', '<-', '(', '...'].includes(next.s));
      if (bareIdent && nextStartsType) {
        // name Type  |  name ...Type
        this.i++;
        let dots: Token | null = null;
        if (this.is('...')) { dots = this.tok; this.i++; }
        item = { start, name: start, type: this.parseType(), dots, bare: null };
      } else if (bareIdent && !(next.t === T.Punct && next.s === '.')) {
        // A lone identifier: a type name, or a parameter name sharing a later type.
        item = { start, name: null, type: null, dots: null, bare: start };
        this.i++;
      } else {
        let dots: Token | null = null;
        if (this.is('...')) { dots = this.tok; this.i++; }
        item = { start, name: null, type: this.parseType(), dots, bare: null };
      }
      items.push(item);
      if (this.is(',')) {
        this.i++;
        continue;
      }
      if (!this.is(')')) this.fail(this.tok, `expected ',' or ')' in parameter list, found ${this.describe(this.tok)}`);
    }
    this.expect(')');
    const named = items.some((it) => it.name !== null);
    const types: TypeAST[] = [];
    const dotsAt: Token[] = [];
    if (named) {
      // Bare identifiers are names: they take the type of the next named entry.
      let pendingType: TypeAST | null = null;
      let pendingDots: Token | null = null;
      for (let j = items.length - 1; j >= 0; j--) {
        const it = items[j];
        if (it.name !== null) {
          pendingType = it.type;
          pendingDots = it.dots;
        } else if (it.bare === null || pendingType === null) {
          this.fail(it.start, 'mixed named and unnamed parameters');
        }
        types.unshift(pendingType!);
        if (pendingDots) dotsAt.unshift(pendingDots);
      }
    } else {
      for (const it of items) {
        let t = it.type;
        if (t === null) {
          // Resolve the bare identifier as a type name.
          const save = this.i;
          this.i = this.toks.indexOf(it.bare!);
          t = this.parseTypeName();
          this.i = save;
        }
        types.push(t);
        if (it.dots) dotsAt.push(it.dots);
      }
    }
    let variadic = false;
    if (dotsAt.length > 0) {
      const last = items[items.length - 1];
      const lastDots = last.dots;
      if (!allowVariadic || dotsAt.length > 1 || lastDots === null || (named && dotsAt.length !== 1)) {
        this.fail(dotsAt[0], allowVariadic ? 'can only use ... with final parameter in list' : 'cannot use ... in result list');
      }
      variadic = true;
      types[types.length - 1] = { k: 'slice', elem: types[types.length - 1] };
    }
    return { types, variadic };
  }
}

/** Parses a Go type string of the contract's syntax. Throws TypeSyntaxError. */
export function parseType(src: string): TypeAST {
  return new Parser(src).parseAll();
}

// ---------------------------------------------------------------------------------------------
// Spelling

/**
 * reflect.Type.String() of the type (the compiler's `_type.str`): "struct { a int8; b string }",
 * "interface {}", "uint8" for byte, "chan (<-chan int)", "func(int, ...string) (bool, int)".
 *
 * With `linkQualifier` set, non-exported struct field names are qualified with it
 * ("struct { main.a int8 }"): Go 1.19's LinkString, whose NOT-SHA256 is `_type.hash`.
 */
export function typeString(t: TypeAST, linkQualifier?: string): string {
  const rec = (u: TypeAST): string => typeString(u, linkQualifier);
  switch (t.k) {
    case 'basic': return t.name;
    case 'unsafeptr': return 'unsafe.Pointer';
    case 'array': return `[${t.len}]${rec(t.elem)}`;
    case 'slice': return `[]${rec(t.elem)}`;
    case 'ptr': return `*${rec(t.elem)}`;
    case 'map': return `map[${rec(t.key)}]${rec(t.elem)}`;
    case 'chan':
      if (t.dir === ChanDir.Recv) return `<-chan ${rec(t.elem)}`;
      if (t.dir === ChanDir.Send) return `chan<- ${rec(t.elem)}`;
      // chan (<-chan T): without parentheses it would read as chan<- (chan T).
      if (t.elem.k === 'chan' && t.elem.dir === ChanDir.Recv) return `chan (${rec(t.elem)})`;
      return `chan ${rec(t.elem)}`;
    case 'func': {
      const ps = t.params.map((p, i) =>
        t.variadic && i === t.params.length - 1 && p.k === 'slice' ? '...' + rec(p.elem) : rec(p));
      let s = `func(${ps.join(', ')})`;
      if (t.results.length === 1) s += ' ' + rec(t.results[0]);
      else if (t.results.length > 1) s += ` (${t.results.map(rec).join(', ')})`;
      return s;
    }
    case 'interface': return 'interface {}';
    case 'struct': {
      if (t.fields.length === 0) return 'struct {}';
      const fs = t.fields.map((f) => {
        const name = linkQualifier !== undefined && !isExported(f.name) ? `${linkQualifier}.${f.name}` : f.name;
        return `${name} ${rec(f.type)}`;
      });
      return `struct { ${fs.join('; ')} }`;
    }
  }
}

/** types.IsExported: the name starts with an upper-case letter. */
export function isExported(name: string): boolean {
  const c = String.fromCodePoint(name.codePointAt(0) ?? 0);
  return /\p{Lu}/u.test(c);
}

/** Parses and respells: the canonical reflect String() of a type string. */
export function canonicalTypeString(src: string): string {
  return typeString(parseType(src));
}
