// The declared types of the layout oracle's type list (a helper for the layout tests).

import * as fs from 'fs';
import * as path from 'path';

/** The declared types of oracle/layout/types.txt ("type Name T" lines, in order), as layoutvec.sh compiles them. */
export function layoutDecls(): [string, string][] {
  const text = fs.readFileSync(path.resolve(__dirname, '../../oracle/layout/types.txt'), 'utf8');
  return text.split('\n').filter((l) => l.startsWith('type ')).map((l) => {
    const m = /^type (\S+) (.*)$/.exec(l.trim())!;
    return [m[1], m[2]];
  });
}
