// Reading and checking scenarios and traces: every malformed input becomes one InputError whose
// message names the op index and the field; the CLI prefixes the file name.

import { ArchName, Profile, HashFamily, isProfile, isHashFamily } from '../arch';
import { GoThrow } from '../runtime/errors';
import { OP_NAMES, Op, OpName, Scenario, Seeds, Trace, TRACE_FORMAT } from '../trace/format';
import { JSONNumber, JSONSyntaxError, parseJSONText } from '../trace/json';
import { parseGoInt64 } from '../runtime/values';

export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/**
 * A fatal error of the Go runtime (runtime.throw: out of memory, a fault) inside op `where`
 * names: Go's process dies there (exit status 2), and so does the CLI, with one line.
 */
export class OpFatal extends GoThrow {
  constructor(message: string, readonly where: string) {
    super(message);
    this.name = 'OpFatal';
  }
}

/**
 * A fault of goemu itself while running op `op` (a JS exception inside the emulator): the CLI
 * prints it on one line, with the file and the op, and exits 1.
 */
export class InternalFault extends Error {
  constructor(message: string, readonly cause?: unknown) {
    super(message);
    this.name = 'InternalFault';
  }
}

export interface Config {
  arch: ArchName;
  go: Profile;
  hash: HashFamily;
}

/** Which fields each op must and may have (besides `op`). */
const FIELDS: Record<OpName, { need: string[]; may: string[] }> = {
  make: { need: ['map', 'type'], may: ['hint', 'hash0'] },
  nil: { need: ['map', 'type'], may: [] },
  set: { need: ['map', 'key', 'elem'], may: [] },
  get: { need: ['map', 'key'], may: [] },
  delete: { need: ['map', 'key'], may: [] },
  len: { need: ['map'], may: [] },
  clear: { need: ['map'], may: [] },
  range: { need: ['map'], may: [] },
  iter: { need: ['map', 'iter'], may: [] },
  next: { need: ['iter'], may: [] },
  dump: { need: ['map'], may: [] },
};

export function opWhere(i: number, op: string, field?: string): string {
  return `op ${i} (${op})` + (field ? ` field "${field}"` : '');
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Parses JSON text, naming the line and column of a syntax error; numbers a JS number cannot keep
 * exactly stay JSONNumbers (src/trace/json.ts), nesting is bounded.
 */
export function parseJSON(text: string): unknown {
  try {
    return parseJSONText(text);
  } catch (e) {
    if (e instanceof JSONSyntaxError) throw new InputError('invalid JSON: ' + e.message);
    throw e;
  }
}

/**
 * Where and why text is not JSON, in words that do not depend on the Node version:
 * "unexpected '}' at line 3 column 5", "unexpected end of input at line 9 column 1".
 */
export function jsonSyntaxError(text: string): string {
  try {
    parseJSONText(text);
  } catch (e) {
    if (e instanceof JSONSyntaxError) return e.message;
    throw e;
  }
  return 'not valid JSON';
}

/**
 * Checks a scenario's shape (not its values: those are checked against their Go types when the op
 * runs) and resolves its configuration, command-line overrides first.
 */
export function checkScenario(v: unknown, over: Partial<Config> = {}): { scenario: Scenario; config: Config } {
  if (!isObject(v)) throw new InputError('scenario: want a JSON object');
  const sc = v as Scenario;
  const arch = over.arch ?? sc.arch;
  const go = over.go ?? sc.go;
  const hash = over.hash ?? sc.hash;
  if (arch !== 'amd64' && arch !== '386') throw new InputError(`field "arch": want "amd64" or "386", ${got(arch)}`);
  if (typeof go !== 'string' || !isProfile(go)) throw new InputError(`field "go": want "go1.15" or "go1.19", ${got(go)}`);
  if (typeof hash !== 'string' || !isHashFamily(hash)) throw new InputError(`field "hash": want "aes" or "fallback", ${got(hash)}`);
  if (sc.seed !== undefined && typeof sc.seed !== 'string') throw new InputError(`field "seed": want a string, got ${JSON.stringify(sc.seed)}`);
  if (sc.name !== undefined && typeof sc.name !== 'string') throw new InputError(`field "name": want a string`);
  if (sc.allocs !== undefined && typeof sc.allocs !== 'boolean') throw new InputError(`field "allocs": want true or false, got ${JSON.stringify(sc.allocs)}`);
  if (!Array.isArray(sc.ops)) throw new InputError(`field "ops": want an array of operations, ${got(sc.ops)}`);
  if (sc.types !== undefined) {
    // The contract's named types (trace-format.md, "Types"): checked as Go types when the run starts.
    if (!isObject(sc.types)) throw new InputError(`field "types": want an object of type declarations, {"Name": "Go type"}, got ${JSON.stringify(sc.types)}`);
    for (const [name, src] of Object.entries(sc.types)) {
      if (typeof src !== 'string' || src === '') throw new InputError(`field "types" ${JSON.stringify(name)}: want a Go type string, got ${JSON.stringify(src)}`);
    }
  }
  const maps = new Set<string>();
  const iters = new Set<string>();
  sc.ops.forEach((o: unknown, i: number) => {
    if (!isObject(o)) throw new InputError(`op ${i}: want an object, got ${JSON.stringify(o)}`);
    const name = o.op;
    if (name === undefined) throw new InputError(`op ${i}: missing field "op"`);
    if (typeof name !== 'string' || !(OP_NAMES as readonly string[]).includes(name)) {
      throw new InputError(`op ${i} field "op": unknown op ${JSON.stringify(name)} (want one of ${OP_NAMES.join(', ')})`);
    }
    const f = FIELDS[name as OpName];
    for (const k of f.need) {
      if (!(k in o)) throw new InputError(`${opWhere(i, name)}: missing field "${k}"`);
    }
    for (const k of Object.keys(o)) {
      if (k !== 'op' && !f.need.includes(k) && !f.may.includes(k)) {
        throw new InputError(`${opWhere(i, name, k)}: unexpected field for op ${name}`);
      }
    }
    for (const k of ['map', 'iter', 'type']) {
      if (k in o && (typeof o[k] !== 'string' || o[k] === '')) throw new InputError(`${opWhere(i, name, k)}: want a non-empty string`);
    }
    if ('hint' in o) checkHint(o.hint, opWhere(i, name, 'hint'));
    if ('hash0' in o && (typeof o.hash0 !== 'string' || !/^0x[0-9a-fA-F]{1,8}$/.test(o.hash0 as string))) {
      throw new InputError(`${opWhere(i, name, 'hash0')}: want "0x" and up to 8 hex digits, got ${JSON.stringify(o.hash0)}`);
    }
    const op = o as unknown as Op;
    if (name === 'make' || name === 'nil') {
      maps.add(op.map!);
    } else if (op.map !== undefined && !maps.has(op.map)) {
      throw new InputError(`${opWhere(i, name, 'map')}: unknown map ${JSON.stringify(op.map)} (no make or nil before it)`);
    }
    if (name === 'iter') iters.add(op.iter!);
    else if (name === 'next' && !iters.has(op.iter!)) {
      throw new InputError(`${opWhere(i, name, 'iter')}: unknown iterator ${JSON.stringify(op.iter)} (no iter before it)`);
    }
  });
  const scenario: Scenario = { ...sc, arch, go, hash };
  return { scenario, config: { arch, go, hash } };
}

/** What a missing or wrong top-level value was, for messages. */
function got(v: unknown): string {
  return v === undefined ? 'but the field is missing' : `got ${JSON.stringify(v)}`;
}

/**
 * A hint is what the oracle's parseHint takes: a JSON number or a string, parsed with
 * strconv.ParseInt(s, 0, 64): "+9", "-0x10", "0b101", "0o17", "017" (octal), "1_000" are Go
 * integers; "1.0", "1e3" (as a number too: Go reads its text) are not.
 */
function checkHint(h: unknown, where: string): void {
  if (typeof h === 'number') {
    // A plain number is one whose text is String(h) (src/trace/json.ts) or came from code.
    if (!Number.isInteger(h)) throw new InputError(`${where}: want an integer, got ${h}`);
    if (Math.abs(h) > 2 ** 53) {
      throw new InputError(`${where}: ${h} is beyond 2^53 and not exact as a JS number; write it as a decimal string`);
    }
    return;
  }
  if (h instanceof JSONNumber || typeof h === 'string') {
    const s = String(h);
    const r = parseGoInt64(s);
    if (r === 'range') throw new InputError(`${where}: ${s} does not fit an int64`);
    if (r === 'syntax') {
      throw new InputError(`${where}: want an integer (a number or a Go integer string such as "+9", "-0x10", "1_000"), got ${h instanceof JSONNumber ? s : JSON.stringify(h)}`);
    }
    return;
  }
  throw new InputError(`${where}: want an integer or a decimal string, got ${JSON.stringify(h)}`);
}

/**
 * The hint as the runtime sees it: a JS number (exact up to 2^53; beyond that only its magnitude
 * matters, since such hints fail makemap's size check or do not fit an int on 386).
 */
export function hintValue(h: number | string | JSONNumber): number {
  if (typeof h === 'number') return h;
  const r = parseGoInt64(String(h));
  if (typeof r !== 'number') throw new InputError(`hint ${String(h)}: not an int64`); // checkScenario refused it already
  return r;
}

/** Checks a trace's shape for replay; returns the scenario and configuration it was run with. */
export function checkTrace(v: unknown): { trace: Trace; scenario: Scenario; config: Config } {
  if (!isObject(v)) throw new InputError('trace: want a JSON object');
  if (v.format !== TRACE_FORMAT) throw new InputError(`field "format": want ${JSON.stringify(TRACE_FORMAT)}, got ${JSON.stringify(v.format)}`);
  const t = v as unknown as Trace;
  if (!isObject(t.scenario)) throw new InputError(`field "scenario": want the scenario object, ${got(t.scenario)}`);
  for (const k of ['arch', 'go', 'hash'] as const) {
    if (t[k] === undefined) throw new InputError(`field "${k}": missing (a trace names the configuration it was run with)`);
  }
  const { scenario, config } = checkScenario(t.scenario, {
    arch: t.arch as ArchName, go: t.go as Profile, hash: t.hash as HashFamily,
  });
  for (const [k, want] of [['arch', config.arch], ['go', config.go], ['hash', config.hash]] as const) {
    const s = (t.scenario as Record<string, unknown>)[k];
    if (s !== undefined && s !== want) throw new InputError(`field "${k}": trace says ${JSON.stringify(want)} but its scenario says ${JSON.stringify(s)}`);
  }
  const ptrSize = config.arch === 'amd64' ? 8 : 4;
  if (t.ptrSize !== ptrSize) throw new InputError(`field "ptrSize": want ${ptrSize} for ${config.arch}, got ${JSON.stringify(t.ptrSize)}`);
  const seeds = checkSeeds(t.seeds, ptrSize);
  // The runtime fills only the key material of its hash family; the other stays zero.
  const aesZero = /^0*$/.test(seeds.aeskeysched);
  const keyZero = seeds.hashkey.every((x) => /^0x0*$/i.test(x));
  const fills = (f: string, zero: boolean): string => (zero ? `all zero, but hash "${f}" fills it` : `set, but hash "${f}" leaves it zero`);
  if (config.hash === 'aes' ? aesZero : !aesZero) throw new InputError(`field "seeds.aeskeysched": ${fills(config.hash, aesZero)}`);
  if (config.hash === 'fallback' ? keyZero : !keyZero) throw new InputError(`field "seeds.hashkey": ${fills(config.hash, keyZero)}`);
  if (!Array.isArray(t.events)) throw new InputError(`field "events": want an array, ${got(t.events)}`);
  if (t.events.length !== scenario.ops.length) {
    throw new InputError(`field "events": ${t.events.length} events for ${scenario.ops.length} ops`);
  }
  t.events.forEach((e, i) => {
    const op = scenario.ops[i];
    if (!isObject(e)) throw new InputError(`event ${i}: want an object, got ${JSON.stringify(e)}`);
    if (e.i !== i) throw new InputError(`event ${i} field "i": want ${i}, got ${JSON.stringify(e.i)}`);
    if (e.op !== op.op) throw new InputError(`event ${i} field "op": event says ${JSON.stringify(e.op)} but op ${i} is ${op.op}`);
    if (op.map !== undefined && e.map !== op.map) throw new InputError(`event ${i} field "map": event says ${JSON.stringify(e.map)} but op ${i} names ${JSON.stringify(op.map)}`);
    if (op.iter !== undefined && e.iter !== op.iter) throw new InputError(`event ${i} field "iter": event says ${JSON.stringify(e.iter)} but op ${i} names ${JSON.stringify(op.iter)}`);
    if ('hash0' in e && e.hash0 !== null && (typeof e.hash0 !== 'string' || !/^0x[0-9a-f]{8}$/i.test(e.hash0))) {
      throw new InputError(`event ${i} field "hash0": want "0x" and 8 hex digits, got ${JSON.stringify(e.hash0)}`);
    }
    // The random draws replay feeds: a make records hash0, an iteration its start.
    if (!('panic' in e)) {
      if (op.op === 'make' && !('hash0' in e)) throw new InputError(`event ${i} field "hash0": missing (a make event records the hash0 real Go drew)`);
      if ((op.op === 'range' || op.op === 'iter') && !('start' in e)) {
        throw new InputError(`event ${i} field "start": missing (an iteration records where real Go started it, or null)`);
      }
    }
    if (op.op === 'make' && 'hash0' in e && e.hash0 === null) throw new InputError(`event ${i} field "hash0": want "0x" and 8 hex digits, got null`);
    if ('start' in e && e.start !== null) {
      const s = e.start as unknown;
      if (!isObject(s) || !Number.isInteger(s.bucket) || !Number.isInteger(s.offset) || (s.bucket as number) < 0 || (s.offset as number) < 0 || (s.offset as number) > 7) {
        throw new InputError(`event ${i} field "start": want {"bucket": n, "offset": 0..7}, got ${JSON.stringify(s)}`);
      }
    }
  });
  return { trace: t, scenario, config };
}

export function checkSeeds(s: unknown, ptrSize: number): Seeds {
  if (!isObject(s)) throw new InputError('field "seeds": want {"aeskeysched": hex, "hashkey": [4 × "0x…"]}');
  const aes = s.aeskeysched;
  const want = ptrSize === 8 ? 128 : 64;
  if (typeof aes !== 'string' || !/^[0-9a-fA-F]*$/.test(aes) || aes.length !== 2 * want) {
    throw new InputError(`field "seeds.aeskeysched": want ${want} bytes of hex`);
  }
  const hk = s.hashkey;
  if (!Array.isArray(hk) || hk.length !== 4 || !hk.every((x) => typeof x === 'string' && new RegExp(`^0x[0-9a-fA-F]{1,${2 * ptrSize}}$`).test(x))) {
    throw new InputError(`field "seeds.hashkey": want 4 strings "0x" + up to ${2 * ptrSize} hex digits`);
  }
  return s as unknown as Seeds;
}
