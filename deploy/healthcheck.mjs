#!/usr/bin/env node
// cortado-healthcheck [role]: exits 0 when the role running in this container is healthy, 1 otherwise.
// The image has no curl, so Node probes the HTTP services itself.
//
//   frontend, start  GET http://127.0.0.1:$FRONTEND_PORT/health (8080)
//   backend          GET http://127.0.0.1:$BACKEND_PORT/health (8000)
//   websocket        GET http://127.0.0.1:$SOCKETIO_PORT/health (9000)
//   worker, scheduler  `cortado health <role>` (its exit code)
//   anything else    healthy: one-shot roles and ad-hoc commands have nothing to probe
//
// Without an argument the role is read from the command line of PID 1 (what the image's HEALTHCHECK
// relies on; compose files and the Helm chart name the role).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const HTTP_ROLES = {
  frontend: ['FRONTEND_PORT', 8080],
  start: ['FRONTEND_PORT', 8080],
  backend: ['BACKEND_PORT', 8000],
  websocket: ['SOCKETIO_PORT', 9000],
};
const COMMAND_ROLES = ['worker', 'scheduler'];
const KNOWN = [...Object.keys(HTTP_ROLES), ...COMMAND_ROLES];

function roleOfPid1() {
  try {
    const args = readFileSync('/proc/1/cmdline', 'utf8').split('\0');
    return args.find((arg) => KNOWN.includes(arg));
  } catch {
    return undefined;
  }
}

async function probeHttp(port) {
  const url = `http://127.0.0.1:${port}/health`;
  try {
    const res = await fetch(url, {
      signal: AbortSignal.timeout(Number(process.env.HEALTHCHECK_TIMEOUT_MS ?? 4000)),
    });
    if (res.status === 200) return 0;
    console.error(`${url}: HTTP ${res.status}`);
  } catch (error) {
    console.error(`${url}: ${error instanceof Error ? error.message : error}`);
  }
  return 1;
}

const role = process.argv[2] ?? process.env.CORTADO_ROLE ?? roleOfPid1();
let code = 0;
if (role && role in HTTP_ROLES) {
  const [variable, fallback] = HTTP_ROLES[role];
  code = await probeHttp(process.env[variable] || fallback);
} else if (role && COMMAND_ROLES.includes(role)) {
  const result = spawnSync(process.env.CORTADO_BIN ?? 'cortado', ['health', role], { stdio: 'inherit' });
  code = result.status ?? 1;
}
process.exit(code);
