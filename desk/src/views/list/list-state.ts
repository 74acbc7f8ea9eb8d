// The list view's state and loading: columns from `in_list_view`, standard and free filters, sort,
// paging, count, selection, and live reloads on `list_update`.
import { computed, reactive, ref, shallowRef } from 'vue';
import { getMeta } from '../../api/meta.ts';
import { deleteDoc, type Filter, getCount, getList } from '../../api/resource.ts';
import { boot } from '../../boot.ts';
import { hasValue, layoutTypes, tableTypes, titleFieldOf } from '../../model/fieldtypes.ts';
import { permlevelAccess, permlevelOf } from '../../model/permlevels.ts';
import type { DocField, DocTypeMeta } from '../../model/types.ts';

export type Row = Record<string, unknown> & { name: string };

/** Fields every DocType has, usable as sort keys and filters. */
export const standardFields: DocField[] = [
  { fieldname: 'name', fieldtype: 'Data', label: 'ID' },
  { fieldname: 'owner', fieldtype: 'Link', label: 'Created By', options: 'User' },
  { fieldname: 'creation', fieldtype: 'Datetime', label: 'Created On' },
  { fieldname: 'modified', fieldtype: 'Datetime', label: 'Last Updated On' },
  { fieldname: 'modified_by', fieldtype: 'Link', label: 'Last Updated By', options: 'User' },
  { fieldname: 'docstatus', fieldtype: 'Int', label: 'Document Status' },
];

export const pageSizes = [20, 100, 500] as const;

/** Everything the list view shows for one DocType; `extraFields` are fetched for a list extension. */
export function createListState(doctype: string, extraFields: readonly string[] = []) {
  const meta = shallowRef<DocTypeMeta>();
  const rows = ref<Row[]>([]);
  const count = ref<number | undefined>();
  const loading = ref(true);
  const error = ref('');
  const standard = reactive<Record<string, string>>({});
  const extra = ref<Filter[]>([]);
  const sortField = ref('modified');
  const sortOrder = ref<'asc' | 'desc'>('desc');
  const start = ref(0);
  const pageLength = ref<number>(20);
  /** Columns the user chose (by fieldname), in their order; undefined: the DocType's `in_list_view` ones. */
  const chosen = ref<string[] | undefined>();
  const selected = ref(new Set<string>());
  /** Names changed by someone else since the last load, highlighted for a moment. */
  const fresh = ref(new Set<string>());

  // Only fields the user may read: the server refuses to filter or sort by the others and leaves them out.
  const fields = computed(() => {
    if (!meta.value) return [];
    const access = permlevelAccess(meta.value, { name: boot.user, roles: boot.roles });
    return meta.value.fields.filter((f) => hasValue(f) && access(permlevelOf(f)).read);
  });
  const titleField = computed(() => titleFieldOf(meta.value));
  const columns = computed(() => {
    if (chosen.value) {
      const byName = new Map(fields.value.map((f) => [f.fieldname, f]));
      return chosen.value.flatMap((name) => byName.get(name) ?? []);
    }
    const listed = fields.value.filter((f) => f.in_list_view && f.fieldname !== titleField.value);
    return (
      listed.length
        ? listed
        : fields.value.filter((f) => f.reqd && f.fieldname !== titleField.value).slice(0, 3)
    ).slice(0, 6);
  });
  const standardFilters = computed(() =>
    fields.value.filter(
      (f) => f.in_standard_filter && !layoutTypes.has(f.fieldtype) && !tableTypes.has(f.fieldtype),
    ),
  );
  const filterable = computed(() => [...fields.value, ...standardFields]);
  const sortable = computed(() => {
    const seen = new Set<string>();
    // The current sort key too (the DocType's `sort_field`, a stored setting) though it is not a column.
    const current = fields.value.find((f) => f.fieldname === sortField.value);
    return [
      ...standardFields.filter((f) => f.fieldname !== 'docstatus'),
      ...columns.value,
      ...(current ? [current] : []),
    ].filter((f) => !seen.has(f.fieldname) && seen.add(f.fieldname));
  });
  const submittable = computed(() => Boolean(meta.value?.is_submittable));

  function fieldOf(fieldname: string): DocField | undefined {
    return filterable.value.find((f) => f.fieldname === fieldname);
  }

  /** The filters sent to the API: standard filter inputs, then the free ones. */
  const filters = computed<Filter[]>(() => {
    const out: Filter[] = [];
    for (const field of standardFilters.value) {
      const value = standard[field.fieldname];
      if (value === undefined || value === '') continue;
      if (['Data', 'Small Text', 'Text', 'Long Text', 'Text Editor'].includes(field.fieldtype))
        out.push([field.fieldname, 'like', `%${value}%`]);
      else out.push([field.fieldname, '=', value]);
    }
    return [...out, ...extra.value];
  });

  const requestFields = computed(() => {
    const names = new Set(['name', 'modified', 'modified_by']);
    if (titleField.value) names.add(titleField.value);
    if (submittable.value) names.add('docstatus');
    for (const column of columns.value) names.add(column.fieldname);
    for (const fieldname of extraFields) names.add(fieldname);
    return [...names];
  });

  let generation = 0;

  /** Fetches the meta (once): the standard filters and the DocType's own sort (`sort_field`, `sort_order`). */
  async function prepare(): Promise<void> {
    if (meta.value) return;
    const m = await getMeta(doctype);
    meta.value = m;
    sortField.value = m.sort_field || 'modified';
    sortOrder.value = String(m.sort_order ?? '').toLowerCase() === 'asc' ? 'asc' : 'desc';
    for (const field of standardFilters.value) standard[field.fieldname] ??= '';
  }

  /** Loads the page and the count for the current filters (a newer call wins over an older one). */
  async function load(options: { quiet?: boolean; changed?: string } = {}): Promise<void> {
    const mine = ++generation;
    if (!options.quiet) loading.value = true;
    try {
      await prepare();
      const [page, total] = await Promise.all([
        getList<Row>(doctype, {
          fields: requestFields.value,
          filters: filters.value,
          orderBy: `${sortField.value} ${sortOrder.value}`,
          start: start.value,
          pageLength: pageLength.value,
        }),
        getCount(doctype, filters.value).catch(() => undefined),
      ]);
      if (mine !== generation) return;
      if (options.changed) {
        const known = new Set(rows.value.map((r) => r.name));
        const next = new Set<string>();
        for (const row of page) if (!known.has(row.name) || row.name === options.changed) next.add(row.name);
        fresh.value = next;
      } else fresh.value = new Set();
      rows.value = page;
      count.value = total;
      // Selected rows that left the page (deleted elsewhere, filtered out) are no longer selected.
      const names = new Set(page.map((r) => r.name));
      selected.value = new Set([...selected.value].filter((n) => names.has(n)));
      error.value = '';
    } catch (e) {
      if (mine === generation) error.value = e instanceof Error ? e.message : String(e);
    } finally {
      if (mine === generation) loading.value = false;
    }
  }

  /** Deletes the selected documents one by one; returns the names that could not be deleted, with why. */
  async function deleteSelected(): Promise<Array<{ name: string; reason: string }>> {
    const failed: Array<{ name: string; reason: string }> = [];
    for (const name of [...selected.value]) {
      try {
        await deleteDoc(doctype, name);
      } catch (e) {
        failed.push({ name, reason: e instanceof Error ? e.message : String(e) });
      }
    }
    selected.value = new Set(failed.map((f) => f.name));
    await load({ quiet: true });
    return failed;
  }

  return {
    doctype,
    meta,
    rows,
    count,
    loading,
    error,
    standard,
    extra,
    sortField,
    sortOrder,
    start,
    pageLength,
    chosen,
    selected,
    fresh,
    fields,
    titleField,
    columns,
    standardFilters,
    filterable,
    sortable,
    submittable,
    filters,
    fieldOf,
    prepare,
    load,
    deleteSelected,
  };
}

export type ListState = ReturnType<typeof createListState>;
