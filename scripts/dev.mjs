#!/usr/bin/env node
// `npm run dev`: the backend in watch mode on PORT (default 3000) and the Vite dev
// server on VITE_PORT (default 5173) with hot reload, proxying /api and the socket to the
// backend.
import { spawn } from 'node:child_process';

const children = [
  spawn('npm', ['run', 'dev', '-w', 'backend'], { stdio: 'inherit' }),
  spawn('npm', ['run', 'dev', '-w', 'frontend'], { stdio: 'inherit' }),
];
const stop = () => {
  for (const child of children) child.kill('SIGTERM');
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const child of children) {
  child.on('exit', (code) => {
    if (code !== 0 && code !== null) {
      stop();
      process.exitCode = code;
    }
  });
}
