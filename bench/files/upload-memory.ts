// Upload memory benchmark: concurrent large uploads to `upload_file` on a backend process (as deployed),
// with the backend's resident memory sampled throughout. A backend that streams uploads to disk grows by a
// small fraction of what it receives; one that buffers bodies grows by about the sum of the uploads in flight.
// The client generates each body as it sends it, so it holds no upload either. SQLite, loopback only.
// Run: `npx tsx bench/files/upload-memory.ts`.
//
// Environment: BENCH_UPLOADS (concurrent uploads, default 20), BENCH_UPLOAD_MB (size of each, default 50),
// BENCH_TSX=1 (run the sources through tsx instead of compiling them as the image does).
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { createBenchSite } from '../api/site.ts';
import { benchCli } from '../support/compiled-cli.ts';
import { freePort, healthy } from '../support/local-server.ts';
import { rssMb } from '../support/process-memory.ts';

const UPLOADS = Number(process.env.BENCH_UPLOADS ?? 20);
const SIZE = Number(process.env.BENCH_UPLOAD_MB ?? 50) * 1024 * 1024;
const boundary = '----cortado-bench';

/** Resident set size of a process, in MiB (Linux /proc). */

/** One upload of `size` bytes, written in 64 KiB chunks as the socket takes them; resolves with the status. */
function upload(base: string, headers: Record<string, string>, size: number, n: number): Promise<number> {
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="is_private"\r\n\r\n1\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="bench-${n}.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const chunk = randomBytes(64 * 1024);
  chunk.writeUInt32BE(n); // distinct content per upload: no upload is answered by an identical stored file
  return new Promise((resolve, reject) => {
    const req = request(`${base}/api/method/upload_file`, {
      method: 'POST',
      headers: {
        ...headers,
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': String(head.length + size + tail.length),
      },
    });
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.write(head);
    let sent = 0;
    const pump = () => {
      while (sent < size) {
        const piece = chunk.subarray(0, Math.min(chunk.length, size - sent));
        sent += piece.length;
        if (!req.write(piece)) return void req.once('drain', pump);
      }
      req.end(tail);
    };
    pump();
  });
}

const site = await createBenchSite('sqlite');
site.bench.updateSiteConfig(site.site, { max_file_size: SIZE + 1024 * 1024 });
const port = await freePort();
const backend: ChildProcess = spawn(
  process.execPath,
  [
    benchCli(),
    '--sites-path',
    site.bench.sitesPath,
    'backend',
    '--port',
    String(port),
    '--host',
    '127.0.0.1',
  ],
  { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, LOG_LEVEL: 'warn' } },
);
try {
  const base = `http://127.0.0.1:${port}`;
  const headers = { authorization: site.authorization, 'x-frappe-site-name': site.site };
  await healthy(`${base}/health`);
  // Warm-up: one small upload, so code paths are loaded before the baseline is taken.
  if ((await upload(base, headers, 1024 * 1024, UPLOADS)) !== 200) throw new Error('warm-up upload failed');
  const baseline = rssMb(backend.pid!);
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, rssMb(backend.pid!));
  }, 20);
  const started = Date.now();
  const statuses = await Promise.all(
    Array.from({ length: UPLOADS }, (_, n) => upload(base, headers, SIZE, n)),
  );
  clearInterval(sampler);
  const seconds = (Date.now() - started) / 1000;
  const failed = statuses.filter((s) => s !== 200).length;
  const totalMiB = (UPLOADS * SIZE) / 1024 / 1024;
  console.log(`uploads:           ${UPLOADS} concurrent × ${SIZE / 1024 / 1024} MiB (${failed} failed)`);
  console.log(`received:          ${totalMiB.toFixed(0)} MiB in ${seconds.toFixed(1)} s`);
  console.log(`backend RSS:       ${baseline.toFixed(0)} MiB before, ${peak.toFixed(0)} MiB peak`);
  console.log(
    `growth:            ${(peak - baseline).toFixed(0)} MiB (${(((peak - baseline) / totalMiB) * 100).toFixed(1)} % of the bytes received)`,
  );
} finally {
  backend.kill('SIGTERM');
  await new Promise((resolve) => backend.once('exit', resolve));
  await site.close();
}
