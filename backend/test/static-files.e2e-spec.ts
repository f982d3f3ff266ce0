import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base } from './support/fixtures';
import type { TestApp } from './support/test-app';

/** GET with the path sent exactly as written (fetch would normalise `\` and `//`). */
function rawGet(t: TestApp, path: string): Promise<{ status: number; location: string | undefined; body: string }> {
  const { hostname, port } = new URL(t.baseUrl);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A built dashboard: index.html and one asset. */
const test = base
  .extend('staticDir', { scope: 'file' }, ({}, { onCleanup }) => {
    const dir = mkdtempSync(join(tmpdir(), 'argus-static-'));
    onCleanup(() => rmSync(dir, { recursive: true, force: true }));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Argus</title>');
    writeFileSync(join(dir, 'assets', 'app.js'), 'console.log("argus")');
    return dir;
  })
  .override('appOptions', { scope: 'file' }, ({ staticDir }) => ({ env: { STATIC_DIR: staticDir } }));
const it = test;

describe('the dashboard files', () => {
  it('serves files and answers client-side routes with index.html', async ({ t }) => {
    expect(await rawGet(t, '/assets/app.js')).toMatchObject({ status: 200, body: 'console.log("argus")' });
    expect(await rawGet(t, '/events/42')).toMatchObject({ status: 200, body: '<!doctype html><title>Argus</title>' });
  });

  // A directory redirect builds its Location from the request path: a browser resolves
  // `/\evil.example/../assets/` (or `//evil.example/...`) to another host.
  it.for([
    '/assets',
    '/\\evil.example/..%2fassets',
    '//evil.example/assets',
    '//evil.example/..%2fassets',
    '/%5Cevil.example/..%2Fassets',
    '/%5C%5Cevil.example/..%2Fassets',
    '/\\\\evil.example/%2e%2e/assets',
    '/%2F%2Fevil.example/..%2fassets',
    '/.//evil.example/../assets',
    '/\\/evil.example/..%2f..%2fassets',
  ])('answers %s without a redirect off the origin', async (path, { t }) => {
    const res = await rawGet(t, path);
    expect(res.status).toBeLessThan(500);
    if (res.location !== undefined) {
      expect(new URL(res.location, t.baseUrl).origin).toBe(t.baseUrl);
    }
    expect(res.location).toBeUndefined();
  });
});
