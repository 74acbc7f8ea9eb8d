import { Redis } from 'ioredis';
import { closeClient, fastFailOptions, RedisLink } from '../cache/redis-link.ts';
import { redisWhere } from '../cache/redis-where.ts';
import { createLogger, type Logger } from '../config/log.ts';
import type { Bus } from './bus.ts';
import { BusClosedError, BusUnavailableError } from './errors.ts';
import { Subscriptions } from './subscriptions.ts';

/** Options of the Redis bus. */
export interface RedisBusOptions {
  /** `redis://[:password@]host:port[/db]` (`redis_queue` of the common config). */
  url: string;
  /** Client name shown by CLIENT LIST (`<name>:pub`, `<name>:sub`), to tell connections apart. Default `cortado-bus`. */
  name?: string;
  logger?: Logger;
}

/**
 * The distributed bus on Redis pub/sub: one publishing and one subscribing connection, any number of handlers
 * per channel multiplexed onto a single Redis subscription. After a reconnect the subscriber resubscribes every
 * channel (messages published while it was away are lost, as with Redis pub/sub itself). While Redis is
 * unreachable, `publish` and `subscribe` fail at once with `BusUnavailableError`.
 *
 * @example const bus = new RedisBus({ url: 'redis://redis-queue:6379' }); await bus.publish('events', json);
 */
export class RedisBus implements Bus {
  readonly #pub: Redis;
  readonly #sub: Redis;
  readonly #links: readonly [RedisLink, RedisLink];
  readonly #subs: Subscriptions;
  readonly #where: string;
  /** Channels Redis has confirmed for the subscriber connection. */
  readonly #redisChannels = new Set<string>();
  /** Per channel, the last SUBSCRIBE/UNSUBSCRIBE in flight: changes to one channel are applied in call order. */
  readonly #ops = new Map<string, Promise<void>>();
  #closed = false;

  constructor(options: RedisBusOptions) {
    const log = options.logger ?? createLogger('bus');
    const name = options.name ?? 'cortado-bus';
    this.#where = redisWhere(options.url);
    this.#subs = new Subscriptions(log);
    this.#pub = new Redis(options.url, { ...fastFailOptions(), connectionName: `${name}:pub` });
    this.#sub = new Redis(options.url, {
      ...fastFailOptions(),
      connectionName: `${name}:sub`,
      autoResubscribe: true,
    });
    const where = this.#where;
    this.#links = [
      new RedisLink(this.#pub, { where, role: 'bus publisher', log }),
      new RedisLink(this.#sub, { where, role: 'bus subscriber', log }),
    ];
    this.#sub.on('message', (channel: string, message: string) => {
      this.#subs.call(channel, this.#subs.snapshot(channel), message);
    });
  }

  async publish(channel: string, message: string): Promise<void> {
    if (this.#closed) throw new BusClosedError();
    const [pub] = this.#links;
    if (pub.down) throw new BusUnavailableError(this.#where, pub.reason);
    try {
      await this.#pub.publish(channel, message);
    } catch (error) {
      pub.commandFailed(error);
      throw this.#closed ? new BusClosedError() : new BusUnavailableError(this.#where, error);
    }
  }

  async subscribe(channel: string, handler: (message: string) => void): Promise<() => Promise<void>> {
    if (this.#closed) throw new BusClosedError();
    const link = this.#links[1];
    if (link.down) throw new BusUnavailableError(this.#where, link.reason);
    const sub = this.#subs.add(channel, handler);
    try {
      await this.#sync(channel);
    } catch (error) {
      link.commandFailed(error);
      this.#subs.remove(channel, sub);
      throw this.#closed ? new BusClosedError() : new BusUnavailableError(this.#where, error);
    }
    return async () => {
      // Delivery to this handler stops at once; dropping the Redis subscription is best effort and not waited
      // for (a Redis that does not answer must not hold up a shutdown; later changes to the channel queue behind it).
      if (this.#subs.remove(channel, sub) && !this.#closed) this.#sync(channel).catch(() => {});
    };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#subs.clear();
    for (const link of this.#links) link.forget();
    await Promise.all([closeClient(this.#pub), closeClient(this.#sub)]);
  }

  /** Brings the Redis subscription of `channel` in line with whether any handler wants it. */
  #sync(channel: string): Promise<void> {
    const previous = this.#ops.get(channel) ?? Promise.resolve();
    const next = previous
      .catch(() => {})
      .then(async () => {
        const wanted = this.#subs.has(channel);
        const held = this.#redisChannels.has(channel);
        if (wanted && !held) {
          await this.#sub.subscribe(channel);
          this.#redisChannels.add(channel);
        } else if (!wanted && held) {
          await this.#sub.unsubscribe(channel);
          this.#redisChannels.delete(channel);
        }
      });
    this.#ops.set(channel, next);
    const forget = () => {
      if (this.#ops.get(channel) === next) this.#ops.delete(channel);
    };
    next.then(forget, forget);
    return next;
  }
}
