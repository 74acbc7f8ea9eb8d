import { type Logger, pino } from 'pino';

export type { Logger };

/**
 * The process logger: one JSON line per event, tagged with the service that wrote it.
 * `LOG_LEVEL` sets the level (default `info`; tests default to `silent` unless set).
 *
 * @example const log = createLogger('frontend'); log.info({ site }, 'site resolved');
 */
export function createLogger(service: string, level = defaultLevel()): Logger {
  return pino({ level, base: { service }, timestamp: pino.stdTimeFunctions.isoTime });
}

function defaultLevel(): string {
  if (process.env.LOG_LEVEL) return process.env.LOG_LEVEL;
  return process.env.NODE_TEST_CONTEXT ? 'silent' : 'info';
}
