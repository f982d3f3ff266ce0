import { InMemoryConnectionRegistry } from './in-memory-connection-registry';

describe('InMemoryConnectionRegistry', () => {
  it('admits exactly max of many simultaneous acquires by one user', async () => {
    const registry = new InMemoryConnectionRegistry();
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => registry.tryAcquire(1, `c${i}`, 5)));
    expect(results.filter(Boolean)).toHaveLength(5);
    expect(await registry.countFor(1)).toBe(5);
  });

  it('frees a slot on release, and release is idempotent', async () => {
    const registry = new InMemoryConnectionRegistry();
    for (let i = 0; i < 2; i++) await registry.tryAcquire(1, `c${i}`, 2);
    expect(await registry.tryAcquire(1, 'c2', 2)).toBe(false);
    await registry.release(1, 'c0');
    await registry.release(1, 'c0');
    await registry.release(1, 'unknown');
    expect(await registry.countFor(1)).toBe(1);
    expect(await registry.tryAcquire(1, 'c2', 2)).toBe(true);
  });

  it('counts per user and in total, forgetting users with no sockets', async () => {
    const registry = new InMemoryConnectionRegistry();
    await registry.tryAcquire(1, 'a', 5);
    await registry.tryAcquire(1, 'b', 5);
    await registry.tryAcquire(2, 'c', 5);
    await registry.release(2, 'c');
    const counts = await registry.counts();
    expect(counts.total_connections).toBe(2);
    expect(counts.total_users).toBe(1);
    expect([...counts.by_user]).toEqual([[1, 2]]);
  });

  it('keeps each user to their own cap', async () => {
    const registry = new InMemoryConnectionRegistry();
    expect(await registry.tryAcquire(1, 'a', 1)).toBe(true);
    expect(await registry.tryAcquire(2, 'b', 1)).toBe(true);
    expect(await registry.tryAcquire(1, 'c', 1)).toBe(false);
  });
});
