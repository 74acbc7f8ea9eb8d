// `frappe.client.validate_link` (what the desk asks when a Link is picked: does it exist, and the values its
// `fetch_from` fields copy) and `frappe.client.get_time_zone`.

import { tableName } from '../../db/meta.ts';
import { PermissionError } from '../../errors/index.ts';
import { getDoc } from '../../model/document/get.ts';
import { hasPermission } from '../../model/permissions/has-permission.ts';
import { docContextOf } from '../api/doc-context.ts';
import type { ModelServices } from '../api/model-services.ts';
import { escapeHtml } from '../html.ts';
import type { MethodRegistry } from '../methods.ts';
import { listForMethod } from './client-read-methods.ts';
import { anyParam, doctypeParam, fieldnameArg, nameParam, parseJsonValue } from './method-args.ts';

/**
 * Registers `frappe.client.validate_link` as Frappe v15 answers it: `{name}` with the stored name (null when
 * there is no such document), plus the requested `fields` when the user may read them (a message titled
 * "Cannot Fetch Values" instead when not); PermissionError without read or select on the DocType. And
 * `frappe.client.get_time_zone`: `{time_zone}`, the site's `time_zone` config or the server's zone.
 */
export function registerLinkMethods(registry: MethodRegistry, model: ModelServices): void {
  registry.whitelist(
    'frappe.client.validate_link',
    { params: { doctype: doctypeParam, docname: nameParam, fields: anyParam } },
    async (ctx, { doctype, docname, fields }) => {
      const dctx = docContextOf(ctx, model);
      const name = String(docname);
      if (
        doctype !== 'DocType' &&
        !(await hasPermission(dctx, doctype, 'select')) &&
        !(await hasPermission(dctx, doctype, 'read'))
      ) {
        throw new PermissionError(
          `You do not have Read or Select Permissions for <strong>${escapeHtml(doctype)}</strong>`,
        );
      }
      const meta = await dctx.metas.get(dctx.db, doctype);
      if (meta.isVirtual || meta.isSingle) {
        const exists = meta.isSingle
          ? name === meta.name
          : await getDoc(dctx, doctype, name).then(
              () => true,
              () => false,
            );
        return { name: exists ? name : null };
      }
      const q = dctx.db.dialect.quote;
      const row = await dctx.db.one<{ name: unknown }>(
        `SELECT ${q('name')} FROM ${q(tableName(meta.name))} WHERE ${q('name')} = ?`,
        [name],
      );
      if (!row) return { name: null };
      const values: Record<string, unknown> = { name: String(row.name) };
      const parsed = parseJsonValue(fields);
      const wanted = (Array.isArray(parsed) ? parsed : parsed ? [parsed] : []).map(fieldnameArg);
      if (!wanted.length) return values;
      try {
        const [fetched] = (await listForMethod(ctx, model, {
          doctype: meta.name,
          fields: wanted,
          filters: { name: values.name },
          limit_page_length: 1,
        })) as Array<Record<string, unknown>>;
        if (fetched) Object.assign(values, fetched, { name: values.name });
        else cannotFetch(ctx.response, meta.name, String(values.name));
      } catch (error) {
        if (!(error instanceof PermissionError)) throw error;
        cannotFetch(ctx.response, meta.name, String(values.name));
      }
      return values;
    },
  );

  registry.whitelist('frappe.client.get_time_zone', { allowGuest: true }, (ctx) => ({
    time_zone: timeZoneOf(ctx.config as { time_zone?: unknown }),
  }));
}

// Frappe's msgprint beside the answer: the link exists, its values are not the user's to see.
function cannotFetch(response: Record<string, unknown>, doctype: string, name: string): void {
  const message = {
    message: `You need <strong>Read</strong> permission to fetch values from <strong>${escapeHtml(doctype)}</strong> <strong>${escapeHtml(name)}</strong>`,
    title: 'Cannot Fetch Values',
    indicator: 'orange',
  };
  response._server_messages = JSON.stringify([JSON.stringify(message)]);
}

function timeZoneOf(config: { time_zone?: unknown }): string {
  if (typeof config.time_zone === 'string' && config.time_zone) return config.time_zone;
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}
