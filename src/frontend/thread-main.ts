// The router thread's entry (see thread.ts): starts the router with the config it was given, says
// where it listens, and closes it gracefully when asked.
import { parentPort, workerData } from 'node:worker_threads';
import type { FrontendConfig } from './config.ts';
import { startFrontend } from './server.ts';
import type { RouterThreadCommand, RouterThreadMessage } from './thread.ts';

const port = parentPort!;
const post = (message: RouterThreadMessage) => port.postMessage(message);

startFrontend(workerData as FrontendConfig).then(
  (frontend) => {
    port.on('message', (command: RouterThreadCommand) => {
      if (command.type !== 'close') return;
      frontend.close(command.graceMs).then(() => {
        post({ type: 'closed' });
        port.close();
      });
    });
    post({ type: 'listening', port: frontend.port });
  },
  (error: Error) => {
    post({ type: 'failed', message: error.message });
    port.close();
  },
);
