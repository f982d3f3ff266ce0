#!/usr/bin/env node
// Builds shared/, frontend/ and backend/ — only the ones whose inputs changed since their
// last build, so `npm start` after a restart costs about a second instead of a full build.
//
//   node scripts/build.mjs            build what is stale (npm start, npm test)
//   node scripts/build.mjs --force    build everything (npm run build, Dockerfile)
//   node scripts/build.mjs shared backend   only those packages, if stale (the cluster fault test)
//
// A package is stale when the SHA-256 over its input files (sources, configs, its
// package.json, package-lock.json and the shared sources it compiles against) differs from
// the fingerprint stored in its dist folder by its last successful build, or when that
// folder is missing. Content, not mtimes: a git checkout or a copy does not rebuild by itself.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const STAMP = '.build-fingerprint';
const IGNORED = new Set(['node_modules', 'dist', '.tmp']);

/** Each package: what it reads, where it writes, how it builds. Order matters: shared first. */
const PACKAGES = [
  {
    name: 'shared',
    inputs: ['shared/src', 'shared/tsconfig.json', 'shared/package.json', 'tsconfig.base.json'],
    output: 'shared/dist',
    clean: true,
  },
  {
    name: 'frontend',
    inputs: [
      'frontend/src',
      'frontend/public',
      'frontend/index.html',
      'frontend/vite.config.ts',
      'frontend/tsconfig.json',
      'frontend/tsconfig.app.json',
      'frontend/tsconfig.node.json',
      'frontend/package.json',
      'shared/src',
      'tsconfig.base.json',
    ],
    output: 'frontend/dist',
    // Vite empties its own outDir.
    clean: false,
  },
  {
    name: 'backend',
    inputs: [
      'backend/src',
      'backend/tsconfig.json',
      'backend/tsconfig.build.json',
      'backend/package.json',
      'shared/src',
      'tsconfig.base.json',
    ],
    output: 'backend/dist',
    // tsc never deletes the output of a removed source file: start from an empty folder.
    clean: true,
  },
];

function filesUnder(path, found = []) {
  const absolute = join(root, path);
  if (!existsSync(absolute)) return found;
  if (statSync(absolute).isFile()) {
    found.push(path);
    return found;
  }
  for (const entry of readdirSync(absolute).sort()) {
    if (IGNORED.has(entry) || entry.endsWith('.spec.ts') || entry.endsWith('.spec.tsx')) continue;
    filesUnder(join(path, entry), found);
  }
  return found;
}

function fingerprint(pkg) {
  const hash = createHash('sha256');
  for (const file of [...pkg.inputs.flatMap((input) => filesUnder(input)), 'package-lock.json'].sort()) {
    hash.update(relative(root, join(root, file)));
    hash.update('\0');
    if (existsSync(join(root, file))) hash.update(readFileSync(join(root, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

function storedFingerprint(pkg) {
  const stamp = join(root, pkg.output, STAMP);
  return existsSync(stamp) ? readFileSync(stamp, 'utf8').trim() : undefined;
}

const force = process.argv.includes('--force');
const only = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
let built = 0;
for (const pkg of PACKAGES) {
  if (only.length > 0 && !only.includes(pkg.name)) continue;
  const current = fingerprint(pkg);
  if (!force && storedFingerprint(pkg) === current) continue;
  console.log(`build: ${pkg.name}${force ? '' : ' (sources changed since its last build)'}`);
  if (pkg.clean) rmSync(join(root, pkg.output), { recursive: true, force: true });
  const result = spawnSync('npm', ['run', 'build', '-w', pkg.name], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`build: ${pkg.name} failed`);
    process.exit(result.status ?? 1);
  }
  writeFileSync(join(root, pkg.output, STAMP), `${current}\n`);
  built += 1;
}
if (built === 0) console.log('build: everything is up to date');
