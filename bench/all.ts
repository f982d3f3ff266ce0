/**
 * `npm run bench`: every part, one after the other, each in its own process with its own
 * time limit; the backend is built once. Ends with one line per part and exits 1 when any
 * part missed a target (or failed), after running them all.
 *
 * Env: BENCH_PARTS (stats,ws,http,longpoll), plus each part's own settings.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { buildBackend } from './lib/argus';
import { listEnv } from './lib/env';
import { table } from './lib/report';

const PARTS = ['stats', 'ws', 'http', 'longpoll'] as const;

function main(): void {
  const parts = listEnv('BENCH_PARTS', PARTS);
  buildBackend();
  const rows: string[][] = [];
  for (const part of parts) {
    console.log(`\n===== bench:${part} =====`);
    const started = Date.now();
    const child = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, `${part}-bench.ts`)], {
      cwd: __dirname,
      stdio: 'inherit',
      env: { ...process.env, BENCH_SKIP_BUILD: '1' },
    });
    const code = child.status ?? 1;
    const verdict = code === 0 ? 'all targets met' : code === 1 ? 'target missed' : `stopped (exit ${code})`;
    rows.push([`bench:${part}`, verdict, `${((Date.now() - started) / 1000).toFixed(0)} s`]);
  }
  console.log(`\n${table(['part', 'result', 'time'], rows)}`);
  if (rows.some(([, verdict]) => verdict !== 'all targets met')) process.exitCode = 1;
}

main();
