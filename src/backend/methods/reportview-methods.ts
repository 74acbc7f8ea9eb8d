// `frappe.desk.reportview` (Frappe's `frappe/desk/reportview.py`): the list calls of the desk and frappe-ui.

import { addCommentCounts } from '../../model/query/comment-count.ts';
import type { ModelServices } from '../api/model-services.ts';
import type { Args } from '../arguments.ts';
import type { MethodRegistry } from '../methods.ts';
import { countForMethod, listForMethod, listParams } from './client-read-methods.ts';
import { anyParam, flagArg } from './method-args.ts';

// The list view's arguments: a list request, and whether to count each row's comments (`_comment_count`).
const reportviewParams = { ...listParams, with_comment_count: anyParam } as const;

/**
 * Registers `frappe.desk.reportview.get_list` (rows as objects), `get` (Frappe's compressed
 * `{keys, values}`) and `get_count` (capped at `limit` when one is given), all permission-filtered. With
 * `with_comment_count`, each row of `get`/`get_list` carries `_comment_count`, counted from `_comments`.
 */
export function registerReportviewMethods(registry: MethodRegistry, model: ModelServices): void {
  registry.whitelist('frappe.desk.reportview.get_list', { params: reportviewParams }, (ctx, args) =>
    listRows(ctx, model, args),
  );

  registry.whitelist('frappe.desk.reportview.get', { params: reportviewParams }, async (ctx, args) => {
    const rows = await listRows(ctx, model, args);
    if (!rows.length) return rows;
    const keys = Object.keys(rows[0]!);
    return { keys, values: rows.map((row) => keys.map((k) => row[k] ?? null)), user_info: {} };
  });

  registry.whitelist(
    'frappe.desk.reportview.get_count',
    { params: { ...listParams, distinct: anyParam } },
    async (ctx, args) => {
      const count = await countForMethod(ctx, model, { ...args, distinct: flagArg(args.distinct, false) });
      const limit =
        typeof args.limit === 'string' || typeof args.limit === 'number'
          ? Number.parseInt(`${args.limit}`, 10)
          : 0;
      return Number.isFinite(limit) && limit > 0 ? Math.min(count, limit) : count;
    },
  );
}

async function listRows(
  ctx: Parameters<typeof listForMethod>[0],
  model: ModelServices,
  args: Args,
): Promise<Record<string, unknown>[]> {
  const { with_comment_count, ...list } = args;
  const rows = (await listForMethod(ctx, model, { ...list, as_dict: true })) as Record<string, unknown>[];
  if (flagArg(with_comment_count, false)) addCommentCounts(rows);
  return rows;
}
