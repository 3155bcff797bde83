// The docs ship with the code (issue 10): every "docs/NAME.md §N" that a comment, message or test
// cites names a section that exists, and nothing outside the docs points at files outside the
// repository (../shared), which neither a clone nor the npm package has.

import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');
const SCANNED = ['src', 'oracle', 'scripts', 'test', '.ci', 'README.md', 'docs'];

function files(p: string, out: string[] = []): string[] {
  const full = path.join(ROOT, p);
  if (!fs.existsSync(full)) return out;
  if (fs.statSync(full).isDirectory()) {
    for (const e of fs.readdirSync(full)) if (e !== '.build' && e !== 'node_modules') files(path.join(p, e), out);
  } else if (/\.(ts|js|go|md|sh)$|^\.ci\/run$/.test(p)) {
    out.push(p);
  }
  return out;
}

describe('docs/ (issue 10)', () => {
  const all = SCANNED.flatMap((p) => files(p));

  it('every "docs/….md §N" cited names a section of that page', () => {
    let cited = 0;
    for (const f of all) {
      const text = fs.readFileSync(path.join(ROOT, f), 'utf8');
      for (const m of text.matchAll(/docs\/([a-z-]+\.md)((?: §\d+)?)/g)) {
        const doc = path.join(ROOT, 'docs', m[1]);
        expect(fs.existsSync(doc), `${f} cites docs/${m[1]}`).to.equal(true);
        if (m[2]) {
          const n = m[2].trim().slice(1);
          expect(fs.readFileSync(doc, 'utf8'), `${f} cites docs/${m[1]} §${n}`).to.match(new RegExp(`^## §${n} `, 'm'));
          cited++;
        }
      }
    }
    expect(cited, 'section citations found').to.be.greaterThan(10);
  });

  it('nothing points at ../shared', () => {
    for (const f of all) {
      // CI may use the machine's shared tools (.ci/run), when they are there.
      if (f === 'test/docs.test.ts' || f === '.ci/run') continue;
      expect(fs.readFileSync(path.join(ROOT, f), 'utf8'), f).to.not.match(/\.\.\/shared|shared\/(spec|reference|seed|tools)/);
    }
  });
});
