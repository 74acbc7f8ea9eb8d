// `cortado/testing` as Node loads it: compiled when built, else the sources through tsx (see ./index.js).
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/testing.js', import.meta.url);
const built = existsSync(compiled);
if (!built) (await import('tsx/esm/api')).register();
const entry = await import(built ? compiled.href : new URL('../src/testing.ts', import.meta.url).href);

export const { createTestSite } = entry;
