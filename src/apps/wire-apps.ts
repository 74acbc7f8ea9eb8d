// The one place apps are wired into a process: createRuntime calls it, so backend, worker, scheduler, CLI and
// tests get the same hooks, controllers, methods, jobs and boot data.
import { join } from 'node:path';
import type { ModelServices } from '../backend/api/model-services.ts';
import type { MethodRegistry } from '../backend/methods.ts';
import type { BootHook } from '../backend/pages/boot-hooks.ts';
import type { JobRegistry } from '../jobs/registry.ts';
import type { ControllerRegistry } from '../model/controllers/registry.ts';
import { owned } from '../model/registration-owner.ts';
import type { VirtualDocTypes } from '../model/virtual/virtual-doctypes.ts';
import { AppLoadError } from './app-load-error.ts';
import type { InstalledApps } from './installed-apps.ts';
import type { LoadedApp } from './loaded-app.ts';
import { wireAppJobs } from './wire-app-jobs.ts';
import { wireAppMethods } from './wire-app-methods.ts';
import { bootSessionHook } from './wire-boot-session.ts';
import { wireDocEvents } from './wire-doc-events.ts';
import { wireDocTypeClasses } from './wire-doctype-classes.ts';

/** The registries apps are wired into. */
export interface AppTargets {
  controllers: ControllerRegistry;
  /** Apps' virtual DocTypes (`is_virtual`), beside the core's `RQ Job`. */
  virtualDocTypes: VirtualDocTypes;
  methods: MethodRegistry;
  jobs: JobRegistry;
  /** The process's model services (a getter: the job registry is made before them). */
  model: () => ModelServices;
  installed: InstalledApps;
  /** Receives the boot hook running the apps' `boot_session`. */
  bootHooks: BootHook[];
}

/**
 * Wires every app into `targets`. A registration the registries refuse (a method name taken, a class that is no
 * Document) is an AppLoadError naming the app and its hooks.ts.
 *
 * @example wireApps(apps, { controllers, methods, jobs: registry, model: () => model, installed, bootHooks }, appsPath);
 */
export function wireApps(apps: readonly LoadedApp[], targets: AppTargets, appsPath: string): void {
  for (const app of apps) {
    try {
      wireDocTypeClasses(targets.controllers, targets.virtualDocTypes, app, targets.installed);
      wireDocEvents(targets.controllers, app, targets.installed);
      wireAppMethods(targets.methods, app, targets.installed, targets.model());
      wireAppJobs(targets.jobs, app, targets.installed, targets.model);
    } catch (error) {
      if (error instanceof AppLoadError) throw error;
      throw new AppLoadError(app.name, join(app.packagePath, 'hooks.ts'), (error as Error).message, appsPath);
    }
  }
  const boot = bootSessionHook(apps, targets.installed, targets.model);
  // Owned like the registries' entries: a developer-mode reload takes it out with its generation.
  if (boot) targets.bootHooks.push(owned(boot));
}
