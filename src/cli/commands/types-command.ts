import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { generateTypes } from '../../backend/api/generate-types.ts';
import type { Queryable } from '../../db/database.ts';
import { SiteDatabases } from '../../db/index.ts';
import type { DocTypeMeta } from '../../db/meta.ts';
import { loadCustomizedMeta } from '../../db/schema/customizations.ts';
import { benchFor, targetSite } from '../global-options.ts';

/** Every DocType meta stored on a site, by name. */
export async function siteMetas(db: Queryable): Promise<DocTypeMeta[]> {
  const q = db.dialect.quote;
  const rows = await db.all<{ name: string }>(
    `select ${q('name')} from ${q('tabDocType')} order by ${q('name')}`,
  );
  const metas: DocTypeMeta[] = [];
  for (const { name } of rows) {
    const meta = await loadCustomizedMeta(db, name);
    if (meta) metas.push(meta);
  }
  return metas;
}

/**
 * `cortado types [--out file]`: TypeScript interfaces for the site's DocTypes (as the REST API returns
 * documents), on standard output or into a file.
 *
 * @example cortado --site erp.local types --out src/doctypes.ts
 */
export function registerTypesCommand(program: Command): void {
  program
    .command('types')
    .description("write TypeScript interfaces for the site's DocTypes")
    .option('--out <file>', 'write to this file instead of standard output')
    .action(async (opts: { out?: string }, command: Command) => {
      const bench = benchFor(command);
      const site = targetSite(bench, command);
      const databases = new SiteDatabases(bench);
      try {
        const metas = await siteMetas(databases.get(site));
        const text = generateTypes(metas);
        if (!opts.out) {
          process.stdout.write(text);
          return;
        }
        writeFileSync(opts.out, text);
        process.stderr.write(`Wrote ${metas.length} DocTypes of ${site} to ${opts.out}\n`);
      } finally {
        await databases.closeAll();
      }
    });
}
