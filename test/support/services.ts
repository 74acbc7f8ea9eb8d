// Which external services the integration suites run against.
// Locally a suite joins in when its URL is set; with CI=true every URL must be set (a missing one
// fails the run instead of skipping it), so CI always covers all three databases and Redis.

export type DbKind = 'sqlite' | 'postgres' | 'mariadb';

const urls = {
  redis: process.env.TEST_REDIS_URL,
  postgres: process.env.TEST_POSTGRES_URL,
  mariadb: process.env.TEST_MARIADB_URL,
};

if (process.env.CI === 'true') {
  const missing = Object.entries(urls)
    .filter(([, url]) => !url)
    .map(([name]) => `TEST_${name.toUpperCase()}_URL`);
  if (missing.length)
    throw new Error(`CI=true but ${missing.join(', ')} not set: integration suites cannot run`);
}

/** Redis URL for integration suites, or undefined when not configured (never undefined in CI). */
export const redisUrl: string | undefined = urls.redis;
export const postgresUrl: string | undefined = urls.postgres;
export const mariadbUrl: string | undefined = urls.mariadb;

/** Every database a suite should loop over: SQLite always, the servers when configured. */
export const databases: DbKind[] = [
  'sqlite',
  ...(urls.postgres ? (['postgres'] as const) : []),
  ...(urls.mariadb ? (['mariadb'] as const) : []),
];
