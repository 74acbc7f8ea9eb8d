// What installing and removing apps does to a site's database, without knowing about apps: standard DocTypes
// synced from JSON, DocTypes dropped, links into DocTypes found. `src/apps/site/` drives these per app.
export { dropDocTypes } from './drop-doctypes.ts';
export { type LinkInto, linksInto } from './links-into.ts';
export { syncStandardDocType } from './sync-standard-doctype.ts';
