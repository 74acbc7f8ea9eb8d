// The document engine (docs/wire.md §7): DocType meta and its caches, documents and their lifecycle,
// naming, controllers, permissions. The list query engine lives in ./query.
export {
  createDocContext,
  type DocContext,
  type DocContextInit,
  type DocUserType,
  nowOf,
  type RealtimeMessage,
} from './context.ts';
export * from './controllers/index.ts';
export * from './document/index.ts';
export * from './meta/index.ts';
export * from './naming/index.ts';
export * from './permissions/index.ts';
export * from './virtual/index.ts';
