// The job conformance suite on every queue implementation and every configured database.
import { databases } from '../support/services.ts';
import { runQueueConformance } from './queue-conformance.ts';
import { queueKinds } from './support/job-bench.ts';

for (const queue of queueKinds) {
  for (const kind of databases) runQueueConformance(queue, kind);
}
