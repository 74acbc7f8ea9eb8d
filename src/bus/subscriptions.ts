import type { Logger } from '../config/log.ts';

/** One `subscribe` call: its own object, so the same handler subscribed twice is unsubscribed once at a time. */
export interface Subscription {
  readonly handler: (message: string) => void;
}

/**
 * Handlers per channel, shared by both buses: delivery calls each handler still subscribed, and a handler that
 * throws is logged and never keeps the others from their message.
 *
 * @example const subs = new Subscriptions(log); const s = subs.add('events', h); subs.deliver('events', '{}');
 */
export class Subscriptions {
  readonly #byChannel = new Map<string, Set<Subscription>>();

  constructor(readonly log: Logger) {}

  add(channel: string, handler: (message: string) => void): Subscription {
    const sub: Subscription = { handler };
    const set = this.#byChannel.get(channel) ?? new Set();
    this.#byChannel.set(channel, set.add(sub));
    return sub;
  }

  /** Removes one subscription; returns true when it was the channel's last. */
  remove(channel: string, sub: Subscription): boolean {
    const set = this.#byChannel.get(channel);
    if (!set?.delete(sub)) return false;
    if (set.size > 0) return false;
    this.#byChannel.delete(channel);
    return true;
  }

  has(channel: string): boolean {
    return this.#byChannel.has(channel);
  }

  /** The subscriptions of `channel` now (a copy: handlers may unsubscribe while being called). */
  snapshot(channel: string): Subscription[] {
    const set = this.#byChannel.get(channel);
    return set ? [...set] : [];
  }

  /** True while `sub` is still subscribed to `channel`. */
  isActive(channel: string, sub: Subscription): boolean {
    return this.#byChannel.get(channel)?.has(sub) ?? false;
  }

  /** Calls every handler in `subs` that is still subscribed. */
  call(channel: string, subs: readonly Subscription[], message: string): void {
    for (const sub of subs) {
      if (!this.isActive(channel, sub)) continue;
      try {
        sub.handler(message);
      } catch (error) {
        this.log.error({ err: error, channel }, 'bus handler threw');
      }
    }
  }

  clear(): void {
    this.#byChannel.clear();
  }
}
