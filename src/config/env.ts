// Environment variables that override config files, with the names frappe_docker and Frappe use.
// The configurator writes DB_HOST etc. into common_site_config.json; the FRAPPE_* ones override at run time.

const overrides: Array<[env: string, key: string]> = [
  ['FRAPPE_DB_HOST', 'db_host'],
  ['FRAPPE_DB_PORT', 'db_port'],
  ['FRAPPE_DB_TYPE', 'db_type'],
  ['FRAPPE_REDIS_CACHE', 'redis_cache'],
  ['FRAPPE_REDIS_QUEUE', 'redis_queue'],
  ['FRAPPE_REDIS_SOCKETIO', 'redis_socketio'],
  ['FRAPPE_SOCKETIO_PORT', 'socketio_port'],
];

/** Config keys set by the environment (values still validated by the schema). */
export function envOverrides(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, key] of overrides) {
    const value = env[name];
    if (value) out[key] = value;
  }
  return out;
}

/** The configurator's inputs (frappe_docker's names), as common-config keys. */
export function configuratorValues(env: NodeJS.ProcessEnv = process.env): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  if (env.DB_HOST) out.db_host = env.DB_HOST;
  if (env.DB_PORT) out.db_port = Number(env.DB_PORT);
  if (env.DB_TYPE) out.db_type = env.DB_TYPE;
  if (env.REDIS_CACHE) out.redis_cache = withScheme(env.REDIS_CACHE);
  if (env.REDIS_QUEUE) out.redis_queue = withScheme(env.REDIS_QUEUE);
  if (env.REDIS_SOCKETIO) out.redis_socketio = withScheme(env.REDIS_SOCKETIO);
  if (env.SOCKETIO_PORT) out.socketio_port = Number(env.SOCKETIO_PORT);
  return out;
}

// frappe_docker passes `redis-cache:6379`; Frappe stores `redis://redis-cache:6379`.
function withScheme(address: string): string {
  return /^rediss?:\/\//.test(address) ? address : `redis://${address}`;
}
