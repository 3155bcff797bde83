'use strict';
// The oracle runner: generates the typed drivers of a scenario, builds the tracer (oracle/tracer
// + the generated file) with the profile's real Go toolchain for the target GOARCH, runs it
// (GODEBUG=cpu.aes=off for the fallback hash family) and returns its trace.
// Builds are cached by (toolchain, GOARCH, sources): a scenario whose set of types was built
// before runs at once.

const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFile } = require('child_process');
const { parseType } = require('./types');
const { checkTrace } = require('./check-trace');

const TRACER_DIR = path.join(__dirname, 'tracer');

const TOOLCHAINS = {
  'go1.15': { env: 'GOEMU_GO115', path: '/usr/lib/go-1.15/bin/go', want: 'go1.15', pkg: 'golang-1.15-go', distro: 'Debian 11' },
  'go1.19': { env: 'GOEMU_GO119', path: '/usr/lib/go-1.19/bin/go', want: 'go1.19', pkg: 'golang-1.19-go', distro: 'Debian 12' },
};
const ARCHES = ['amd64', '386'];
const PROFILES = Object.keys(TOOLCHAINS);
const HASHES = ['aes', 'fallback'];

/** The tracer's exit code for a disturbed allocation measurement (oracle/tracer/main.go exitNoise). */
const EXIT_NOISE = 4;

/** An error for the command line: one line, and the exit code. */
class OracleError extends Error {
  constructor(message, code = 2) {
    super(message);
    this.code = code;
  }
}

function cacheDir() {
  if (process.env.GOEMU_CACHE) return process.env.GOEMU_CACHE;
  const home = os.homedir();
  const dir = home ? path.join(home, '.cache', 'goemu') : '';
  try {
    if (!dir) throw new Error('no home');
    fs.mkdirSync(dir, { recursive: true });
    fs.accessSync(dir, fs.constants.W_OK);
    return dir;
  } catch (e) {
    return path.join(os.tmpdir(), 'goemu-cache');
  }
}

const toolchainCache = new Map();

/** Finds the Go toolchain of a profile: {go, version}. */
function toolchain(profile) {
  if (toolchainCache.has(profile)) return toolchainCache.get(profile);
  const tc = TOOLCHAINS[profile];
  if (!tc) throw new OracleError(`oracle: unknown profile ${JSON.stringify(profile)} (want ${PROFILES.join(' or ')})`);
  const goBin = process.env[tc.env] || tc.path;
  let ok = false;
  try {
    fs.accessSync(goBin, fs.constants.X_OK);
    ok = fs.statSync(goBin).isFile();
  } catch (e) {
    ok = false;
  }
  if (!ok) {
    throw new OracleError(
      `oracle: the ${profile} toolchain (Go ${tc.want.slice(2)}) is missing: no ${goBin}` +
        `${process.env[tc.env] ? ` (from ${tc.env})` : ''}; install it with ` +
        `\`bash scripts/install-go-toolchains.sh\` (as root) or \`apt-get install ${tc.pkg}\` (${tc.distro}), ` +
        `or set ${tc.env} to its go binary`,
    );
  }
  let version = '';
  try {
    version = fs.readFileSync(path.join(path.dirname(goBin), '..', 'VERSION'), 'utf8').split('\n')[0].trim();
  } catch (e) {
    version = '';
  }
  if (!version.startsWith('go')) {
    const out = require('child_process').execFileSync(goBin, ['version'], { encoding: 'utf8', env: goEnv({}) });
    version = (/go version (\S+)/.exec(out) || [])[1] || '';
  }
  if (version !== tc.want && !version.startsWith(`${tc.want}.`)) {
    throw new OracleError(`oracle: ${goBin} is ${version || 'an unknown version'}, the ${profile} profile needs ${tc.want}.x (set ${tc.env})`);
  }
  const res = { go: goBin, version };
  toolchainCache.set(profile, res);
  return res;
}

/** The environment for the go command and the tracer: nothing from the caller's Go setup. */
function goEnv(extra) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(GO|CGO_)/.test(k) || k === 'GODEBUG') continue;
    env[k] = v;
  }
  return Object.assign(env, extra);
}

/** Every Go type named in a value: the "type" of each interface value, recursively. */
function collectDynTypes(v, out) {
  if (Array.isArray(v)) {
    for (const e of v) collectDynTypes(e, out);
  } else if (v && typeof v === 'object') {
    if (typeof v.type === 'string') {
      out.add(v.type);
      collectDynTypes(v.value, out);
    }
  }
}

/** The map types and dynamic types a scenario uses. */
function scenarioTypes(scenario) {
  const maps = new Set();
  const dyn = new Set();
  if (!scenario || !Array.isArray(scenario.ops)) throw new OracleError('oracle: the scenario has no ops array');
  for (const op of scenario.ops) {
    if (!op || typeof op !== 'object') continue;
    if ((op.op === 'make' || op.op === 'nil') && typeof op.type === 'string') maps.add(op.type);
    if ('key' in op) collectDynTypes(op.key, dyn);
    if ('elem' in op) collectDynTypes(op.elem, dyn);
  }
  const decls = [];
  if (scenario.types !== undefined) {
    if (!scenario.types || typeof scenario.types !== 'object' || Array.isArray(scenario.types)) {
      throw new OracleError('oracle: the scenario\'s "types" is not an object of type declarations');
    }
    for (const [name, src] of Object.entries(scenario.types)) {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || typeof src !== 'string') {
        throw new OracleError(`oracle: bad type declaration ${JSON.stringify(name)}: ${JSON.stringify(src)}`);
      }
      decls.push([name, src]);
    }
  }
  return { maps: [...maps].sort(), dyn: [...dyn].sort(), decls };
}

const MAX_CACHED_BINARIES = 64;

/** Keeps the newest MAX_CACHED_BINARIES tracer binaries (by last use). */
function pruneBinaries(binDir) {
  let files;
  try {
    files = fs.readdirSync(binDir).filter((f) => f.startsWith('tracer-'));
  } catch (e) {
    return;
  }
  if (files.length <= MAX_CACHED_BINARIES) return;
  const withTime = files.map((f) => {
    try {
      return { f, t: fs.statSync(path.join(binDir, f)).mtimeMs };
    } catch (e) {
      return { f, t: 0 };
    }
  });
  withTime.sort((a, b) => b.t - a.t);
  for (const { f } of withTime.slice(MAX_CACHED_BINARIES)) {
    try {
      fs.unlinkSync(path.join(binDir, f));
    } catch (e) {
      /* another run removed it */
    }
  }
}

/** The generated Go file of typed drivers for the given types. */
function generate(types) {
  const lines = [
    '// Code generated by oracle/runner.js. DO NOT EDIT.',
    '',
    'package main',
    '',
    'import (',
    '\t"reflect"',
    '\t"unsafe"',
    ')',
    '',
    'var _ = reflect.TypeOf',
    'var _ unsafe.Pointer',
    '',
  ];
  const init = [];
  // The scenario's named types: `type Point struct{ X, Y int }` in package main, in order.
  const names = new Map();
  for (const [name, src] of types.decls || []) {
    let u;
    try {
      u = parseType(src, names);
    } catch (e) {
      throw new OracleError(`oracle: bad type declaration ${name} ${JSON.stringify(src)}: ${e.message}`);
    }
    lines.push(`type ${name} ${u.go}`, '');
    names.set(name, u);
  }
  types.maps.forEach((src, i) => {
    let t;
    try {
      t = parseType(src, names);
    } catch (e) {
      throw new OracleError(`oracle: bad map type ${JSON.stringify(src)}: ${e.message}`);
    }
    if (t.kind !== 'map') throw new OracleError(`oracle: ${JSON.stringify(src)} is not a map type`);
    const K = `k${i}`;
    const V = `v${i}`;
    const D = `drv${i}`;
    // A declared map type (type M map[K]V) keeps its name: its own descriptor.
    const M = t.named ? t.go : `map[${K}]${V}`;
    lines.push(
      `// ${src}`,
      `type ${K} = ${t.key.go}`,
      `type ${V} = ${t.elem.go}`,
      `type ${D} struct{ m ${M} }`,
      '',
      `func (d *${D}) iface() interface{}      { return d.m }`,
      `func (d *${D}) makeSmall()              { d.m = make(${M}) }`,
      `func (d *${D}) makeHint(hint int64)     { d.m = make(${M}, hint) }`,
      `func (d *${D}) set(k, v unsafe.Pointer) { d.m[*(*${K})(k)] = *(*${V})(v) }`,
      `func (d *${D}) get(k, v unsafe.Pointer) bool {`,
      '\tvar ok bool',
      `\t*(*${V})(v), ok = d.m[*(*${K})(k)]`,
      '\treturn ok',
      '}',
      `func (d *${D}) del(k unsafe.Pointer) { delete(d.m, *(*${K})(k)) }`,
      `func (d *${D}) length() int          { return len(d.m) }`,
      `func (d *${D}) clear() {`,
      '\tfor k := range d.m {',
      '\t\tdelete(d.m, k)',
      '\t}',
      '}',
      '',
    );
    init.push(`\tregisterMap(${JSON.stringify(src)}, func() driver { return new(${D}) })`);
  });
  for (const src of types.dyn) {
    let t;
    try {
      t = parseType(src, names);
    } catch (e) {
      throw new OracleError(`oracle: bad type ${JSON.stringify(src)} in an interface value: ${e.message}`);
    }
    // The descriptor of the type itself, as a conversion to interface{} uses it (see
    // setInterface in tracer/values.go); an interface type has no value to convert.
    const expr = t.kind === 'interface' ? `reflect.TypeOf((*${t.go})(nil)).Elem()` : `reflect.TypeOf(*new(${t.go}))`;
    init.push(`\tregisterType(${JSON.stringify(src)}, ${expr})`);
  }
  lines.push('func init() {', ...init, '}', '');
  return lines.join('\n');
}

let tracerSources = null;
function readTracerSources() {
  if (!tracerSources) {
    tracerSources = fs
      .readdirSync(TRACER_DIR)
      .filter((f) => /\.(go|s)$/.test(f) && !f.endsWith('_test.go'))
      .sort()
      .map((f) => ({ name: f, text: fs.readFileSync(path.join(TRACER_DIR, f), 'utf8') }));
  }
  return tracerSources;
}

function hashTracerSources(h) {
  for (const s of readTracerSources()) h.update(`${s.name}\0${s.text}\0`);
}

/** A hash of everything that decides the oracle's output apart from the scenario itself. */
function oracleHash() {
  const h = crypto.createHash('sha256');
  hashTracerSources(h);
  for (const f of [__filename, path.join(__dirname, 'types.js'), path.join(__dirname, 'check-trace.js')]) h.update(fs.readFileSync(f));
  return h.digest('hex');
}

function run(cmd, args, opts) {
  return new Promise((resolve) => {
    execFile(cmd, args, Object.assign({ maxBuffer: 1 << 30, encoding: 'buffer' }, opts), (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, err, stdout, stderr: stderr.toString() });
    });
  });
}

const building = new Map();

/** Builds (or finds in the cache) the tracer for a profile, arch and set of types. */
async function build(profile, arch, types) {
  const tc = toolchain(profile);
  const gen = generate(types);
  const h = crypto.createHash('sha256');
  h.update(`${tc.version}\0${arch}\0`);
  hashTracerSources(h);
  h.update(gen);
  const key = h.digest('hex').slice(0, 24);
  const dir = cacheDir();
  const bin = path.join(dir, 'bin', `tracer-${tc.version}-${arch}-${key}`);
  if (fs.existsSync(bin)) {
    try {
      const now = new Date();
      fs.utimesSync(bin, now, now); // last use, for pruning
      return bin;
    } catch (e) {
      /* pruned meanwhile: build it again */
    }
  }
  if (building.has(bin)) return building.get(bin);
  const p = (async () => {
    fs.mkdirSync(path.join(dir, 'bin'), { recursive: true });
    const work = fs.mkdtempSync(path.join(dir, 'build-'));
    try {
      for (const s of readTracerSources()) fs.writeFileSync(path.join(work, s.name), s.text);
      fs.writeFileSync(path.join(work, 'zz_generated.go'), gen);
      fs.writeFileSync(path.join(work, 'go.mod'), 'module goemu/oracle/tracer\n\ngo 1.15\n');
      const tmp = path.join(work, 'tracer.bin');
      const env = goEnv({
        GOARCH: arch,
        GOOS: 'linux',
        CGO_ENABLED: '0',
        GO111MODULE: 'on',
        GOFLAGS: '-mod=mod',
        GOPROXY: 'off',
        GOSUMDB: 'off',
        GOTOOLCHAIN: 'local',
        GOENV: 'off',
        GOCACHE: path.join(dir, 'gocache', tc.version),
        GOPATH: path.join(dir, 'gopath'),
      });
      const r = await run(tc.go, ['build', '-trimpath', '-ldflags=-s -w', '-o', tmp, '.'], { cwd: work, env });
      if (r.code !== 0) {
        const msg = r.stderr.trim().split('\n').filter((l) => !l.startsWith('#')).join(' | ');
        throw new OracleError(`oracle: building the tracer with ${tc.version} for ${arch} failed: ${msg}`);
      }
      fs.renameSync(tmp, bin);
      pruneBinaries(path.dirname(bin));
      return bin;
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  })();
  building.set(bin, p);
  try {
    return await p;
  } finally {
    building.delete(bin);
  }
}

/**
 * Resolves the configuration of a run: flags, then the scenario's own fields, then the
 * defaults (amd64, go1.15, aes).
 */
function resolveConfig(scenario, flags = {}) {
  const cfg = {
    arch: flags.arch || scenario.arch || 'amd64',
    go: flags.go || scenario.go || 'go1.15',
    hash: flags.hash || scenario.hash || 'aes',
  };
  if (!ARCHES.includes(cfg.arch)) throw new OracleError(`oracle: unknown arch ${JSON.stringify(cfg.arch)} (want amd64 or 386)`);
  if (!PROFILES.includes(cfg.go)) throw new OracleError(`oracle: unknown go profile ${JSON.stringify(cfg.go)} (want go1.15 or go1.19)`);
  if (!HASHES.includes(cfg.hash)) throw new OracleError(`oracle: unknown hash family ${JSON.stringify(cfg.hash)} (want aes or fallback)`);
  return cfg;
}

/**
 * Runs a scenario file on real Go. Returns the trace text (JSON).
 * @param {string} file scenario path
 * @param {{arch?: string, go?: string, hash?: string}} flags overrides
 */
async function runScenario(file, flags = {}) {
  let text;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new OracleError(`oracle: cannot read ${file}: ${e.message}`);
  }
  let scenario;
  try {
    scenario = JSON.parse(text);
  } catch (e) {
    throw new OracleError(`oracle: ${file} is not JSON: ${e.message}`);
  }
  const cfg = resolveConfig(scenario, flags);
  const types = scenarioTypes(scenario);
  const env = goEnv(cfg.hash === 'fallback' ? { GODEBUG: 'cpu.aes=off' } : {});
  const args = ['-arch', cfg.arch, '-go', cfg.go, '-hash', cfg.hash, path.resolve(file)];
  const attempt = async () => run(await build(cfg.go, cfg.arch, types), args, { env });
  let r = await attempt();
  if (r.err && r.err.code === 'ENOENT') r = await attempt(); // pruned by a parallel run
  // Exit 4: the Go runtime started an OS thread inside a measured call (allocs scenarios), so
  // that run's MemStats deltas are not the map's own. Rare; a fresh run is a fresh sample.
  for (let tries = 0; r.code === EXIT_NOISE && tries < 5; tries++) r = await attempt();
  if (r.code !== 0) {
    const msg = r.stderr.trim() || `the tracer exited with ${r.err && (r.err.code || r.err.signal)}`;
    throw new OracleError(`${msg} [${path.basename(file)} ${cfg.go}-${cfg.arch}-${cfg.hash}]`, r.code === 1 ? 1 : r.code === 2 ? 2 : 3);
  }
  const trace = r.stdout.toString();
  let problems;
  try {
    problems = checkTrace(JSON.parse(trace));
  } catch (e) {
    problems = [`not JSON: ${e.message}`];
  }
  if (problems.length) {
    throw new OracleError(`oracle: the trace of ${path.basename(file)} (${cfg.go}-${cfg.arch}-${cfg.hash}) fails its structural check: ${problems.slice(0, 3).join('; ')}`, 1);
  }
  return trace;
}

module.exports = { runScenario, resolveConfig, scenarioTypes, generate, build, toolchain, oracleHash, OracleError, ARCHES, PROFILES, HASHES };
