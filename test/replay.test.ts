// Every committed real-Go trace must replay byte-identically: the emulator, fed the trace's seeds
// and random draws, writes the same trace (per the contract's equality).

import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import { formatDifference } from '../src/trace/diff';
import { judgeRealTrace } from '../src/scenario/judge';
import { parseJSON } from '../src/scenario/scenario';

const ROOT = path.join(__dirname, '..', '..');
const TRACES = path.join(ROOT, 'fixtures', 'traces');

function configs(): string[] {
  return fs.existsSync(TRACES) ? fs.readdirSync(TRACES).filter((d) => fs.statSync(path.join(TRACES, d)).isDirectory()).sort() : [];
}

describe('replay of real-Go fixture traces', () => {
  const dirs = configs();
  it('has fixtures for all 8 configurations', () => {
    expect(dirs).to.have.members([
      'go1.15-386-aes', 'go1.15-386-fallback', 'go1.15-amd64-aes', 'go1.15-amd64-fallback',
      'go1.19-386-aes', 'go1.19-386-fallback', 'go1.19-amd64-aes', 'go1.19-amd64-fallback',
    ]);
  });
  for (const dir of dirs) {
    describe(dir, () => {
      const files = fs.readdirSync(path.join(TRACES, dir)).filter((f) => f.endsWith('.trace.json')).sort();
      for (const f of files) {
        it(f, () => {
          const file = path.join(TRACES, dir, f);
          const real = parseJSON(fs.readFileSync(file, 'utf8')); // numbers as real Go wrote them
          // Keys real Go places differently in every run (NaN, hashed by address) are compared
          // structurally, as the contract says; every other trace must be byte-identical.
          const { scenario, structural: reason, differences: d } = judgeRealTrace(real, 5);
          if (d.length) {
            const ev = /^\$\.events\[(\d+)\]/.exec(d[0].path);
            const where = ev ? ` (event ${ev[1]}: ${JSON.stringify(scenario.ops[+ev[1]])})` : '';
            expect.fail(`${dir}/${f}${where}${reason ? ` [structural: ${reason}]` : ''}:\n  ` + d.map(formatDifference).join('\n  '));
          }
        });
      }
    });
  }
});
