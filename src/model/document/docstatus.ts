import { DocstatusTransitionError, ValidationError } from '../../errors/index.ts';
import type { WriteAction } from './operation.ts';

/**
 * What a save from docstatus `from` to `to` is (Frappe's `check_docstatus_transition`): 0→0 save, 0→1 submit,
 * 1→1 update after submit, 1→2 cancel. 0→2, 1→0 and any change of a cancelled (2) document throw
 * DocstatusTransitionError.
 */
export function docstatusTransition(from: number, to: number): WriteAction {
  if (![0, 1, 2].includes(to)) throw new ValidationError(`Invalid docstatus ${to}`);
  if (from === 0) {
    if (to === 0) return 'save';
    if (to === 1) return 'submit';
    throw new DocstatusTransitionError('Cannot change docstatus from 0 (Draft) to 2 (Cancelled)');
  }
  if (from === 1) {
    if (to === 1) return 'update_after_submit';
    if (to === 2) return 'cancel';
    throw new DocstatusTransitionError('Cannot change docstatus from 1 (Submitted) to 0 (Draft)');
  }
  throw new DocstatusTransitionError('Cannot edit cancelled document');
}
