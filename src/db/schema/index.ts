export { schemaAdapter } from './adapters.ts';
export {
  applyCustomizations,
  castValue,
  loadCustomizedMeta,
  uncustomizableDocTypes,
} from './customizations.ts';
export { assertDoctypeName, assertFieldname, indexName } from './identifiers.ts';
export { listDocTypes, loadMeta, storeMeta } from './meta-store.ts';
export type { SchemaAdapter } from './schema-adapter.ts';
export { type SyncOptions, type SyncResult, syncTable } from './sync-table.ts';
export { installSystemTables } from './system-tables.ts';
export { optionalColumns, tableSpec } from './table-spec.ts';
export { columnType } from './type-map.ts';
export type { ColumnInfo, ColumnSpec, IndexInfo, IndexSpec, TableInfo, TableSpec } from './types.ts';
