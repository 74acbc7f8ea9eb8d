// Cortado's frontend router: the role of frappe_docker's internal nginx (see README.md here).
export {
  type FrontendConfig,
  parseFrontendConfig,
  type SiteNameSource,
  type UpstreamEntry,
} from './config.ts';
export { type FrontendOptions, type FrontendServer, startFrontend } from './server.ts';
export { type FrontendThread, type FrontendThreadOptions, startFrontendThread } from './thread.ts';
export type { LookupFn } from './upstream-pool.ts';
