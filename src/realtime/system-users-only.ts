import type { PermissionChecker } from './types.ts';

/**
 * The default permission rule until the document engine plugs in real ones: System Users may subscribe to any
 * DocType or document, Website Users (and connections of unknown type) to none.
 *
 * @example await startRealtime({ ..., permissions: systemUsersOnly });
 */
export const systemUsersOnly: PermissionChecker = {
  async canReadDoctype(_site, _user, _doctype, userType) {
    return userType === 'System User';
  },
  async canReadDoc(_site, _user, _doctype, _name, userType) {
    return userType === 'System User';
  },
};
