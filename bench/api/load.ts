// Load for the API benchmark: Debian's wrk with a Lua script (fresh values per request: a random seeded row
// `{n}`, a unique title `{u}`), else autocannon in this process.
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One kind of request, with `{n}` (a random row number) and `{u}` (a unique token) in path and body. */
export interface RequestShape {
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  body?: string;
  headers: Record<string, string>;
}

/** What a run measured. */
export interface LoadResult {
  requestsPerSecond: number;
  p99Ms: number;
  /** Non-2xx replies and socket errors. */
  errors: number;
}

/** How hard and how long. */
export interface LoadOptions {
  base: string;
  seconds: number;
  connections: number;
  rows: number;
}

/** Whether wrk is on the PATH. */
export function hasWrk(): boolean {
  return spawnSync('wrk', ['--version'], { encoding: 'utf8' }).error === undefined;
}

/** Runs `shape` against `base` for the given time and reports throughput and p99 latency. */
export function runLoad(shape: RequestShape, o: LoadOptions): Promise<LoadResult> {
  return hasWrk() ? wrk(shape, o) : autocannon(shape, o);
}

function luaScript(shape: RequestShape, rows: number): string {
  const lua = (value: string) => JSON.stringify(value);
  const headers = Object.entries(shape.headers)
    .map(([k, v]) => `[${lua(k)}] = ${lua(v)}`)
    .join(', ');
  return `
local counter = 0
local prefix = ${lua(`r${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`)}
math.randomseed(${Math.floor(Math.random() * 1e9)})
local headers = { ${headers} }
local path_t = ${lua(shape.path)}
local body_t = ${shape.body === undefined ? 'nil' : lua(shape.body)}
local function fill(s, n, u)
  local out = s:gsub("{n}", n)
  out = out:gsub("{u}", u)
  return out
end
request = function()
  counter = counter + 1
  local n = tostring(math.random(1, ${rows}))
  local u = prefix .. "-" .. counter
  local body = nil
  if body_t then body = fill(body_t, n, u) end
  return wrk.format(${lua(shape.method)}, fill(path_t, n, u), headers, body)
end
`;
}

function wrk(shape: RequestShape, o: LoadOptions): Promise<LoadResult> {
  const dir = mkdtempSync(join(tmpdir(), 'cortado-wrk-'));
  const script = join(dir, 'request.lua');
  writeFileSync(script, luaScript(shape, o.rows));
  return new Promise<LoadResult>((resolve, reject) => {
    execFile(
      'wrk',
      ['-t1', `-c${o.connections}`, `-d${o.seconds}s`, '--latency', '-s', script, o.base],
      { encoding: 'utf8', timeout: (o.seconds + 30) * 1000 },
      (err, stdout) => {
        if (err) return reject(err);
        const rps = /Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1];
        const p99 = /\s99%\s+([\d.]+)(us|ms|s)\b/.exec(stdout);
        if (!rps || !p99) return reject(new Error(`cannot parse wrk output:\n${stdout}`));
        const unit = p99[2] === 'us' ? 0.001 : p99[2] === 's' ? 1000 : 1;
        const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(stdout)?.[1] ?? 0);
        const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(stdout);
        const errors = non2xx + (socket ? socket.slice(1).reduce((a, b) => a + Number(b), 0) : 0);
        resolve({ requestsPerSecond: Number(rps), p99Ms: Number(p99[1]) * unit, errors });
      },
    );
  }).finally(() => rmSync(dir, { recursive: true, force: true }));
}

async function autocannon(shape: RequestShape, o: LoadOptions): Promise<LoadResult> {
  // Imported by name: autocannon ships no type declarations.
  const name = 'autocannon';
  const { default: run } = (await import(name)) as { default: (opts: object) => Promise<AutocannonResult> };
  let counter = 0;
  const prefix = `a${Date.now().toString(36)}`;
  const fill = (s: string, n: string, u: string) => s.replaceAll('{n}', n).replaceAll('{u}', u);
  const result = await run({
    url: o.base,
    connections: o.connections,
    duration: o.seconds,
    requests: [
      {
        method: shape.method,
        headers: shape.headers,
        setupRequest: (request: Record<string, unknown>) => {
          const n = String(1 + Math.floor(Math.random() * o.rows));
          const u = `${prefix}-${++counter}`;
          return { ...request, path: fill(shape.path, n, u), body: shape.body && fill(shape.body, n, u) };
        },
      },
    ],
  });
  return {
    requestsPerSecond: result.requests.average,
    p99Ms: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

interface AutocannonResult {
  requests: { average: number };
  latency: { p99: number };
  errors: number;
  non2xx: number;
}
