// The built backend (npm run build first) as the measurement scripts run it: its own process on
// a free loopback port, a fresh SQLite data directory, simulator off, nothing inherited from the
// shell's DATABASE_URL/REDIS_URL/MQTT_URL. Signed in as the admin, with one camera.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const PASSWORD = 'measure-password-1';

const freePort = () =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

/**
 * Starts the server, calls `run({base, port, token, camera})` (camera: `{id, ingest_key, ...}`),
 * and stops it (SIGTERM, then its data directory is removed) however `run` ends.
 */
export async function withBuiltServer(run) {
  const dataDir = mkdtempSync(join(tmpdir(), 'argus-measure-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = spawn(process.execPath, [join(root, 'backend', 'dist', 'main.js')], {
    env: {
      ...process.env,
      DATABASE_URL: '',
      REDIS_URL: '',
      MQTT_URL: '',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      ADMIN_PASSWORD: PASSWORD,
      SIMULATOR: 'off',
      LOG_LEVEL: 'warn',
      STATIC_DIR: 'off',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  try {
    for (let i = 0; ; i += 1) {
      const up = await fetch(`${base}/api/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (up) {
        break;
      }
      if (i > 100) {
        throw new Error('the server did not start');
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: PASSWORD }),
    }).then((r) => r.json());
    const token = login.access_token;
    const camera = await fetch(`${base}/api/cameras`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ name: 'Measured' }),
    }).then((r) => r.json());
    return await run({ base, port, token, camera });
  } finally {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
    rmSync(dataDir, { recursive: true, force: true });
  }
}
