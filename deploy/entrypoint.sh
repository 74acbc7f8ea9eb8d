#!/bin/sh
# Entrypoint of the Cortado image. The first argument picks the role (frappe_docker's service names),
# the rest is passed on:
#
#   frontend | backend | websocket | scheduler   the long-running services
#   worker [--queue short,default]               a job worker
#   configurator                                 one-shot: common_site_config.json from DB_HOST, DB_PORT,
#                                                DB_TYPE, REDIS_CACHE, REDIS_QUEUE, SOCKETIO_PORT
#   create-site                                  one-shot: new-site $SITE_NAME unless it exists
#   migrate                                      one-shot: migrate $SITE_NAME (every site when unset)
#   backup                                       one-shot: back up $SITE_NAME (every site when unset)
#   wait-config                                  wait until the configurator wrote $CONFIG_STAMP (Helm)
#   healthcheck [role]                           probe a role (what HEALTHCHECK and probes run)
#   start                                        every service in one process (the image's default)
#
# Anything else is a cortado command (`list-sites`, `new-site x`, `set-config -g k v`), or, when it
# names a program on PATH, that program (`sh`, `node`).
set -eu

CORTADO=${CORTADO_BIN:-cortado}
HEALTHCHECK=${CORTADO_HEALTHCHECK_BIN:-cortado-healthcheck}
SITES_PATH=${SITES_PATH:-/home/cortado/bench/sites}
ASSETS_PATH=${CORTADO_ASSETS_PATH:-/home/cortado/bench/assets}
APPS_TXT=${CORTADO_APPS_TXT:-/home/cortado/bench/apps.txt}

log() { printf '[cortado-entrypoint] %s\n' "$*" >&2; }

# What comes with the image lives in the image, not in the shared sites volume: sites/<name> is a symlink
# to it, which every container resolves inside its own image. A new image therefore serves its own desk
# assets and runs its own apps at once, where a copy in the volume would go stale after an upgrade (a
# recurring frappe_docker problem). Two things are linked so:
#   sites/assets    -> ASSETS_PATH, the built desk assets
#   sites/apps.txt  -> APPS_TXT, the apps built into the image (APPS_JSON_BASE64, docs/deploy.md)
# A real file or folder left there (say by a Frappe bench) is moved aside, not deleted.
link_from_image() {
  target=$1
  link="$SITES_PATH/$2"
  [ -e "$target" ] || return 0
  if [ -L "$link" ] && [ "$(readlink "$link")" = "$target" ]; then return 0; fi
  if ! mkdir -p "$SITES_PATH" 2>/dev/null || [ ! -w "$SITES_PATH" ]; then
    log "warning: $SITES_PATH is not writable, cannot link $link to $target"
    return 0
  fi
  if [ -e "$link" ] && [ ! -L "$link" ]; then
    aside="$link.replaced-$(date +%Y%m%d%H%M%S)"
    log "moving $link aside to $aside: it now comes with the image"
    mv "$link" "$aside"
  fi
  # Atomic replace: several containers may start at once on the same volume. HOSTNAME comes from the
  # environment Docker and Kubernetes set (one per container), so temporary names never collide.
  # shellcheck disable=SC3028
  tmp="$SITES_PATH/.$2-link.${HOSTNAME:-local}.$$"
  ln -s "$target" "$tmp"
  mv -T -f "$tmp" "$link"
}

link_image_files() {
  link_from_image "$ASSETS_PATH" assets
  link_from_image "$APPS_TXT" apps.txt
}

configure() {
  # Separate containers share nothing in process: without Redis each would have its own cache, bus and
  # queue, and realtime events from the backend would never reach the websocket service.
  if { [ -z "${REDIS_CACHE:-}" ] || [ -z "${REDIS_QUEUE:-}" ]; } && [ "${ALLOW_EMBEDDED:-0}" != 1 ]; then
    log "REDIS_CACHE and REDIS_QUEUE must be set (host:port or redis:// URL): add overrides/compose.redis.yaml"
    log "or point them at your Redis. Set ALLOW_EMBEDDED=1 to run without Redis (one container only)."
    exit 1
  fi
  "$CORTADO" configure "$@"
  # Helm: Deployments wait (wait-config) until the configuration of their own release is written.
  if [ -n "${CONFIG_STAMP:-}" ]; then
    printf '%s\n' "$CONFIG_STAMP" >"$SITES_PATH/.config-stamp.tmp"
    mv -f "$SITES_PATH/.config-stamp.tmp" "$SITES_PATH/.config-stamp"
  fi
}

wait_config() {
  : "${CONFIG_STAMP:?wait-config needs CONFIG_STAMP}"
  deadline=$(($(date +%s) + ${WAIT_CONFIG_TIMEOUT:-600}))
  until [ "$(cat "$SITES_PATH/.config-stamp" 2>/dev/null || true)" = "$CONFIG_STAMP" ]; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
      log "gave up waiting for the configure job to write $SITES_PATH/.config-stamp = $CONFIG_STAMP"
      exit 1
    fi
    log "waiting for the configure job ($SITES_PATH/.config-stamp = $CONFIG_STAMP)"
    sleep "${WAIT_CONFIG_INTERVAL:-3}"
  done
}

create_site() {
  : "${SITE_NAME:?create-site needs SITE_NAME}"
  if [ -f "$SITES_PATH/$SITE_NAME/site_config.json" ]; then
    log "site $SITE_NAME exists, nothing to do"
    exit 0
  fi
  # ADMIN_PASSWORD and DB_ROOT_PASSWORD are read by new-site from the environment: never on argv.
  set -- new-site "$SITE_NAME" "$@"
  if [ -n "${DB_TYPE:-}" ]; then set -- "$@" --db-type "$DB_TYPE"; fi
  if [ -n "${DB_ROOT_USERNAME:-}" ]; then set -- "$@" --db-root-username "$DB_ROOT_USERNAME"; fi
  if [ "${SET_DEFAULT_SITE:-1}" = 1 ]; then set -- "$@" --set-default; fi
  exec "$CORTADO" "$@"
}

# migrate / backup: one site when SITE_NAME is set (skipped, as frappe_docker's migrator does, while it
# does not exist yet), else every site.
per_site() {
  command=$1
  shift
  site=${SITE_NAME:-all}
  if [ "$site" != all ] && [ ! -f "$SITES_PATH/$site/site_config.json" ]; then
    log "site $site not found in $SITES_PATH, skipping $command"
    exit 0
  fi
  exec "$CORTADO" --site "$site" "$command" "$@"
}

role=${1:-start}
[ $# -gt 0 ] && shift

case "$role" in
  healthcheck) exec "$HEALTHCHECK" "$@" ;;
  wait-config) wait_config ;;
  *) link_image_files ;;
esac

case "$role" in
  frontend | backend | websocket | scheduler | worker | start) exec "$CORTADO" "$role" "$@" ;;
  configurator) configure "$@" ;;
  create-site) create_site "$@" ;;
  migrate | backup) per_site "$role" "$@" ;;
  wait-config) ;;
  -*) exec "$CORTADO" "$role" "$@" ;;
  *)
    # A program on PATH (a path, not a shell builtin) runs as is; anything else is a cortado command.
    case "$(command -v "$role" 2>/dev/null || true)" in
      /*) exec "$role" "$@" ;;
      *) exec "$CORTADO" "$role" "$@" ;;
    esac
    ;;
esac
