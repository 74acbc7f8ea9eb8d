import type { ExtendedError } from 'socket.io';
import { CacheUnavailableError } from '../cache/errors.ts';
import type { Logger } from '../config/log.ts';
import { credentialsOf, hasCredentials } from './credentials.ts';
import { ConnectionRefusedError } from './errors.ts';
import type { RealtimeSocket } from './events.ts';
import { hostOf, originAllowed, siteOfHandshake } from './handshake-site.ts';
import type { SessionResolver, SessionUser } from './types.ts';

/** What the authentication middleware needs. */
export interface AuthenticateOptions {
  bench: { hasSite(site: string): boolean };
  sessions: SessionResolver;
  logger: Logger;
  /** Called after a refusal, e.g. to drop a namespace whose name is no site. */
  onRefused?: (socket: RealtimeSocket) => void;
}

type Next = (err?: ExtendedError) => void;

/**
 * Socket.IO middleware for the site namespaces: resolves the site from the handshake, checks that it exists, that
 * the namespace names it and that the Origin belongs to it, then resolves the session directly from the store.
 * On success `socket.data` holds `{ site, user, userType }`; otherwise the client gets a `connect_error` saying why.
 *
 * @example io.of(siteNamespacePattern).use(authenticate({ bench, sessions, logger }));
 */
export function authenticate(options: AuthenticateOptions): (socket: RealtimeSocket, next: Next) => void {
  const { logger } = options;
  return (socket, next) => {
    const refuse = (error: ConnectionRefusedError, site?: string, user?: string) => {
      const { headers } = socket.handshake;
      logger.warn(
        {
          // The site the handshake asked for, even when it was refused for not existing or not matching.
          site: site ?? siteOfHandshake(headers)?.site,
          user,
          namespace: socket.nsp.name,
          code: error.code,
          origin: clip(headers.origin),
          host: clip(headers.host),
          address: socket.handshake.address,
        },
        `realtime connection refused: ${error.message}`,
      );
      options.onRefused?.(socket);
      next(error);
    };
    let site: string;
    try {
      site = checkSite(socket, options.bench);
    } catch (error) {
      if (error instanceof ConnectionRefusedError) return refuse(error);
      logger.error({ err: error }, 'realtime site check failed');
      return refuse(new ConnectionRefusedError('INTERNAL', 'internal error while checking the connection'));
    }
    const credentials = credentialsOf(socket.handshake);
    if (!hasCredentials(credentials)) {
      return refuse(
        new ConnectionRefusedError(
          'NO_CREDENTIALS',
          'Unauthorized: no credentials (send the sid cookie, an Authorization header, or auth.sid / auth.token)',
        ),
        site,
      );
    }
    options.sessions
      .resolve(site, credentials)
      .then(
        (who) => {
          if (!who || who.user === 'Guest' || typeof who.user !== 'string' || who.user === '') {
            return refuse(
              new ConnectionRefusedError('UNAUTHORIZED', 'Unauthorized: invalid or expired session'),
              site,
            );
          }
          socket.data = { site, user: who.user, userType: normalUserType(who.userType) };
          next();
        },
        (error: unknown) => {
          // An unreachable cache is logged once per outage by the cache itself; the refusal below says the rest.
          if (!(error instanceof CacheUnavailableError))
            logger.error({ site, err: error }, 'realtime session check failed');
          refuse(
            new ConnectionRefusedError(
              'SESSION_CHECK_FAILED',
              'could not verify the session: session store unavailable',
            ),
            site,
          );
        },
      )
      .catch((error: unknown) => logger.error({ site, err: error }, 'realtime authentication failed'));
  };
}

/** Returns the handshake's site, or throws the refusal that explains what is wrong with it. */
function checkSite(socket: RealtimeSocket, bench: AuthenticateOptions['bench']): string {
  const { headers } = socket.handshake;
  const asked = siteOfHandshake(headers);
  if (!asked) {
    throw new ConnectionRefusedError(
      'SITE_UNRESOLVED',
      'cannot tell the site: send an X-Frappe-Site-Name, Origin or Host header',
    );
  }
  const { site, source } = asked;
  if (site === undefined) {
    throw new ConnectionRefusedError(
      'SITE_UNRESOLVED',
      `cannot tell the site: the ${source} header ${JSON.stringify(clip(asked.raw))} is not a host name`,
    );
  }
  if (!bench.hasSite(site)) {
    throw new ConnectionRefusedError(
      'SITE_NOT_FOUND',
      `site ${site} does not exist (from the ${source} header)`,
    );
  }
  const namespace = socket.nsp.name.slice(1);
  if (namespace !== site) {
    throw new ConnectionRefusedError(
      'NAMESPACE_MISMATCH',
      `namespace /${namespace} does not match site ${site} (from the ${source} header)`,
    );
  }
  if (!originAllowed(headers, site)) {
    const host = hostOf(headers.host) ?? '(none)';
    throw new ConnectionRefusedError(
      'ORIGIN_MISMATCH',
      `origin ${JSON.stringify(clip(headers.origin))} matches neither host ${host} nor site ${site}`,
    );
  }
  return site;
}

/** Anything but an explicit System User gets the lesser rights. */
function normalUserType(value: unknown): SessionUser['userType'] {
  return value === 'System User' ? 'System User' : 'Website User';
}

/** Header values are attacker-controlled: bound what reaches messages and logs. */
function clip(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const text = String(value);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
