import type { SnapshotUrlResponse, TokenResponse } from '@argus/shared';
import { WS_BEARER_PROTOCOL } from '@argus/shared';
import { createCamera } from './support/domain';
import { ingestWithSnapshot, testImage } from './support/images';
import { createUser, PASSWORD } from './support/realtime-fixtures';
import { ADMIN, http, login, startTestApp, type TestApp } from './support/test-app';
import { connectAccepted } from './support/ws-client';

/** A pino destination that keeps every line. */
class Lines {
  readonly lines: string[] = [];
  private partial = '';
  write(chunk: string): void {
    const parts = (this.partial + chunk).split('\n');
    this.partial = parts.pop() ?? '';
    this.lines.push(...parts);
  }
}

const METRICS_TOKEN = 'log-test-metrics-token-0123456789';

// Contract §12: LOG_FORMAT=json is one JSON object a line with pino's level, time and msg,
// req_id for requests and user_id where known; never a token, password, ingest key or signature.
describe('JSON logs', () => {
  let t: TestApp;
  const out = new Lines();

  beforeAll(async () => {
    t = await startTestApp({ env: { LOG_FORMAT: 'json', METRICS_TOKEN }, logStream: out, logLevel: 'verbose' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it(
    'writes one JSON object a line, with request ids and user ids, and no secret anywhere',
    { timeout: 20_000 },
    async () => {
      const secrets: string[] = [ADMIN.password, METRICS_TOKEN];
      const admin = await login(t);
      secrets.push(admin, admin.split('.')[2]);
      // A failed login: the password tried is a secret too.
      const wrong = 'wrong-password-xyz';
      expect((await http(t, 'POST', '/api/auth/login', { body: { username: 'admin', password: wrong } })).status).toBe(
        401,
      );
      secrets.push(wrong);
      const form = await http<TokenResponse>(t, 'POST', '/api/auth/login', {
        form: { username: ADMIN.username, password: ADMIN.password },
      });
      secrets.push(form.body.access_token);

      const { user, token } = await createUser(t, admin, 'logged-user');
      secrets.push(PASSWORD, token);
      // Socket tokens in the URL and in the subprotocol.
      const byQuery = await connectAccepted(t, { token });
      const byProtocol = await connectAccepted(t, { protocols: [WS_BEARER_PROTOCOL, admin] });
      byQuery.close();
      byProtocol.close();
      await Promise.all([byQuery.closed(), byProtocol.closed()]);

      // An ingest key, and the signature of a signed snapshot URL used.
      const camera = await createCamera(t, admin, { name: 'Logged door' });
      secrets.push(camera.ingest_key);
      const event = await ingestWithSnapshot(t, camera, { event_type: 'motion_detected' }, await testImage(64, 48));
      const signed = await http<SnapshotUrlResponse>(t, 'GET', `/api/events/${event.id}/snapshot-url`, { token });
      expect(signed.status).toBe(200);
      expect((await fetch(`${t.baseUrl}${signed.body.url}`)).status).toBe(200);
      expect((await fetch(`${t.baseUrl}${signed.body.thumbnail_url}`)).status).toBe(200);
      for (const url of [signed.body.url, signed.body.thumbnail_url]) {
        secrets.push(new URL(url, t.baseUrl).searchParams.get('sig') ?? 'missing');
      }
      // A password change (old and new) and the metrics token.
      const fresh = 'changed-password-456';
      const changed = await http<TokenResponse>(t, 'POST', '/api/auth/password', {
        token,
        body: { current_password: PASSWORD, new_password: fresh },
      });
      expect(changed.status).toBe(200);
      secrets.push(fresh, changed.body.access_token);
      expect((await http(t, 'GET', '/api/metrics', { token: METRICS_TOKEN })).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 100)); // the socket close lines follow the close

      const records = out.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(records.length).toBeGreaterThan(10);
      for (const record of records) {
        expect(typeof record.level).toBe('number');
        expect(typeof record.time).toBe('string');
        expect(typeof record.msg).toBe('string');
      }
      const requests = records.filter((record) => record.req_id !== undefined);
      const ingest = requests.find((record) =>
        String(record.msg).startsWith(`POST /api/cameras/${camera.id}/events 201`),
      );
      expect(ingest).toBeDefined();
      const own = requests.find((record) =>
        String(record.msg).startsWith(`GET /api/events/${event.id}/snapshot-url 200`),
      );
      expect(own).toMatchObject({ user_id: user.id });
      expect(new Set(requests.map((record) => record.req_id)).size).toBe(requests.length);
      // The id is answered in X-Request-Id; a plain one from a proxy is kept.
      const traced = await http(t, 'GET', '/api/auth/me', {
        token: admin,
        headers: { 'x-request-id': 'proxy-req-42' },
      });
      expect(traced.headers.get('x-request-id')).toBe('proxy-req-42');
      const untraced = await http(t, 'GET', '/api/auth/me', {
        token: admin,
        headers: { 'x-request-id': 'a bad id with spaces' },
      });
      expect(untraced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const tracedLine = out.lines
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .find((r) => r.req_id === 'proxy-req-42');
      expect(tracedLine).toMatchObject({ user_id: 1, res: { status: 200 } });
      const opened = records.filter((record) => String(record.msg).startsWith('socket opened'));
      expect(opened.map((record) => record.user_id).sort()).toEqual([1, user.id].sort());
      expect(opened[0]).toMatchObject({ context: 'Realtime', connection_id: expect.any(String) });
      const closed = records.filter((record) => String(record.msg).startsWith('socket closed'));
      expect(closed.map((record) => record.user_id).sort()).toEqual([1, user.id].sort());
      expect(out.lines.join('\n')).toContain('sig=[REDACTED]');

      const text = out.lines.join('\n');
      for (const secret of secrets) expect(secret.length).toBeGreaterThan(7);
      const leaked = secrets.filter((secret) => text.includes(secret));
      expect(leaked).toEqual([]);
    },
  );
});
