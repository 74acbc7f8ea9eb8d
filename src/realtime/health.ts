import type { IncomingMessage, ServerResponse } from 'node:http';

const body = JSON.stringify({ status: 'ok' });

/**
 * The plain HTTP side of the websocket service: `GET /health` answers 200 `{"status":"ok"}` for orchestrators;
 * anything else that is not `/socket.io` (which Socket.IO intercepts first) is a 404.
 *
 * @example createServer(healthHandler)
 */
export function healthHandler(req: IncomingMessage, res: ServerResponse): void {
  const path = (req.url ?? '').split('?')[0];
  if (path === '/health' && (req.method === 'GET' || req.method === 'HEAD')) {
    res.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(body),
      'cache-control': 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
    return;
  }
  res.writeHead(404, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify({ status: 'not found' }));
}
