import { MemoryBus } from '../../src/bus/memory-bus.ts';
import { RedisBus } from '../../src/bus/redis-bus.ts';
import { redisUrl } from '../support/services.ts';
import { runBusConformance } from './bus-conformance.ts';

runBusConformance('memory', () => {
  const bus = new MemoryBus();
  return { publisher: bus, subscriber: bus };
});

if (redisUrl) {
  const url = redisUrl;
  // Two instances, two pairs of connections: what a backend and a websocket process would hold.
  runBusConformance('redis', () => ({
    publisher: new RedisBus({ url, name: 'cortado-test-pub' }),
    subscriber: new RedisBus({ url, name: 'cortado-test-sub' }),
  }));
}
