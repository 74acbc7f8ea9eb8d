// Background jobs: the queue interface and its two implementations, enqueue, workers, the scheduler, RQ Job.

export { benchJobRegistry } from './bench-registry.ts';
export { BullmqQueue, type BullmqQueueOptions } from './bullmq/bullmq-queue.ts';
export type { JobContext, JobRealtimeTarget, RawJobContext } from './context.ts';
export { logCleanupMethod, registerCoreJobs } from './core-jobs.ts';
export {
  type EnqueueContext,
  type EnqueueOptions,
  type EnqueueResult,
  enqueue,
  isJobEnqueued,
} from './enqueue.ts';
export {
  JobInterruptedError,
  JobLeaseLostError,
  JobTimeoutError,
  MissingJobIdError,
  QueueUnavailableError,
  RetryJobError,
  UnknownJobMethodError,
  UnknownQueueError,
} from './errors.ts';
export {
  checkHeartbeat,
  type HealthReport,
  Heartbeat,
  type HeartbeatRole,
  heartbeatDir,
} from './heartbeat.ts';
export { installJobSchema, jobDocTypes } from './install.ts';
export { type JobInfo, type JobStatus, jobStatuses, type NewJob, type QueuedJob } from './job.ts';
export { JobStop } from './job-stop.ts';
export { LazyTransaction } from './lazy-transaction.ts';
export { configuredJobModules, type JobModule, loadJobModules } from './modules.ts';
export { type ProgressOptions, publishProgress } from './progress.ts';
export type {
  AddResult,
  ConsumeOptions,
  Consumer,
  JobFilter,
  JobHandler,
  JobOutcome,
  JobQueue,
  RecordFinished,
} from './queue.ts';
export { assertQueues, parseQueueList, queueTimeouts, standardQueues } from './queue-names.ts';
export { type JobFunction, JobRegistry, type RawJobFunction, type RegisteredJob } from './registry.ts';
export { registerRqJobDocType, rqJobAccess } from './rq-job/rq-job-doctype.ts';
export { type RqJobRow, rqJobFields, toRqJobRow } from './rq-job/rq-job-row.ts';
export {
  assertRqJobReader,
  countRqJobs,
  deleteRqJob,
  getRqJob,
  listRqJobs,
  type RqJobAccess,
  type RqJobListArgs,
  removeFailedRqJobs,
} from './rq-job/rq-jobs.ts';
export { excInfo, runJob } from './run-job.ts';
export { clearOldJobLogs, jobLogTable } from './scheduler/job-log.ts';
export { jobTypeName, jobTypeTable, setJobTypeStopped, syncJobTypes } from './scheduler/job-types.ts';
export { Scheduler, type SchedulerOptions } from './scheduler/scheduler.ts';
export type { Frequency, ScheduledEvent, SchedulerEvents } from './scheduler/scheduler-events.ts';
export { enqueueDueJobs, executeJobType, runScheduledJobMethod, scheduledJobId } from './scheduler/tick.ts';
export { createJobService, type JobService, type JobServiceOptions } from './service.ts';
export { installJobTable, jobTable, jobTableDdl } from './table/job-table.ts';
export { TableQueue, type TableQueueOptions } from './table/table-queue.ts';
export { backoffDelay, isTransientError } from './transient.ts';
export { type RunningWorker, startWorker, type WorkerOptions } from './worker.ts';
