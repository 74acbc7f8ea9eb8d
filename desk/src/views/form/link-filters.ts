// Filters a form script set for a Link field (`frm.set_query`), handed by the form to its Link controls.
import { type InjectionKey, inject, provide } from 'vue';

/** The filters for the search of Link field `fieldname`, or undefined for none. */
export type LinkFilters = (fieldname: string) => unknown;

const key: InjectionKey<LinkFilters> = Symbol('link filters');

/** Called by the form. */
export function provideLinkFilters(filters: LinkFilters): void {
  provide(key, filters);
}

/** For a Link control: no filters outside a form. */
export function useLinkFilters(): LinkFilters {
  return inject(key, () => undefined, false);
}
