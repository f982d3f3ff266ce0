import { http, login, startTestApp, TestApp } from './support/test-app';

// Every `:id` route parses the raw path segment: "1e3" or "0x10" must not become 1000 or 16.
const ROUTES: Array<[string, (id: string) => string, unknown?]> = [
  ['GET', (id) => `/api/cameras/${id}`],
  ['PATCH', (id) => `/api/cameras/${id}`, { name: 'x' }],
  ['DELETE', (id) => `/api/cameras/${id}`],
  ['POST', (id) => `/api/cameras/${id}/ingest-key`],
  ['POST', (id) => `/api/cameras/${id}/events`, { event_type: 'motion_detected' }],
  ['DELETE', (id) => `/api/people/${id}`],
  ['POST', (id) => `/api/alerts/${id}/ack`],
  ['PATCH', (id) => `/api/alert-rules/${id}`, { severity: 'info' }],
  ['DELETE', (id) => `/api/alert-rules/${id}`],
  ['GET', (id) => `/api/users/${id}`],
  ['PATCH', (id) => `/api/users/${id}`, { disabled: false }],
  ['DELETE', (id) => `/api/users/${id}`],
];

describe(':id path parameters', () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await startTestApp();
    token = await login(t);
  });
  afterAll(async () => {
    await t.close();
  });

  for (const bad of ['1e3', '0x10', '-1', '0', '1.5', 'abc', '99999999999']) {
    it(`answers 400 for id "${bad}" on every route`, async () => {
      for (const [method, path, body] of ROUTES) {
        const res = await http<{ message: string }>(t, method, path(bad), { token, body });
        expect({ route: `${method} ${path(bad)}`, status: res.status }).toEqual({
          route: `${method} ${path(bad)}`,
          status: 400,
        });
        expect(res.body.message).toContain('must be a positive integer');
      }
    });
  }

  it('answers 404 for a well-formed id that does not exist', async () => {
    for (const [method, path, body] of ROUTES) {
      const res = await http(t, method, path('424242'), { token, body });
      expect({ route: `${method} ${path('424242')}`, status: res.status }).toEqual({
        route: `${method} ${path('424242')}`,
        status: 404,
      });
    }
  });
});
