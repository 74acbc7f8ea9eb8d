import pg from 'pg';
import { normalizeTemporal } from '../values.ts';

// Type OIDs (pg_type.oid) whose default parsing Cortado overrides.
const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;
const TIME = 1083;
const TIMESTAMP = 1114;
const TIMESTAMPTZ = 1184;
const TIMETZ = 1266;
const JSON_OID = 114;
const JSONB = 3802;

const asText = (value: string): string => value;
const asNumber = (value: string): number => Number(value);

/**
 * Per-pool type parsers (the global `pg.types` is left alone for other users of pg): datetimes and times
 * as strings with six fraction digits (Postgres trims trailing zeros), dates as `YYYY-MM-DD`, bigints and
 * numerics as numbers (as MariaDB and SQLite return them), JSON as its text (as the other databases do).
 */
export const postgresTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    switch (oid) {
      case INT8:
      case NUMERIC:
        return asNumber;
      case TIMESTAMP:
      case TIME:
        return normalizeTemporal;
      case DATE:
      case TIMESTAMPTZ:
      case TIMETZ:
      case JSON_OID:
      case JSONB:
        return asText;
      default:
        return pg.types.getTypeParser(oid, format ?? 'text');
    }
  }) as pg.CustomTypesConfig['getTypeParser'],
};
