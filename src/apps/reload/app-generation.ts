// One generation of the bench's apps wired into a process, and the swap to the next (developer-mode reload).
// Every registration a generation makes is owned by it (model/registration-owner.ts), so a swap takes out
// exactly those and leaves core registrations alone. The swap is synchronous from the first removal to the last
// addition: no request or job runs in between, so each sees either the old generation or the new one. A request
// that already picked a method handler or controller finishes on it (they are closures over the old modules).
import { isOwnedBy, registeringAs } from '../../model/registration-owner.ts';
import type { LoadedApp } from '../loaded-app.ts';
import { type AppTargets, wireApps } from '../wire-apps.ts';

/** A generation of apps as wired: the object itself owns its registrations. */
export interface AppGeneration {
  readonly apps: readonly LoadedApp[];
}

/** The registries a generation is wired into. */
export type GenerationTargets = AppTargets;

/**
 * Wires `apps` as a new generation. On an error nothing of it stays registered.
 *
 * @example const generation = wireGeneration(apps, targets, benchAppsPath(bench));
 */
export function wireGeneration(
  apps: readonly LoadedApp[],
  targets: GenerationTargets,
  appsPath: string,
): AppGeneration {
  const generation: AppGeneration = { apps };
  try {
    registeringAs(generation, () => wireApps(apps, targets, appsPath));
  } catch (error) {
    releaseGeneration(generation, targets);
    throw error;
  }
  return generation;
}

/** Takes everything `generation` registered out of `targets`. */
export function releaseGeneration(generation: AppGeneration, targets: GenerationTargets): void {
  targets.controllers.release(generation);
  targets.methods.release(generation);
  targets.jobs.release(generation);
  targets.virtualDocTypes.release(generation);
  // The backend holds this very array: change it in place.
  for (let i = targets.bootHooks.length - 1; i >= 0; i--)
    if (isOwnedBy(targets.bootHooks[i]!, generation)) targets.bootHooks.splice(i, 1);
}

/**
 * Replaces `current` by `apps` in `targets`, atomically. When the new generation cannot be wired (a method
 * name another registration holds, ...) the old one is wired again and the error thrown: the process keeps
 * serving the old code.
 */
export function swapGeneration(
  current: AppGeneration,
  apps: readonly LoadedApp[],
  targets: GenerationTargets,
  appsPath: string,
): AppGeneration {
  releaseGeneration(current, targets);
  try {
    return wireGeneration(apps, targets, appsPath);
  } catch (error) {
    // It was wired this way before, so it wires again.
    registeringAs(current, () => wireApps(current.apps, targets, appsPath));
    throw error;
  }
}
