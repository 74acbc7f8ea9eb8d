// The controllers of core DocTypes, registered on the process's ControllerRegistry at start-up.
import { ControllerRegistry } from '../../model/controllers/registry.ts';
import { registerDocShareController } from './docshare-controller.ts';
import { registerDocTypeController } from './doctype-controller.ts';
import { registerUserCachesController } from './user-caches-controller.ts';
import { registerUserController } from './user-controller.ts';
import { registerUserPermissionController } from './user-permission-controller.ts';

export { registerDocTypeController } from './doctype-controller.ts';

/** Registers every core controller (DocType, User, per-user caches, DocShare, User Permission) on `registry`. */
export function registerCoreControllers(registry: ControllerRegistry): ControllerRegistry {
  registerDocTypeController(registry);
  registerUserController(registry);
  registerUserCachesController(registry);
  registerDocShareController(registry);
  registerUserPermissionController(registry);
  return registry;
}

/**
 * A registry with the core controllers registered: what the backend, workers and CLI start from before apps
 * add theirs.
 *
 * @example const controllers = coreControllers(); controllers.on('ToDo', 'validate', checkDates);
 */
export function coreControllers(): ControllerRegistry {
  return registerCoreControllers(new ControllerRegistry());
}
