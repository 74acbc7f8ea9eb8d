import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SessionStore } from '../../auth/sessions.ts';
import { readInstalledApps } from '../../core/apps/index.ts';
import { PermissionError } from '../../errors/index.ts';
import { readableDocTypes } from '../../model/permissions/readable-doctypes.ts';
import { getRoles } from '../../model/permissions/roles.ts';
import { docContextOf } from '../api/doc-context.ts';
import { safeRedirectPath } from '../html.ts';
import { type BootHook, runBootHooks } from '../pages/boot-hooks.ts';
import { type BootData, deskAssets, deskPage } from '../pages/desk-page.ts';
import { loginPage } from '../pages/login-page.ts';
import { contextOf } from '../request-state.ts';
import { runInContext } from '../run-in-context.ts';

const html = 'text/html; charset=utf-8';

/**
 * `GET /login` (the form; a logged-in user goes straight on) and `GET /app`, `/app/*` (Guest is sent to
 * `/login?redirect-to=<path>`; a desk user gets the shell with boot data: a CSRF token and the DocTypes they
 * may read).
 */
export function registerPageRoutes(
  app: FastifyInstance,
  sessions: SessionStore,
  assetsPath?: string,
  bootHooks: readonly BootHook[] = [],
): void {
  app.get('/login', async (request, reply) => {
    const ctx = contextOf(request);
    const target = safeRedirectPath(ctx.args['redirect-to'], '/app');
    if (ctx.user !== 'Guest') return reply.redirect(target, 302);
    return reply.type(html).header('cache-control', 'no-store').send(loginPage(target));
  });

  const desk = async (request: FastifyRequest, reply: FastifyReply) => {
    const ctx = contextOf(request);
    if (ctx.user === 'Guest') {
      return reply.redirect(
        `/login?redirect-to=${encodeURIComponent(safeRedirectPath(request.url, '/app'))}`,
        302,
      );
    }
    if (ctx.userType !== 'System User')
      throw new PermissionError('You are not permitted to access this page.');
    // The token is created on first render and stored in the session (a session write on a GET, as in Frappe).
    const session = ctx.session;
    const csrfToken = session ? await sessions.csrfToken(ctx.siteDb, session) : '';
    const boot = await runInContext(ctx, async (): Promise<BootData> => {
      const dctx = docContextOf(ctx, request.server.model);
      const [readable, roles, apps] = [
        await readableDocTypes(dctx),
        await getRoles(dctx),
        await readInstalledApps(ctx.db),
      ];
      const data: BootData = {
        user: ctx.user,
        full_name: ctx.principal.fullName,
        site: ctx.site,
        csrf_token: csrfToken,
        user_type: ctx.userType,
        roles: [...roles],
        can_read: readable.map((d) => d.name),
        readable_doctypes: readable,
        versions: Object.fromEntries(apps.map((a) => [a.app_name, a.app_version])),
        installed_apps: apps.map((a) => a.app_name),
        developer_mode: ctx.config.developer_mode ? 1 : 0,
      };
      await runBootHooks(bootHooks, data, ctx);
      return data;
    });
    const page = deskPage(boot, assetsPath === undefined ? undefined : deskAssets(assetsPath));
    return reply.type(html).header('cache-control', 'no-store').send(page);
  };
  app.get('/app', desk);
  app.get('/app/*', desk);
  // Run as separate processes without the image, nothing builds the desk: say so once, at start.
  app.addHook('onReady', async () => {
    if (assetsPath !== undefined && !deskAssets(assetsPath)) {
      app.log.warn(
        { assets: assetsPath },
        'desk not built: /app serves a minimal page until `npx cortado build` builds it',
      );
    }
  });
}
