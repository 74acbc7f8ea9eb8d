import { randomBytes } from 'node:crypto';
import type { Queryable } from '../../db/database.ts';
import type { DocTypeMeta } from '../../db/meta.ts';
import { formatDatetime } from '../../db/values.ts';
import type { Doc } from '../../model/document/doc.ts';
import { insertRow } from '../../model/document/write.ts';
import { Meta } from '../../model/meta/meta.ts';

const metas = new Map<DocTypeMeta, Meta>();

/**
 * Inserts a row of a core DocType as the system (Administrator, now), through the engine's own row writer: the
 * app records are written by install, migrate and uninstall, which run with no request, user or controllers.
 */
export async function insertCoreRow(
  db: Queryable,
  json: unknown,
  values: Record<string, unknown>,
): Promise<void> {
  const source = json as DocTypeMeta;
  let meta = metas.get(source);
  if (!meta) {
    meta = new Meta(source);
    metas.set(source, meta);
  }
  const now = formatDatetime(new Date());
  await insertRow(db, meta, {
    doctype: meta.name,
    name: randomBytes(5).toString('hex'),
    creation: now,
    modified: now,
    owner: 'Administrator',
    modified_by: 'Administrator',
    docstatus: 0,
    idx: 0,
    ...values,
  } as Doc);
}
