// DocType meta: the Meta class, field type groups (listed in src/fieldtypes/), standard fields, and the per-site meta caches.
export * from '../../fieldtypes/index.ts';
export { Meta, permlevel } from './meta.ts';
export { MetaCache, type MetaCacheOptions, metaInvalidateChannel } from './meta-cache.ts';
export { MetaCaches, type MetaCachesOptions } from './meta-caches.ts';
export { scrub } from './scrub.ts';
export { childFields, optionalFields, reservedFieldnames, standardFields } from './standard-fields.ts';
export { isTreeMeta, treeFields, treeParentField } from './tree.ts';
