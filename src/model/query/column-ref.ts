// Column references as list requests write them: `field`, `` `field` ``, `tabX.field`,
// `` `tabX`.`field` ``, `"tabX"."field"`, `link_field.field`, `child_table_field.field`. Only the syntax is
// read here; `query-tables.ts` decides what a reference may name, always from meta.

/** A reference split into its optional qualifier and its field. */
export interface ColumnRef {
  /** `tabX` (a table) or a fieldname of the listed DocType (a Link or Table field); undefined for a bare field. */
  qualifier?: string;
  /** Whether the qualifier was written in quotes (a quoted qualifier is always a table name). */
  quotedQualifier: boolean;
  field: string;
}

const barePart = /^[A-Za-z0-9_][A-Za-z0-9_ -]*$/;
const bareField = /^[A-Za-z0-9_]+$/;

/**
 * Splits a column reference, or returns undefined when the text is anything else (an expression, SQL).
 *
 * @example parseColumnRef('`tabToDo Item`.`qty`') // { qualifier: 'tabToDo Item', quotedQualifier: true, field: 'qty' }
 */
export function parseColumnRef(text: string): ColumnRef | undefined {
  const parts: Array<{ text: string; quoted: boolean }> = [];
  let i = 0;
  const source = text.trim();
  while (i <= source.length) {
    const ch = source[i];
    if (ch === '`' || ch === '"') {
      const end = source.indexOf(ch, i + 1);
      if (end < 0) return undefined;
      parts.push({ text: source.slice(i + 1, end), quoted: true });
      i = end + 1;
      if (i < source.length && source[i] !== '.') return undefined;
    } else {
      const end = source.indexOf('.', i);
      const part = source.slice(i, end < 0 ? source.length : end).trim();
      if (!barePart.test(part)) return undefined;
      parts.push({ text: part, quoted: false });
      i = end < 0 ? source.length : end;
    }
    if (i >= source.length) break;
    i++; // the dot
    if (i >= source.length) return undefined;
  }
  if (parts.length === 1) {
    const [field] = parts as [{ text: string; quoted: boolean }];
    return bareField.test(field.text) ? { quotedQualifier: false, field: field.text } : undefined;
  }
  if (parts.length !== 2) return undefined;
  const [qualifier, field] = parts as [{ text: string; quoted: boolean }, { text: string; quoted: boolean }];
  if (!bareField.test(field.text) || qualifier.text === '' || /["`'\\]/.test(qualifier.text))
    return undefined;
  return { qualifier: qualifier.text, quotedQualifier: qualifier.quoted, field: field.text };
}
