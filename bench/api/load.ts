// Load for the API benchmark: Debian's wrk with a Lua script (fresh values per request: a random seeded row
// `{n}`, a unique title `{u}`), else autocannon in this process.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasWrk, type LoadResult, runAutocannon, runWrk } from '../support/load-tools.ts';

export { hasWrk, type LoadResult } from '../support/load-tools.ts';

/** One kind of request, with `{n}` (a random row number) and `{u}` (a unique token) in path and body. */
export interface RequestShape {
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  body?: string;
  headers: Record<string, string>;
}

/** How hard and how long. */
export interface LoadOptions {
  base: string;
  seconds: number;
  connections: number;
  rows: number;
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
  return runWrk(
    ['-t1', `-c${o.connections}`, `-d${o.seconds}s`, '--latency', '-s', script, o.base],
    o.seconds,
  ).finally(() => rmSync(dir, { recursive: true, force: true }));
}

async function autocannon(shape: RequestShape, o: LoadOptions): Promise<LoadResult> {
  let counter = 0;
  const prefix = `a${Date.now().toString(36)}`;
  const fill = (s: string, n: string, u: string) => s.replaceAll('{n}', n).replaceAll('{u}', u);
  return runAutocannon({
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
}
