import { randomBytes } from 'node:crypto';

/** Frappe's `hash` name: 10 random lowercase hex characters. */
export function hashName(): string {
  return randomBytes(5).toString('hex');
}
