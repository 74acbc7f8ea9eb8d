// Who may do what: roles, DocPerm rules, field permlevels, and the read scope list queries apply.
export { checkPermission, hasPermission, type PermissionTarget } from './has-permission.ts';
export { canAccessLevel, type PermlevelAccess, permlevelAccess, stripUnreadable } from './permlevels.ts';
export { type ReadScope, readScope } from './read-scope.ts';
export { type ReadableDocType, readableDocTypes } from './readable-doctypes.ts';
export { isRight, type Right, rights } from './rights.ts';
export { type RolePermissions, rolePermissions } from './role-permissions.ts';
export { automaticRoles, getRoles, loadRoles } from './roles.ts';
