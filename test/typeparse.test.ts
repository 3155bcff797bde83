// The type-string parser: accepted spellings (each must name the same type as a spelling whose
// reflect String() real Go printed in fixtures/layout), and every rejection.

import * as fs from 'fs';
import * as path from 'path';
import { expect } from 'chai';
import { parseType, typeString, canonicalTypeString, TypeSyntaxError, MAX_TYPE_DEPTH, TypeAST } from '../src/runtime/typeparse';
import { layoutDecls } from './layout_decls';

const FIXTURES = path.resolve(__dirname, '../../fixtures/layout');

describe('typeparse: reflect String() of every fixture type (real Go)', () => {
  const file = path.join(FIXTURES, 'go1.19-amd64.json');
  const layouts: { type: string; x: { str: string; key: { str: string }; elem: { str: string } } }[] =
    JSON.parse(fs.readFileSync(file, 'utf8')).layouts;
  // The declared types of oracle/layout/types.txt (package main), as the parser resolves them.
  const names = new Map<string, TypeAST>();
  const resolve = (n: string): TypeAST | undefined => names.get(n);
  for (const [name, src] of layoutDecls()) names.set(name, { k: 'named', name, u: parseType(src, resolve) });
  const canon = (s: string): string => typeString(parseType(s, resolve));
  it(`spells all ${layouts.length} map types, keys and elems like reflect`, () => {
    for (const l of layouts) {
      expect(canon(l.type), l.type).to.equal(l.x.str);
      // Go's own spelling parses back to itself.
      expect(canon(l.x.str), l.x.str).to.equal(l.x.str);
      expect(canon(l.x.key.str)).to.equal(l.x.key.str);
      expect(canon(l.x.elem.str)).to.equal(l.x.elem.str);
    }
  });
});

describe('typeparse: equivalent spellings', () => {
  // Each row: spellings that must denote the same type as the first, which real Go printed.
  const rows: string[][] = [
    ['uint8', 'byte', '(byte)', ' uint8 '],
    ['int32', 'rune'],
    ['interface {}', 'interface{}', 'any', 'interface {\n}', 'interface{ }'],
    ['struct { a int8; b string }', 'struct{a int8;b string}', 'struct{ a int8; b string; }',
      'struct {\n\ta int8\n\tb string\n}', 'struct{a int8\nb string}', 'struct{ a int8; b (string) }'],
    ['struct { a int32; b int32; s string }', 'struct{ a, b int32; s string }', 'struct{a,b int32\ns string}',
      'struct{ a, b rune; s string }'],
    ['struct {}', 'struct{}', 'struct {\n}', 'struct{;}'],
    ['map[string]int64', 'map[ string ]int64', 'map[string](int64)'],
    ['map[interface {}]interface {}', 'map[any]any', 'map[interface{}]interface{}'],
    ['chan (<-chan int)', 'chan (<-chan int)', 'chan(<-chan int)'],
    ['chan<- string', 'chan<-string', 'chan <- string'],
    ['<-chan int', '<- chan int', '<-chan(int)'],
    ['func(int, ...string) (bool, int)', 'func(int, ...string)(bool, int)', 'func(a int, b ...string) (c bool, d int)'],
    ['func(int, string, string) bool', 'func(a int, b, c string) (ok bool)', 'func(int, string, string) (bool)'],
    ['func(...int)', 'func(x ...int)', 'func(... int)'],
    ['func()', 'func( )', 'func() ()'],
    ['[3]uint8', '[3]byte', '[0x3]byte', '[0b11]byte', '[0o3]byte', '[03]byte'],
    ['[1000]int', '[1_000]int'],
    ['[9007199254740993]struct {}', '[0x20000000000001]struct{}', '[9_007_199_254_740_993]struct{}'],
    ['struct { int8; string }', 'struct{int8; string}', 'struct{ int8\nstring }'],
    ['struct { *int; uint8 }', 'struct{ *int; byte }', 'struct{*int;uint8}'],
    ['struct { a int8 "t" }', 'struct{a int8 "t"}', 'struct{ a int8 `t` }', 'struct{ a int8 "\\x74" }'],
    ['struct { a int8 "json:\\"a\\"" }', 'struct{ a int8 `json:"a"` }'],
    ['struct { a int8 "x\\ty"; b int8 "\\x01é" }', 'struct{ a int8 "x\\ty"; b int8 "\\x01\\u00e9" }'],
    ['unsafe.Pointer', 'unsafe . Pointer'],
    ['*[4]int', '*[4]int', '*([4]int)'],
    ['map[string][]string', 'map[string][]string\n', '\nmap[string][]string'],
  ];
  for (const [canon, ...others] of rows) {
    it(canon.replace(/\n/g, '\\n'), () => {
      expect(canonicalTypeString(canon)).to.equal(canon);
      for (const o of others) expect(canonicalTypeString(o), JSON.stringify(o)).to.equal(canon);
    });
  }
  it('chan<- chan int is chan<- (chan int); chan <-chan int too', () => {
    const t = parseType('chan<- chan int');
    expect(t.k).to.equal('chan');
    expect(typeString(t)).to.equal('chan<- chan int');
    expect(canonicalTypeString('chan <-chan int')).to.equal('chan<- chan int');
  });
  it('Go 1.19 LinkString qualifies non-exported field names (matches _type.hash in layout tests)', () => {
    expect(typeString(parseType('struct{ A int8; b int16; _ int8 }'), 'main'))
      .to.equal('struct { A int8; main.b int16; main._ int8 }');
  });
  it('blank fields may repeat', () => {
    expect(canonicalTypeString('struct{ _ int8; _ int8 }')).to.equal('struct { _ int8; _ int8 }');
  });
  it('unicode identifiers', () => {
    expect(canonicalTypeString('struct{ ä int8; 世界 string }')).to.equal('struct { ä int8; 世界 string }');
  });
});

describe('typeparse: nesting bound', () => {
  const nest = (n: number): string => '[1]'.repeat(n) + 'int';
  it(`takes ${MAX_TYPE_DEPTH} levels and refuses ${MAX_TYPE_DEPTH + 1} with one short line`, () => {
    expect(canonicalTypeString(nest(MAX_TYPE_DEPTH - 1))).to.equal(nest(MAX_TYPE_DEPTH - 1));
    for (const n of [MAX_TYPE_DEPTH, 20000]) {
      let err: unknown;
      try {
        parseType(nest(n));
      } catch (e) {
        err = e;
      }
      expect(err).to.be.instanceOf(TypeSyntaxError);
      const m = (err as Error).message;
      expect(m).to.include(`more than ${MAX_TYPE_DEPTH} levels deep`);
      expect(m.length, m).to.be.below(200);
      expect(m).to.not.include('\n');
    }
  });
  it('a 20,000-deep struct, pointer and map nest too', () => {
    for (const [open, close] of [['struct{ a ', ' }'], ['*', ''], ['map[int]', ''], ['[]', '']]) {
      expect(() => parseType(open.repeat(20000) + 'int' + close.repeat(20000))).to.throw(/more than 1000 levels deep/);
    }
  });
});

describe('typeparse: errors', () => {
  // [input, position, words of the reason]
  const cases: [string, number, string][] = [
    ['', 0, 'expected type, found end of string'],
    ['   ', 3, 'expected type, found end of string'],
    ['foo', 0, 'unknown type name foo'],
    ['map[string]foo', 11, 'unknown type name foo'],
    ['error', 0, 'unknown type name error'],
    ['time.Duration', 0, 'unknown type name time.Duration'],
    ['unsafe.Sizeof', 0, 'unknown type name unsafe.Sizeof'],
    ['unsafe', 0, 'unknown type name unsafe'],
    ['Int', 0, 'unknown type name Int'],
    ['int int', 4, "unexpected int after type"],
    ['map[string]', 11, 'expected type, found end of string'],
    ['map[string', 10, "expected ']' after map key type, found end of string"],
    ['map string]int', 4, "expected '[' after 'map'"],
    ['map[]int', 4, "expected type, found ']'"],
    ['[]', 2, 'expected type, found end of string'],
    ['[3', 2, "expected ']' after array length"],
    ['[x]int', 1, 'expected array length, found x'],
    ['[-1]int', 1, 'unexpected character'],
    ['[1.5]int', 1, 'invalid array length 1.5'],
    ['[0x]int', 1, 'invalid array length 0x'],
    ['[09]int', 1, 'invalid array length 09'],
    ['[1__0]int', 1, 'invalid array length 1__0'],
    ['[...]int', 1, 'invalid use of [...] array'],
    ['*', 1, 'expected type, found end of string'],
    ['chan', 4, 'expected type, found end of string'],
    ['<-int', 2, "expected 'chan' after '<-'"],
    ['<-', 2, "expected 'chan' after '<-'"],
    ['interface{ String() string }', 11, 'non-empty interfaces are not supported'],
    ['interface{ error }', 11, 'non-empty interfaces are not supported'],
    ['interface', 9, "expected '{' after 'interface'"],
    ['struct', 6, "expected '{' after 'struct'"],
    ['struct{', 7, 'expected field name, found end of string'],
    ['struct{ a int', 13, "expected ';', newline or '}' after field, found end of string"],
    ['struct{ a int; a string }', 15, 'duplicate field a'],
    ['struct{ a, a int }', 11, 'duplicate field a'],
    ['struct{ a, int }', 15, "expected type, found '}'"],
    ['struct{ a int b int }', 14, "expected ';', newline or '}' after field, found b"],
    ['struct{ 1 int }', 8, 'expected field name, found 1'],
    ['struct{ a }', 8, 'unknown type name a'],
    ['struct{ int; int }', 13, 'duplicate field int'],
    ['struct{ int; int "t" }', 13, 'duplicate field int'],
    ['struct{ int8; a int; int8 }', 21, 'duplicate field int8'],
    ['struct{ **int }', 9, 'expected embedded type name'],
    ['struct{ *[]int }', 9, 'expected embedded type name'],
    ['struct{ []int }', 8, 'expected field name'],
    ['struct{ a int "x\\q" }', 14, 'invalid struct tag'],
    ['struct{ a int "t" "u" }', 18, "expected ';', newline or '}' after field"],
    ['struct{ unsafe.Pointer }', 8, 'embedded field type cannot be unsafe.Pointer'],
    ['struct{ *unsafe.Pointer }', 8, 'embedded field type cannot be unsafe.Pointer'],
    ['main.Point', 0, 'unknown type name main.Point (not declared'],
    ['Point', 0, 'unknown type name Point'],
    ['func', 4, "expected '(' after 'func'"],
    ['func(', 5, 'expected type, found end of string'],
    ['func(int', 8, "expected ',' or ')' in parameter list"],
    ['func(a int, string)', 12, 'mixed named and unnamed parameters'],
    ['func(a int, []int)', 12, 'mixed named and unnamed parameters'],
    ['func(...int, string)', 5, 'can only use ... with final parameter in list'],
    ['func(a, b ...int)', 10, 'can only use ... with final parameter in list'],
    ['func() (...int)', 8, 'cannot use ... in result list'],
    ['func() error', 7, 'unknown type name error'],
    ['map[string]\nint', 11, 'expected type, found newline'],
    ['int // comment', 4, 'comments are not supported'],
    ['int;', 3, "unexpected ';' after type"],
    ['(int', 4, "expected ')'"],
    ['int)', 3, "unexpected ')' after type"],
    ['map[string]int{}', 14, "unexpected '{' after type"],
    ['$', 0, 'unexpected character "$"'],
  ];
  for (const [src, pos, reason] of cases) {
    it(JSON.stringify(src), () => {
      let err: unknown;
      try {
        parseType(src);
      } catch (e) {
        err = e;
      }
      expect(err, 'no error').to.be.instanceOf(TypeSyntaxError);
      const e = err as TypeSyntaxError;
      expect(e.message).to.match(new RegExp(`^unsupported type ${escape(JSON.stringify(src))} at ${pos}: `));
      expect(e.reason).to.include(reason);
      expect(e.pos).to.equal(pos);
    });
  }
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
