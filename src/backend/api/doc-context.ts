// The one place a request becomes a document-engine context.
import type { DocContext } from '../../model/context.ts';
import type { RequestContext } from '../request-context.ts';
import type { ModelServices } from './model-services.ts';
import { bindJobs } from './virtual-doctypes.ts';

const contexts = new WeakMap<RequestContext, DocContext>();

/**
 * The request as the document engine sees it: its site, its transaction (`ctx.db`, so the commit rule
 * holds), its user, the site's metas, the controllers, the site's Password-field cipher, and realtime events queued on the request (sent
 * after commit, dropped on rollback). Made once per request, so the user's roles are read once.
 *
 * @example const doc = await getDoc(docContextOf(ctx, model), 'ToDo', name);
 */
export function docContextOf(ctx: RequestContext, model: ModelServices): DocContext {
  let dctx = contexts.get(ctx);
  if (!dctx) {
    dctx = {
      site: ctx.site,
      db: ctx.db,
      user: ctx.user,
      userType: ctx.userType,
      metas: model.metas.forSite(ctx.site),
      controllers: model.controllers,
      publish: (event) => ctx.publishRealtime(event),
      ...model.cipher(ctx.site, ctx.config.encryption_key),
    };
    contexts.set(ctx, dctx);
    bindJobs(dctx, { jobs: model.jobs, siteDb: ctx.siteDb });
  }
  return dctx;
}
