import type { HealthResponse } from '@argus/shared';
import { http } from './support/test-app';
import { it } from './support/fixtures';

describe('GET /api/health', () => {
  it('answers 200 with the database up, without auth', async ({ t }) => {
    const res = await http<HealthResponse>(t, 'GET', '/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', db: 'up' });
    // Whole seconds since this app started, so never more than this test process has run.
    expect(Number.isInteger(res.body.uptime_seconds)).toBe(true);
    expect(res.body.uptime_seconds).toBeLessThanOrEqual(Math.ceil(process.uptime()));
  });

  it('answers 503 when the database is down', async ({ t }) => {
    const { DataSource } = await import('typeorm');
    const ds = t.app.get(DataSource);
    await ds.destroy();
    try {
      const res = await http<HealthResponse>(t, 'GET', '/api/health');
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ status: 'error', db: 'down' });
    } finally {
      await ds.initialize();
    }
  });

  it('sends the baseline security headers and hides the framework', async ({ t }) => {
    const res = await http(t, 'GET', '/api/health');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('content-security-policy')).toBe("frame-ancestors 'none'");
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });
});
