// What other layers add to the desk's boot data (Frappe's `boot_session` hooks): the apps layer registers one
// that runs each installed app's `boot_session`; install records and desk scripts may add theirs.
import type { RequestContext } from '../request-context.ts';
import type { BootData } from './desk-page.ts';

/** Adds keys to (or changes) one session's boot data; runs in the request's unit of work, after the core keys. */
export type BootHook = (boot: BootData & Record<string, unknown>, ctx: RequestContext) => unknown;

/** Runs the hooks in order on `boot`. */
export async function runBootHooks(
  hooks: readonly BootHook[],
  boot: BootData,
  ctx: RequestContext,
): Promise<void> {
  for (const hook of hooks) await hook(boot as BootData & Record<string, unknown>, ctx);
}
