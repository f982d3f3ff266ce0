import { ManualClock } from '../../test/support/manual-clock';
import { InMemoryEventBus } from '../bus/in-memory-event-bus';
import { USER_CACHE_TTL_MS, UserCache, type UserState } from './user-cache';

/** The in-process bus with a subscription that can drop and come back, as Redis's does. */
class DroppableBus extends InMemoryEventBus {
  up = true;
  private readonly resync = new Set<() => void>();

  override get connected(): boolean {
    return this.up;
  }

  override onResync(handler: () => void): () => void {
    this.resync.add(handler);
    return () => this.resync.delete(handler);
  }

  reconnect(): void {
    this.up = true;
    for (const handler of this.resync) handler();
  }
}

const alice = (changes: Partial<UserState> = {}): UserState => ({
  id: 7,
  username: 'alice',
  role: 'admin',
  disabled: false,
  tokenVersion: 0,
  ...changes,
});

/** A database stand-in whose answers the test sets, counting reads; `hold` delays the next read. */
class Rows {
  current: UserState | null = alice();
  reads = 0;
  private held: Array<() => void> = [];
  holding = false;

  load = (id: number): Promise<UserState | null> => {
    this.reads += 1;
    const answer = this.current === null ? null : { ...this.current, id };
    if (!this.holding) return Promise.resolve(answer);
    return new Promise((resolve) => this.held.push(() => resolve(answer)));
  };

  release(): void {
    for (const resolve of this.held.splice(0)) resolve();
  }
}

describe('UserCache', () => {
  let bus: DroppableBus;
  let clock: ManualClock;
  let cache: UserCache;
  let rows: Rows;

  beforeEach(() => {
    bus = new DroppableBus();
    clock = new ManualClock();
    cache = new UserCache(bus, clock);
    cache.onModuleInit();
    rows = new Rows();
  });
  afterEach(() => cache.onModuleDestroy());

  it('reads a user once, then answers from memory', async () => {
    expect(await cache.get(7, rows.load)).toEqual(alice());
    expect(await cache.get(7, rows.load)).toEqual(alice());
    expect(rows.reads).toBe(1);
  });

  it('shares one read between concurrent checks of the same user', async () => {
    rows.holding = true;
    const both = Promise.all([cache.get(7, rows.load), cache.get(7, rows.load)]);
    rows.release();
    expect(await both).toEqual([alice(), alice()]);
    expect(rows.reads).toBe(1);
  });

  it('remembers a deleted user as absent', async () => {
    rows.current = null;
    expect(await cache.get(9, rows.load)).toBeNull();
    expect(await cache.get(9, rows.load)).toBeNull();
    expect(rows.reads).toBe(1);
  });

  it('reads again after an invalidation, and after a user change arrives on the bus', async () => {
    await cache.get(7, rows.load);
    rows.current = alice({ disabled: true });
    cache.invalidate(7);
    expect(await cache.get(7, rows.load)).toMatchObject({ disabled: true });

    rows.current = alice({ role: 'viewer', tokenVersion: 1 });
    await bus.publish({ kind: 'user_updated', user_id: 7, role: 'viewer', token_version: 1 });
    expect(await cache.get(7, rows.load)).toMatchObject({ role: 'viewer', tokenVersion: 1 });

    rows.current = null;
    await bus.publishConfirmed({ kind: 'user_revoked', user_id: 7, reason: 'deleted' });
    expect(await cache.get(7, rows.load)).toBeNull();
    expect(rows.reads).toBe(4);
  });

  it('never keeps a read that began before an invalidation, nor lets a later check join it', async () => {
    rows.holding = true;
    const early = cache.get(7, rows.load);
    // The change commits and is announced while the first read is still out.
    rows.current = alice({ disabled: true });
    cache.invalidate(7);
    const late = cache.get(7, rows.load);
    rows.release();
    // The early read may have seen either state; the late one started after the change.
    await early;
    expect(await late).toMatchObject({ disabled: true });
    rows.holding = false;
    expect(await cache.get(7, rows.load)).toMatchObject({ disabled: true });
    expect(rows.reads).toBe(2);
  });

  it('trusts an entry for the TTL at most', async () => {
    await cache.get(7, rows.load);
    clock.advance(USER_CACHE_TTL_MS - 1);
    await cache.get(7, rows.load);
    expect(rows.reads).toBe(1);
    clock.advance(1);
    rows.current = alice({ tokenVersion: 3 });
    expect(await cache.get(7, rows.load)).toMatchObject({ tokenVersion: 3 });
    expect(rows.reads).toBe(2);
  });

  it('is bypassed while the bus is down and starts empty when it is back', async () => {
    await cache.get(7, rows.load);
    bus.up = false;
    rows.current = alice({ disabled: true });
    // Changes elsewhere cannot reach this instance now: every check reads.
    expect(await cache.get(7, rows.load)).toMatchObject({ disabled: true });
    expect(await cache.get(7, rows.load)).toMatchObject({ disabled: true });
    expect(rows.reads).toBe(3);
    bus.reconnect();
    rows.current = alice({ role: 'viewer' });
    expect(await cache.get(7, rows.load)).toMatchObject({ role: 'viewer' });
    expect(await cache.get(7, rows.load)).toMatchObject({ role: 'viewer' });
    expect(rows.reads).toBe(4);
  });

  it('keeps nothing from a read that failed', async () => {
    let fail = true;
    const load = (id: number) => (fail ? Promise.reject(new Error('database down')) : rows.load(id));
    await expect(cache.get(7, load)).rejects.toThrow('database down');
    fail = false;
    expect(await cache.get(7, load)).toEqual(alice());
  });
});
