import type { Logger } from '../config/log.ts';
import type { Bus } from './bus.ts';
import { MemoryBus } from './memory-bus.ts';
import { RedisBus } from './redis-bus.ts';

export { type Bus, type RealtimeEvent, realtimeChannel } from './bus.ts';
export { BusClosedError, BusUnavailableError } from './errors.ts';
export { MemoryBus } from './memory-bus.ts';
export { maxRealtimeEventBytes, parseRealtimeEvent, publishRealtime } from './realtime-publisher.ts';
export { RedisBus, type RedisBusOptions } from './redis-bus.ts';

/** How to build the bus: a Redis URL (`redis_queue`) means Redis pub/sub; none means in-process. */
export interface CreateBusOptions {
  redisUrl?: string | undefined;
  /** Client name prefix shown by CLIENT LIST (Redis only). */
  name?: string | undefined;
  logger?: Logger | undefined;
}

/**
 * The bus for this process: Redis when `redisUrl` is set, else the in-process emitter (embedded `cortado start`,
 * where backend and websocket share one process and so one bus instance).
 *
 * @example const bus = createBus({ redisUrl: common.redis_queue }); await publishRealtime(bus, event);
 */
export function createBus(options: CreateBusOptions = {}): Bus {
  if (options.redisUrl)
    return new RedisBus({ url: options.redisUrl, name: options.name, logger: options.logger });
  return new MemoryBus({ logger: options.logger });
}
