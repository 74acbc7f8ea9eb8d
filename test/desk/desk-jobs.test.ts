// The background job list in Chromium against the real stack: a job that reports progress in steps the
// test releases shows a live progress bar and description on its RQ Job row, without a reload or a layout
// shift; its row then shows it finished, and the desk leaves the job's task room.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { enqueue, type JobContext, JobRegistry, registerCoreJobs } from '../../src/jobs/index.ts';
import { until } from '../support/until.ts';
import type { BrowserDocument, BrowserWindow } from './browser-globals.ts';
import {
  adminPassword,
  type DeskStack,
  launchChromium,
  layoutShift,
  loggedIn,
  needsChromium,
  startDeskStack,
  watchLayoutShift,
} from './support.ts';

// Browser globals inside page callbacks (see browser-globals.ts).
declare const document: BrowserDocument;
declare const window: BrowserWindow;

const method = 'test.desk.stepped_import';

/** A gate the test opens; the job waits at it. */
class Gate {
  opened = false;
  readonly passed: Promise<void>;
  private release!: () => void;
  constructor() {
    this.passed = new Promise((resolve) => {
      this.release = resolve;
    });
  }
  open(): void {
    this.opened = true;
    this.release();
  }
}

/** The gates of each job, by job id: one per reported step. */
const gates = new Map<string, Gate[]>();

/**
 * Reports `percent` to the job's task room, again and again until `gate` opens: the desk may join the
 * room after the first report (a late subscriber then still sees the step).
 */
async function reportUntil(ctx: JobContext, percent: number, description: string, gate: Gate): Promise<void> {
  const taskId = ctx.job!.id;
  while (!gate.opened && !ctx.signal.aborted) {
    await ctx.publishProgress(percent, { title: 'Import', description, taskId });
    await Promise.race([gate.passed, new Promise((resolve) => setTimeout(resolve, 100))]);
  }
}

function registry(): JobRegistry {
  return registerCoreJobs(new JobRegistry()).register(method, async (ctx) => {
    const [first, second] = gates.get(ctx.job!.id)!;
    await reportUntil(ctx, 30, 'Reading rows', first!);
    await reportUntil(ctx, 60, 'Writing rows', second!);
    await ctx.publishProgress(100, { title: 'Import', description: 'Done', taskId: ctx.job!.id });
  });
}

/** Socket.IO packets the page sends, over WebSocket frames and polling requests alike. */
function recordSocketPackets(page: Page): string[] {
  const sent: string[] = [];
  page.on('websocket', (ws) => ws.on('framesent', (frame) => sent.push(String(frame.payload))));
  page.on('request', (request) => {
    if (request.method() === 'POST' && request.url().includes('/socket.io/'))
      sent.push(request.postData() ?? '');
  });
  return sent;
}

/** Resolves once the page has sent `event` for task `id` (`42/localhost,["event","id"]`). */
function sent(packets: string[], event: string, id: string): Promise<true> {
  const packet = JSON.stringify([event, id]).slice(1, -1);
  return until(() => packets.some((p) => p.includes(packet)), `${event} ${id}`, { timeoutMs: 10_000 });
}

/** The selector of a job's progress bar in its list row. */
const bar = (id: string) => `.list-row[data-name="${id}"] [role=progressbar]`;

describe('the desk: the background job list', needsChromium, () => {
  let ds: DeskStack;
  let browser: Browser;
  let admin: { context: BrowserContext; page: Page };

  const start = async (jobId: string) => {
    gates.set(jobId, [new Gate(), new Gate()]);
    const result = await enqueue(
      { site: 'localhost', user: 'Administrator', jobs: ds.stack.runtime.jobs },
      method,
      { job_id: jobId },
    );
    assert.equal(result.status, 'queued');
  };

  before(async () => {
    ds = await startDeskStack({ registry: registry() });
    browser = await launchChromium();
    admin = await loggedIn(browser, ds.base, 'Administrator', adminPassword);
  });
  after(async () => {
    // Let any job a failed test left waiting end, so the worker stops at once.
    for (const list of gates.values()) for (const gate of list) gate.open();
    await browser?.close();
    await ds?.close();
  });

  it("shows a running job's progress live, then the job finished", async () => {
    const { page } = admin;
    const id = 'desk-import-1';
    const packets = recordSocketPackets(page);
    await start(id);
    await page.goto(`/app/rq-job?job_name=${method}`);

    await page.waitForSelector(`${bar(id)}[aria-valuenow="30"]`);
    assert.equal(await page.getAttribute(bar(id), 'aria-valuemin'), '0');
    assert.equal(await page.getAttribute(bar(id), 'aria-valuemax'), '100');
    assert.equal(await page.getAttribute(bar(id), 'aria-label'), `Progress of ${method}`);
    assert.match(
      (await page.textContent(`.list-row[data-name="${id}"] .job-progress`)) ?? '',
      /Reading rows/,
    );
    await sent(packets, 'task_subscribe', id);
    await page.evaluate(() => {
      window.__mark = 'same page';
    });
    await watchLayoutShift(page);

    gates.get(id)![0]!.open();
    await page.waitForSelector(`${bar(id)}[aria-valuenow="60"]`);
    assert.equal(await page.getAttribute(bar(id), 'aria-valuetext'), '60% — Writing rows');

    gates.get(id)![1]!.open();
    await page.waitForFunction(
      (name) =>
        document.querySelector(`.list-row[data-name="${name}"] [data-field=status]`)?.textContent?.trim() ===
        'finished',
      id,
    );
    assert.equal(await page.$(bar(id)), null, 'a finished job shows no progress bar');
    assert.equal(await page.evaluate(() => window.__mark), 'same page', 'updated without a reload');
    assert.equal(await layoutShift(page), 0);
    // The finished job's row stays, but the desk leaves its task room.
    await sent(packets, 'task_unsubscribe', id);
  });

  it('leaves the task room of a running job when the list is left', async () => {
    const { page } = admin;
    const id = 'desk-import-2';
    const packets = recordSocketPackets(page);
    await start(id);
    await page.goto(`/app/rq-job?job_name=${method}`);
    await page.waitForSelector(`${bar(id)}[aria-valuenow="30"]`);

    await page.click('.navbar a.brand');
    await page.waitForFunction(() => !document.querySelector('.list-page'));
    await sent(packets, 'task_unsubscribe', id);
    for (const gate of gates.get(id)!) gate.open();
  });
});
