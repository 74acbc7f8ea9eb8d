import { siteFieldCipher } from '../auth/field-encryption.ts';
import { publishRealtime } from '../bus/realtime-publisher.ts';
import { createDocContext, type DocContext } from '../model/context.ts';
import type { Runtime } from './runtime.ts';

/**
 * Runs `fn` in one transaction of `site` as Administrator, through the document engine with the process's
 * metas and controllers (so a command's writes run the same controllers as the API's). Realtime events go out
 * on the runtime's bus after commit; a throw rolls everything back.
 *
 * @example await asAdministrator(runtime, site, (ctx) => insertDoc(ctx, { doctype: 'ToDo', description: 'x' }));
 */
export function asAdministrator<T>(
  runtime: Runtime,
  site: string,
  fn: (ctx: DocContext) => Promise<T>,
): Promise<T> {
  const { bench, databases, metas, controllers, bus } = runtime;
  return databases.get(site).transaction((tx) =>
    fn(
      createDocContext({
        site,
        db: tx,
        user: 'Administrator',
        metas: metas.forSite(site),
        controllers,
        ...siteFieldCipher(bench, site, bench.siteConfig(site).encryption_key),
        publish: (event) => publishRealtime(bus, { ...event, room: event.room ?? null, namespace: site }),
      }),
    ),
  );
}
