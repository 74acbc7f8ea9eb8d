// frappe_docker's custom-image input: APPS_JSON_BASE64, the base64 of a JSON list of apps. Entries as
// frappe_docker's, `{"url": "<git URL>", "branch": "<branch>"}`, or Cortado's npm form `{"npm": "<spec>"}`;
// either may add `"allow_scripts": true` (see get-app). Unknown keys are refused: a typo would otherwise be
// silently ignored by an image build.
import { z } from 'zod';

const allowScripts = z.boolean().optional();
const appsJsonSchema = z.array(
  z.union([
    z.strictObject({
      url: z.string().min(1),
      branch: z.string().min(1).optional(),
      allow_scripts: allowScripts,
    }),
    z.strictObject({ npm: z.string().min(1), allow_scripts: allowScripts }),
  ]),
);

export type AppsJsonEntry = z.infer<typeof appsJsonSchema>[number];

/** The list in APPS_JSON_BASE64; empty (or only spaces) means no apps. */
export function decodeAppsJson(base64: string): AppsJsonEntry[] {
  const compact = base64.replace(/\s+/g, '');
  if (!compact) return [];
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(compact)) throw new Error('APPS_JSON_BASE64 is not base64');
  let list: unknown;
  try {
    list = JSON.parse(Buffer.from(compact, 'base64').toString('utf8'));
  } catch {
    throw new Error('APPS_JSON_BASE64 does not hold JSON (make it with: base64 -w 0 apps.json)');
  }
  const parsed = appsJsonSchema.safeParse(list);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
    throw new Error(
      `APPS_JSON_BASE64${where}: expected [{"url": "<git URL>", "branch": "<branch>"} or {"npm": "<spec>"}, ...]`,
    );
  }
  return parsed.data;
}
