import type { ApiError } from '@argus/shared';
import { test as base } from './support/fixtures';
import { http } from './support/test-app';

// Every id is range-checked once, the same way, before it reaches a query (contract §2:
// ids beyond 32 bits must not become a PostgreSQL "out of range" 500).
const ID_MESSAGE = 'must be an integer from 1 to 2147483647';
const ID_LIST_MESSAGE = 'must be a comma-separated list of 1 to 50 integers from 1 to 2147483647';

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

// `token` is the admin's.
const test = base.override('cameraBody', { name: 'Ids' }).extend('token', { scope: 'file' }, ({ admin }) => admin);
const it = test;

describe('ids and integer parameters', () => {
  for (const bad of ['1e3', '0x10', '-1', '0', '1.5', 'abc', '2147483648', '99999999999', '9007199254740993']) {
    it(`answers 400 for id "${bad}" on every route`, async ({ t, token }) => {
      for (const [method, path, body] of ROUTES) {
        const res = await http<ApiError>(t, method, path(bad), { token, body });
        expect({ route: `${method} ${path(bad)}`, status: res.status, message: res.body.message }).toEqual({
          route: `${method} ${path(bad)}`,
          status: 400,
          message: `id ${ID_MESSAGE}`,
        });
      }
    });
  }

  it('answers 404 for a well-formed id that does not exist, up to the largest one', async ({ t, token }) => {
    for (const id of ['424242', '2147483647']) {
      for (const [method, path, body] of ROUTES) {
        const res = await http(t, method, path(id), { token, body });
        expect({ route: `${method} ${path(id)}`, status: res.status }).toEqual({
          route: `${method} ${path(id)}`,
          status: 404,
        });
      }
    }
  });

  it.for([
    ['/api/events?after=2147483648', 'after must be an integer from 0 to 2147483647'],
    ['/api/events?after=-1', 'after must be an integer from 0 to 2147483647'],
    // camera_id is a list (contract §9): one message for any bad item.
    ['/api/events?camera_id=2147483648', `camera_id ${ID_LIST_MESSAGE}`],
    ['/api/events?camera_id=0', `camera_id ${ID_LIST_MESSAGE}`],
    ['/api/events?camera_id=1,0', `camera_id ${ID_LIST_MESSAGE}`],
    ['/api/events?before=2147483648', `before ${ID_MESSAGE}`],
    ['/api/events?person_id=1e2', `person_id ${ID_MESSAGE}`],
    ['/api/alerts?camera_id=0x10', `camera_id ${ID_LIST_MESSAGE}`],
    ['/api/alerts?before=0', `before ${ID_MESSAGE}`],
    ['/api/events?limit=1e2', 'limit must be an integer from 1 to 500'],
    ['/api/events?limit=0x10', 'limit must be an integer from 1 to 500'],
    ['/api/alerts?limit=1e2', 'limit must be an integer from 1 to 500'],
    ['/api/alerts?limit=0x10', 'limit must be an integer from 1 to 500'],
    ['/api/alerts?limit=501', 'limit must be an integer from 1 to 500'],
    ['/api/alerts?limit=1&limit=2', 'limit must be an integer from 1 to 500'],
  ])('answers 400 for %s with one message naming the parameter', async ([path, message], { t, token }) => {
    const res = await http<ApiError>(t, 'GET', path, { token });
    expect(res.status).toBe(400);
    expect(res.body.message).toEqual([message]);
  });

  it('reads the same integer query text the same way on every route', async ({ t, token }) => {
    for (const path of ['/api/events?limit=100', '/api/alerts?limit=100', '/api/events?after=2147483647']) {
      expect({ path, status: (await http(t, 'GET', path, { token })).status }).toEqual({ path, status: 200 });
    }
  });

  it.for<[string, string, object, string]>([
    ['POST', '/api/alert-rules', { event_type: 'motion_detected', severity: 'info', camera_id: 2 ** 31 }, 'camera_id'],
    ['POST', '/api/alert-rules', { event_type: 'motion_detected', severity: 'info', user_id: 2 ** 53 }, 'user_id'],
    ['POST', '/api/alert-rules', { event_type: 'motion_detected', severity: 'info', user_id: '3' }, 'user_id'],
    ['POST', 'events', { event_type: 'face_recognized', person_id: 2 ** 31 }, 'person_id'],
    ['POST', 'events', { event_type: 'face_recognized', person_id: -0 }, 'person_id'],
  ])('answers 400 for a body id out of range: %s %s %j', async ([method, path, body, field], { t, token, camera }) => {
    const url = path === 'events' ? `/api/cameras/${camera.id}/events` : path;
    const res = await http<ApiError>(t, method, url, { token, body });
    expect(res.status).toBe(400);
    expect(res.body.message).toEqual([`${field} ${ID_MESSAGE}`]);
  });
});
