import { createLogger, type Logger } from '../config/log.ts';
import type { Bus } from './bus.ts';
import { BusClosedError } from './errors.ts';
import { type Subscription, Subscriptions } from './subscriptions.ts';

interface Pending {
  channel: string;
  subs: Subscription[];
  message: string;
}

/**
 * The embedded bus: an in-process emitter. Delivery is asynchronous, on a later event-loop turn and in publish
 * order, so a publisher never runs subscriber code (or its exceptions) inside its own call stack, as with Redis.
 *
 * @example const bus = new MemoryBus(); await bus.subscribe('events', console.log); await bus.publish('events', '{}');
 */
export class MemoryBus implements Bus {
  readonly #subs: Subscriptions;
  #queue: Pending[] = [];
  #scheduled = false;
  #closed = false;

  constructor(options: { logger?: Logger } = {}) {
    this.#subs = new Subscriptions(options.logger ?? createLogger('bus'));
  }

  async publish(channel: string, message: string): Promise<void> {
    if (this.#closed) throw new BusClosedError();
    // Recipients are fixed at publish time: a later subscriber does not see earlier messages.
    const subs = this.#subs.snapshot(channel);
    if (subs.length === 0) return;
    this.#queue.push({ channel, subs, message });
    if (!this.#scheduled) {
      this.#scheduled = true;
      setImmediate(() => this.#drain());
    }
  }

  async subscribe(channel: string, handler: (message: string) => void): Promise<() => Promise<void>> {
    if (this.#closed) throw new BusClosedError();
    const sub = this.#subs.add(channel, handler);
    return async () => {
      this.#subs.remove(channel, sub);
    };
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#subs.clear();
    this.#queue = [];
  }

  #drain(): void {
    this.#scheduled = false;
    const batch = this.#queue;
    this.#queue = [];
    // Messages published by handlers during this batch go to the next turn, keeping order and not starving I/O.
    for (const { channel, subs, message } of batch) this.#subs.call(channel, subs, message);
  }
}
