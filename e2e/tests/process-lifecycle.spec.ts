import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { WebSocket } from 'ws';
import { CloseCode, WS_BEARER_PROTOCOL, WS_PATH } from '@argus/shared';
import { Api } from '../support/api';
import { AppServer, MAIN_JS } from '../support/app-server';

// The built server as `npm start` runs it: stopped by a signal with live sockets open
// (contract §3: 1001 "server shutting down"; issue: exit 0). No browser needed.

interface Observed {
  code: number;
  reason: string;
}

async function openSocket(server: AppServer, token: string): Promise<{ ws: WebSocket; closed: Promise<Observed> }> {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}${WS_PATH}`, [WS_BEARER_PROTOCOL, token]);
  const closed = new Promise<Observed>((done) =>
    ws.once('close', (code: number, reason: Buffer) => done({ code, reason: reason.toString('utf8') })),
  );
  // Accepted = the first message (connection_status) arrived.
  await new Promise<void>((done, fail) => {
    ws.once('message', () => done());
    ws.once('error', fail);
  });
  return { ws, closed };
}

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  test(`${signal} closes every socket with 1001 and the process exits 0`, async () => {
    const server = await AppServer.start();
    try {
      const token = await new Api(server.baseUrl).login();
      const sockets = await Promise.all([1, 2, 3].map(() => openSocket(server, token)));
      const exit = await server.stop(signal);
      const closes = await Promise.all(sockets.map((s) => s.closed));
      expect(closes).toEqual(sockets.map(() => ({ code: CloseCode.GOING_AWAY, reason: 'Server shutting down' })));
      expect(exit).toEqual({ code: 0, signal: null });
    } finally {
      await server.dispose();
    }
  });
}

// Contract §7: a bad setting stops start-up with a message naming the variable.
for (const [name, value] of [
  ['PORT', 'eighty'],
  ['STATS_INTERVAL_MS', '-1'],
  ['DATABASE_URL', 'mysql://db/argus'],
] as const) {
  test(`a bad ${name} stops start-up with a message naming it`, () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'argus-e2e-config-'));
    try {
      const run = spawnSync(process.execPath, [MAIN_JS], {
        cwd: dataDir,
        env: { PATH: process.env.PATH, DATA_DIR: dataDir, [name]: value },
        encoding: 'utf8',
        timeout: 20_000,
      });
      expect(run.status).toBe(78);
      expect(run.stderr).toContain(`Invalid setting ${name}`);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
}
