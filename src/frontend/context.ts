import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ClientAddress } from './real-ip.ts';

/** One request as the router sees it, passed explicitly through the rules. */
export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  /** The URL to forward: origin-form, raw (still percent-encoded). */
  url: string;
  /** `url` up to the query string, raw. */
  rawPath: string;
  /** The query string including its `?`, or ''. */
  query: string;
  /** Decoded and normalised path: what the rules match on. */
  path: string;
  /** The resolved site name (X-Frappe-Site-Name). */
  site: string;
  /** The client's Host header, forwarded unchanged (the site name when the client sent none). */
  host: string;
  client: ClientAddress;
  head: boolean;
}
