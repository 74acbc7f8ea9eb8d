import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ValidationError } from '../errors/index.ts';
import { overridesConversion } from '../model/query/index.ts';

type Done = (error: Error | null, body?: unknown) => void;
type CallbackParser = (request: FastifyRequest, body: string, done: Done) => void;

/**
 * Body parsing as Frappe reads bodies: JSON (`application/json`, `application/*+json`; an empty body
 * means "no JSON", so the query string applies), urlencoded forms, and any other type kept as raw bytes
 * (ignored by argument parsing) instead of a 415. Bodies are capped by the server's `bodyLimit` (413);
 * malformed JSON, `__proto__`/`constructor.prototype` keys and `toString`/`valueOf` keys are a 417
 * ValidationError.
 */
export function registerBodyParsers(app: FastifyInstance): void {
  app.register(formbody);
  // At run time Fastify's default parser is the callback form (its type is a union of both forms).
  const secureJson = app.getDefaultJsonParser('error', 'error') as CallbackParser;
  const json: CallbackParser = (request, body, done) => {
    if (body.trim() === '') {
      done(null, undefined);
      return;
    }
    secureJson(request, body, (error, value) => {
      if (error) done(new ValidationError('Invalid JSON in request body', { cause: error }));
      else if (overridesConversion(body, value))
        done(new ValidationError('The request body may not hold toString or valueOf keys'));
      else done(null, value);
    });
  };
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, json);
  app.addContentTypeParser(/^application\/[\w.+-]+\+json(?:\s*;|$)/i, { parseAs: 'string' }, json);
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
}
