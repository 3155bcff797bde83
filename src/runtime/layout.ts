// The contract's Layout object (docs/trace-format.md §9) for a map type,
// and a readable text rendering of it.

import { GoRuntime } from './runtime';
import { GoType, MapType, mapHashMightPanic, mapIndirectElem, mapIndirectKey, mapNeedKeyUpdate, mapReflexiveKey } from './types';
import { dataOffset, hmapLayout } from './hmap';

export interface TypeLayoutJSON {
  size: number;
  align: number;
  fieldAlign: number;
  ptrdata: number;
  kind: number;
  tflag: number;
  equal: boolean;
  gcmask: string;
}

export interface BucketLayoutJSON {
  size: number;
  align: number;
  ptrdata: number;
  gcmask: string;
}

export interface LayoutJSON {
  type: string;
  ptrSize: number;
  hmapSize: number;
  hiterSize: number;
  dataOffset: number;
  key: TypeLayoutJSON;
  elem: TypeLayoutJSON;
  bucket: BucketLayoutJSON;
  keysize: number;
  elemsize: number;
  bucketsize: number;
  flags: number;
  indirectkey: boolean;
  indirectelem: boolean;
  reflexivekey: boolean;
  needkeyupdate: boolean;
  hashMightPanic: boolean;
  hasher: string;
}

/** The pointer bitmap as lower-case hex bytes. */
export function hexBytes(b: Uint8Array): string {
  let s = '';
  for (const x of b) s += x.toString(16).padStart(2, '0');
  return s;
}

function typeLayout(t: GoType): TypeLayoutJSON {
  return {
    size: t.size,
    align: t.align,
    fieldAlign: t.fieldAlign,
    ptrdata: t.ptrdata,
    kind: t.kindByte,
    tflag: t.tflag,
    equal: t.comparable,
    gcmask: hexBytes(t.gcmask),
  };
}

/** The Layout object of a map type; `typeString` is repeated as given (the op's `type`). */
export function layoutJSON(mt: MapType, typeString: string, rt: GoRuntime): LayoutJSON {
  const hl = hmapLayout(rt.ptrSize);
  return {
    type: typeString,
    ptrSize: rt.ptrSize,
    hmapSize: hl.size,
    hiterSize: hl.hiterSize,
    dataOffset,
    key: typeLayout(mt.key),
    elem: typeLayout(mt.elem),
    bucket: {
      size: mt.bucket.size,
      align: mt.bucket.align,
      ptrdata: mt.bucket.ptrdata,
      gcmask: hexBytes(mt.bucket.gcmask),
    },
    keysize: mt.keysize,
    elemsize: mt.elemsize,
    bucketsize: mt.bucketsize,
    flags: mt.flags,
    indirectkey: (mt.flags & mapIndirectKey) !== 0,
    indirectelem: (mt.flags & mapIndirectElem) !== 0,
    reflexivekey: (mt.flags & mapReflexiveKey) !== 0,
    needkeyupdate: (mt.flags & mapNeedKeyUpdate) !== 0,
    hashMightPanic: (mt.flags & mapHashMightPanic) !== 0,
    hasher: mt.hasherName,
  };
}

const KIND_NAMES = [
  'invalid', 'bool', 'int', 'int8', 'int16', 'int32', 'int64', 'uint', 'uint8', 'uint16', 'uint32',
  'uint64', 'uintptr', 'float32', 'float64', 'complex64', 'complex128', 'array', 'chan', 'func',
  'interface', 'map', 'ptr', 'slice', 'string', 'struct', 'unsafe.Pointer',
];

/** "25 (struct|direct)" style spelling of a raw kind byte. */
export function kindText(kind: number): string {
  const parts = [KIND_NAMES[kind & 31] ?? `kind${kind & 31}`];
  if (kind & 32) parts.push('directIface');
  if (kind & 64) parts.push('gcprog');
  return `${kind} (${parts.join('|')})`;
}

/** "15 (uncommon|extraStar|named|regularMemory)" style spelling of a tflag byte. */
export function tflagText(tflag: number): string {
  const names = ['uncommon', 'extraStar', 'named', 'regularMemory'];
  const parts = names.filter((_, i) => tflag & (1 << i));
  return `${tflag}${parts.length ? ` (${parts.join('|')})` : ''}`;
}

function mask(s: string): string {
  if (s === '') return '-';
  return s.length > 48 ? `${s.slice(0, 48)}… (${s.length / 2} bytes)` : s;
}

/** A readable table of a Layout object. */
export function layoutText(l: LayoutJSON, extra?: { arch?: string; go?: string; fast?: string }): string {
  const lines: string[] = [];
  const head = [l.type];
  if (extra?.arch) head.push(extra.arch);
  if (extra?.go) head.push(extra.go);
  lines.push(head.join('  '));
  lines.push(`  ptrSize ${l.ptrSize}   hmap ${l.hmapSize} bytes   hiter ${l.hiterSize} bytes   dataOffset ${l.dataOffset}`);
  lines.push('');
  const rows: string[][] = [['', 'size', 'align', 'fieldAlign', 'ptrdata', 'kind', 'tflag', 'equal', 'gcmask']];
  for (const [name, t] of [['key', l.key], ['elem', l.elem]] as const) {
    rows.push([name, String(t.size), String(t.align), String(t.fieldAlign), String(t.ptrdata),
      kindText(t.kind), tflagText(t.tflag), t.equal ? 'yes' : 'no', mask(t.gcmask)]);
  }
  rows.push(['bucket', String(l.bucket.size), String(l.bucket.align), '', String(l.bucket.ptrdata), '', '', '',
    mask(l.bucket.gcmask)]);
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  for (const r of rows) lines.push('  ' + r.map((x, c) => x.padEnd(widths[c])).join('  ').trimEnd());
  lines.push('');
  const flagNames: string[] = [];
  if (l.indirectkey) flagNames.push('indirectkey');
  if (l.indirectelem) flagNames.push('indirectelem');
  if (l.reflexivekey) flagNames.push('reflexivekey');
  if (l.needkeyupdate) flagNames.push('needkeyupdate');
  if (l.hashMightPanic) flagNames.push('hashMightPanic');
  lines.push(`  keysize ${l.keysize}   elemsize ${l.elemsize}   bucketsize ${l.bucketsize}`);
  lines.push(`  flags ${l.flags}${flagNames.length ? ` (${flagNames.join(' | ')})` : ''}`);
  lines.push(`  hasher ${l.hasher}`);
  if (extra?.fast) lines.push(`  entry points ${extra.fast}`);
  return lines.join('\n') + '\n';
}
