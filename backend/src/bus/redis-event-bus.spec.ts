import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import type { BusMessage } from './event-bus';
import { RedisEventBus } from './redis-event-bus';

const REDIS_URL = process.env.REDIS_URL;

function event(id: number): BusMessage {
  return { kind: 'events_stored', last_id: id };
}

function collect(bus: RedisEventBus, count: number): Promise<BusMessage[]> {
  const received: BusMessage[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`got ${received.length} of ${count} messages`)), 5000);
    bus.subscribe((message) => {
      received.push(message);
      if (received.length === count) {
        clearTimeout(timer);
        resolve(received);
      }
    });
  });
}

// Needs a real Redis: CI sets REDIS_URL (see .ci/run).
describe.skipIf(!REDIS_URL)('RedisEventBus (real Redis)', () => {
  const buses: RedisEventBus[] = [];
  const make = async (prefix: string): Promise<RedisEventBus> => {
    const bus = new RedisEventBus(REDIS_URL!, prefix);
    await bus.onModuleInit();
    buses.push(bus);
    return bus;
  };
  afterEach(async () => {
    await Promise.all(buses.splice(0).map((bus) => bus.onApplicationShutdown()));
  });

  it('delivers every message to every instance, the publisher included, in publish order', async () => {
    const prefix = `argus-test-${randomUUID()}:`;
    const a = await make(prefix);
    const b = await make(prefix);
    const atA = collect(a, 200);
    const atB = collect(b, 200);
    for (let id = 1; id <= 200; id += 1) await a.publish(event(id));
    const ids = (messages: BusMessage[]) => messages.map((m) => (m.kind === 'events_stored' ? m.last_id : -1));
    const expected = Array.from({ length: 200 }, (_, i) => i + 1);
    expect(ids(await atA)).toEqual(expected);
    expect(ids(await atB)).toEqual(expected);
  }, 15_000);

  it('keeps deployments with different prefixes apart', async () => {
    const a = await make(`argus-test-${randomUUID()}:`);
    const other = await make(`argus-test-${randomUUID()}:`);
    const leaked: BusMessage[] = [];
    other.subscribe((message) => leaked.push(message));
    const atA = collect(a, 1);
    await a.publish({ kind: 'user_revoked', user_id: 7, reason: 'disabled' });
    expect(await atA).toEqual([{ kind: 'user_revoked', user_id: 7, reason: 'disabled' }]);
    // The same channel round trip has completed for `a`; give `other` one more round trip.
    await other.publish(event(1));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(leaked.map((m) => m.kind)).toEqual(['events_stored']);
  }, 15_000);

  it('stops delivering to an unsubscribed handler', async () => {
    const bus = await make(`argus-test-${randomUUID()}:`);
    const seen: number[] = [];
    const unsubscribe = bus.subscribe((m) => seen.push(m.kind === 'events_stored' ? m.last_id : 0));
    const first = collect(bus, 1);
    await bus.publish(event(1));
    await first;
    unsubscribe();
    const second = collect(bus, 1);
    await bus.publish(event(2));
    await second;
    expect(seen).toEqual([1]);
  }, 15_000);

  it('publishConfirmed answers only once every receiving instance has delivered the message', async () => {
    const prefix = `argus-test-${randomUUID()}:`;
    const a = await make(prefix);
    const b = await make(prefix);
    const atB: BusMessage[] = [];
    b.subscribe((message) => atB.push(message));
    // A third, slow instance: it receives the message and acknowledges only when told to.
    const slow = new Redis(REDIS_URL!);
    const acker = new Redis(REDIS_URL!);
    try {
      const received = new Promise<string>((resolve) =>
        slow.on('message', (_channel, payload: string) => resolve(payload)),
      );
      await slow.subscribe(`${prefix}bus`);
      let confirmed = false;
      const publishing = a
        .publishConfirmed({ kind: 'user_revoked', user_id: 9, reason: 'deleted' })
        .then(() => (confirmed = true));
      const envelope = JSON.parse(await received) as { confirm: string };
      // a and b have acknowledged by now (one round trip each); the slow one has not.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(atB).toEqual([{ kind: 'user_revoked', user_id: 9, reason: 'deleted' }]);
      expect(confirmed).toBe(false);
      await acker.publish(`${prefix}bus-ack`, envelope.confirm);
      await publishing;
      expect(confirmed).toBe(true);
    } finally {
      slow.disconnect();
      acker.disconnect();
    }
  }, 15_000);
});
