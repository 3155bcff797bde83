'use strict';
// Go type syntax of gomap-trace/1 scenarios (docs/trace-format.md §5): a small parser that
// checks a type string and prints it as canonical Go source. `any` is printed as `interface{}`
// (Go 1.15 has no `any`; both profiles give the same type).

const PREDECLARED = new Set([
  'bool', 'string', 'int', 'int8', 'int16', 'int32', 'int64', 'uint', 'uint8', 'uint16', 'uint32',
  'uint64', 'uintptr', 'float32', 'float64', 'complex64', 'complex128', 'byte', 'rune',
]);

function tokenize(s) {
  const toks = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (/\s/.test(c)) { i++; continue; }
    let m;
    if ((m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(s.slice(i)))) {
      toks.push({ t: 'id', v: m[0] });
      i += m[0].length;
    } else if ((m = /^[0-9]+/.exec(s.slice(i)))) {
      toks.push({ t: 'num', v: m[0] });
      i += m[0].length;
    } else if (s.startsWith('<-', i)) {
      toks.push({ t: '<-', v: '<-' });
      i += 2;
    } else if (s.startsWith('...', i)) {
      toks.push({ t: '...', v: '...' });
      i += 3;
    } else if ((m = /^("(?:[^"\\]|\\.)*"|`[^`]*`)/.exec(s.slice(i)))) {
      toks.push({ t: 'str', v: m[0] });
      i += m[0].length;
    } else if ('[]{}()*.,;'.includes(c)) {
      toks.push({ t: c, v: c });
      i++;
    } else {
      throw new Error(`unexpected character ${JSON.stringify(c)}`);
    }
  }
  return toks;
}

class Parser {
  constructor(src, names) {
    this.src = src;
    this.names = names || new Map();
    this.toks = tokenize(src);
    this.pos = 0;
  }
  peek(k = 0) { return this.toks[this.pos + k] || { t: 'eof', v: '' }; }
  next() { return this.toks[this.pos++] || { t: 'eof', v: '' }; }
  expect(t) {
    const tok = this.next();
    if (tok.t !== t) throw new Error(`expected ${t}, found ${tok.v || 'end'}`);
    return tok;
  }
  startsType() {
    const t = this.peek().t;
    return t === 'id' || t === '[' || t === '*' || t === '(' || t === '<-';
  }

  // Returns {go: canonical Go source, kind, key?, elem?}.
  type() {
    const tok = this.next();
    switch (tok.t) {
      case '[': {
        if (this.peek().t === ']') {
          this.next();
          const elem = this.type();
          return { go: `[]${elem.go}`, kind: 'slice', elem };
        }
        const n = this.expect('num').v;
        this.expect(']');
        const elem = this.type();
        return { go: `[${BigInt(n)}]${elem.go}`, kind: 'array', len: Number(n), elem };
      }
      case '*':
        return { go: `*${this.type().go}`, kind: 'ptr' };
      case '(': {
        const t = this.type();
        this.expect(')');
        return t;
      }
      case '<-':
        if (this.next().v !== 'chan') throw new Error('expected chan after <-');
        return { go: `<-chan ${this.type().go}`, kind: 'chan' };
      case 'id':
        return this.named(tok.v);
      default:
        throw new Error(`expected a type, found ${tok.v || 'end'}`);
    }
  }

  named(name) {
    switch (name) {
      case 'map': {
        this.expect('[');
        const key = this.type();
        this.expect(']');
        const elem = this.type();
        return { go: `map[${key.go}]${elem.go}`, kind: 'map', key, elem };
      }
      case 'chan':
        if (this.peek().t === '<-') {
          this.next();
          return { go: `chan<- ${this.type().go}`, kind: 'chan' };
        }
        return { go: `chan ${this.type().go}`, kind: 'chan' };
      case 'func': {
        this.expect('(');
        const params = [];
        while (this.peek().t !== ')') {
          let variadic = '';
          if (this.peek().t === '...') { this.next(); variadic = '...'; }
          params.push(variadic + this.type().go);
          if (this.peek().t === ',') this.next();
          else break;
        }
        this.expect(')');
        let result = '';
        if (this.peek().t === '(') {
          this.next();
          const rs = [];
          while (this.peek().t !== ')') {
            rs.push(this.type().go);
            if (this.peek().t === ',') this.next();
            else break;
          }
          this.expect(')');
          result = rs.length === 1 ? ` ${rs[0]}` : rs.length ? ` (${rs.join(', ')})` : '';
        } else if (this.startsType()) {
          result = ` ${this.type().go}`;
        }
        return { go: `func(${params.join(', ')})${result}`, kind: 'func' };
      }
      case 'interface':
        this.expect('{');
        if (this.peek().t === ';') this.next();
        this.expect('}');
        return { go: 'interface{}', kind: 'interface' };
      case 'any':
        return { go: 'interface{}', kind: 'interface' };
      case 'struct':
        return this.struct();
      case 'main': {
        // main.Point: reflect's spelling of a scenario's declared type; Go source says Point.
        this.expect('.');
        const n = this.expect('id').v;
        if (!this.names.has(n)) throw new Error(`unknown type name main.${n} (not declared in the scenario's "types")`);
        return this.declared(n);
      }
      case 'unsafe':
        this.expect('.');
        if (this.next().v !== 'Pointer') throw new Error('expected unsafe.Pointer');
        return { go: 'unsafe.Pointer', kind: 'unsafe.Pointer', usesUnsafe: true };
      default:
        if (this.names.has(name)) return this.declared(name);
        if (PREDECLARED.has(name)) return { go: name, kind: name };
        throw new Error(`unknown type name ${name} (named types and non-empty interfaces are not allowed)`);
    }
  }

  /** A declared type: its name in Go source, with its underlying type's parts. */
  declared(name) {
    return Object.assign({}, this.names.get(name), { go: name, named: true });
  }

  struct() {
    this.expect('{');
    const fields = [];
    const flat = [];
    while (this.peek().t !== '}') {
      while (this.peek().t === ';') this.next();
      if (this.peek().t === '}') break;
      const first = this.peek();
      let decl;
      const after = this.peek(1).t;
      if (first.t === 'id' && (after === ',' || this.isTypeStartAfterName(after))) {
        const names = [this.next().v];
        while (this.peek().t === ',') {
          this.next();
          names.push(this.expect('id').v);
        }
        const ft = this.type();
        for (const name of names) flat.push({ name, type: ft });
        decl = `${names.join(', ')} ${ft.go}`;
      } else {
        const ft = this.type(); // embedded field
        flat.push({ name: ft.go, type: ft });
        decl = ft.go;
      }
      if (this.peek().t === 'str') decl += ` ${this.next().v}`;
      fields.push(decl);
      if (this.peek().t === ';') this.next();
      else if (this.peek().t !== '}') throw new Error(`expected ; or } in struct, found ${this.peek().v || 'end'}`);
    }
    this.expect('}');
    return { go: fields.length ? `struct { ${fields.join('; ')} }` : 'struct {}', kind: 'struct', fields: flat };
  }

  // After a field name, a type starts (as opposed to an embedded field followed by ; } or a tag).
  isTypeStartAfterName(t) {
    return t === 'id' || t === '[' || t === '*' || t === '(' || t === '<-';
  }
}

/**
 * Parses a Go type string. Returns {go: canonical Go source, kind} with, by kind: map {key,
 * elem}, array {len, elem}, slice {elem}, struct {fields: [{name, type}]}. Throws on bad syntax.
 * `names` (a Map) holds the scenario's declared types, by name, as parseType returned them; a
 * declared type parses as {go: its name, named: true} with its underlying type's parts.
 */
function parseType(src, names) {
  const p = new Parser(src, names);
  const t = p.type();
  if (p.peek().t !== 'eof') throw new Error(`unexpected ${p.peek().v} after the type`);
  return t;
}

module.exports = { parseType };
