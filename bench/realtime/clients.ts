// The benchmark's Socket.IO clients, speaking Engine.IO v4 over a bare `ws` WebSocket: a socket.io-client per
// connection would parse every packet's JSON and make the load generator, not the server, the bottleneck. A
// burst delivery is only counted (two bytes looked at); a paced one has its send time read from the payload.
import WebSocket from 'ws';

/** One connected client and what it has received. */
interface Client {
  ws: WebSocket;
  received: number;
}

/** The fleet of clients in one room; `onDelivery` sees each event (`list_update`) a client receives. */
export interface Fleet {
  /** Events received so far, summed over clients. */
  received(): number;
  /** Resolves once every client has received at least `count` events (or rejects after `timeoutMs`). */
  eachReceived(count: number, timeoutMs: number): Promise<void>;
  /** Latencies (ms) of events carrying a `t` send time, collected while `recordLatency` is on. */
  latencies: number[];
  recordLatency: boolean;
  close(): void;
}

/** What the clients connect with. */
export interface FleetOptions {
  url: string;
  site: string;
  headers: Record<string, string>;
  count: number;
  /** The DocType whose `doctype:` room each client subscribes to. */
  doctype: string;
}

const messagePrefix = '42'; // Engine.IO "message" + Socket.IO "event"

/** Connects `count` clients to `/<site>` and subscribes each to the DocType's room. */
export async function connectFleet(options: FleetOptions): Promise<Fleet> {
  const clients: Client[] = [];
  const latencies: number[] = [];
  const fleet: Fleet = {
    received: () => clients.reduce((sum, c) => sum + c.received, 0),
    latencies,
    recordLatency: false,
    eachReceived: (count, timeoutMs) =>
      new Promise((resolve, reject) => {
        const deadline = Date.now() + timeoutMs;
        const check = () => {
          if (clients.every((c) => c.received >= count)) return resolve();
          if (Date.now() > deadline)
            return reject(
              new Error(`only ${fleet.received()} of ${count * clients.length} deliveries arrived`),
            );
          setTimeout(check, 2);
        };
        check();
      }),
    close: () => {
      for (const c of clients) c.ws.terminate();
    },
  };
  const nsp = `/${options.site}`;
  const connectOne = () =>
    new Promise<Client>((resolve, reject) => {
      const ws = new WebSocket(`${options.url}/socket.io/?EIO=4&transport=websocket`, {
        headers: options.headers,
        perMessageDeflate: false,
        skipUTF8Validation: true,
      });
      const client: Client = { ws, received: 0 };
      ws.on('error', reject);
      ws.on('message', (data: Buffer) => {
        // Fast path: an event packet of this namespace (the only thing the benchmark publishes).
        if (data[0] === 0x34 && data[1] === 0x32) {
          client.received++;
          if (fleet.recordLatency) {
            const text = data.toString();
            const at = text.indexOf('"t":');
            if (at > 0) latencies.push(performance.now() - Number.parseFloat(text.slice(at + 4)));
          }
          return;
        }
        const text = data.toString();
        if (text === '2') return ws.send('3'); // ping → pong
        if (text.startsWith('0')) return ws.send(`40${nsp},`); // open → connect to the site namespace
        if (text.startsWith(`40${nsp},`)) {
          ws.send(`${messagePrefix}${nsp},${JSON.stringify(['doctype_subscribe', options.doctype])}`);
          return resolve(client);
        }
        if (text.startsWith(`44${nsp},`)) reject(new Error(`connection refused: ${text}`));
      });
    });
  // A few at a time: 200 simultaneous handshakes would measure the session store, not the fan-out.
  for (let i = 0; i < options.count; i += 20) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(20, options.count - i) }, () => connectOne()),
    );
    clients.push(...batch);
  }
  return fleet;
}
