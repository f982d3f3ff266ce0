#!/usr/bin/env node
// Backend watch mode without the Nest CLI (whose schematics need Node 22):
// tsc --watch compiles into backend/dist, node --watch restarts on each emit.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const backend = join(root, 'backend');
const tsc = spawn('npx', ['tsc', '-p', 'tsconfig.build.json', '--watch', '--preserveWatchOutput'], {
  cwd: backend,
  stdio: 'inherit',
});
let node;
const waitForBuild = setInterval(() => {
  if (!existsSync(join(backend, 'dist', 'main.js'))) return;
  clearInterval(waitForBuild);
  // Run from the repository root, like `npm start`, so DATA_DIR and .env resolve the same way.
  node = spawn('node', ['--watch', 'backend/dist/main.js'], { cwd: root, stdio: 'inherit' });
}, 500);
const stop = () => {
  clearInterval(waitForBuild);
  tsc.kill('SIGTERM');
  node?.kill('SIGTERM');
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
