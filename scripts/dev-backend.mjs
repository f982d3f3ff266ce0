#!/usr/bin/env node
// Backend watch mode without the Nest CLI (whose schematics need Node 22): tsc --watch
// compiles into backend/dist and this script (re)starts the server once per finished
// compilation — when tsc reports "Found 0 errors" — so one change means one restart, and
// the first start waits for the whole first build instead of booting on a half-written dist.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const backend = join(root, 'backend');
const COMPILED = /Found (\d+) errors?\. Watching for file changes\./;

const tsc = spawn('npx', ['tsc', '-p', 'tsconfig.build.json', '--watch', '--preserveWatchOutput'], {
  cwd: backend,
  stdio: ['ignore', 'pipe', 'inherit'],
});

let server;
let stopping = false;

function startServer() {
  // Run from the repository root, like `npm start`, so DATA_DIR and .env resolve the same way.
  server = spawn('node', ['backend/dist/main.js'], { cwd: root, stdio: 'inherit' });
  const started = server;
  started.on('exit', () => {
    if (server === started) server = undefined;
  });
}

/** Stops the running server (SIGTERM, its graceful shutdown) and resolves when it is gone. */
function stopServer() {
  const running = server;
  if (running === undefined || running.exitCode !== null || running.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    running.once('exit', resolve);
    running.kill('SIGTERM');
  });
}

let restarting = Promise.resolve();
tsc.stdout.setEncoding('utf8');
tsc.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  const match = COMPILED.exec(chunk);
  if (match === null || stopping) return;
  if (match[1] !== '0') {
    console.log('[dev] compile errors: the running server is kept until they are fixed');
    return;
  }
  restarting = restarting.then(async () => {
    if (server !== undefined) console.log('[dev] sources changed: restarting the backend');
    await stopServer();
    if (!stopping) startServer();
  });
});

const stop = () => {
  stopping = true;
  tsc.kill('SIGTERM');
  void stopServer();
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
tsc.on('exit', (code) => {
  if (!stopping && code !== 0) {
    console.error(`[dev] tsc --watch exited with ${code}`);
    void stopServer().then(() => process.exit(code ?? 1));
  }
});
