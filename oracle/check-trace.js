'use strict';
// A structural check of a gomap-trace/1 trace against its contract (docs/trace-format.md): every
// field the contract asks for, in the right shape, consistent with the scenario. It does not
// judge the values (real Go does). `npm run fixtures` runs it on every trace it writes.
//   node oracle/check-trace.js TRACE.json...

const fs = require('fs');

const TOP = ['format', 'producer', 'scenario', 'arch', 'ptrSize', 'go', 'hash', 'seeds', 'events'];
const HEX32 = /^0x[0-9a-f]{8}$/;
const REF = /^(?:(?:B|OB|O):\d+|ptr)$/;
const NONRESULT = new Set(['i', 'op', 'map', 'iter', 'panic', 'alloc']);
const RESULTS = {
  make: ['hash0', 'layout'],
  nil: ['layout'],
  set: [],
  get: ['found', 'elem'],
  delete: ['hash0'],
  clear: ['hash0'], // + start when the key type is not reflexive
  len: ['len'],
  range: ['start', 'entries'],
  iter: ['start', 'entry'],
  next: ['entry'],
  dump: ['state'],
};
const LAYOUT_KEYS = ['type', 'ptrSize', 'hmapSize', 'hiterSize', 'dataOffset', 'key', 'elem', 'bucket', 'keysize', 'elemsize', 'bucketsize', 'flags',
  'indirectkey', 'indirectelem', 'reflexivekey', 'needkeyupdate', 'hashMightPanic', 'hasher'];
const TYPE_KEYS = ['size', 'align', 'fieldAlign', 'ptrdata', 'kind', 'tflag', 'equal', 'gcmask'];
const STATE_KEYS = ['count', 'flags', 'B', 'noverflow', 'hash0', 'nevacuate', 'buckets', 'oldbuckets', 'extra', 'overflowBuckets'];
const BUCKET_KEYS = ['at', 'tophash', 'hex', 'ptrs', 'slots', 'overflow'];

function sameKeys(o, keys, optional = ['x']) {
  const have = Object.keys(o).filter((k) => !optional.includes(k)).sort();
  const want = [...keys].sort();
  return have.length === want.length && have.every((k, i) => k === want[i]);
}

/** Returns a list of problems (empty when the trace is well-formed). */
function checkTrace(t) {
  const errs = [];
  const bad = (where, msg) => errs.push(`${where}: ${msg}`);
  if (!t || typeof t !== 'object') return ['not a JSON object'];
  if (!sameKeys(t, TOP)) bad('trace', `top-level keys ${Object.keys(t)}`);
  if (t.format !== 'gomap-trace/1') bad('trace', `format ${t.format}`);
  const ptr = t.arch === 'amd64' ? 8 : t.arch === '386' ? 4 : bad('trace', `arch ${t.arch}`);
  if (t.ptrSize !== ptr) bad('trace', `ptrSize ${t.ptrSize} for ${t.arch}`);
  if (!['go1.15', 'go1.19'].includes(t.go)) bad('trace', `go ${t.go}`);
  if (!['aes', 'fallback'].includes(t.hash)) bad('trace', `hash ${t.hash}`);
  const sc = t.scenario || {};
  for (const k of ['arch', 'go', 'hash']) if (sc[k] !== t[k]) bad('scenario', `${k} ${sc[k]} but trace ${k} ${t[k]}`);
  const seeds = t.seeds || {};
  const aes = seeds.aeskeysched;
  if (typeof aes !== 'string' || !new RegExp(`^[0-9a-f]{${ptr * 32}}$`).test(aes)) bad('seeds', 'aeskeysched');
  const hk = seeds.hashkey;
  const hkRe = new RegExp(`^0x[0-9a-f]{${2 * ptr}}$`);
  if (!Array.isArray(hk) || hk.length !== 4 || !hk.every((x) => hkRe.test(x))) bad('seeds', 'hashkey');
  else {
    const aesZero = /^0*$/.test(aes || '');
    const hkZero = hk.every((x) => /^0x0*$/.test(x));
    if (t.hash === 'aes' && (aesZero || !hkZero)) bad('seeds', 'aes run: aeskeysched must be set and hashkey zero');
    if (t.hash === 'fallback' && (!aesZero || hkZero || !hk.every((x) => parseInt(x.slice(-1), 16) % 2 === 1))) bad('seeds', 'fallback run: hashkey must be set (odd) and aeskeysched zero');
  }
  const ops = Array.isArray(sc.ops) ? sc.ops : [];
  const events = Array.isArray(t.events) ? t.events : [];
  if (events.length !== ops.length) bad('events', `${events.length} events for ${ops.length} ops`);
  const layouts = {}; // map name -> layout
  events.forEach((e, i) => {
    const o = ops[i] || {};
    const w = `event ${i} (${o.op})`;
    if (e.i !== i) bad(w, `i ${e.i}`);
    if (e.op !== o.op) bad(w, `op ${e.op}`);
    if (o.op === 'next') {
      if (e.iter !== o.iter || 'map' in e) bad(w, 'iter/map fields');
    } else {
      if (e.map !== o.map) bad(w, 'map field');
      if (o.op === 'iter' ? e.iter !== o.iter : 'iter' in e) bad(w, 'iter field');
    }
    if ('panic' in e) {
      if (typeof e.panic !== 'string') bad(w, 'panic is not a string');
      const extra = Object.keys(e).filter((k) => !['i', 'op', 'map', 'iter', 'panic', 'x'].includes(k));
      if (extra.length) bad(w, `a panicking op has ${extra}`);
      return;
    }
    if (sc.allocs === true) {
      const a = e.alloc;
      if (!a || !Number.isInteger(a.objects) || !Number.isInteger(a.bytes) || a.objects < 0 || a.bytes < 0 || !sameKeys(a, ['objects', 'bytes'])) bad(w, 'alloc');
    } else if ('alloc' in e) bad(w, 'alloc without allocs:true');
    const fields = Object.keys(e).filter((k) => !NONRESULT.has(k) && k !== 'x');
    let want = RESULTS[o.op] || [];
    if (o.op === 'clear' && 'start' in e) want = [...want, 'start'];
    if (!sameKeys(Object.fromEntries(fields.map((k) => [k, 1])), want, [])) bad(w, `fields ${fields} (want ${want})`);
    if ('hash0' in e && !(e.hash0 === null || HEX32.test(e.hash0))) bad(w, `hash0 ${e.hash0}`);
    if (o.op === 'make' && !HEX32.test(e.hash0)) bad(w, 'make without hash0');
    if (o.op === 'make' && o.hash0 && e.hash0 !== `0x${o.hash0.slice(2).toLowerCase().padStart(8, '0')}`) bad(w, `pinned hash0 ${o.hash0} but ${e.hash0}`);
    if ('start' in e && e.start !== null) {
      if (!sameKeys(e.start, ['bucket', 'offset']) || !Number.isInteger(e.start.bucket) || !(e.start.offset >= 0 && e.start.offset < 8)) bad(w, 'start');
    }
    if ('layout' in e) {
      const L = e.layout;
      if (!L || !sameKeys(L, LAYOUT_KEYS)) bad(w, 'layout keys');
      else {
        if (L.type !== o.type) bad(w, 'layout type');
        if (!sameKeys(L.key, TYPE_KEYS) || !sameKeys(L.elem, TYPE_KEYS) || !sameKeys(L.bucket, ['size', 'align', 'ptrdata', 'gcmask'])) bad(w, 'layout type keys');
        if (L.ptrSize !== ptr || L.bucketsize !== 8 + 8 * L.keysize + 8 * L.elemsize + ptr) bad(w, 'layout sizes');
        layouts[o.map] = L;
      }
    }
    if (o.op === 'len' && !Number.isInteger(e.len)) bad(w, 'len');
    if (o.op === 'get' && typeof e.found !== 'boolean') bad(w, 'found');
    if (o.op === 'range' && (!Array.isArray(e.entries) || !e.entries.every((x) => Array.isArray(x) && x.length === 2))) bad(w, 'entries');
    if ((o.op === 'range' || o.op === 'clear') && e.start === null && o.op === 'range' && e.entries.length) bad(w, 'entries without start');
    if ((o.op === 'iter' || o.op === 'next') && !(e.entry === null || (Array.isArray(e.entry) && e.entry.length === 2))) bad(w, 'entry');
    if (o.op === 'dump' && e.state !== null) checkState(e.state, layouts[o.map], ptr, (m) => bad(w, m));
  });
  return errs;
}

function checkState(s, L, ptr, bad) {
  if (!sameKeys(s, STATE_KEYS)) return bad(`state keys ${Object.keys(s)}`);
  if (!L) return bad('dump of a map without a layout');
  if (!HEX32.test(s.hash0)) bad('state hash0');
  const nOverflow = s.overflowBuckets.length;
  const refOK = (r) => r === null || (REF.test(r) && checkRef(r));
  const checkRef = (r) => {
    const [kind, n] = r.split(':');
    if (kind === 'B') return s.buckets && Number(n) < s.buckets.nbuckets;
    if (kind === 'OB') return s.oldbuckets && Number(n) < s.oldbuckets.nbuckets;
    if (kind === 'O') return Number(n) < nOverflow;
    return true;
  };
  const checkBucket = (b, at) => {
    if (!sameKeys(b, BUCKET_KEYS)) return bad(`${at}: keys ${Object.keys(b)}`);
    if (b.at !== at) bad(`${at}: at ${b.at}`);
    if (!Array.isArray(b.tophash) || b.tophash.length !== 8) bad(`${at}: tophash`);
    if (typeof b.hex !== 'string' || b.hex.length !== 2 * L.bucketsize || !/^[0-9a-f]*$/.test(b.hex)) bad(`${at}: hex`);
    else if (b.tophash.some((x, i) => parseInt(b.hex.slice(2 * i, 2 * i + 2), 16) !== x)) bad(`${at}: tophash differs from hex`);
    for (const [off, r] of Object.entries(b.ptrs)) {
      if (!/^\d+$/.test(off) || Number(off) % ptr || Number(off) >= L.bucketsize || !refOK(r) || r === null) bad(`${at}: ptrs ${off}: ${r}`);
    }
    const want = b.tophash.map((x, i) => (x === 0 || x === 1 || x === 4 ? -1 : i)).filter((i) => i >= 0);
    if (b.slots.length !== want.length || b.slots.some((sl, k) => sl.i !== want[k] || !('key' in sl) || !('elem' in sl))) bad(`${at}: slots`);
    if (!refOK(b.overflow)) bad(`${at}: overflow ${b.overflow}`);
    if (b.overflow !== null && b.ptrs[String(L.bucketsize - ptr)] !== b.overflow) bad(`${at}: overflow not in ptrs`);
  };
  for (const [name, prefix] of [['buckets', 'B'], ['oldbuckets', 'OB']]) {
    const a = s[name];
    if (a === null) continue;
    if (!sameKeys(a, ['nbuckets', 'buckets']) || a.buckets.length !== a.nbuckets) {
      bad(`${name}: nbuckets`);
      continue;
    }
    a.buckets.forEach((b, i) => checkBucket(b, `${prefix}:${i}`));
  }
  if (s.buckets && s.buckets.nbuckets < 2 ** s.B) bad('nbuckets < 2^B');
  s.overflowBuckets.forEach((b, i) => checkBucket(b, `O:${i}`));
  if (s.extra !== null) {
    if (!sameKeys(s.extra, ['overflow', 'oldoverflow', 'nextOverflow'])) bad('extra keys');
    for (const k of ['overflow', 'oldoverflow']) {
      const l = s.extra[k];
      if (l !== null && (!Array.isArray(l) || !l.every((r) => r !== null && refOK(r)))) bad(`extra.${k}`);
    }
    if (!refOK(s.extra.nextOverflow)) bad('extra.nextOverflow');
  }
}

module.exports = { checkTrace };

if (require.main === module) {
  let failed = 0;
  for (const f of process.argv.slice(2)) {
    const errs = checkTrace(JSON.parse(fs.readFileSync(f, 'utf8')));
    if (errs.length) {
      failed++;
      console.log(`${f}: ${errs.length} problem(s)\n  ${errs.slice(0, 20).join('\n  ')}`);
    }
  }
  console.log(`check-trace: ${process.argv.length - 2 - failed} ok, ${failed} with problems`);
  process.exit(failed ? 1 : 0);
}
