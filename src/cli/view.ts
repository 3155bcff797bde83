// goemu view: the trace viewer. Builds one self-contained HTML page (styles, script and the traces
// inline; no network) from a trace, or from a scenario run first, and writes it or serves it on
// localhost. With two inputs (or --replay) the page shows them side by side, aligned by event.

import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import type { AddressInfo } from 'net';
import { UsageError, configOverrides, parseFlags, readJSONFile, writeOut } from './main';
import { InputError, checkScenario, checkTrace } from '../scenario/scenario';
import { runScenario } from '../scenario/run';
import { TRACE_FORMAT, Trace } from '../trace/format';

export interface ViewInput {
  label: string;
  trace: Trace;
}

/** The compiled page script (src/viewer, built by `tsc -p src/viewer`) and its style sheet. */
export function viewerAssets(): { js: string; css: string } {
  const js = path.join(__dirname, '..', '..', 'viewer', 'viewer.js');
  const css = path.join(__dirname, '..', '..', '..', 'src', 'viewer', 'viewer.css');
  if (!fs.existsSync(js)) throw new InputError(`the viewer is not built (${js} is missing): run npm run build`);
  return { js: fs.readFileSync(js, 'utf8'), css: fs.readFileSync(css, 'utf8') };
}

function escapeHTML(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

/**
 * JSON that is safe inside <script type="application/json">: `<` only occurs inside JSON strings,
 * where \u003c means the same (so no `</script>` or `<!--` can end or alter the element).
 */
export function embedJSON(v: unknown): string {
  return JSON.stringify(v).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/**
 * embedJSON of the page's traces. JSON.stringify recurses: a value nested some thousands deep
 * (which JSON.parse reads) exhausts the stack; say which trace and event instead.
 */
function embedInputs(inputs: ViewInput[]): string {
  try {
    return embedJSON({ traces: inputs });
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    for (const x of inputs) {
      const evs = Array.isArray(x.trace.events) ? x.trace.events : [];
      for (let i = 0; i < evs.length; i++) {
        try {
          JSON.stringify(evs[i]);
        } catch {
          throw new InputError(`${x.label}: events[${i}] (${evs[i].op}): a value nests too deeply to show (JSON.stringify ran out of stack)`);
        }
      }
    }
    throw new InputError(`${inputs.map((x) => x.label).join(', ')}: a value nests too deeply to show (JSON.stringify ran out of stack)`);
  }
}

/** The self-contained page showing one trace, or two side by side. */
export function viewerHTML(inputs: ViewInput[]): string {
  const { js, css } = viewerAssets();
  const t = inputs[0]?.trace;
  const title = `goemu view: ${inputs.map((x) => x.label).join(' vs ')}${t?.scenario?.name ? ` (${t.scenario.name})` : ''}`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHTML(title)}</title>
<style>
${css}
</style>
</head>
<body>
<div id="app"></div>
<script type="application/json" id="goemu-data">${embedInputs(inputs)}</script>
<script>
${js.replace(/<\/(script)/gi, '<\\/$1')}
</script>
</body>
</html>
`;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

type Flags = ReturnType<typeof parseFlags>;

/** A trace as read, or the trace of a scenario run in the emulator. */
export function loadInput(file: string, f: Flags): ViewInput {
  const label = path.basename(file);
  try {
    const v = readJSONFile(file);
    if (isObject(v) && 'format' in v) {
      if (v.format !== TRACE_FORMAT) throw new InputError(`field "format": want ${JSON.stringify(TRACE_FORMAT)}, got ${JSON.stringify(v.format)}`);
      for (const k of ['--arch', '--go', '--hash', '--seed']) {
        if (f.opts.has(k)) throw new UsageError(`${k} applies to scenarios; ${file} is a trace`);
      }
      checkTrace(v);
      return { label, trace: v as unknown as Trace };
    }
    if (isObject(v) && 'ops' in v) {
      const { scenario, config } = checkScenario(v, configOverrides(f));
      const seed = f.opts.get('--seed');
      const trace = runScenario(scenario, config, { seed: typeof seed === 'string' ? seed : undefined });
      return { label: `${label} (goemu run)`, trace };
    }
    throw new InputError('want a trace (with "format": "gomap-trace/1") or a scenario (with "ops")');
  } catch (e) {
    if (e instanceof InputError) throw new InputError(`${file}: ${e.message}`);
    throw e;
  }
}

/** The emulator's replay of a trace (its seeds and random draws), to set beside the trace. */
export function replayInput(x: ViewInput): ViewInput {
  const { trace, scenario, config } = checkTrace(x.trace);
  const t = runScenario(scenario, config, { seeds: trace.seeds, recorded: trace.events });
  return { label: `goemu replay of ${x.label}`, trace: t };
}

function parsePort(v: string | true | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !/^[0-9]{1,5}$/.test(v) || +v > 65535) throw new UsageError(`--port: want a port number 0..65535, got ${v}`);
  return +v;
}

/** Whether a Host header names this machine on the given port: localhost, 127.0.0.1 or [::1]. */
export function localHost(host: string | undefined, port: number): boolean {
  if (host === undefined) return false;
  const m = /^(localhost|127\.0\.0\.1|\[::1\])(?::([0-9]{1,5}))?$/i.exec(host);
  if (!m) return false;
  return m[2] === undefined ? port === 80 : +m[2] === port;
}

/** Serves the page on 127.0.0.1 (only there) until the process is stopped. */
export function serveHTML(html: string, port: number, onListen?: (url: string) => void): http.Server {
  const body = Buffer.from(html, 'utf8');
  const server = http.createServer((req, res) => {
    const url = (req.url ?? '/').split('?')[0];
    // DNS rebinding: a foreign page whose name resolves to 127.0.0.1 reaches this server too, but
    // its requests carry its own name in Host. Only this machine's names, with our port, are served.
    if (!localHost(req.headers.host, (server.address() as AddressInfo).port)) {
      res.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('forbidden: the viewer answers only to localhost, 127.0.0.1 and [::1]\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' });
      res.end();
      return;
    }
    if (url !== '/' && url !== '/index.html') {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('not found: the viewer is at /\n');
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': body.length, 'Cache-Control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  server.on('error', (e: NodeJS.ErrnoException) => {
    process.stderr.write(`goemu view: cannot serve on 127.0.0.1:${port}: ${e.code === 'EADDRINUSE' ? 'the port is in use' : e.message}\n`);
    process.exitCode = 2;
  });
  server.listen(port, '127.0.0.1', () => {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    if (onListen) onListen(url);
    else process.stdout.write(`goemu view: serving ${url} (Ctrl-C to stop)\n`);
  });
  return server;
}

/** goemu view TRACE.json|SCENARIO.json [OTHER.json] [--replay] [--html OUT.html] [--port P] */
export function viewCommand(argv: string[]): number {
  const f = parseFlags(argv, ['--html', '--port', '--replay', '--arch', '--go', '--hash', '--seed']);
  if (f.args.length < 1 || f.args.length > 2) throw new UsageError('view takes a trace or scenario file, and optionally a second one to compare');
  if (f.opts.has('--replay') && f.args.length !== 1) throw new UsageError('--replay compares one trace with its replay: give one file');
  const port = parsePort(f.opts.get('--port'));
  const html = f.opts.get('--html');
  if (html === true) throw new UsageError('--html needs a file name');
  const inputs = f.args.map((a) => loadInput(a, f));
  if (f.opts.has('--replay')) inputs.push(replayInput(inputs[0]));
  const page = viewerHTML(inputs);
  if (html !== undefined) {
    writeOut(html, page);
    if (html !== '-') process.stdout.write(`goemu view: wrote ${html}\n`);
  } else if (port === undefined) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'goemu-view-'));
    const out = path.join(dir, path.basename(f.args[0]).replace(/\.json$/, '') + '.html');
    fs.writeFileSync(out, page);
    process.stdout.write(`goemu view: wrote ${out} (open it in a browser)\n`);
  }
  if (port !== undefined) serveHTML(page, port);
  return 0;
}
