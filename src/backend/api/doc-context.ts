// The one place a request becomes a document-engine context.
import type { DocContext } from '../../model/context.ts';
import { contextSlot } from '../../model/context-memo.ts';
import type { RequestContext } from '../request-context.ts';
import type { ModelServices } from './model-services.ts';

const docContext = contextSlot<DocContext>('document context');

/**
 * The request as the document engine sees it: its site, its transaction (`ctx.db`, so the commit rule
 * holds), its user, the site's metas, the controllers, the site's Password-field cipher, the process services, and realtime events queued on the request (sent
 * after commit, dropped on rollback). Made once per request, so the user's roles are read once.
 *
 * @example const doc = await getDoc(docContextOf(ctx, model), 'ToDo', name);
 */
export function docContextOf(ctx: RequestContext, model: ModelServices): DocContext {
  return docContext(ctx, () => {
    const dctx: DocContext = {
      site: ctx.site,
      db: ctx.db,
      user: ctx.user,
      userType: ctx.userType,
      sessionKey: ctx.session?.key,
      metas: model.metas.forSite(ctx.site),
      controllers: model.controllers,
      virtualDocTypes: model.virtualDocTypes,
      publish: (event) => ctx.publishRealtime(event),
      services: model.services,
      ...model.cipher(ctx.site, ctx.config.encryption_key),
      developerMode: Boolean(ctx.config.developer_mode),
      reply: ctx.response,
    };
    return dctx;
  });
}
