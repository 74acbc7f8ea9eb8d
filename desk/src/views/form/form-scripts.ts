// The form's side of app form scripts: loads the DocType's scripts, builds the `frm` they receive, and runs
// their events — `setup` once, `onload` and `refresh` after each load, `<fieldname>` when a field changes
// (typed, or set by a script), `validate` / `before_save` before a save (a throw stops it), `after_save`
// and `refresh` after. Custom buttons and Link queries set by the scripts are held here for the form.
import { computed, ref, type UnwrapNestedRefs, watch } from 'vue';
import { toast } from '../../components/toasts.ts';
import { tableTypes } from '../../model/fieldtypes.ts';
import type { Doc } from '../../model/types.ts';
import { ScriptValidationError } from '../../scripting/frappe-global.ts';
import { loadFormScripts } from '../../scripting/loader.ts';
import { handlersOf } from '../../scripting/registry.ts';
import type { CustomButton, Frm, LinkQuery } from '../../scripting/types.ts';
import type { FormState } from './form-state.ts';

type State = UnwrapNestedRefs<FormState>;

/** How long a typed field must rest before its `<fieldname>` event runs. */
const fieldEventDelayMs = 300;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * @example const scripts = useFormScripts(() => state.value, save); await scripts.prepare(doctype);
 */
export function useFormScripts(getState: () => State | undefined, save: () => Promise<void>) {
  const buttons = ref<CustomButton[]>([]);
  const queries = new Map<string, () => LinkQuery | undefined>();
  let lastDoc: Doc | undefined;
  let snapshot = new Map<string, unknown>();
  /** Field events waiting for typing to pause (a `<fieldname>` handler runs once per edit, not per key). */
  const pending = new Map<string, ReturnType<typeof setTimeout>>();

  const state = () => {
    const st = getState();
    if (!st) throw new Error('the form is not loaded');
    return st;
  };

  /** Runs the handlers of `event` in order; with `rethrow` the first error stops and is passed on. */
  async function trigger(event: string, rethrow = false): Promise<void> {
    const st = getState();
    if (!st) return;
    for (const handler of handlersOf(st.doctype, event)) {
      try {
        await (handler as (frm: Frm) => unknown)(frm);
      } catch (error) {
        if (rethrow) throw error;
        console.error(`${st.doctype} form script, ${event}:`, error);
        if (!(error instanceof ScriptValidationError))
          toast(`${st.doctype} form script failed (${event}): ${messageOf(error)}`, 'error');
      }
    }
  }

  /** The scalar fields whose change fires an event (tables have row events in Frappe, not done here). */
  const watchedFields = computed(() =>
    (getState()?.meta?.fields ?? []).filter((f) => !tableTypes.has(f.fieldtype)).map((f) => f.fieldname),
  );

  function valuesOf(doc: Doc | undefined): Map<string, unknown> {
    return new Map(watchedFields.value.map((f) => [f, doc?.[f]]));
  }

  // A new document object (load, save, reload) resets what counts as unchanged; a change to a field of the
  // same document fires `<fieldname>`.
  watch(
    () => {
      const doc = getState()?.doc;
      return [doc, ...watchedFields.value.map((f) => doc?.[f])];
    },
    () => {
      const doc = getState()?.doc;
      if (doc !== lastDoc) {
        lastDoc = doc;
        snapshot = valuesOf(doc);
        for (const timer of pending.values()) clearTimeout(timer);
        pending.clear();
        return;
      }
      for (const [field, value] of valuesOf(doc)) {
        if (snapshot.get(field) === value) continue;
        snapshot.set(field, value);
        clearTimeout(pending.get(field));
        pending.set(
          field,
          setTimeout(() => {
            pending.delete(field);
            void trigger(field);
          }, fieldEventDelayMs),
        );
      }
    },
  );

  const frm: Frm = {
    get doctype() {
      return state().doctype;
    },
    get doc() {
      return state().doc ?? ({} as Doc);
    },
    get docname() {
      return state().doc?.name;
    },
    is_new: () => state().isNew,
    async set_value(field, value) {
      const changes = typeof field === 'string' ? { [field]: value } : { ...field };
      const doc = state().doc;
      if (!doc) return;
      for (const [name, next] of Object.entries(changes)) {
        doc[name] = next;
        if (!snapshot.has(name) || snapshot.get(name) === next) continue;
        snapshot.set(name, next);
        await trigger(name);
      }
    },
    refresh_field() {},
    add_custom_button(label, action, group) {
      if (typeof action !== 'function') return;
      const text = String(label);
      const rest = buttons.value.filter((b) => !(b.label === text && b.group === group));
      buttons.value = [...rest, { label: text, group: group ? String(group) : undefined, action }];
    },
    clear_custom_buttons() {
      buttons.value = [];
    },
    set_query(field, query) {
      if (typeof query === 'function') queries.set(String(field), query);
    },
    async reload_doc() {
      await state().reload();
      await refresh();
    },
    save,
  };

  /** Custom buttons by group: ungrouped ones first, each group as one drop-down. */
  const buttonGroups = computed(() => {
    const groups = new Map<string, CustomButton[]>();
    for (const button of buttons.value) {
      const key = button.group ?? '';
      groups.set(key, [...(groups.get(key) ?? []), button]);
    }
    return [...groups].map(([label, list]) => ({ label, buttons: list }));
  });

  /** Loads the DocType's scripts and runs `setup` (once per form). */
  async function prepare(doctype: string): Promise<void> {
    await loadFormScripts(doctype);
    await trigger('setup');
  }

  /** After a load or save: the buttons are made again by `refresh`. */
  async function refresh(): Promise<void> {
    buttons.value = [];
    await trigger('refresh');
  }

  /** After the document was loaded (or a new one prepared). */
  async function loaded(): Promise<void> {
    await trigger('onload');
    await refresh();
  }

  /** Runs the field events still waiting, now (before a save, so their changes are saved too). */
  async function flushFieldEvents(): Promise<void> {
    const fields = [...pending.keys()];
    for (const field of fields) clearTimeout(pending.get(field));
    pending.clear();
    for (const field of fields) await trigger(field);
  }

  /** Runs `validate` and `before_save`; the message of the first handler that throws, or undefined. */
  async function validate(): Promise<string | undefined> {
    await flushFieldEvents();
    try {
      await trigger('validate', true);
      await trigger('before_save', true);
      return undefined;
    } catch (error) {
      return messageOf(error);
    }
  }

  async function saved(): Promise<void> {
    await trigger('after_save');
    await refresh();
  }

  async function runButton(button: CustomButton): Promise<void> {
    try {
      await button.action();
    } catch (error) {
      console.error(`custom button ${button.label}:`, error);
      if (!(error instanceof ScriptValidationError)) toast(messageOf(error), 'error');
    }
  }

  /** The filters of Link field `fieldname` set by `frm.set_query`. */
  function linkFilters(fieldname: string): unknown {
    const query = queries.get(fieldname);
    if (!query) return undefined;
    try {
      return query()?.filters;
    } catch (error) {
      console.error(`set_query of ${fieldname}:`, error);
      return undefined;
    }
  }

  return { frm, buttonGroups, prepare, loaded, refresh, validate, saved, runButton, linkFilters };
}
