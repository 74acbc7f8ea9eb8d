// An upstream that refuses, resets or dies mid-request (nginx's proxy_next_upstream error timeout):
// idempotent requests go to another backend and succeed, others are never sent twice, and the
// failed backend is skipped for a while, then used again.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { after, describe, it } from 'node:test';
import { Agent, fetch } from 'undici';
import { fetchRaw, memoryLogger, startRouter, startUpstream, tempSites, until } from './helpers.ts';

const sites = tempSites();
after(() => sites.remove());

// An upstream that reads a request and then drops the connection without answering, as a backend
// process killed mid-request does; `healthy` turns it into a normal one.
async function startCrashing() {
  const state = { healthy: false };
  const upstream = await startUpstream((r, res, raw) => {
    if (state.healthy) res.end(JSON.stringify({ crash: false, url: r.url }));
    else raw.socket.destroy();
  });
  return Object.assign(upstream, { state });
}

describe('retrying on another backend', () => {
  it('idempotent requests reset before an answer succeed on the other backend; the failed one is skipped, then used again', async () => {
    const crashing = await startCrashing();
    const good = await startUpstream();
    const { logger, lines } = memoryLogger('info');
    const router = await startRouter(
      { SITES_PATH: sites.path, BACKEND: `${crashing.address},${good.address}` },
      { logger },
    );
    try {
      const answers = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          fetchRaw(router.port, `/api/method/n${i}`, { method: ['GET', 'HEAD', 'OPTIONS'][i % 3] }),
        ),
      );
      assert.deepEqual(
        answers.map((a) => a.status),
        answers.map(() => 200),
      );
      assert.ok(crashing.requests.length >= 1, 'the crashing backend was tried');
      assert.equal(good.requests.length, 30, 'every request was answered by the good one');
      const skipped = lines.filter((l) => l.msg === 'upstream failed; skipping it for a while');
      assert.equal(skipped.length, 1, 'requests failing together count as one failure');
      assert.equal(skipped[0]!.address, crashing.address);

      crashing.state.healthy = true;
      await until(
        async () => {
          const r = await fetchRaw(router.port, '/api/method/probe');
          return r.status === 200 && JSON.parse(r.text).crash === false;
        },
        'the failed backend is used again once it answers',
        15_000,
      );
      assert.ok(lines.some((l) => l.msg === 'upstream recovered' && l.address === crashing.address));
    } finally {
      await router.close();
      await Promise.all([crashing.close(), good.close()]);
    }
  });

  it('never sends a POST, PUT, PATCH or DELETE twice: 502 when its backend resets', async () => {
    const crashing = await startCrashing();
    const router = await startRouter({ SITES_PATH: sites.path, BACKEND: crashing.address });
    try {
      for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
        const before = crashing.requests.length;
        const body = '{"description":"x"}';
        const r = await fetchRaw(router.port, '/api/resource/ToDo', {
          method,
          body,
          headers: { 'Content-Length': String(body.length) },
        });
        assert.equal(r.status, 502, method);
        assert.equal(JSON.parse(r.text).exc_type, 'BadGateway');
        assert.equal(crashing.requests.length, before + 1, `${method} reached the backend exactly once`);
      }
      // A GET on the only backend is tried once more there (a stale keep-alive connection looks alike), no more.
      const before = crashing.requests.length;
      assert.equal((await fetchRaw(router.port, '/api/method/x')).status, 502);
      assert.equal(crashing.requests.length, before + 2);
    } finally {
      await router.close();
      await crashing.close();
    }
  });
});

// A backend as its own process, so it can be killed with SIGKILL: answers after 5-35 ms, printing
// each request's URL as it arrives and as it answers (stdout to a pipe is synchronous on Linux).
// Past HOLD_AFTER requests it answers no more, as a backend that hangs before it is killed: the
// requests it holds are certainly in flight when it dies.
const BACKEND_SCRIPT = `
const http = require('node:http');
const holdAfter = Number(process.env.HOLD_AFTER || Infinity);
let count = 0;
const server = http.createServer((req, res) => {
  process.stdout.write('got ' + req.url + '\\n');
  if (++count > holdAfter) return;
  setTimeout(() => {
    process.stdout.write('done ' + req.url + '\\n');
    res.end(JSON.stringify({ pid: process.pid, url: req.url }));
  }, 5 + Math.random() * 30);
});
server.listen(0, '127.0.0.1', () => process.stdout.write('port ' + server.address().port + '\\n'));
`;

interface BackendProcess {
  child: ChildProcess;
  port: number;
  /** URLs received, in order. */
  received(): string[];
  /** How many requests it holds unanswered right now (as far as its output has arrived). */
  busy(): number;
}

function startBackendProcess(holdAfter?: number): Promise<BackendProcess> {
  const child = spawn(process.execPath, ['-e', BACKEND_SCRIPT], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, HOLD_AFTER: holdAfter === undefined ? '' : String(holdAfter) },
  });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  return until(() => /port (\d+)\n/.test(out), 'backend process listening', 10_000).then(() => ({
    child,
    port: Number(/port (\d+)\n/.exec(out)![1]),
    received: () => [...out.matchAll(/^got (.*)$/gm)].map((m) => m[1]!),
    busy: () => out.split('\ngot ').length - out.split('\ndone ').length,
  }));
}

describe('kill -9 of one of two backends under a stream of GETs', () => {
  it('fails no GET: the ones in flight on the killed backend are answered by the other', async () => {
    const [victim, survivor] = await Promise.all([startBackendProcess(40), startBackendProcess()]);
    const router = await startRouter({
      SITES_PATH: sites.path,
      BACKEND: `127.0.0.1:${victim.port},127.0.0.1:${survivor.port}`,
    });
    const agent = new Agent({ connections: 10 });
    try {
      const total = 300;
      let next = 0;
      const results: Array<{ url: string; status: number; pid: number | undefined }> = [];
      // Killed once it holds requests it will never answer.
      const kill = until(
        () => victim.received().length > 40 && victim.busy() > 0,
        'the victim holding requests',
        30_000,
      ).then(() => victim.child.kill('SIGKILL'));
      const worker = async () => {
        while (next < total) {
          const url = `/api/method/n${next++}`;
          const r = await fetch(`http://127.0.0.1:${router.port}${url}`, { dispatcher: agent });
          const text = await r.text();
          results.push({ url, status: r.status, pid: r.status === 200 ? JSON.parse(text).pid : undefined });
        }
      };
      await Promise.all([kill, ...Array.from({ length: 10 }, worker)]);
      assert.equal(results.length, total);
      const failed = results.filter((r) => r.status !== 200);
      assert.deepEqual(failed, [], 'no GET failed');
      // The kill really caught requests in flight: the victim received them and the survivor answered.
      const answeredBySurvivor = new Set(
        results.filter((r) => r.pid === survivor.child.pid).map((r) => r.url),
      );
      const inFlight = victim.received().filter((url) => answeredBySurvivor.has(url));
      assert.ok(inFlight.length >= 1, 'some GETs were in flight on the killed backend');
    } finally {
      await agent.close();
      await router.close();
      victim.child.kill('SIGKILL');
      survivor.child.kill('SIGKILL');
    }
  });
});
