// An app's `doc_events` in the process's ControllerRegistry: each function runs after the DocType's controller,
// given the document and the unit's AppContext, and only on sites where the app is installed.

import type { DocEvent } from '../model/controllers/events.ts';
import type { ControllerRegistry } from '../model/controllers/registry.ts';
import type { Doc } from '../model/document/doc.ts';
import type { AppContext } from './app-context.ts';
import { appContextOf } from './app-context-of.ts';
import { asList, resolveRef } from './app-hooks.ts';
import type { InstalledApps } from './installed-apps.ts';
import type { LoadedApp } from './loaded-app.ts';

/** A doc_events function. */
export type DocEventFunction = (doc: Doc, ctx: AppContext) => unknown;

/** Registers the app's doc_events (`*` included) on `controllers`, scoped to sites with the app. */
export function wireDocEvents(
  controllers: ControllerRegistry,
  app: LoadedApp,
  installed: InstalledApps,
): void {
  for (const [doctype, events] of Object.entries(app.definition.doc_events ?? {})) {
    for (const [event, refs] of Object.entries(events ?? {})) {
      for (const ref of asList(refs)) {
        const fn = resolveRef(app, ref, `doc_events.${doctype}.${event}`).fn as DocEventFunction;
        controllers.on(doctype, event as DocEvent, async (doc, args) => {
          if (await installed.has(args.ctx.site, app.name)) await fn(doc, appContextOf(args.ctx));
        });
      }
    }
  }
}
