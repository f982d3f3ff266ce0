import { test as base } from './support/fixtures';
import { login, type TestApp } from './support/test-app';

// Contract §3 step 1: the Origin must equal, in scheme, host and port, one of CORS_ORIGINS or
// the server's own origin (PUBLIC_URL's, else http(s)://<Host> as the request shows it).
const test = base
  .override('bootApp', false)
  /** Starts an app with these settings and signs in its admin. */
  .extend('app', ({ apps }) => {
    return async (env: Record<string, string> = {}): Promise<{ t: TestApp; token: string }> => {
      const t = await apps.start({ env: { STATS_INTERVAL_MS: '60000', ...env } });
      return { t, token: await login(t) };
    };
  })
  /** 'open', or the HTTP status the upgrade was refused with. */
  .extend('outcome', ({ sockets }) => {
    return async (t: TestApp, token: string, headers: Record<string, string>): Promise<'open' | number> => {
      const client = sockets.connect(t, { token, headers });
      try {
        await client.opened;
        return 'open';
      } catch {
        return client.refusedStatus ?? -1;
      }
    };
  });
const it = test;

describe('live socket Origin check', () => {
  it('zero-config: only http://<Host> exactly, and no Origin at all', { timeout: 10_000 }, async ({ app, outcome }) => {
    const { t, token } = await app();
    const { host } = new URL(t.baseUrl);
    expect(await outcome(t, token, { origin: `http://${host}` })).toBe('open');
    expect(await outcome(t, token, {})).toBe('open');
    expect(await outcome(t, token, { origin: `ws://${host}` })).toBe(403);
    expect(await outcome(t, token, { origin: `https://${host}` })).toBe(403);
    expect(await outcome(t, token, { origin: `http://${host.replace(/:\d+$/, ':1')}` })).toBe(403);
    expect(await outcome(t, token, { origin: 'http://localhost.evil.example' })).toBe(403);
    expect(await outcome(t, token, { origin: 'null' })).toBe(403);
  });

  it(
    'PUBLIC_URL: its origin only; the Host header no longer counts (no spoofing)',
    { timeout: 10_000 },
    async ({ app, outcome }) => {
      const { t, token } = await app({ PUBLIC_URL: 'https://cams.example.com:8443/argus/' });
      const { host } = new URL(t.baseUrl);
      expect(await outcome(t, token, { origin: 'https://cams.example.com:8443' })).toBe('open');
      expect(await outcome(t, token, { origin: 'http://cams.example.com:8443' })).toBe(403);
      expect(await outcome(t, token, { origin: 'https://cams.example.com' })).toBe(403);
      expect(await outcome(t, token, { origin: `http://${host}` })).toBe(403);
      expect(await outcome(t, token, { origin: 'http://evil.example', host: 'evil.example' })).toBe(403);
    },
  );

  it('PUBLIC_URL and CORS_ORIGINS together: either', { timeout: 10_000 }, async ({ app, outcome }) => {
    const { t, token } = await app({
      PUBLIC_URL: 'https://cams.example.com',
      CORS_ORIGINS: 'http://wall.example:8080',
    });
    expect(await outcome(t, token, { origin: 'https://cams.example.com' })).toBe('open');
    expect(await outcome(t, token, { origin: 'http://wall.example:8080' })).toBe('open');
    expect(await outcome(t, token, { origin: 'https://wall.example:8080' })).toBe(403);
  });

  it(
    'https:// is the own origin only when a trusted proxy says so (TRUST_PROXY)',
    { timeout: 10_000 },
    async ({ app, outcome }) => {
      const trusted = await app({ TRUST_PROXY: 'loopback' });
      const host = new URL(trusted.t.baseUrl).host;
      const viaTls = { origin: `https://${host}`, 'x-forwarded-proto': 'https' };
      expect(await outcome(trusted.t, trusted.token, viaTls)).toBe('open');
      expect(await outcome(trusted.t, trusted.token, { origin: `http://${host}`, 'x-forwarded-proto': 'https' })).toBe(
        403,
      );
      const untrusted = await app();
      const untrustedHost = new URL(untrusted.t.baseUrl).host;
      expect(
        await outcome(untrusted.t, untrusted.token, {
          origin: `https://${untrustedHost}`,
          'x-forwarded-proto': 'https',
        }),
      ).toBe(403);
    },
  );
});
