// One DocType JSON file of an app, parsed and checked as far as it can be without a database: the shape
// (zod), standard (custom 0), owned by one of the app's modules, in the folder its name scrubs to, field
// types known, naming and list settings valid. Schema sync at migrate checks the rest (links, tables).
import { readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { z } from 'zod';
import { checkAutoname, checkListSettings } from '../core/controllers/doctype-rules.ts';
import type { DocTypeMeta } from '../db/meta.ts';
import { fieldtypes } from '../fieldtypes/index.ts';
import type { Doc } from '../model/document/doc.ts';
import { scrub } from '../model/meta/scrub.ts';

const flag = z.union([z.literal(0), z.literal(1)]).optional();

const fieldSchema = z.looseObject({
  fieldname: z.string().regex(/^[a-z_][a-z0-9_]{0,63}$/, 'a fieldname is lowercase letters, digits and _'),
  fieldtype: z.string().refine((type) => fieldtypes.has(type), { message: 'unknown fieldtype' }),
  options: z.string().optional(),
  reqd: flag,
  unique: flag,
  hidden: flag,
  read_only: flag,
});

const permissionSchema = z.looseObject({
  role: z.string().min(1),
  permlevel: z.number().int().min(0).optional(),
});

const docTypeSchema = z.looseObject({
  name: z
    .string()
    .min(1)
    .max(61)
    .regex(/^[A-Za-z][A-Za-z0-9 _-]*$/, 'a DocType name is letters, digits, spaces, _ and -'),
  doctype: z.literal('DocType').optional(),
  module: z.string().min(1),
  custom: z.literal(0, { message: 'an app DocType is standard: custom must be 0' }).optional(),
  istable: flag,
  issingle: flag,
  is_submittable: flag,
  is_virtual: flag,
  is_tree: flag,
  fields: z.array(fieldSchema),
  permissions: z.array(permissionSchema).default([]),
});

/**
 * Reads and checks `<module folder>/doctype/<folder>/<folder>.json`; throws an Error (the loader adds the app
 * and file) when it is not a standard DocType of one of `modules`, in the folder its name scrubs to.
 */
export function readAppDocType(file: string, modules: ReadonlyMap<string, string>): DocTypeMeta {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`invalid JSON: ${(error as Error).message}`);
  }
  const parsed = docTypeSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  const meta = parsed.data as unknown as DocTypeMeta;
  const folder = basename(dirname(file));
  if (scrub(meta.name) !== folder)
    throw new Error(`DocType ${meta.name} belongs in a folder named ${scrub(meta.name)}, not ${folder}`);
  const moduleFolder = modules.get(meta.module);
  if (moduleFolder === undefined) throw new Error(`module ${meta.module} is not one of the app's modules`);
  if (basename(dirname(dirname(dirname(file)))) !== moduleFolder)
    throw new Error(`DocType ${meta.name} of module ${meta.module} belongs under ${moduleFolder}/doctype/`);
  const names = new Set<string>();
  for (const field of meta.fields) {
    if (names.has(field.fieldname)) throw new Error(`field ${field.fieldname} appears twice`);
    names.add(field.fieldname);
  }
  checkAutoname(meta as unknown as Doc);
  checkListSettings(meta as unknown as Doc);
  return { ...meta, custom: 0 };
}
