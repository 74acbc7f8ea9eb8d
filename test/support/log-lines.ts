import { type Logger, pino } from 'pino';

/** A logger whose lines the test can read back: `lines` holds every record written, parsed. */
export function captureLogger(level = 'info'): { log: Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const log = pino({ level }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { log, lines };
}
