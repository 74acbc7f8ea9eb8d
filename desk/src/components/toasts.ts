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

/** Shows `text` for a few seconds (errors stay longer). */
export function toast(text: string, kind: ToastKind = 'info'): void {
  const id = nextId++;
  toasts.push({ id, text, kind });
  if (toasts.length > 4) toasts.shift();
  setTimeout(() => dismissToast(id), kind === 'error' ? 8000 : 3500);
}

export function dismissToast(id: number): void {
  const at = toasts.findIndex((t) => t.id === id);
  if (at >= 0) toasts.splice(at, 1);
}
