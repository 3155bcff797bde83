// A parser for the contract's Go type syntax (docs/trace-format.md §5): the predeclared
// types, unsafe.Pointer, the composite type literals (struct fields embedded or tagged included)
// and the names a scenario declares in "types" (package main), without non-empty interfaces.
// The result is a small AST; `typeString` spells it the way reflect.Type.String()
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
  /** The field name; "_" for a blank field; for an embedded field its type's name. */
  readonly name: string;
  readonly type: TypeAST;
  /** An embedded field (`struct{ int8; *T }`): reflect prints only its type. */
  readonly embedded?: boolean;
  /** The struct tag's value (the literal decoded), when there is one. */
  readonly tag?: string;
}

/**
 * How deep a type may nest (each type constructor, name resolution included, is one level).
 * Go's compiler has no small limit; goemu stops at 1,000 so that every recursive walk over a
 * type (parser, layout, gcmask, alg, the value codec) stays far inside the JS stack.
 */
export const MAX_TYPE_DEPTH = 1000;

/** The message of a type nested deeper than MAX_TYPE_DEPTH. */
export const TOO_DEEP = `type nests more than ${MAX_TYPE_DEPTH} levels deep (goemu's limit)`;

/** Resolves a declared type name (package main) for the parser; undefined when not declared. */
export type NameResolver = (name: string) => TypeAST | undefined;

export type TypeAST =
  | { readonly k: 'basic'; readonly name: BasicName }
  | { readonly k: 'unsafeptr' }
  /** len is exact (BigInt: lengths may pass 2^53 when the elements have size 0). */
  | { readonly k: 'array'; readonly len: bigint; readonly elem: TypeAST }
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
  | { readonly k: 'struct'; readonly fields: readonly FieldAST[] }
  /** A type declared in the scenario's "types" (package main), spelled main.Name; `u` is its underlying type. */
  | { readonly k: 'named'; readonly name: string; readonly u: TypeAST };

/** A type string the parser rejects; `pos` is the offset in the string. */
export class TypeSyntaxError extends Error {
  readonly typeString: string;
  readonly pos: number;
  readonly reason: string;
  constructor(typeString: string, pos: number, reason: string) {
    super(`unsupported type ${shortType(typeString)} at ${pos}: ${reason}`);
    this.name = 'TypeSyntaxError';
    this.typeString = typeString;
    this.pos = pos;
    this.reason = reason;
  }
}

/** A type string quoted for a message, cut to 80 characters so that a message stays one short line. */
export function shortType(s: string): string {
  const q = JSON.stringify(s);
  return q.length <= 80 ? q : `${q.slice(0, 60)}…" (${s.length} characters)`;
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

/** Go integer literal (decimal, 0x, 0o, 0b, legacy octal, '_' separators) → its exact value, or null. */
function parseIntLit(s: string): bigint | null {
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
  // Exact: arrays of zero-size elements may be longer than 2^53 (the registry checks the bound).
  return BigInt((base === 10 ? '' : base === 16 ? '0x' : base === 8 ? '0o' : '0b') + digits);
}

// ---------------------------------------------------------------------------------------------
// Parser

class Parser {
  private readonly src: string;
  private readonly toks: Token[];
  private readonly names: NameResolver | undefined;
  private i = 0;
  /** parseType's nesting, bounded by MAX_TYPE_DEPTH. */
  private depth = 0;

  constructor(src: string, names?: NameResolver) {
    this.src = src;
    this.toks = lex(src);
    this.names = names;
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
    if (++this.depth > MAX_TYPE_DEPTH) this.fail(this.tok, TOO_DEEP);
    try {
      return this.parseType1();
    } finally {
      this.depth--;
    }
  }

  private parseType1(): TypeAST {
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
      // main.Point: reflect's spelling of a scenario's declared type (as traces print it).
      const declared = tok.s === 'main' ? this.names?.(sel.s) : undefined;
      if (declared) return declared;
      return this.fail(tok, `unknown type name ${tok.s}.${sel.s}` +
        (tok.s === 'main' ? ' (not declared in the scenario\'s "types")' : ' (only unsafe.Pointer and the scenario\'s own "types" are named types)'));
    }
    const name = tok.s;
    const declared = this.names?.(name);
    if (declared) return declared;
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
      // EmbeddedField = [ "*" ] TypeName (the Go spec, "Struct types"): a lone type name,
      // followed by ';', '}', a tag or '.' (a qualified name).
      const after = this.peekAt(1);
      if (this.is('*') || (first.t === T.Ident && (after.t === T.Semi || after.t === T.String || after.t === T.EOF ||
          (after.t === T.Punct && (after.s === '}' || after.s === '.'))))) {
        const f = this.parseEmbedded();
        if (f.name !== '_') {
          if (seen.has(f.name)) this.fail(first, `duplicate field ${f.name}`);
          seen.add(f.name);
        }
        fields.push(f);
        if (this.is('}')) continue;
        if (this.tt() !== T.Semi) this.fail(this.tok, `expected ';', newline or '}' after field, found ${this.describe(this.tok)}`);
        continue;
      }
      if (first.t !== T.Ident) this.fail(first, `expected field name, found ${this.describe(first)}`);
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
      const tag = this.parseTag();
      for (const nt of names) {
        if (nt.s !== '_') {
          if (seen.has(nt.s)) this.fail(nt, `duplicate field ${nt.s}`);
          seen.add(nt.s);
        }
        fields.push(tag === undefined ? { name: nt.s, type } : { name: nt.s, type, tag });
      }
      if (this.is('}')) continue;
      if (this.tt() !== T.Semi) this.fail(this.tok, `expected ';', newline or '}' after field, found ${this.describe(this.tok)}`);
    }
    return { k: 'struct', fields };
  }

  /**
   * An embedded field `[*]TypeName [tag]`: its name is the type name's (unqualified) identifier
   * (the Go spec: "The unqualified type name acts as the field name"). T may not be a pointer
   * type when written *T; the type name may not be a type parameter (there are none here).
   */
  private parseEmbedded(): FieldAST {
    const star = this.is('*') ? this.tok : null;
    if (star) this.i++;
    const nameTok = this.tok;
    if (nameTok.t !== T.Ident) this.fail(nameTok, `expected embedded type name, found ${this.describe(nameTok)}`);
    if (['map', 'chan', 'func', 'struct', 'interface'].includes(nameTok.s)) {
      this.fail(nameTok, `embedded field type must be a type name, found ${nameTok.s}`);
    }
    let name = nameTok.s;
    if (this.peekAt(1).t === T.Punct && this.peekAt(1).s === '.') name = this.peekAt(2).s;
    let type = this.parseTypeName();
    // gc/dcl.go checkembeddedtype (1.15): "embedded type cannot be a pointer" for a pointer or
    // unsafe.Pointer, also behind the '*'; types2 struct.go (1.19) says "embedded field type
    // cannot be a pointer" / "cannot be unsafe.Pointer".
    const under = type.k === 'named' ? type.u : type;
    if (under.k === 'ptr') this.fail(star ?? nameTok, 'embedded field type cannot be a pointer');
    if (under.k === 'unsafeptr') this.fail(star ?? nameTok, 'embedded field type cannot be unsafe.Pointer');
    if (star) type = { k: 'ptr', elem: type };
    const tag = this.parseTag();
    return tag === undefined ? { name, type, embedded: true } : { name, type, embedded: true, tag };
  }

  /** An optional struct tag: a string literal, interpreted ("…") or raw (`…`). */
  private parseTag(): string | undefined {
    if (this.tt() !== T.String) return undefined;
    const tok = this.tok;
    this.i++;
    const v = unquote(tok.s);
    if (v === null) this.fail(tok, `invalid struct tag ${tok.s}`);
    // An empty tag is no tag: struct{ a int8 "" } is struct{ a int8 } (reflect prints none).
    return v === '' ? undefined : v;
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

/**
 * Parses a Go type string of the contract's syntax; `names` resolves the scenario's declared
 * types. Throws TypeSyntaxError.
 */
export function parseType(src: string, names?: NameResolver): TypeAST {
  return new Parser(src, names).parseAll();
}

// ---------------------------------------------------------------------------------------------
// String literals (struct tags)

/** strconv.Unquote of a Go string literal ("…" with escapes, or `…` raw); null when invalid. */
export function unquote(lit: string): string | null {
  if (lit.length < 2) return null;
  const q = lit[0];
  if (lit[lit.length - 1] !== q) return null;
  const body = lit.slice(1, -1);
  if (q === '`') return body.includes('`') ? null : body.replace(/\r/g, '');
  if (body.includes('\n')) return null;
  const bytes: number[] = [];
  const enc = new TextEncoder();
  const pushRune = (cp: number): boolean => {
    if (cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000)) return false;
    for (const b of enc.encode(String.fromCodePoint(cp))) bytes.push(b);
    return true;
  };
  for (let i = 0; i < body.length;) {
    const c = body[i];
    if (c === '"') return null;
    if (c !== '\\') {
      const cp = body.codePointAt(i)!;
      pushRune(cp);
      i += cp > 0xffff ? 2 : 1;
      continue;
    }
    const e = body[i + 1];
    const simple: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 92, '"': 34 };
    if (e !== undefined && e in simple) { bytes.push(simple[e]); i += 2; continue; }
    const hex = (n: number): number | null => {
      const h = body.slice(i + 2, i + 2 + n);
      return h.length === n && /^[0-9a-fA-F]+$/.test(h) ? parseInt(h, 16) : null;
    };
    if (e === 'x') { const v = hex(2); if (v === null) return null; bytes.push(v); i += 4; continue; }
    if (e === 'u' || e === 'U') {
      const n = e === 'u' ? 4 : 8;
      const v = hex(n);
      if (v === null || !pushRune(v)) return null;
      i += 2 + n;
      continue;
    }
    if (e !== undefined && e >= '0' && e <= '7') {
      const o = body.slice(i + 1, i + 4);
      if (!/^[0-7]{3}$/.test(o) || parseInt(o, 8) > 255) return null;
      bytes.push(parseInt(o, 8));
      i += 4;
      continue;
    }
    return null;
  }
  // A tag is a Go string of any bytes; goemu keeps tags as text, so a tag that is not valid
  // UTF-8 is refused (null) rather than altered.
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bytes));
  } catch {
    return null;
  }
}

/** strconv.Quote (the way reflect prints a struct tag): printable runes kept, others escaped. */
export function quote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    switch (ch) {
      case '"': out += '\\"'; continue;
      case '\\': out += '\\\\'; continue;
      case '\x07': out += '\\a'; continue;
      case '\b': out += '\\b'; continue;
      case '\f': out += '\\f'; continue;
      case '\n': out += '\\n'; continue;
      case '\r': out += '\\r'; continue;
      case '\t': out += '\\t'; continue;
      case '\v': out += '\\v'; continue;
    }
    // strconv.IsPrint: letters, marks, numbers, punctuation, symbols and U+0020.
    if (cp === 0x20 || /[\p{L}\p{M}\p{N}\p{P}\p{S}]/u.test(ch)) { out += ch; continue; }
    if (cp < 0x80) out += '\\x' + cp.toString(16).padStart(2, '0');
    else if (cp < 0x10000) out += '\\u' + cp.toString(16).padStart(4, '0');
    else out += '\\U' + cp.toString(16).padStart(8, '0');
  }
  return out + '"';
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
    case 'named': return `main.${t.name}`;
    case 'struct': {
      if (t.fields.length === 0) return 'struct {}';
      const fs = t.fields.map((f) => {
        // reflect prints an embedded field as its type alone (reflect/type.go StructOf spelling,
        // cmd/compile types/fmt.go: "if !f.Embedded ... name"); a tag follows, Quote'd.
        const tag = f.tag !== undefined ? ' ' + quote(f.tag) : '';
        if (f.embedded) {
          // LinkString (Go 1.18+ types/fmt.go fldconv, issue 50190): an embedded field whose name
          // is not its type's own symbol reads "main.int8 = int8"; a declared type's is its name.
          const named = f.type.k === 'named' || (f.type.k === 'ptr' && f.type.elem.k === 'named');
          if (linkQualifier === undefined || named) return rec(f.type) + tag;
          return `${linkQualifier}.${f.name} = ${rec(f.type)}${tag}`;
        }
        const name = linkQualifier !== undefined && !isExported(f.name) ? `${linkQualifier}.${f.name}` : f.name;
        return `${name} ${rec(f.type)}${tag}`;
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
