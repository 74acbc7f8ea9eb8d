// Lists of particular DocTypes that get a column of their own (and refresh on their own), the way
// Frappe's `listview_settings` extend a list.
import type { Component } from 'vue';
import JobProgressCell from './JobProgressCell.vue';

export interface ListExtension {
  /** Header of the extra column. */
  label: string;
  /** The column's cell: takes `row` and may emit `changed` to have the list reloaded. */
  cell: Component;
  /** Its grid track, fixed so that what the cell shows never moves the other columns. */
  width: string;
  /** Fields the cell reads, fetched with the list's own. */
  fields: string[];
  /** Reload the list this often (ms) while the page is visible: for rows that change without `list_update`. */
  refreshMs?: number;
}

/** Keyed by DocType. */
export const listExtensions: Readonly<Record<string, ListExtension>> = {
  // Frappe's RQ Job list refreshes every 5 s; running jobs also show their live progress.
  'RQ Job': {
    label: 'Progress',
    cell: JobProgressCell,
    width: 'minmax(9rem, 1.6fr)',
    fields: ['status', 'job_name'],
    refreshMs: 5000,
  },
};
