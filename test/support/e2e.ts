// Helpers for end-to-end suites: real processes or in-process stacks, reached over HTTP and Socket.IO
// exactly as a browser or a Frappe client would.
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { io, type Socket } from 'socket.io-client';

const cli = fileURLToPath(new URL('../../bin/cortado.js', import.meta.url));

/** A free TCP port on loopback (bound then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** A `cortado` process; its output is kept for failure messages. */
export interface CortadoProcess {
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/** Runs `cortado <args>` with extra environment; stop() sends SIGTERM and waits for exit. */
export function spawnCortado(args: string[], env: Record<string, string> = {}): CortadoProcess {
  const child = spawn(process.execPath, [cli, ...args], {
    env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  return {
    child,
    output: () => output,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Runs a cortado command to completion; rejects with its output when it fails. */
export async function runCortado(args: string[], env: Record<string, string> = {}): Promise<string> {
  const proc = spawnCortado(args, env);
  const code = await new Promise<number | null>((resolve) => proc.child.once('exit', resolve));
  if (code !== 0) throw new Error(`cortado ${args.join(' ')} exited ${code}:\n${proc.output()}`);
  return proc.output();
}

/** Waits until `url` answers 200, failing with the process output after `timeoutMs`. */
export async function waitHealthy(url: string, proc?: CortadoProcess, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (proc && proc.child.exitCode !== null) throw new Error(`process exited:\n${proc.output()}`);
    try {
      const response = await fetch(url);
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline)
      throw new Error(`${url} not healthy after ${timeoutMs} ms\n${proc?.output() ?? ''}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Logs in through `base` and returns the `sid` cookie value (asserting the login succeeded). */
export async function login(base: string, usr: string, pwd: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${base}/api/method/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ usr, pwd }),
  });
  const body = (await response.json()) as Record<string, unknown>;
  const sid = response.headers
    .getSetCookie()
    .map((c) => /^sid=([^;]*)/.exec(c)?.[1])
    .find(Boolean);
  return { status: response.status, body, sid, cookies: response.headers.getSetCookie() };
}

/** Opens a Socket.IO connection to namespace `/<site>` with a cookie; resolves on connect, rejects on connect_error. */
export function connectSocket(
  base: string,
  site: string,
  options: {
    sid?: string;
    transports?: Array<'polling' | 'websocket'>;
    headers?: Record<string, string>;
    /** CA certificate(s) to trust for https/wss (e.g. a test proxy's local CA). */
    ca?: string;
  } = {},
): Promise<Socket> {
  const headers = { ...options.headers, ...(options.sid ? { cookie: `sid=${options.sid}` } : {}) };
  const socket = io(`${base}/${site}`, {
    transports: options.transports ?? ['polling', 'websocket'],
    extraHeaders: headers,
    reconnection: false,
    forceNew: true,
    timeout: 10_000,
    ...(options.ca ? { ca: options.ca } : {}),
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}

/** Resolves with the first `event` the socket receives, or rejects after `timeoutMs`. */
export function nextEvent<T = unknown>(socket: Socket, event: string, timeoutMs = 10_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs);
    socket.once(event, (payload: T) => {
      clearTimeout(timer);
      resolve(payload);
    });
  });
}

/** Waits until the socket has upgraded from polling to WebSocket (or fails after `timeoutMs`). */
export function upgraded(socket: Socket, timeoutMs = 10_000): Promise<void> {
  const engine = socket.io.engine;
  if (engine.transport.name === 'websocket') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no upgrade to websocket')), timeoutMs);
    engine.once('upgrade', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
