// The TypeScript API, and issue 4's large-scenario check: `goemu run` on 100,000 random operations
// on map[string]int64 agrees with a plain model of the map's contents.

import { expect } from 'chai';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { execFileSync } from 'child_process';
import seedrandom from 'seedrandom';
import { Runtime, GoPanic } from '../src/api';
import { Trace } from '../src/trace/format';

const CLI = path.join(__dirname, '..', 'src', 'cli', 'main.js');

describe('TypeScript API', () => {
  for (const arch of ['amd64', '386'] as const) {
    for (const go of ['go1.15', 'go1.19'] as const) {
      it(`drives a map[string]int64 (${arch}, ${go})`, () => {
        const rt = Runtime.create({ arch, go, hash: 'aes', seed: 'api' });
        const m = rt.makeMap('map[string]int64');
        for (let i = 0; i < 100; i++) m.set('k' + i, i);
        expect(m.len()).to.equal(100);
        expect(m.get('k42')).to.deep.equal({ found: true, elem: 42 });
        expect(m.get('nope')).to.deep.equal({ found: false, elem: 0 });
        m.delete('k42');
        expect(m.get('k42').found).to.equal(false);
        const seen = m.range().map(([k]) => k as string).sort();
        expect(seen).to.have.length(99);
        expect(new Set(seen).size).to.equal(99);
        const st = m.dump()!;
        expect(st.count).to.equal(99);
        expect(st.B).to.be.at.least(4);
        const it = m.iter();
        let n = 0;
        for (let e = it.entry; e !== null; e = it.next()) n++;
        expect(n).to.equal(99);
        expect(it.done).to.equal(true);
        expect(it.next()).to.equal(null);
        m.clear();
        expect(m.len()).to.equal(0);
        // real Go's bucket sizes for map[string]int (docs/runtime-facts.md §1, checked on Go)
        expect(rt.layout('map[string]int').bucket.size).to.equal(arch === 'amd64' ? 208 : 108);
      });
    }
  }

  it('throws Go panics with Go\'s message', () => {
    const rt = Runtime.create({ arch: '386', go: 'go1.15' });
    const m = rt.nilMap('map[int]int');
    expect(() => m.set(1, 2)).to.throw(GoPanic, 'assignment to entry in nil map');
    expect(m.get(1)).to.deep.equal({ found: false, elem: 0 });
    const a = rt.makeMap('map[any]int');
    expect(() => a.set({ type: '[]int', value: [1] }, 1)).to.throw(GoPanic, 'runtime error: hash of unhashable type []int');
  });

  it('reuses real Go keys given as seeds', () => {
    const a = Runtime.create({ arch: 'amd64', hash: 'fallback', seed: 'one' });
    const b = Runtime.create({ arch: 'amd64', hash: 'fallback', seed: 'two', seeds: a.seeds() });
    expect(b.seeds()).to.deep.equal(a.seeds());
  });
});

describe('goemu run: 100,000 random operations on map[string]int64 against a model', function () {
  this.timeout(300000);
  for (const arch of ['amd64', '386'] as const) {
    it(`agrees with a plain model (${arch}, go1.19)`, () => {
      const rng = seedrandom('big-' + arch);
      const ops: object[] = [{ op: 'make', map: 'm', type: 'map[string]int64' }];
      const keyOf = (): string => 'k' + Math.floor(rng() * 20000);
      while (ops.length < 100000) {
        const r = rng();
        if (r < 0.5) ops.push({ op: 'set', map: 'm', key: keyOf(), elem: Math.floor(rng() * 1e9) });
        else if (r < 0.75) ops.push({ op: 'get', map: 'm', key: keyOf() });
        else if (r < 0.97) ops.push({ op: 'delete', map: 'm', key: keyOf() });
        else if (r < 0.9995) ops.push({ op: 'len', map: 'm' });
        else ops.push({ op: 'range', map: 'm' });
      }
      ops.push({ op: 'range', map: 'm' }, { op: 'len', map: 'm' });
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'goemu-big-'));
      const sc = path.join(dir, 'big.scenario.json');
      const out = path.join(dir, 'big.trace.json');
      fs.writeFileSync(sc, JSON.stringify({ name: 'big', arch, go: 'go1.19', hash: 'aes', seed: 'big', ops }));
      execFileSync(process.execPath, [CLI, 'run', sc, '-o', out]);
      const t = JSON.parse(fs.readFileSync(out, 'utf8')) as Trace;
      fs.rmSync(dir, { recursive: true, force: true });
      expect(t.events).to.have.length(ops.length);
      const model = new Map<string, number>();
      let checked = 0;
      t.events.forEach((e, i) => {
        const op = ops[i] as { op: string; key?: string; elem?: number };
        switch (op.op) {
          case 'set': model.set(op.key!, op.elem!); break;
          case 'delete': model.delete(op.key!); break;
          case 'get':
            expect(e.found, `event ${i}`).to.equal(model.has(op.key!));
            expect(e.elem, `event ${i}`).to.equal(model.get(op.key!) ?? 0);
            checked++;
            break;
          case 'len': expect(e.len, `event ${i}`).to.equal(model.size); checked++; break;
          case 'range': {
            const got = new Map(e.entries as [string, number][]);
            expect(got.size, `event ${i}`).to.equal(e.entries!.length);
            expect([...got.entries()].sort(), `event ${i}`).to.deep.equal([...model.entries()].sort());
            checked++;
            break;
          }
        }
      });
      expect(checked).to.be.greaterThan(25000);
    });
  }
});
