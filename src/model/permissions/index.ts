// Who may do what: roles, DocPerm rules, field permlevels, shares, User Permissions, and the read scope list
// queries apply.
export { isShared, type ShareRight, sharedDocTypes, shareRightFor, shareRights } from './doc-shares.ts';
export {
  checkPermission,
  checkUserPermissions,
  hasPermission,
  type PermissionOptions,
  type PermissionTarget,
} from './has-permission.ts';
export {
  canAccessLevel,
  canReadLevel,
  type PermlevelAccess,
  permlevelAccess,
  readableLevels,
  stripUnreadable,
} from './permlevels.ts';
export { type ReadScope, readScope } from './read-scope.ts';
export { type ReadableDocType, readableDocTypes } from './readable-doctypes.ts';
export { isRight, type Right, rights } from './rights.ts';
export { type RolePermissions, rolePermissions } from './role-permissions.ts';
export { automaticRoles, getRoles, loadRoles, type Roles, userRoles } from './roles.ts';
export {
  type AllowedDoc,
  allowedFor,
  getUserPermissions,
  type UserPermissionMap,
  userPermissionBlock,
} from './user-permissions.ts';
