// The router on a thread of its own, for `cortado start`: there it shares the process with the
// backend, the websocket service and the jobs, and on one event loop every static file and every
// proxied byte waited behind their work. On its own thread it uses the machine's second core, with
// nothing shared but the process: its config arrives as a message and it talks to the backend over
// loopback, as it would from its own container.
import { Worker } from 'node:worker_threads';
import type { FrontendConfig } from './config.ts';
import type { FrontendServer } from './server.ts';

/** What the router thread posts to its parent. */
export type RouterThreadMessage =
  | { type: 'listening'; port: number }
  | { type: 'failed'; message: string }
  | { type: 'closed' };

/** What the parent posts to the router thread. */
export type RouterThreadCommand = { type: 'close'; graceMs: number };

/** A router running on its own thread. */
export type FrontendThread = Pick<FrontendServer, 'port' | 'close'>;

/** Options of {@link startFrontendThread}. */
export interface FrontendThreadOptions {
  /** Called when the thread dies on its own (an uncaught error): the parent decides what follows. */
  onCrash?: (error: Error) => void;
}

// The entry module beside this one: `.js` once compiled; from the sources, `.ts` loaded through tsx,
// registered in the thread itself (a loader registered programmatically, as bin/cortado.js does,
// does not reach worker threads).
const fromSources = import.meta.url.endsWith('.ts');
const entry = new URL(fromSources ? './thread-main.ts' : './thread-main.js', import.meta.url);

function spawnThread(config: FrontendConfig): Worker {
  if (!fromSources) return new Worker(entry, { workerData: config });
  const tsx = import.meta.resolve('tsx/esm/api');
  const code = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(code, { eval: true, workerData: config });
}

/**
 * Starts the router on a worker thread and resolves once it listens; rejects with the router's own
 * error when it cannot start (a port in use, say).
 *
 * @example const router = await startFrontendThread(parseFrontendConfig(process.env)); await router.close();
 */
export function startFrontendThread(
  config: FrontendConfig,
  options: FrontendThreadOptions = {},
): Promise<FrontendThread> {
  const worker = spawnThread(config);
  let closing: Promise<void> | undefined;
  return new Promise((resolve, reject) => {
    const early = (error: Error) => reject(error);
    const earlyExit = (code: number) => reject(new Error(`router thread exited (${code}) before listening`));
    worker.once('error', early);
    worker.once('exit', earlyExit);
    worker.on('message', (message: RouterThreadMessage) => {
      if (message.type === 'failed') {
        reject(new Error(message.message));
        return;
      }
      if (message.type !== 'listening') return;
      worker.off('error', early);
      worker.off('exit', earlyExit);
      worker.once('error', (error) => {
        if (!closing) options.onCrash?.(error);
      });
      worker.once('exit', (code) => {
        if (!closing) options.onCrash?.(new Error(`router thread exited (${code})`));
      });
      resolve({
        port: message.port,
        close(graceMs = 10_000) {
          closing ??= new Promise<void>((done) => {
            worker.once('exit', () => done());
            // Closed: whatever the thread still holds (a timer, a log stream) must not keep it alive.
            worker.on('message', (m: RouterThreadMessage) => {
              if (m.type === 'closed') void worker.terminate();
            });
            worker.postMessage({ type: 'close', graceMs } satisfies RouterThreadCommand);
          });
          return closing;
        },
      });
    });
  });
}
