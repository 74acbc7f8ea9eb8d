// One modal question at a time ("Delete 3 documents?"), answered through the ConfirmDialog component.
import { shallowRef } from 'vue';

export interface ConfirmRequest {
  message: string;
  confirmLabel: string;
  danger: boolean;
  resolve: (answer: boolean) => void;
}

/** The question being asked, if any. */
export const pendingConfirm = shallowRef<ConfirmRequest | undefined>();

/**
 * Asks the user to confirm; resolves true on confirm, false on cancel or Escape.
 *
 * @example if (await confirmAction('Delete ToDo abc?', { confirmLabel: 'Delete', danger: true })) ...
 */
export function confirmAction(
  message: string,
  options: { confirmLabel?: string; danger?: boolean } = {},
): Promise<boolean> {
  pendingConfirm.value?.resolve(false);
  return new Promise((resolve) => {
    pendingConfirm.value = {
      message,
      confirmLabel: options.confirmLabel ?? 'OK',
      danger: options.danger ?? false,
      resolve: (answer) => {
        pendingConfirm.value = undefined;
        resolve(answer);
      },
    };
  });
}
