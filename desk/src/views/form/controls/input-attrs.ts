// The attributes a field hands to its control's focusable element: the id its label points at and the
// ARIA state of the field (typed as Vue's DOM attribute types expect, so `v-bind` checks them).

export interface InputAttrs {
  id: string;
  'aria-invalid'?: true;
  'aria-describedby'?: string;
  'aria-required'?: true;
  'aria-label'?: string;
  'aria-labelledby'?: string;
  placeholder?: string;
}
