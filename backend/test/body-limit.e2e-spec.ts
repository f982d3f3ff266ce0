import type { ApiError } from '@argus/shared';
import { endlessChunks, rawExchange } from './support/raw-http';
import { http } from './support/test-app';
import { it } from './support/fixtures';

describe('request body limits', () => {
  const head = (path: string, headers: Record<string, string>): string =>
    [`POST ${path} HTTP/1.1`, 'Host: 127.0.0.1', 'Content-Type: application/json']
      .concat(Object.entries(headers).map(([name, value]) => `${name}: ${value}`))
      .join('\r\n') + '\r\n\r\n';

  it('answers 413 to a chunked body that never ends as soon as it passes the limit, and closes', async ({
    t,
    admin,
  }) => {
    const exchange = await rawExchange(
      t,
      head('/api/cameras', { Authorization: `Bearer ${admin}`, 'Transfer-Encoding': 'chunked' }),
      endlessChunks,
    );
    expect(exchange.response).toMatch(/^HTTP\/1\.1 413 Payload Too Large\r\n/);
    expect(exchange.response).toMatch(/\r\nConnection: close\r\n/i);
    expect(exchange.response).toContain('"message":"request body is larger than 102400 bytes"');
    expect(exchange.answeredAfterMs).toBeLessThan(2000);
    expect(exchange.closedAfterMs).toBeLessThan(2000);
  });

  it('answers 413 at once to a declared Content-Length over the limit, without reading the body', async ({ t }) => {
    const exchange = await rawExchange(
      t,
      head('/api/auth/login', { 'Content-Length': String(50 * 1024 * 1024) }),
      undefined,
      2000,
    );
    expect(exchange.response).toMatch(/^HTTP\/1\.1 413 Payload Too Large\r\n/);
    expect(exchange.response).toContain('"message":"request body is larger than 8192 bytes"');
  });

  it('refuses a request without credentials before reading its body', async ({ t }) => {
    const exchange = await rawExchange(
      t,
      head('/api/cameras', { 'Transfer-Encoding': 'chunked', Connection: 'close' }),
      endlessChunks,
    );
    expect(exchange.response).toMatch(/^HTTP\/1\.1 401 Unauthorized\r\n/);
    expect(exchange.answeredAfterMs).toBeLessThan(2000);
  });

  it('keeps a limit per route: 8 KiB at the anonymous login, 100 KiB elsewhere', async ({ t, admin }) => {
    const padded = (bytes: number): string => JSON.stringify({ username: 'admin', password: 'p'.repeat(bytes) });
    const loginTooBig = await http<ApiError>(t, 'POST', '/api/auth/login', { body: padded(9000) });
    expect(loginTooBig.status).toBe(413);
    expect(loginTooBig.body).toEqual({
      statusCode: 413,
      error: 'Payload Too Large',
      message: 'request body is larger than 8192 bytes',
    });
    // Under the limit: read, and a password this long is simply wrong.
    expect((await http(t, 'POST', '/api/auth/login', { body: padded(8000) })).status).toBe(401);
    const camera = await http<ApiError>(t, 'POST', '/api/cameras', {
      token: admin,
      body: { name: 'Big', location: 'x'.repeat(50_000) },
    });
    expect(camera.status).toBe(400);
    expect(camera.body.message).toEqual(['location must be at most 200 characters']);
  });

  it('still answers on a fresh connection afterwards', async ({ t }) => {
    expect((await http(t, 'GET', '/api/health')).status).toBe(200);
  });
});
