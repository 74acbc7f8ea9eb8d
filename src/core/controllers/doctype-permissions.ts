import { ValidationError } from '../../errors/index.ts';
import type { Doc } from '../../model/document/doc.ts';

const everyRight = [
  'read',
  'write',
  'create',
  'delete',
  'report',
  'export',
  'share',
  'print',
  'email',
] as const;

/**
 * Checks and tidies the permission rules of a DocType document (Frappe's `validate_permissions`): a child
 * table has none; a new DocType without rules gets one for System Manager; rules above level 0 never create,
 * submit, cancel or amend, and need a level-0 rule for the same role; submit/cancel/amend need a submittable
 * DocType; a single has no report/import/export; one rule per role, level and `if_owner`.
 */
export function checkPermissionRules(doc: Doc, isNew: boolean): void {
  if (doc.istable) {
    doc.permissions = [];
    return;
  }
  const rules = (doc.permissions as Doc[] | undefined) ?? [];
  if (isNew && rules.length === 0) {
    const rule: Doc = { doctype: 'DocPerm', role: 'System Manager', permlevel: 0, if_owner: 0, import: 0 };
    for (const right of everyRight) rule[right] = 1;
    for (const right of ['submit', 'cancel', 'amend']) rule[right] = doc.is_submittable ? 1 : 0;
    rules.push(rule);
  }
  doc.permissions = rules;
  const seen = new Set<string>();
  for (const rule of rules) {
    const role = typeof rule.role === 'string' ? rule.role : '';
    const level = Number(rule.permlevel) || 0;
    const where = `${role || '(no role)'} at level ${level}`;
    if (level > 0) {
      for (const right of ['create', 'submit', 'cancel', 'amend']) rule[right] = 0;
      const hasLevelZero = rules.some((r) => r.role === role && !(Number(r.permlevel) > 0));
      if (role !== 'All' && !hasLevelZero)
        throw new ValidationError(`${where}: Permission at level 0 must be set before higher levels are set`);
    }
    if (!doc.is_submittable && (rule.submit || rule.cancel || rule.amend))
      throw new ValidationError(`${where}: Cannot set Submit, Cancel or Amend if not Submittable`);
    if (doc.issingle) {
      rule.report = 0;
      rule.import = 0;
      rule.export = 0;
    }
    const key = `${role}\0${level}\0${rule.if_owner ? 1 : 0}`;
    if (seen.has(key))
      throw new ValidationError(`${where}: Only one rule allowed with the same Role, Level and If Owner`);
    seen.add(key);
  }
}
