// Developer mode's other half (Frappe's `export_file` on DocType save): once the core DocType controller has
// accepted a change to a standard DocType (it refuses one outside developer mode), the DocType's JSON is
// written back into the folder of the app that ships it. Registered by the apps wiring on the process's
// ControllerRegistry, since the core may not know about apps (docs/architecture.md).
import { writeFileAtomic } from '../../config/bench.ts';
import { ValidationError } from '../../errors/index.ts';
import type { HookArgs } from '../../model/controllers/events.ts';
import type { ControllerRegistry } from '../../model/controllers/registry.ts';
import type { Doc } from '../../model/document/doc.ts';
import type { AppDocType, LoadedApp } from '../loaded-app.ts';
import { doctypeJson } from './doctype-json.ts';

/** The app DocType named `doctype`, with its app, among `apps`. */
export function findAppDocType(
  apps: readonly LoadedApp[],
  doctype: string,
): { app: LoadedApp; doctype: AppDocType } | undefined {
  for (const app of apps) {
    const found = app.doctypes.find((d) => d.meta.name === doctype);
    if (found) return { app, doctype: found };
  }
  return undefined;
}

/**
 * Registers the write-back on `registry`: `validate` refuses a change to a standard DocType that no app of the
 * bench ships (Cortado's own core DocTypes live in its source, not in an app folder), `on_update` rewrites
 * the app's `<dt folder>.json`. `apps` is asked on every save, so a reload of the apps is seen at once.
 *
 * @example registerDocTypeWriteBack(runtime.controllers, () => loadedApps);
 */
export function registerDocTypeWriteBack(
  registry: ControllerRegistry,
  apps: () => readonly LoadedApp[],
): void {
  registry
    .on('DocType', 'validate', (doc, args) => {
      if (!isStandardChange(doc, args)) return;
      if (!findAppDocType(apps(), String(doc.name)))
        throw new ValidationError(
          `Standard DocType ${doc.name} belongs to no app of this bench: its definition cannot be written back`,
        );
    })
    .on('DocType', 'on_update', (doc, args) => {
      if (!isStandardChange(doc, args)) return;
      const found = findAppDocType(apps(), String(doc.name));
      if (!found) return;
      // Written inside the save: a file that cannot be written fails the save, so database and app agree.
      writeFileAtomic(found.doctype.jsonPath, doctypeJson(doc), 0o644);
    });
}

/** A save of a standard DocType in developer mode (the core controller already refused it otherwise). */
function isStandardChange(doc: Doc, { ctx, before }: HookArgs): boolean {
  return Boolean(before && !before.custom && !doc.custom && ctx.developerMode);
}
