// A form's state: meta (with child metas), the document, dirty tracking, field errors, and the
// actions save / submit / cancel / amend / delete through the public API.
import { computed, ref, shallowRef } from 'vue';
import { FrappeError } from '../../api/frappe-error.ts';
import { getMeta } from '../../api/meta.ts';
import { cancelDoc, deleteDoc, getDoc, insertDoc, saveDoc, submitDoc } from '../../api/resource.ts';
import { boot } from '../../boot.ts';
import { newDoc } from '../../model/defaults.ts';
import { fieldErrorsOf } from '../../model/field-errors.ts';
import { tableTypes } from '../../model/fieldtypes.ts';
import { type AccessAt, allAccess, permlevelAccess, permlevelOf } from '../../model/permlevels.ts';
import type { Doc, DocTypeMeta } from '../../model/types.ts';
import { type FieldErrors, validateDoc } from '../../model/validate.ts';

/** Fields the server owns; an amended copy starts without them. */
const systemKeys = ['name', 'owner', 'creation', 'modified', 'modified_by', 'docstatus', 'idx'];

let handoff: Doc | undefined;

/** Hands a prepared new document (an amendment) to the next `/new` form of its DocType. */
export function handOffNewDoc(doc: Doc): void {
  handoff = doc;
}

function takeHandoff(doctype: string): Doc | undefined {
  const doc = handoff?.doctype === doctype ? handoff : undefined;
  handoff = undefined;
  return doc;
}

/** What the API gets: no client-only keys (`__islocal`), new child rows without a name. */
export function payloadOf(doc: Doc, meta: DocTypeMeta): Doc {
  const out: Doc = { doctype: doc.doctype };
  for (const [key, value] of Object.entries(doc)) {
    if (key.startsWith('__') && key !== '__newname') continue;
    out[key] = value;
  }
  for (const field of meta.fields) {
    if (!tableTypes.has(field.fieldtype)) continue;
    const rows = (doc[field.fieldname] as Doc[] | undefined) ?? [];
    out[field.fieldname] = rows.map((row, i) => {
      const copy: Doc = { doctype: row.doctype };
      for (const [key, value] of Object.entries(row)) if (!key.startsWith('__')) copy[key] = value;
      if (row.__islocal) delete copy.name;
      copy.idx = i + 1;
      copy.parentfield = field.fieldname;
      return copy;
    });
  }
  return out;
}

function snapshot(doc: Doc | undefined): string {
  return JSON.stringify(doc ?? null, (key, value) =>
    key.startsWith('__') && key !== '__newname' ? undefined : value,
  );
}

export function createFormState(doctype: string) {
  const meta = shallowRef<DocTypeMeta>();
  const childMetas = shallowRef(new Map<string, DocTypeMeta>());
  const doc = ref<Doc>();
  const original = ref('');
  const errors = ref<FieldErrors>({});
  const general = ref<string[]>([]);
  const busy = ref<string>('');
  const loadError = ref('');

  const isNew = computed(() => !doc.value?.name || Boolean(doc.value.__islocal));
  const dirty = computed(() => Boolean(doc.value) && (isNew.value || snapshot(doc.value) !== original.value));
  const docstatus = computed(() => Number(doc.value?.docstatus ?? 0));
  const submittable = computed(() => Boolean(meta.value?.is_submittable));
  /** The current user's access per permlevel on this document (child rows follow it too). */
  const access = computed<AccessAt>(() =>
    meta.value ? permlevelAccess(meta.value, { name: boot.user, roles: boot.roles }, doc.value) : allAccess,
  );
  const promptName = computed(() => {
    const rule = `${meta.value?.autoname ?? ''}`.toLowerCase();
    return isNew.value && (rule === 'prompt' || meta.value?.naming_rule === 'Set by user');
  });

  async function loadMetas(): Promise<DocTypeMeta> {
    const m = await getMeta(doctype);
    const children = new Map<string, DocTypeMeta>();
    await Promise.all(
      m.fields
        .filter((f) => tableTypes.has(f.fieldtype) && f.options)
        .map(async (f) => children.set(f.options!, await getMeta(f.options!))),
    );
    childMetas.value = children;
    meta.value = m;
    return m;
  }

  function accept(next: Doc): void {
    for (const field of meta.value?.fields ?? [])
      if (tableTypes.has(field.fieldtype) && !Array.isArray(next[field.fieldname]))
        next[field.fieldname] = [];
    doc.value = next;
    original.value = snapshot(next);
    errors.value = {};
    general.value = [];
  }

  /** Loads the document `name`, or a new one (with `values` from the route) when name is null. */
  async function load(name: string | null, values: Record<string, unknown> = {}): Promise<void> {
    try {
      const m = meta.value ?? (await loadMetas());
      if (name === null) {
        const prepared = takeHandoff(doctype) ?? newDoc(m, values);
        prepared.__islocal = 1;
        doc.value = prepared;
        original.value = '';
        errors.value = {};
        general.value = [];
      } else accept(await getDoc(doctype, name));
      loadError.value = '';
    } catch (error) {
      loadError.value = error instanceof Error ? error.message : String(error);
    }
  }

  function fail(error: unknown): void {
    if (error instanceof FrappeError && meta.value) {
      const mapped = fieldErrorsOf(error, meta.value);
      errors.value = mapped.errors;
      general.value =
        mapped.general.length || Object.keys(mapped.errors).length ? mapped.general : [error.text];
    } else general.value = [error instanceof Error ? error.message : String(error)];
  }

  async function run<T>(label: string, action: () => Promise<T>): Promise<T | undefined> {
    if (busy.value) return undefined;
    busy.value = label;
    try {
      return await action();
    } catch (error) {
      fail(error);
      return undefined;
    } finally {
      busy.value = '';
    }
  }

  /** The meta without the fields the user may not edit: nothing there for them to fix. */
  function editable(m: DocTypeMeta): DocTypeMeta {
    return { ...m, fields: m.fields.filter((f) => access.value(permlevelOf(f)).write) };
  }

  /** Checks the document in the browser; true when the server may be asked. */
  function check(): boolean {
    if (!doc.value || !meta.value) return false;
    const found = validateDoc(
      editable(meta.value),
      doc.value,
      new Map([...childMetas.value].map(([k, m]) => [k, editable(m)])),
    );
    if (promptName.value && !doc.value.__newname) found.__newname = 'Enter a name';
    errors.value = found;
    general.value = [];
    return Object.keys(found).length === 0;
  }

  /** Inserts or saves; resolves with the saved document, or undefined when it failed (errors are set). */
  async function save(): Promise<Doc | undefined> {
    if (!check()) return undefined;
    const m = meta.value!;
    const body = payloadOf(doc.value!, m);
    if (promptName.value) body.name = String(doc.value!.__newname);
    const saved = await run('Saving', () => (isNew.value ? insertDoc(body) : saveDoc(body)));
    if (saved) accept(saved);
    return saved;
  }

  async function submit(): Promise<Doc | undefined> {
    if (!check()) return undefined;
    const saved = await run('Submitting', () => submitDoc(payloadOf(doc.value!, meta.value!)));
    if (saved) accept(saved.name ? saved : await getDoc(doctype, doc.value!.name!));
    return saved;
  }

  async function cancel(): Promise<boolean> {
    const name = doc.value!.name!;
    const done = await run('Cancelling', async () => {
      await cancelDoc(doctype, name);
      return true;
    });
    if (done) accept(await getDoc(doctype, name));
    return Boolean(done);
  }

  /** A draft copy of a cancelled document, `amended_from` it (the server names it `<name>-1`). */
  function amendment(): Doc {
    const source = doc.value!;
    const copy: Doc = { doctype, docstatus: 0, amended_from: source.name };
    for (const [key, value] of Object.entries(source)) {
      if (systemKeys.includes(key) || key.startsWith('__') || key === 'amended_from') continue;
      copy[key] = Array.isArray(value)
        ? value.map((row: Doc) => {
            const r: Doc = { doctype: row.doctype, __islocal: 1 };
            for (const [k, v] of Object.entries(row))
              if (![...systemKeys, 'parent', 'parenttype'].includes(k) && !k.startsWith('__')) r[k] = v;
            return r;
          })
        : value;
    }
    return copy;
  }

  async function remove(): Promise<boolean> {
    const name = doc.value!.name!;
    const done = await run('Deleting', async () => {
      await deleteDoc(doctype, name);
      return true;
    });
    return Boolean(done);
  }

  /** Replaces the document with the server's version. */
  async function reload(): Promise<Doc | undefined> {
    if (!doc.value?.name) return undefined;
    const fresh = await getDoc(doctype, doc.value.name);
    accept(fresh);
    return fresh;
  }

  return {
    doctype,
    meta,
    childMetas,
    doc,
    access,
    errors,
    general,
    busy,
    loadError,
    isNew,
    dirty,
    docstatus,
    submittable,
    promptName,
    load,
    save,
    submit,
    cancel,
    amendment,
    remove,
    reload,
    check,
  };
}

export type FormState = ReturnType<typeof createFormState>;
