import { z } from 'zod';

const port = z.coerce.number().int().min(1).max(65535);
const redisUrl = z.string().regex(/^rediss?:\/\/\S+$/, 'expected a redis:// or rediss:// URL');
export const dbTypes = ['sqlite', 'postgres', 'mariadb'] as const;
export type DbType = (typeof dbTypes)[number];

/** Keys of `sites/common_site_config.json` that Cortado reads; other keys pass through untouched. */
export const commonConfigSchema = z.looseObject({
  db_host: z.string().min(1).optional(),
  db_port: port.optional(),
  db_type: z.enum(dbTypes).optional(),
  redis_cache: redisUrl.optional(),
  redis_queue: redisUrl.optional(),
  redis_socketio: redisUrl.optional(),
  socketio_port: port.optional(),
  webserver_port: port.optional(),
  default_site: z.string().min(1).optional(),
  root_login: z.string().min(1).optional(),
  root_password: z.string().optional(),
  session_expiry: z
    .string()
    .regex(/^\d+:\d{2}(:\d{2})?$/, 'expected "hours:minutes[:seconds]", e.g. "240:00:00"')
    .optional(),
  allow_cors: z.union([z.string(), z.array(z.string())]).optional(),
  host_name: z.string().optional(),
  encryption_key: z.string().min(1).optional(),
  rate_limit_login: z.coerce.number().int().min(1).optional(),
  developer_mode: z.union([z.boolean(), z.literal(0), z.literal(1)]).optional(),
  maintenance_mode: z.union([z.boolean(), z.literal(0), z.literal(1)]).optional(),
  pause_scheduler: z.union([z.boolean(), z.literal(0), z.literal(1)]).optional(),
  /** Seconds (0: no limit) a server database may take to connect, run a statement, wait for a lock (docs/deploy.md). */
  db_connect_timeout: z.coerce.number().min(0).optional(),
  db_statement_timeout: z.coerce.number().min(0).optional(),
  db_lock_timeout: z.coerce.number().min(0).optional(),
});

/** Keys of `sites/<site>/site_config.json`: everything common may hold, plus the site's database. */
export const siteConfigSchema = commonConfigSchema.extend({
  db_name: z.string().min(1).optional(),
  db_user: z.string().min(1).optional(),
  db_password: z.string().optional(),
  /** SQLite only: the database file, relative to the site folder (default `site.db`). */
  db_file: z.string().min(1).optional(),
});

export type CommonConfig = z.infer<typeof commonConfigSchema>;
export type SiteConfig = z.infer<typeof siteConfigSchema>;
