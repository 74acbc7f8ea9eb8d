// Transient messages ("Saved", errors), announced to screen readers by the Toasts component.
import { reactive } from 'vue';

export type ToastKind = 'info' | 'success' | 'error';
export interface Toast {
  id: number;
  text: string;
  kind: ToastKind;
}

/** The messages on screen, oldest first. */
export const toasts = reactive<Toast[]>([]);
let nextId = 1;

/**
 * Shows `text` for a few seconds (errors stay longer). A success takes away the errors on screen: they were
 * about an earlier attempt that has now worked.
 */
export function toast(text: string, kind: ToastKind = 'info'): void {
  if (kind === 'success') for (const t of toasts.filter((t) => t.kind === 'error')) dismissToast(t.id);
  const id = nextId++;
  toasts.push({ id, text, kind });
  if (toasts.length > 4) toasts.shift();
  setTimeout(() => dismissToast(id), kind === 'error' ? 8000 : 3500);
}

export function dismissToast(id: number): void {
  const at = toasts.findIndex((t) => t.id === id);
  if (at >= 0) toasts.splice(at, 1);
}
