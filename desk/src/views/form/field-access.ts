// The form's field-level permissions, handed by the form to every field control below it: child table
// cells included, since child rows follow their parent DocType's DocPerm rules.
import { type ComputedRef, computed, type InjectionKey, inject, provide } from 'vue';
import { type AccessAt, allAccess } from '../../model/permlevels.ts';

const key: InjectionKey<ComputedRef<AccessAt>> = Symbol('field access');

/** Called by the form: its controls read `access` (the current user's, on the open document). */
export function provideFieldAccess(access: ComputedRef<AccessAt>): void {
  provide(key, access);
}

/** The access per permlevel for a field control; everything outside a form. */
export function useFieldAccess(): ComputedRef<AccessAt> {
  return inject(
    key,
    computed(() => allAccess),
    false,
  );
}
