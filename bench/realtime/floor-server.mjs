// The floor the realtime benchmark compares against: Socket.IO with the Redis adapter and nothing of Cortado's —
// the same site namespace and rooms, bus events from the same Redis channel emitted to the same room, no
// authentication, no permission checks, no logging. Plain JavaScript, so that no TypeScript loader adds to
// its memory. Run: node floor-server.mjs <port> <redisUrl>.
import { createServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import { Server } from 'socket.io';

const [port, redisUrl] = [Number(process.argv[2]), process.argv[3]];
const pub = new Redis(redisUrl);
const sub = new Redis(redisUrl);
const events = new Redis(redisUrl);

const http = createServer((req, res) => {
  res.writeHead(req.url === '/health' ? 200 : 404).end();
});
const io = new Server(http, { path: '/socket.io', cleanupEmptyChildNamespaces: false });
io.adapter(createAdapter(pub, sub, { publishOnSpecificResponseChannel: true }));
io.of(/^\/[a-z0-9.-]+$/i).on('connection', (socket) => {
  socket.join(['user:bench', 'website', 'all']);
  socket.on('doctype_subscribe', (doctype) => socket.join(`doctype:${doctype}`));
});

await events.subscribe('events');
events.on('message', (_channel, raw) => {
  const { event, message, room, namespace } = JSON.parse(raw);
  const nsp = io._nsps.get(`/${namespace}`);
  if (!nsp) return;
  const target = event === 'list_update' ? `doctype:${message.doctype}` : room;
  (target ? nsp.local.to(target) : nsp.local).emit(event, message);
});
http.listen(port, '127.0.0.1');
