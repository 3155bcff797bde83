// goemu layout TYPE [--arch amd64|386] [--go go1.15|go1.19] [--types JSON] [--json]
//
// Prints the Layout object of a map type (docs/trace-format.md §9) as JSON or as a
// readable table. Layouts never hash, so the runtime gets a hash and random source that throw.

import { commandUsage } from './usage';
import { AMD64, I386, Profile, isProfile } from '../arch';
import { FastRandGen, GoRuntime, RawHash } from '../runtime/runtime';
import { TypeRegistry } from '../runtime/typeregistry';
import { layoutJSON, layoutText } from '../runtime/layout';
import { MapFast, MapType } from '../runtime/types';

const USAGE = `usage: goemu ${commandUsage('layout')!.usage}`;

class NoHash implements RawHash {
  hi = 0;
  memhash(): number { throw new Error('goemu layout: no hashing here'); }
  memhash32(): number { throw new Error('goemu layout: no hashing here'); }
  memhash64(): number { throw new Error('goemu layout: no hashing here'); }
}

class NoRand implements FastRandGen {
  fastrand64Hi = 0;
  fastrand(): number { throw new Error('goemu layout: no random numbers here'); }
  fastrand64(): number { throw new Error('goemu layout: no random numbers here'); }
}

/** A runtime good for building types (no hashing, no random numbers). */
export function layoutRuntime(arch: 'amd64' | '386', profile: Profile): GoRuntime {
  const a = arch === 'amd64' ? AMD64 : I386;
  return new GoRuntime({
    arch: a, profile, family: 'aes', hash: new NoHash(), gen: new NoRand(),
    aeskeysched: new Uint8Array(a.ptrSize * 16), hashkey: new Uint32Array(8),
  });
}

const FAST_SUFFIX: Record<MapFast, string> = {
  [MapFast.Slow]: '',
  [MapFast.Fast32]: '_fast32',
  [MapFast.Fast32Ptr]: '_fast32ptr',
  [MapFast.Fast64]: '_fast64',
  [MapFast.Fast64Ptr]: '_fast64ptr',
  [MapFast.FastStr]: '_faststr',
};

/** "mapassign_fast64ptr, mapaccess1/2_fast64, mapdelete_fast64" for the compiler's choice. */
export function entryPoints(mt: MapType): string {
  const a = FAST_SUFFIX[mt.fastAssign];
  const r = FAST_SUFFIX[mt.fastAccess];
  const fat = mt.elem.size > 1024 && mt.fastAccess === MapFast.Slow ? ' (reads: mapaccess1/2_fat)' : '';
  return `mapassign${a}, mapaccess1/2${r}${fat}, mapdelete${r}`;
}

export function layoutCommand(args: string[]): number {
  let arch: 'amd64' | '386' = 'amd64';
  let profile: Profile = 'go1.19';
  let json = false;
  let decls: [string, string][] = [];
  const types: string[] = [];
  const fail = (msg: string): number => {
    process.stderr.write(`goemu layout: ${msg}\n`);
    return 2;
  };
  for (let i = 0; i < args.length; i++) {
    let a = args[i];
    let val: string | undefined;
    if (a.startsWith('--') && a.includes('=')) {
      val = a.slice(a.indexOf('=') + 1);
      a = a.slice(0, a.indexOf('='));
    }
    switch (a) {
      case '--json':
        if (val !== undefined) return fail('--json takes no value');
        json = true;
        break;
      case '--arch':
        val ??= args[++i];
        if (val !== 'amd64' && val !== '386') return fail(`--arch: want amd64 or 386, got ${val ?? 'nothing'}`);
        arch = val;
        break;
      case '--go':
        val ??= args[++i];
        if (val === undefined || !isProfile(val)) return fail(`--go: want go1.15 or go1.19, got ${val ?? 'nothing'}`);
        profile = val;
        break;
      case '--types': {
        // A scenario's "types" (trace-format.md, "Types"): named types of package main.
        val ??= args[++i];
        let v: unknown;
        try {
          v = JSON.parse(val ?? '');
        } catch {
          return fail(`--types: want a JSON object {"Name": "Go type"}, got ${val ?? 'nothing'}`);
        }
        if (typeof v !== 'object' || v === null || Array.isArray(v) ||
            !Object.values(v).every((x) => typeof x === 'string')) {
          return fail(`--types: want a JSON object {"Name": "Go type"}, got ${val}`);
        }
        decls = Object.entries(v as Record<string, string>);
        break;
      }
      case '-h': case '--help':
        process.stdout.write(USAGE + '\n');
        return 0;
      default:
        if (a.startsWith('-') && a !== '-') return fail(`unknown flag ${a} (${USAGE})`);
        types.push(args[i]);
    }
  }
  if (types.length !== 1) return fail(types.length === 0 ? `missing TYPE (${USAGE})` : `want one TYPE, got ${types.length} (quote the type)`);
  const typeString = types[0];
  let mt: MapType;
  let rt: GoRuntime;
  try {
    rt = layoutRuntime(arch, profile);
    const reg = new TypeRegistry(rt);
    for (const [name, src] of decls) {
      try {
        reg.declare(name, src);
      } catch (e) {
        return fail(`--types ${JSON.stringify(name)}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    mt = reg.mapType(typeString);
  } catch (e) {
    return fail(e instanceof Error ? e.message : String(e));
  }
  const l = layoutJSON(mt, typeString, rt);
  if (json) {
    process.stdout.write(JSON.stringify(l, null, 2) + '\n');
  } else {
    process.stdout.write(layoutText(l, { arch, go: profile, fast: entryPoints(mt) }));
  }
  return 0;
}
