// The order of a DocType's fields once Custom Fields are in (Frappe's `Meta.sort_fields`): a `field_order`
// Property Setter wins, then standard fields keep their order and each Custom Field follows its `insert_after`.
import type { DocFieldMeta } from '../meta.ts';

/**
 * Orders `fields` (standard ones first as stored, then Custom Fields, each marked `is_custom_field`) and numbers
 * them (`idx` from 1). `fieldOrder` is the JSON list of a `field_order` Property Setter, when there is one.
 */
export function orderFields(fields: readonly DocFieldMeta[], fieldOrder: unknown): DocFieldMeta[] {
  const byName = new Map(fields.map((f) => [f.fieldname, f]));
  let order = parseOrder(fieldOrder).filter((name) => byName.has(name));
  if (order.length === fields.length) return numbered(order, byName);
  // Standard fields ahead of the first one the saved order names were added after it was saved: they go first.
  if (order.length > 0 && fields[0] && !order.includes(fields[0].fieldname)) {
    const leading: string[] = [];
    let found = false;
    for (const field of fields) {
      if (field.is_custom_field) break;
      if (order.includes(field.fieldname)) {
        found = true;
        break;
      }
      leading.push(field.fieldname);
    }
    order = found ? [...leading, ...order] : leading;
  }
  const placed = new Set(order);
  const hasSavedOrder = placed.size > 0;
  const after = new Map<string, string[]>();
  const follow = (anchor: string, name: string) => after.set(anchor, [...(after.get(anchor) ?? []), name]);
  fields.forEach((field, i) => {
    if (hasSavedOrder && placed.has(field.fieldname)) return;
    if (!field.is_custom_field) {
      // A standard field the saved order does not know follows the field it follows in the DocType.
      if (hasSavedOrder) follow(fields[i - 1]?.fieldname ?? '', field.fieldname);
      else order.push(field.fieldname);
    } else if (typeof field.insert_after === 'string' && field.insert_after) {
      follow(field.insert_after, field.fieldname);
    } else order.unshift(field.fieldname);
  });
  insertFollowers(order, after);
  return numbered(order, byName);
}

// Places each group after its anchor, repeating while a placement makes another anchor available (a Custom Field
// after a Custom Field); groups whose anchor never appears go to the end.
function insertFollowers(order: string[], after: Map<string, string[]>): void {
  let moved = true;
  while (moved) {
    moved = false;
    for (const [anchor, names] of after) {
      const at = order.indexOf(anchor);
      if (at < 0) continue;
      order.splice(at + 1, 0, ...names);
      after.delete(anchor);
      moved = true;
    }
  }
  for (const names of after.values()) order.push(...names);
}

function numbered(order: readonly string[], byName: Map<string, DocFieldMeta>): DocFieldMeta[] {
  const seen = new Set<string>();
  const out: DocFieldMeta[] = [];
  for (const name of order) {
    const field = byName.get(name);
    if (!field || seen.has(name)) continue;
    seen.add(name);
    out.push({ ...field, idx: out.length + 1 });
  }
  return out;
}

function parseOrder(value: unknown): string[] {
  if (typeof value !== 'string' || value === '') return [];
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? parsed.filter((n): n is string => typeof n === 'string') : [];
  } catch {
    return [];
  }
}
