import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { RedisConnectionRegistry } from './redis-connection-registry';

const REDIS_URL = process.env.REDIS_URL;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Needs a real Redis: CI sets REDIS_URL (see .ci/run).
describe.skipIf(!REDIS_URL)('RedisConnectionRegistry (real Redis)', () => {
  const open: RedisConnectionRegistry[] = [];
  let prefix: string;
  const make = async (leaseTtlMs?: number): Promise<RedisConnectionRegistry> => {
    const registry = new RedisConnectionRegistry(REDIS_URL!, prefix, leaseTtlMs);
    await registry.onModuleInit();
    open.push(registry);
    return registry;
  };
  beforeEach(() => {
    prefix = `argus-test-${randomUUID()}:`;
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((r) => r.onApplicationShutdown()));
  });

  it('caps a user across instances: 10 simultaneous acquires on two instances give exactly 5', async () => {
    const a = await make();
    const b = await make();
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? a : b).tryAcquire(7, `c${i}`, 5)),
    );
    expect(results.filter(Boolean)).toHaveLength(5);
    expect(await a.countFor(7)).toBe(5);
    expect(await b.countFor(7)).toBe(5);
  }, 15_000);

  it('frees a slot on release (idempotent) and aggregates counts over instances', async () => {
    const a = await make();
    const b = await make();
    expect(await a.tryAcquire(1, 'a1', 2)).toBe(true);
    expect(await b.tryAcquire(1, 'b1', 2)).toBe(true);
    expect(await b.tryAcquire(1, 'b2', 2)).toBe(false);
    expect(await a.tryAcquire(2, 'a2', 2)).toBe(true);
    expect(await b.counts()).toEqual({
      total_connections: 3,
      total_users: 2,
      by_user: new Map([
        [1, 2],
        [2, 1],
      ]),
    });
    await a.release(1, 'a1');
    await a.release(1, 'a1');
    expect(await b.countFor(1)).toBe(1);
    expect(await b.tryAcquire(1, 'b2', 2)).toBe(true);
  }, 15_000);

  it("stops counting a crashed instance's sockets after the lease, but keeps renewed ones", async () => {
    const survivor = await make(300);
    const crashed = new RedisConnectionRegistry(REDIS_URL!, prefix, 300);
    await crashed.onModuleInit();
    expect(await crashed.tryAcquire(3, 'gone-1', 5)).toBe(true);
    expect(await crashed.tryAcquire(3, 'gone-2', 5)).toBe(true);
    expect(await survivor.tryAcquire(3, 'kept', 5)).toBe(true);
    // Simulate a crash: renewals stop and nothing is released.
    (crashed as unknown as { renewTimer: NodeJS.Timeout }).renewTimer.close();
    (crashed as unknown as { local: Map<string, number> }).local.clear();
    await crashed.onApplicationShutdown();
    expect(await survivor.countFor(3)).toBe(3);
    await pause(800); // > 2 lease periods; the survivor renews every 100 ms
    expect(await survivor.countFor(3)).toBe(1);
    expect((await survivor.counts()).total_connections).toBe(1);
  }, 15_000);

  it('re-asserts its leases when Redis has lost them (restarted empty): the cap still holds', async () => {
    const registry = await make(300);
    for (const id of ['k1', 'k2']) expect(await registry.tryAcquire(4, id, 2)).toBe(true);
    const admin = new Redis(REDIS_URL!);
    try {
      await admin.del(`${prefix}conn:user:4`, `${prefix}conn:users`);
      expect(await registry.countFor(4)).toBe(0);
      await pause(250); // the registry renews every 100 ms
      expect(await registry.countFor(4)).toBe(2);
      expect(await registry.tryAcquire(4, 'k3', 2)).toBe(false);
      expect((await registry.counts()).by_user.get(4)).toBe(2);
    } finally {
      admin.disconnect();
    }
  }, 15_000);
});
