import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { CameraEvent, CreatedCamera, EventsPage, User, WsStatus } from '@argus/shared';
import { builtBackend, Instance, pause, ResumingClient } from './support/cluster';
import { freePort, OwnRedis } from './support/own-redis';
import { median } from './support/realtime-fixtures';
import { ADMIN, http } from './support/test-app';
import { connect, connectAccepted, type WsClient } from './support/ws-client';

/**
 * Issue 8's fault run, bounded to about a minute: three instances of the built backend as
 * child processes on one fresh PostgreSQL schema and a Redis of the test's own; dashboards
 * that resume with `last_event_id`; ingest on every instance at once (with Idempotency-Key
 * retries, as a camera would); one instance killed (SIGKILL), one drained (SIGTERM, then
 * started again), Redis killed and restarted empty. Asserts: every stored event reaches every
 * dashboard exactly once and in id order, cap slots of the killed instance free within 15 s
 * and its user live again within 20 s, ingest never slowed by the Redis outage, and the three
 * instances started together on the empty database all come up without a retry.
 */
const usePostgres = process.env.ARGUS_TEST_DB === 'postgres';

const SLOTS_FREE_BOUND_MS = 15_000;
const RECONNECT_BOUND_MS = 20_000;
// Main took 5-11 s (each ingest waited on the failing publish); here Redis adds nothing, the rest is load.
const INGEST_BOUND_MS = 2000;
const GIVE_UP_MS = 30_000;

interface Ack {
  key: string;
  id: number;
  at: number;
  ms: number;
}

async function withPg<T>(run: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

async function login(base: string, username: string, password: string): Promise<string> {
  const res = await http<{ access_token: string }>({ baseUrl: base }, 'POST', '/api/auth/login', {
    body: { username, password },
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
  return res.body.access_token;
}

describe.skipIf(!usePostgres)('cluster faults: kill, drain, Redis outage', () => {
  let redis: OwnRedis;
  let schema: string;
  let instances: Instance[] = [];

  beforeAll(async () => {
    const main = builtBackend();
    redis = await OwnRedis.start();
    schema = `argus_cluster_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
    await withPg((pg) => pg.query(`CREATE SCHEMA ${schema}`));
    const env = {
      DATABASE_URL: process.env.DATABASE_URL ?? '',
      DATABASE_SCHEMA: schema,
      REDIS_URL: redis.url,
      REDIS_PREFIX: `argus-cluster-${randomUUID()}:`,
      JWT_SECRET: randomBytes(32).toString('hex'),
      ADMIN_USERNAME: ADMIN.username,
      ADMIN_PASSWORD: ADMIN.password,
      SIMULATOR: 'off',
      STATIC_DIR: 'off',
      PASSWORD_HASH_ROUNDS: '4',
      STATS_INTERVAL_MS: '1000',
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'json',
      TZ: 'UTC',
    };
    const ports = [await freePort(), await freePort(), await freePort()];
    instances = ports.map((port, i) => new Instance(`instance ${i}`, port, main, env));
  }, 240_000);

  afterAll(async () => {
    await Promise.all(instances.map((instance) => instance.dispose()));
    await redis?.stop();
    if (schema) await withPg((pg) => pg.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`));
  });

  it('loses, duplicates and reorders nothing; frees a crashed instance’s slots in time; ingest ignores Redis', async () => {
    // Three instances started together on an empty database: migrations take turns.
    await Promise.all(instances.map((instance) => instance.start()));
    for (const instance of instances) expect(instance.log).not.toMatch(/Retrying|duplicate key/);
    const [a, b, c] = instances;
    const alive = new Set<Instance>(instances);
    const bases = () => instances.filter((i) => alive.has(i)).map((i) => i.wsBase);

    const admin = await login(a.baseUrl, ADMIN.username, ADMIN.password);
    const makeUser = async (username: string): Promise<{ user: User; token: string }> => {
      const password = 'cluster-password-1';
      const res = await http<User>(a, 'POST', '/api/users', {
        token: admin,
        body: { username, password, role: 'viewer' },
      });
      expect(res.status).toBe(201);
      return { user: res.body, token: await login(b.baseUrl, username, password) };
    };
    const cameras: CreatedCamera[] = [];
    for (const name of ['North', 'South', 'East']) {
      const res = await http<CreatedCamera>(a, 'POST', '/api/cameras', { token: admin, body: { name } });
      expect(res.status).toBe(201);
      cameras.push(res.body);
    }

    // Dashboards, spread over the instances, resuming wherever they land.
    const watchers: ResumingClient[] = [];
    for (let i = 0; i < 6; i += 1) {
      const { token } = await makeUser(`watcher${i}`);
      const client = new ResumingClient(token, bases, i);
      await client.start();
      watchers.push(client);
    }

    // A user at the cap, every socket on the instance that will be killed.
    const { user: capped, token: cappedToken } = await makeUser('capped');
    const doomed: WsClient[] = [];
    for (let i = 0; i < 5; i += 1) doomed.push(await connectAccepted(c, { token: cappedToken }));
    const sixth = connect(a, { token: cappedToken });
    expect((await sixth.closed(5000)).code).toBe(4008);

    // Ingest on every instance at once; a failed post is retried on the next instance with
    // the same Idempotency-Key, as a camera does.
    const acks: Ack[] = [];
    let ingesting = true;
    const ingester = async (k: number): Promise<void> => {
      let turn = k;
      for (let n = 0; ingesting; n += 1) {
        const key = `cam${k}-${n}`;
        for (;;) {
          const targets = instances.filter((i) => alive.has(i));
          const target = targets[turn % targets.length];
          turn += 1;
          const started = performance.now();
          const res = await http<CameraEvent>(target, 'POST', `/api/cameras/${cameras[k].id}/events`, {
            headers: { 'x-camera-key': cameras[k].ingest_key, 'idempotency-key': key },
            body: { event_type: n % 5 === 0 ? 'face_unknown' : 'motion_detected' },
          }).catch(() => undefined);
          if (res?.status === 201) {
            acks.push({ key, id: res.body.id, at: started, ms: performance.now() - started });
            break;
          }
          await pause(50);
        }
        await pause(40);
      }
    };
    const t0 = performance.now();
    const ingesting3 = Promise.all([0, 1, 2].map(ingester));

    // 1. SIGKILL instance c: its five sockets die without a close, its leases are never released.
    await pause(2000);
    alive.delete(c);
    const killedAt = performance.now();
    await c.stop('SIGKILL');
    await Promise.all(doomed.map((client) => client.closed(5000)));
    // The capped user's dashboard reconnects (to a) every 500 ms until accepted; given up
    // after GIVE_UP_MS so older code fails on the bound rather than hanging.
    const giveUpAt = killedAt + GIVE_UP_MS;
    const reconnected = (async () => {
      while (performance.now() < giveUpAt) {
        const attempt = connect(a, { token: cappedToken });
        const first = await Promise.race([
          attempt.next('connection_status', 5000).then(() => 'live' as const),
          attempt.closed(5000).then(() => 'refused' as const),
        ]).catch(() => 'refused' as const);
        if (first === 'live') return { at: performance.now(), client: attempt };
        await pause(500);
      }
      return { at: Number.POSITIVE_INFINITY, client: undefined };
    })();
    const slotsFree = (async () => {
      while (performance.now() < giveUpAt) {
        const status = await http<WsStatus>(a, 'GET', '/api/ws/status', { token: admin });
        if ((status.body.connections_by_user?.[String(capped.id)] ?? 0) <= 1) return performance.now();
        await pause(250);
      }
      return Number.POSITIVE_INFINITY;
    })();

    // 2. SIGTERM instance b: a drain (sockets closed 1001, requests finished, exit 0), then back.
    await pause(2000);
    alive.delete(b);
    expect(await b.stop('SIGTERM')).toBe(0);
    await b.start();
    alive.add(b);

    // The capped user is back (the leases lapsed, not the Redis restart below).
    const live = await reconnected;
    const freedAt = await slotsFree;
    live.client?.close();

    // 3. Redis killed (its data lost) for 4 s, then back empty.
    await pause(1000);
    const outageFrom = performance.now();
    await redis.stop();
    await pause(4000);
    await redis.resume();
    const outageTo = performance.now();

    await pause(3000);
    ingesting = false;
    await ingesting3;
    const ingestEnded = performance.now();

    // Every stored event, from the database.
    const stored: number[] = [];
    for (let after = 0; ;) {
      const page = await http<EventsPage>(a, 'GET', `/api/events?after=${after}&limit=500`, { token: admin });
      stored.push(...page.body.items.map((e) => e.id));
      if (page.body.items.length < 500) break;
      after = page.body.next_after;
    }
    const last = stored.at(-1) ?? 0;
    const deadline = performance.now() + 10_000;
    while (watchers.some((w) => w.lastId < last) && performance.now() < deadline) await pause(100);
    for (const watcher of watchers) watcher.stop();

    const outageAcks = acks.filter((ack) => ack.at >= outageFrom && ack.at <= outageTo);
    const figures = {
      events_stored: stored.length,
      posts_answered: acks.length,
      ingest_ms: Math.round(ingestEnded - t0),
      slots_free_after_kill_ms: Math.round(freedAt - killedAt),
      reconnect_after_kill_ms: Math.round(live.at - killedAt),
      ingests_during_redis_outage: outageAcks.length,
      ingest_max_ms_during_redis_outage: Math.round(Math.max(...outageAcks.map((ack) => ack.ms))),
      ingest_p50_ms_during_redis_outage: Math.round(median(outageAcks.map((ack) => ack.ms))),
      ingest_p50_ms_otherwise: Math.round(median(acks.filter((ack) => !outageAcks.includes(ack)).map((ack) => ack.ms))),
      per_watcher: watchers.map((w) => ({
        received: w.stats.ids.length,
        lost: stored.filter((id) => !w.stats.ids.includes(id)).length,
        duplicated: w.stats.ids.length - new Set(w.stats.ids).size,
        out_of_order: w.stats.ids.filter((id, i) => i > 0 && id <= w.stats.ids[i - 1]).length,
        connects: w.stats.connects,
        resyncs: w.stats.resyncs,
      })),
    };
    console.log(`cluster fault figures: ${JSON.stringify(figures)}`);

    // Each answered post stored exactly one event, and nothing else was stored.
    expect(new Set(acks.map((ack) => ack.key)).size).toBe(acks.length);
    expect(stored).toEqual([...new Set(acks.map((ack) => ack.id))].sort((x, y) => x - y));
    // Every dashboard: every stored event, once each, in id order (it resumed through a kill,
    // a drain and the outage).
    for (const watcher of watchers) {
      expect(watcher.stats.resyncs).toBe(0);
      expect(watcher.stats.ids).toEqual(stored);
    }
    expect(figures.slots_free_after_kill_ms).toBeLessThanOrEqual(SLOTS_FREE_BOUND_MS);
    expect(figures.reconnect_after_kill_ms).toBeLessThanOrEqual(RECONNECT_BOUND_MS);
    expect(outageAcks.length).toBeGreaterThan(10);
    expect(figures.ingest_max_ms_during_redis_outage).toBeLessThan(INGEST_BOUND_MS);
  }, 150_000);
});
