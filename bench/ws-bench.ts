/**
 * Live socket benchmark: N authenticated sockets held by the built Argus server, then by
 * each baseline, one server process at a time, measured the same way in the same run:
 *
 *   ws + JWT     a bare `ws` server verifying the same HS256 token (the fair baseline)
 *   Socket.IO    Socket.IO 4, websocket transport only, the same token check (the usual choice)
 *   ws           a bare `ws` server with no auth (reference)
 *   argus-off    Argus again with METRICS_ENABLED=off: the ratio is what the metrics cost
 *
 * Per server: handshakes per second with p50/p99, heap (after GC) and RSS per socket, open
 * files against the process limit, statistics tick and ingested event to the last socket,
 * SIGTERM with every socket open. Clients run in forked worker processes (each far under
 * the 20,000 open-files cap) bound to 127.0.0.2.. so no ephemeral port range runs out.
 *
 *   npm run bench:ws                         (10,000 sockets over 2,000 users)
 *   BENCH_SOCKETS=19000 npm run bench:ws     (the capacity target)
 *
 * Env: BENCH_SOCKETS, BENCH_USERS (sockets / 5), BENCH_WARMUP (sockets / 10, at most 500,
 * opened and closed before timing), BENCH_TICKS (10), BENCH_EVENTS (10),
 * BENCH_INTERVAL_MS (1000), BENCH_CONCURRENCY (200 handshakes in flight), BENCH_WORKERS
 * (one per 5,000 sockets), BENCH_ADDRESSES (8), BENCH_SERVERS (argus,argus-off,ws-jwt,socket.io,ws).
 * Exits 1 when a target is missed; stops by itself within 10 minutes + 30 ms per socket and
 * server (19,000 sockets on 4 servers: 48 minutes), printing what it measured so far.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBackend, startArgus } from './lib/argus';
import { intEnv, listEnv } from './lib/env';
import { bounded, onTimeLimit, run, trackDir } from './lib/lifetime';
import { loopbackSources } from './lib/net';
import { finish } from './lib/report';
import { fileLimit } from './lib/server-process';
import { report } from './ws/report';
import { argusTarget, probe, startBaseline } from './ws/servers';
import { measure, type RunResult, type ServerKey, type Settings } from './ws/session';

const SERVERS: readonly ServerKey[] = ['argus', 'argus-off', 'ws-jwt', 'socket.io', 'ws'];

function settingsFromEnv(): Settings & { users: number; servers: ServerKey[] } {
  if (process.argv[2] !== undefined) process.env.BENCH_SOCKETS = process.argv[2];
  const sockets = intEnv('BENCH_SOCKETS', 10_000, 1, 200_000);
  const workers = intEnv('BENCH_WORKERS', Math.ceil(sockets / 5000), 1, 64);
  // Each client process holds its share of sockets plus its own files, under the per-process cap.
  const share = Math.ceil(sockets / workers);
  if (share + 100 > fileLimit('self')) {
    throw new Error(
      `${share} sockets per client process exceed the open-files limit ${fileLimit('self')}: raise BENCH_WORKERS`,
    );
  }
  return {
    sockets,
    warmup: intEnv('BENCH_WARMUP', Math.min(500, Math.ceil(sockets / 10)), 0, sockets),
    users: intEnv('BENCH_USERS', Math.ceil(sockets / 5), 1, sockets),
    ticks: intEnv('BENCH_TICKS', 10, 1, 100),
    events: intEnv('BENCH_EVENTS', 10, 1, 100),
    intervalMs: intEnv('BENCH_INTERVAL_MS', 1000, 100, 60_000),
    concurrency: intEnv('BENCH_CONCURRENCY', 200, 1, 10_000),
    workers,
    sources: loopbackSources(intEnv('BENCH_ADDRESSES', 8, 1, 250)),
    servers: listEnv('BENCH_SERVERS', SERVERS),
  };
}

async function main(): Promise<void> {
  const started = Date.now();
  const settings = settingsFromEnv();
  // Generous for a loaded shared machine (~30 handshakes/s); a quiet one needs a fraction of it.
  bounded('bench:ws', 10 * 60_000 + settings.sockets * settings.servers.length * 30);
  const perUser = Math.ceil(settings.sockets / settings.users);
  console.log(
    `ws bench: ${settings.sockets} sockets (${settings.users} users × ${perUser}) on ${settings.servers.join(', ')}, ` +
      `${settings.ticks} ticks every ${settings.intervalMs} ms, ${settings.events} events, ${settings.workers} client processes`,
  );
  buildBackend();
  const argusOptions = {
    users: settings.users,
    connectionsPerUser: Math.max(5, perUser),
    statsIntervalMs: settings.intervalMs,
  };
  const argus = await startArgus(argusOptions);
  const { templates, frames } = await probe(argus, settings.intervalMs);
  const results: Partial<Record<ServerKey, RunResult>> = {};
  const conclude = (): void => {
    const { text, failures } = report(results, settings);
    finish('ws-bench', text, failures, { settings, results }, started);
  };
  onTimeLimit(conclude);
  // One server process at a time, Argus first and its fair baseline right after it.
  if (settings.servers.includes('argus')) results.argus = await measure(argusTarget(argus, frames), settings);
  else await argus.server.terminate();
  if (settings.servers.includes('argus-off')) {
    const off = await startArgus({ ...argusOptions, env: { METRICS_ENABLED: 'off' } });
    results['argus-off'] = await measure({ ...argusTarget(off, frames), key: 'argus-off' }, settings);
  }
  const dir = trackDir(mkdtempSync(join(tmpdir(), 'argus-ws-baseline-')));
  for (const key of settings.servers) {
    if (key === 'argus' || key === 'argus-off') continue;
    const target = await startBaseline(key, { templates, dir, intervalMs: settings.intervalMs, argus });
    results[key] = await measure(target, settings);
  }
  conclude();
}

run(main);
