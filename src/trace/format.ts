// The scenario and trace format `gomap-trace/1` (docs/trace-format.md), as TypeScript
// types. JSON values of Go data (keys, elems) stay `unknown`: the value codec owns them.

import type { JSONNumber } from './json';

export const TRACE_FORMAT = 'gomap-trace/1';

export type OpName = 'make' | 'nil' | 'set' | 'get' | 'delete' | 'len' | 'clear' | 'range' | 'iter' | 'next' | 'dump';
export const OP_NAMES: readonly OpName[] = ['make', 'nil', 'set', 'get', 'delete', 'len', 'clear', 'range', 'iter', 'next', 'dump'];

export interface Op {
  op: OpName;
  map?: string;
  iter?: string;
  type?: string;
  hint?: number | string | JSONNumber;
  hash0?: string;
  key?: unknown;
  elem?: unknown;
}

export interface Scenario {
  name?: string;
  arch?: string;
  go?: string;
  hash?: string;
  seed?: string;
  allocs?: boolean;
  /** Named types of package main, in declaration order: {"Point": "struct{ X, Y int }"}. */
  types?: Record<string, string>;
  ops: Op[];
  [k: string]: unknown;
}

export interface Seeds {
  /** hex: 128 bytes on amd64, 64 on 386 */
  aeskeysched: string;
  /** four uintptr as "0x" + 2×PtrSize hex digits */
  hashkey: string[];
}

export interface Start {
  bucket: number;
  offset: number;
}

export interface Alloc {
  objects: number;
  bytes: number;
}

export type Ref = string;

export interface BucketJSON {
  at: string;
  tophash: number[];
  hex: string;
  ptrs: Record<string, Ref>;
  slots: { i: number; key: unknown; elem: unknown; x?: unknown }[];
  overflow: Ref | null;
}

export interface BucketArrayJSON {
  nbuckets: number;
  buckets: BucketJSON[];
}

export interface StateJSON {
  count: number;
  flags: number;
  B: number;
  noverflow: number;
  hash0: string;
  nevacuate: number;
  buckets: BucketArrayJSON | null;
  oldbuckets: BucketArrayJSON | null;
  extra: { overflow: Ref[] | null; oldoverflow: Ref[] | null; nextOverflow: Ref | null } | null;
  overflowBuckets: BucketJSON[];
}

export interface Event {
  i: number;
  op: OpName;
  map?: string;
  iter?: string;
  panic?: string;
  hash0?: string | null;
  layout?: unknown;
  found?: boolean;
  elem?: unknown;
  len?: number;
  start?: Start | null;
  entries?: [unknown, unknown][];
  entry?: [unknown, unknown] | null;
  state?: StateJSON | null;
  alloc?: Alloc;
  [k: string]: unknown;
}

export interface Trace {
  format: string;
  producer?: string;
  scenario: Scenario;
  arch: string;
  ptrSize: number;
  go: string;
  hash: string;
  seeds: Seeds;
  events: Event[];
}

/** "0x" + 8 lower-case hex digits (hash0). */
export function hex32(v: number): string {
  return '0x' + (v >>> 0).toString(16).padStart(8, '0');
}
