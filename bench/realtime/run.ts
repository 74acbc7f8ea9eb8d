// Realtime fan-out benchmark: Cortado's websocket service (`cortado websocket`, compiled) beside a bare
// Socket.IO + Redis adapter server with the same namespace and rooms (floor-server.mjs), fed from the same
// Redis channel `events`, 200 clients in one `doctype:` room. Per round and server: a burst of 2,000
// `list_update` events published at once (deliveries/s until every client has every event, and the server's
// CPU µs per delivery), then 250 events/s paced (p99 publish-to-client latency), then the server's RSS.
// Three rounds, servers interleaved and restarted each round; medians and Cortado/floor ratios are printed.
//
//   npx tsx bench/realtime/run.ts          CLIENTS=200 BURST=2000 RATE=250 PACED_SECONDS=4 ROUNDS=3
import { Redis } from 'ioredis';
import { createBenchSite } from '../api/site.ts';
import { benchCli } from '../support/compiled-cli.ts';
import { cpuSeconds } from '../support/process-cpu.ts';
import { rssMb } from '../support/process-memory.ts';
import { connectFleet, type Fleet } from './clients.ts';
import { type Running, startCortado, startFloor, startRedis } from './servers.ts';

process.env.LOG_LEVEL ??= 'silent';
const settings = {
  clients: Number(process.env.CLIENTS ?? 200),
  burst: Number(process.env.BURST ?? 2000),
  rate: Number(process.env.RATE ?? 250),
  pacedSeconds: Number(process.env.PACED_SECONDS ?? 4),
  rounds: Number(process.env.ROUNDS ?? 3),
};
const doctype = 'Bench Item';

interface Result {
  deliveriesPerSec: number;
  cpuUsPerDelivery: number;
  p50: number;
  p99: number;
  rss: number;
}

const cli = benchCli();
const redis = await startRedis();
const site = await createBenchSite('sqlite');
site.bench.updateCommonConfig({ redis_cache: redis.url, redis_queue: redis.url });
const publisher = new Redis(redis.url);

const event = (i: number, t?: number) =>
  JSON.stringify({
    event: 'list_update',
    message: { doctype, name: `item-${i}`, user: 'bench@example.com', ...(t !== undefined && { t }) },
    room: `doctype:${doctype}`,
    namespace: site.site,
  });

/** Publishes probes until every client has one: their subscriptions are in place. */
async function warm(fleet: Fleet): Promise<void> {
  const ready = fleet.eachReceived(1, 60_000);
  let done = false;
  void ready.then(
    () => (done = true),
    () => (done = true),
  );
  while (!done) {
    await publisher.publish('events', event(0));
    await new Promise((r) => setTimeout(r, 50));
  }
  await ready;
  await new Promise((r) => setTimeout(r, 200));
}

async function burst(
  fleet: Fleet,
  server: Running,
): Promise<Pick<Result, 'deliveriesPerSec' | 'cpuUsPerDelivery'>> {
  const before = fleet.received();
  const perClient = before / settings.clients + settings.burst;
  const cpu = cpuSeconds(server.pid);
  const start = performance.now();
  const pipeline = publisher.pipeline();
  for (let i = 1; i <= settings.burst; i++) pipeline.publish('events', event(i));
  await pipeline.exec();
  await fleet.eachReceived(perClient, 60_000);
  const seconds = (performance.now() - start) / 1000;
  const deliveries = settings.burst * settings.clients;
  return {
    deliveriesPerSec: deliveries / seconds,
    cpuUsPerDelivery: ((cpuSeconds(server.pid) - cpu) * 1e6) / deliveries,
  };
}

async function paced(fleet: Fleet): Promise<Pick<Result, 'p50' | 'p99'>> {
  const total = settings.rate * settings.pacedSeconds;
  const before = fleet.received();
  fleet.latencies.length = 0;
  fleet.recordLatency = true;
  const start = performance.now();
  for (let i = 0; i < total; ) {
    // Publish whatever is due by now, then sleep: timers are coarse, the schedule is not.
    const due = Math.min(total, Math.floor(((performance.now() - start) * settings.rate) / 1000) + 1);
    while (i < due) void publisher.publish('events', event(++i, performance.now()));
    await new Promise((r) => setTimeout(r, 1));
  }
  await fleet.eachReceived((before + total * settings.clients) / settings.clients, 60_000);
  fleet.recordLatency = false;
  const sorted = fleet.latencies.sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { p50: at(0.5), p99: at(0.99) };
}

async function measure(name: string, server: Running): Promise<Result> {
  const fleet = await connectFleet({
    url: `ws://127.0.0.1:${server.port}`,
    site: site.site,
    headers: { authorization: site.authorization, 'x-frappe-site-name': site.site },
    count: settings.clients,
    doctype,
  });
  try {
    await warm(fleet);
    const b = await burst(fleet, server);
    const p = await paced(fleet);
    const result = { ...b, ...p, rss: rssMb(server.pid) };
    process.stderr.write(
      `  ${name.padEnd(8)} ${fmt(result.deliveriesPerSec / 1000)}k deliveries/s, ${fmt(result.cpuUsPerDelivery, 2)} µs CPU/delivery, p50 ${fmt(result.p50, 1)} ms, p99 ${fmt(result.p99, 1)} ms, RSS ${fmt(result.rss)} MB\n`,
    );
    return result;
  } finally {
    fleet.close();
  }
}

const fmt = (n: number, digits = 0) => n.toFixed(digits);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const results: Record<'floor' | 'cortado', Result[]> = { floor: [], cortado: [] };
try {
  process.stderr.write(
    `clients=${settings.clients} burst=${settings.burst} rate=${settings.rate}/s for ${settings.pacedSeconds} s, rounds=${settings.rounds}\n`,
  );
  for (let round = 1; round <= settings.rounds; round++) {
    process.stderr.write(`round ${round}\n`);
    // Alternating which goes first, so neither always runs on the warmer machine.
    const order = round % 2 === 1 ? (['floor', 'cortado'] as const) : (['cortado', 'floor'] as const);
    for (const name of order) {
      const server =
        name === 'floor' ? await startFloor(redis.url) : await startCortado(cli, site.bench.sitesPath);
      try {
        results[name].push(await measure(name, server));
      } finally {
        await server.stop();
      }
    }
  }
} finally {
  publisher.disconnect();
  await site.close();
  await redis.stop();
}

const med = (name: 'floor' | 'cortado', key: keyof Result) => median(results[name].map((r) => r[key]));
const row = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(28) : c.padStart(12))).join('');
console.log(`\nmedians of ${settings.rounds} rounds, ${settings.clients} clients in one room`);
console.log(row(['', 'floor', 'Cortado', 'Cortado/floor']));
const line = (label: string, key: keyof Result, digits: number, scale = 1) => {
  const [f, c] = [med('floor', key) * scale, med('cortado', key) * scale];
  console.log(row([label, fmt(f, digits), fmt(c, digits), (c / f).toFixed(2)]));
};
line(`burst deliveries/s (k)`, 'deliveriesPerSec', 1, 1 / 1000);
line('burst CPU µs/delivery', 'cpuUsPerDelivery', 2);
line(`paced ${settings.rate}/s p50 (ms)`, 'p50', 1);
line(`paced ${settings.rate}/s p99 (ms)`, 'p99', 1);
line('RSS after (MB)', 'rss', 0);
