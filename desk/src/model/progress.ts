// A background job's progress as realtime events report it: Frappe's `publish_progress` sends
// `{percent, title, description, task_id}`; Frappe's desk also reads `progress: [done, total]`.

/** One progress report, with the percentage clamped to 0–100. */
export interface TaskProgress {
  percent: number;
  title: string;
  description: string;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** A number, or a numeric string (Frappe's desk reads both with `flt`); NaN for anything else. */
function number(value: unknown): number {
  if (typeof value === 'number') return value;
  return typeof value === 'string' && value.trim() ? Number(value) : Number.NaN;
}

/** The progress an event message reports, or undefined when it reports none. */
export function readProgress(message: unknown): TaskProgress | undefined {
  if (!message || typeof message !== 'object') return undefined;
  const m = message as Record<string, unknown>;
  let percent = number(m.percent);
  if (Array.isArray(m.progress) && number(m.progress[1]) > 0)
    percent = (number(m.progress[0]) / number(m.progress[1])) * 100;
  if (!Number.isFinite(percent)) return undefined;
  return {
    percent: Math.min(100, Math.max(0, Math.round(percent * 10) / 10)),
    title: text(m.title),
    description: text(m.description),
  };
}
