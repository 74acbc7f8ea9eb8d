// A form's layout from its field order, as Frappe builds it: Tab Breaks start tabs, Section Breaks
// start sections, Column Breaks start columns; hidden fields are left out and empty sections dropped.
import type { DocField } from './types.ts';

export interface FormColumn {
  fields: DocField[];
}
export interface FormSection {
  key: string;
  label?: string;
  /** The Section Break's `depends_on`: the section shows only while it holds. */
  dependsOn?: string;
  collapsible: boolean;
  columns: FormColumn[];
}
export interface FormTab {
  key: string;
  label: string;
  sections: FormSection[];
}

/**
 * Tabs → sections → columns → fields.
 *
 * @example buildLayout(meta.fields)[0].sections[0].columns[0].fields
 */
export function buildLayout(fields: DocField[]): FormTab[] {
  const tabs: FormTab[] = [];
  let tab: FormTab = { key: '__details', label: 'Details', sections: [] };
  let section: FormSection = { key: '__first', collapsible: false, columns: [{ fields: [] }] };
  const closeSection = () => {
    section.columns = section.columns.filter((c) => c.fields.length > 0);
    if (section.columns.length) tab.sections.push(section);
  };
  const closeTab = () => {
    closeSection();
    if (tab.sections.length) tabs.push(tab);
  };
  for (const field of fields) {
    if (field.fieldtype === 'Tab Break') {
      closeTab();
      tab = { key: field.fieldname, label: field.label || 'Details', sections: [] };
      section = { key: `${field.fieldname}__first`, collapsible: false, columns: [{ fields: [] }] };
    } else if (field.fieldtype === 'Section Break') {
      closeSection();
      section = {
        key: field.fieldname,
        label: field.label || undefined,
        dependsOn: field.depends_on || undefined,
        collapsible: Boolean(field.collapsible),
        columns: [{ fields: [] }],
      };
    } else if (field.fieldtype === 'Column Break') {
      section.columns.push({ fields: [] });
    } else if (!field.hidden) {
      section.columns[section.columns.length - 1]!.fields.push(field);
    }
  }
  closeTab();
  return tabs;
}
