// The roles deploy/entrypoint.sh takes as its first argument (frappe_docker's service names).

/** Long-running roles, each a compose service and a Helm Deployment. */
export const serviceRoles = ['frontend', 'backend', 'websocket', 'worker', 'scheduler'] as const;

/** One-shot roles: compose services that exit, Helm Jobs. */
export const oneShotRoles = ['configurator', 'create-site', 'migrate', 'backup'] as const;

/** Every role the entrypoint must handle, helpers included. */
export const entrypointRoles: readonly string[] = [
  ...serviceRoles,
  ...oneShotRoles,
  'start',
  'wait-config',
  'healthcheck',
];
