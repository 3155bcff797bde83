// goemu's public entry point: what `require('goemu')` and `import … from 'goemu'` give.
// Everything here is documented in the README ("TypeScript API"); the rest of src/ is internal.

// Driving emulated maps directly.
export { Runtime, GoMap, GoMapIter } from './api';
export type { RuntimeOptions } from './api';
// A Go panic (Go's exact message) and a Go fatal error, as thrown by GoMap's methods.
export { GoPanic, GoThrow } from './runtime/errors';

// Scenarios and traces (docs/trace-format.md).
export { runScenario } from './scenario/run';
export type { RunOptions } from './scenario/run';
export { checkScenario, checkTrace, InputError } from './scenario/scenario';
export type { Config } from './scenario/scenario';
export { diffTraces, formatDifference } from './trace/diff';
export type { Difference } from './trace/diff';
export { TRACE_FORMAT, OP_NAMES } from './trace/format';
export type {
  OpName, Op, Scenario, Seeds, Start, Alloc, Ref, BucketJSON, BucketArrayJSON, StateJSON, Event, Trace,
} from './trace/format';

// Layouts (docs/trace-format.md, "Layout").
export type { LayoutJSON, TypeLayoutJSON, BucketLayoutJSON } from './runtime/layout';

// Targets.
export { ARCHES, PROFILES, HASH_FAMILIES } from './arch';
export type { ArchName, Profile, HashFamily } from './arch';
