// The process services a unit of work reaches besides its transaction: the shared cache, the bus (realtime sent
// at once, e.g. progress), the job queue and the name of an app function. Declared here, in the model, so that
// DocContext carries them explicitly; the layers above fill them in (backend, jobs, the CLI).
import type { Bus } from '../bus/bus.ts';
import type { Cache } from '../cache/cache.ts';
import type { Transaction } from '../db/database.ts';

/** A job to enqueue as `user` on `site`, from inside the transaction `db` (Frappe's `frappe.enqueue`). */
export interface DocJobRequest {
  site: string;
  user: string;
  db: Transaction;
  /** The registered job method's dotted path. */
  method: string;
  /** Frappe's enqueue keywords (`queue`, `timeout`, `job_id`, ...) and the method's keyword arguments. */
  options: Record<string, unknown>;
}

/** What enqueueing did: the job's id when it has one now (not when deferred to the commit). */
export interface DocJobReceipt {
  status: 'queued' | 'deduplicated' | 'deferred' | 'ran';
  id?: string | undefined;
  result?: unknown;
}

/** The process services of a document context. */
export interface DocServices {
  /** The shared cache; keys are namespaced by site by whoever uses it. */
  readonly cache: Cache;
  /** The bus realtime events travel on (events sent at once rather than after commit). */
  readonly bus: Bus;
  /** Enqueues a job; absent when the process has no job service. */
  readonly enqueue?: ((request: DocJobRequest) => Promise<DocJobReceipt>) | undefined;
  /** The dotted path of an exported app function (the app loader's map); undefined for anything else. */
  readonly pathOf?: ((fn: unknown) => string | undefined) | undefined;
}
