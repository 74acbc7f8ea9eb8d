/** Frappe's two kinds of user: desk users and portal (website) users. */
export type UserType = 'System User' | 'Website User';

/** Who a request (or socket) acts as, with what the cookies and boot data show. */
export interface Principal {
  user: string;
  userType: UserType;
  fullName: string;
  userImage: string;
}

/** The anonymous principal. */
export const guest: Principal = Object.freeze({
  user: 'Guest',
  userType: 'Website User',
  fullName: 'Guest',
  userImage: '',
});

/** Frappe's `full_name`: first and last name joined, blanks skipped. */
export function fullNameOf(firstName: unknown, lastName: unknown): string {
  return [firstName, lastName].filter((part) => typeof part === 'string' && part.trim() !== '').join(' ');
}

/** Narrows a stored user_type to the two known values (anything else is treated as a website user). */
export function asUserType(value: unknown): UserType {
  return value === 'System User' ? 'System User' : 'Website User';
}
