// Debian's Caddy as the TLS-terminating reverse proxy of end-to-end suites (frappe_docker's `caddy`
// override): `tls internal` on a free port, its own storage and CA in a temp folder, no admin endpoint.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './e2e.ts';
import { until } from './until.ts';

/** Where the Caddy binary is; with CI=true a missing one fails the suite instead of skipping it. */
export const caddyBinary = process.env.CADDY_BIN ?? '/usr/bin/caddy';

/** A running Caddy: its https URL and the root certificate of its local CA (to trust in clients). */
export interface RunningCaddy {
  url: string;
  port: number;
  ca: string;
  output(): string;
  close(): Promise<void>;
}

/**
 * Starts Caddy terminating TLS for `https://localhost:<port>` with its internal CA and reverse-proxying to
 * `upstream` (host:port), waiting until its CA root exists and it serves.
 *
 * @example const caddy = await startCaddy('127.0.0.1:8080'); await fetch(caddy.url, { dispatcher: agentFor(caddy) });
 */
export async function startCaddy(upstream: string): Promise<RunningCaddy> {
  const dir = mkdtempSync(join(tmpdir(), 'cortado-caddy-'));
  const [port, httpPort] = await Promise.all([freePort(), freePort()]);
  const caddyfile = join(dir, 'Caddyfile');
  writeFileSync(
    caddyfile,
    `{
  admin off
  storage file_system ${join(dir, 'storage')}
  skip_install_trust
  auto_https disable_redirects
  http_port ${httpPort}
  https_port ${port}
}

https://localhost:${port} {
  tls internal
  reverse_proxy ${upstream}
}
`,
  );
  const child = spawn(caddyBinary, ['run', '--config', caddyfile, '--adapter', 'caddyfile'], {
    env: { ...process.env, HOME: dir, XDG_DATA_HOME: dir, XDG_CONFIG_HOME: dir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const root = join(dir, 'storage', 'pki', 'authorities', 'local', 'root.crt');
  try {
    await until(
      () => {
        if (child.exitCode !== null) throw new Error(`caddy exited:\n${output}`);
        return existsSync(root) && /serving initial configuration|certificate obtained/i.test(output);
      },
      'caddy to serve with its local CA',
      { timeoutMs: 20_000, everyMs: 50 },
    );
  } catch (error) {
    await close();
    throw error;
  }
  return {
    url: `https://localhost:${port}`,
    port,
    ca: readFileSync(root, 'utf8'),
    output: () => output,
    close,
  };
}
