#!/usr/bin/env node
// `npm test`: every suite of the project, one after the other, then one summary line.
// Suites: lint + typecheck, backend unit + integration (SQLite, and PostgreSQL when
// DATABASE_URL is set), frontend unit/component, browser end-to-end (Playwright in
// Debian's Chromium). The last line is `N passed, N failed[, N skipped]` over all of them.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const reports = join(root, '.tmp', 'test-reports');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

const only = process.argv.slice(2); // e.g. `npm test -- backend frontend`
const totals = { passed: 0, failed: 0, skipped: 0 };
const lines = [];

function run(name, command, args, cwd, env = {}) {
  console.log(`\n=== ${name}: ${command} ${args.join(' ')}`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd, stdio: 'inherit', env: { ...process.env, ...env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  return { code: result.status ?? 1, seconds };
}

function readJson(file) {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** A check with no test count (lint, typecheck, build): one pass or one failure. */
function check(name, command, args, cwd = root) {
  const { code, seconds } = run(name, command, args, cwd);
  if (code === 0) totals.passed += 1;
  else totals.failed += 1;
  lines.push(`${name}: ${code === 0 ? 'ok' : 'FAILED'} (${seconds}s)`);
  return code === 0;
}

function vitestSuite(name, workspace) {
  const report = join(reports, `${name}.json`);
  const { code, seconds } = run(
    name,
    'npx',
    ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`],
    join(root, workspace),
  );
  const json = readJson(report);
  if (!json) {
    totals.failed += 1;
    lines.push(`${name}: no report (exit ${code}) — counted as 1 failure`);
    return;
  }
  const passed = json.numPassedTests ?? 0;
  const failed = (json.numFailedTests ?? 0) + (code !== 0 && json.numFailedTests === 0 ? 1 : 0);
  const skipped = (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0);
  totals.passed += passed;
  totals.failed += failed;
  totals.skipped += skipped;
  lines.push(`${name}: ${passed} passed, ${failed} failed, ${skipped} skipped (${seconds}s)`);
  if (passed + failed === 0) {
    totals.failed += 1;
    lines.push(`${name}: ran no test — counted as 1 failure`);
  }
}

function playwrightSuite(name) {
  const report = join(reports, `${name}.json`);
  const { code, seconds } = run(name, 'npx', ['playwright', 'test'], join(root, 'e2e'), {
    PLAYWRIGHT_JSON_OUTPUT_NAME: report,
  });
  const json = readJson(report);
  if (!json?.stats) {
    totals.failed += 1;
    lines.push(`${name}: no report (exit ${code}) — counted as 1 failure`);
    return;
  }
  const { expected = 0, unexpected = 0, flaky = 0, skipped = 0 } = json.stats;
  totals.passed += expected + flaky;
  totals.failed += unexpected + (code !== 0 && unexpected === 0 ? 1 : 0);
  totals.skipped += skipped;
  lines.push(
    `${name}: ${expected + flaky} passed (${flaky} flaky), ${unexpected} failed, ${skipped} skipped (${seconds}s)`,
  );
  if (expected + flaky + unexpected === 0) {
    totals.failed += 1;
    lines.push(`${name}: ran no test — counted as 1 failure`);
  }
}

const wants = (suite) => only.length === 0 || only.includes(suite);

if (wants('lint')) {
  check('typecheck', 'npm', ['run', 'typecheck']);
  check('lint', 'npm', ['run', 'lint']);
}
if (wants('backend')) vitestSuite('backend', 'backend');
if (wants('frontend')) vitestSuite('frontend', 'frontend');
if (wants('e2e')) {
  // The browser suite drives the app as `npm start` builds it.
  if (check('build', 'node', ['scripts/build.mjs'])) playwrightSuite('e2e');
  else lines.push('e2e: not run, the build failed');
}

console.log('\n=== summary');
for (const line of lines) console.log(line);
if (!process.env.DATABASE_URL) console.log('note: DATABASE_URL unset, the PostgreSQL integration suite did not run');
const skippedPart = totals.skipped ? `, ${totals.skipped} skipped` : '';
console.log(`${totals.passed} passed, ${totals.failed} failed${skippedPart}`);
process.exit(totals.failed === 0 ? 0 : 1);
