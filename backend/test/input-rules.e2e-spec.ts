import type { ApiError, Camera, CameraEvent, CreatedCamera, Person } from '@argus/shared';
import { test as base } from './support/fixtures';
import { http } from './support/test-app';

// Contract §2: no input gets a 5xx, and whatever SQLite accepts PostgreSQL must too (NUL
// bytes, lengths counted as the database counts them, JSON nested thousands deep). These
// answered 500 on PostgreSQL (or on both, for nesting) before the input rules existed.
const NUL = 'must not contain NUL (\\u0000) characters';
const SURROGATE = 'must be valid Unicode (it holds a lone surrogate)';

const test = base.override('cameraBody', { name: 'Rules' });
const it = test;

describe('input rules', () => {
  interface TextField {
    field: string;
    method: string;
    path: (cameraId: number) => string;
    body: (value: string) => Record<string, unknown>;
    /** The column's VARCHAR size (initial schema migration). */
    max: number;
  }
  /** Every route that stores (or looks up) text, with the field and its column size. */
  const TEXT_FIELDS: TextField[] = [
    {
      field: 'username',
      method: 'POST',
      path: () => '/api/auth/login',
      body: (username) => ({ username, password: 'whatever-1' }),
      max: 64,
    },
    { field: 'name', method: 'POST', path: () => '/api/cameras', body: (name) => ({ name }), max: 100 },
    {
      field: 'location',
      method: 'POST',
      path: () => '/api/cameras',
      body: (location) => ({ name: 'ok', location }),
      max: 200,
    },
    {
      field: 'name',
      method: 'PATCH',
      path: (cameraId) => `/api/cameras/${cameraId}`,
      body: (name) => ({ name }),
      max: 100,
    },
    {
      field: 'location',
      method: 'PATCH',
      path: (cameraId) => `/api/cameras/${cameraId}`,
      body: (location) => ({ location }),
      max: 200,
    },
    { field: 'name', method: 'POST', path: () => '/api/people', body: (name) => ({ name }), max: 100 },
    {
      field: 'person_name',
      method: 'POST',
      path: (cameraId) => `/api/cameras/${cameraId}/events`,
      body: (person_name) => ({ event_type: 'face_recognized', person_name }),
      max: 100,
    },
  ];

  describe('nesting', () => {
    // The login body limit (8 KiB) allows about 4,000 levels; other routes (100 KiB) 50,000.
    it.for<[string, string, boolean, string]>([
      ['arrays 4,000 deep at the anonymous login', '/api/auth/login', false, '['.repeat(4000) + ']'.repeat(4000)],
      [
        'objects 1,200 deep at the anonymous login',
        '/api/auth/login',
        false,
        '{"a":'.repeat(1200) + '1' + '}'.repeat(1200),
      ],
      ['arrays 50,000 deep', '/api/cameras', true, '{"name":' + '['.repeat(50_000) + ']'.repeat(50_000) + '}'],
    ])('refuses %s with 400, logging nothing', async ([, path, authenticated, body], { t, admin }) => {
      const output: string[] = [];
      const record = (chunk: unknown): boolean => (output.push(String(chunk)), true);
      const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(record);
      const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(record);
      let res;
      try {
        res = await http<ApiError>(t, 'POST', path, {
          token: authenticated ? admin : undefined,
          body,
          headers: { 'content-type': 'application/json' },
        });
      } finally {
        stdout.mockRestore();
        stderr.mockRestore();
      }
      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        message: 'body is nested deeper than 32 levels',
      });
      expect(output.join('')).toBe('');
    });

    it('takes 32 levels (the field is then wrong, not the body) and refuses 33', async ({ t, admin }) => {
      const nested = (levels: number): string => '['.repeat(levels - 1) + ']'.repeat(levels - 1);
      const ok = await http<ApiError>(t, 'POST', '/api/cameras', { token: admin, body: `{"name":${nested(32)}}` });
      expect(ok.status).toBe(400);
      expect(ok.body.message).toEqual(['name must be a string']);
      const deep = await http<ApiError>(t, 'POST', '/api/cameras', { token: admin, body: `{"name":${nested(33)}}` });
      expect(deep.status).toBe(400);
      expect(deep.body.message).toBe('body is nested deeper than 32 levels');
    });

    it('reads form bodies and query strings flat: bracketed names are unknown fields, not nesting', async ({
      t,
      admin,
    }) => {
      const form = await http<ApiError>(t, 'POST', '/api/auth/login', {
        form: { 'username[a][b][c]': 'x', password: 'whatever-1' },
      });
      expect(form.status).toBe(400);
      expect(JSON.stringify(form.body.message)).toContain('property username[a][b][c] should not exist');
      const query = await http<ApiError>(t, 'GET', `/api/events?${'a['.repeat(50)}=1`, { token: admin });
      expect(query.status).toBe(400);
      expect(JSON.stringify(query.body.message)).toContain('should not exist');
    });
  });

  describe('text the database cannot hold', () => {
    it.for([
      ['a NUL', 'Front\u0000door', NUL],
      ['a lone high surrogate', 'Front\ud800door', SURROGATE],
      ['a lone low surrogate', '\udfffFront', SURROGATE],
    ])(
      'refuses %s in every stored string field with 400 naming the field',
      async ([, value, rule], { t, admin, camera }) => {
        for (const { field, method, path, body } of TEXT_FIELDS) {
          const res = await http<ApiError>(t, method, path(camera.id), { token: admin, body: body(value) });
          expect({ field, path: path(camera.id), status: res.status, message: res.body.message }).toEqual({
            field,
            path: path(camera.id),
            status: 400,
            message: `${field} ${rule}`,
          });
        }
      },
    );

    it('refuses NUL in a query string and in a path parameter', async ({ t, admin }) => {
      const query = await http<ApiError>(t, 'GET', '/api/events?event_type=motion%00detected', { token: admin });
      expect(query.status).toBe(400);
      expect(query.body.message).toBe(`event_type ${NUL}`);
      const path = await http<ApiError>(t, 'GET', '/api/cameras/1%00', { token: admin });
      expect(path.status).toBe(400);
      expect(path.body.message).toBe(`id ${NUL}`);
    });

    it('refuses a NUL in a form body', async ({ t }) => {
      const res = await http<ApiError>(t, 'POST', '/api/auth/login', {
        form: { username: 'ad\u0000min', password: 'x-password' },
      });
      expect(res.status).toBe(400);
      expect(res.body.message).toBe(`username ${NUL}`);
    });

    it.for(['__proto__', 'constructor', 'prototype'])('refuses a %s key', async (key, { t, admin }) => {
      const res = await http<ApiError>(t, 'POST', '/api/cameras', {
        token: admin,
        body: `{"name":"Proto","${key}":{"enabled":false}}`,
      });
      expect(res.status).toBe(400);
      expect(res.body.message).toBe(`property ${key} is not allowed`);
    });

    it('refuses null for a field whose column is NOT NULL (found by the fuzz: a 500 before)', async ({
      t,
      admin,
      camera,
    }) => {
      const user = await http<{ id: number }>(t, 'POST', '/api/users', {
        token: admin,
        body: { username: 'nullable', password: 'nullable-pw-1', role: 'viewer' },
      });
      for (const [path, field] of [
        [`/api/users/${user.body.id}`, 'role'],
        [`/api/users/${user.body.id}`, 'password'],
        [`/api/users/${user.body.id}`, 'disabled'],
        [`/api/cameras/${camera.id}`, 'name'],
        [`/api/cameras/${camera.id}`, 'enabled'],
        ['/api/alert-rules/1', 'severity'],
      ]) {
        const res = await http<ApiError>(t, 'PATCH', path, { token: admin, body: { [field]: null } });
        expect({ path, field, status: res.status }).toEqual({ path, field, status: 400 });
        expect(JSON.stringify(res.body.message)).toContain(field);
      }
    });

    it('stored nothing from any refused request', async ({ t, admin, camera }) => {
      const cameras = await http<Camera[]>(t, 'GET', '/api/cameras', { token: admin });
      expect(cameras.body).toEqual([
        {
          id: camera.id,
          name: 'Rules',
          location: '',
          status: 'offline',
          enabled: true,
          last_seen_at: null,
          source: 'api',
          snoozed_until: null,
        },
      ]);
      const people = await http<Person[]>(t, 'GET', '/api/people', { token: admin });
      expect(people.body).toEqual([]);
    });
  });

  describe('lengths counted as the database counts them (code points)', () => {
    // 100 x "a" + U+FE0F (variation selector) is 200 code points: class-validator's Length counted 100.
    it('refuses text whose code points overflow the column', async ({ t, admin, camera }) => {
      for (const { field, method, path, body, max } of TEXT_FIELDS) {
        const res = await http<ApiError>(t, method, path(camera.id), {
          token: admin,
          body: body('a\uFE0F'.repeat(max / 2 + 1)),
        });
        expect({ field, path: path(camera.id), status: res.status }).toEqual({
          field,
          path: path(camera.id),
          status: 400,
        });
        expect(JSON.stringify(res.body.message)).toContain(`${field} must be`);
      }
    });

    it('stores text of exactly the column size in code points, astral characters included', async ({
      t,
      admin,
      camera,
    }) => {
      const name = '📷'.repeat(100);
      const location = 'a\uFE0F'.repeat(100);
      const created = await http<CreatedCamera>(t, 'POST', '/api/cameras', { token: admin, body: { name, location } });
      expect(created.status).toBe(201);
      const fetched = await http<Camera>(t, 'GET', `/api/cameras/${created.body.id}`, { token: admin });
      expect(fetched.body).toMatchObject({ name, location });
      const person = 'Zoë\u0301'.repeat(20);
      const event = await http<CameraEvent>(t, 'POST', `/api/cameras/${camera.id}/events`, {
        token: admin,
        body: { event_type: 'face_recognized', person_name: person },
      });
      expect(event.status).toBe(201);
      expect(event.body.data.person_name).toBe(person);
    });
  });

  describe('bodies that are not JSON objects keep their clean 4xx and the ApiError shape', () => {
    it.for<[string, Record<string, string>, string | Buffer<ArrayBuffer>, number, string | undefined]>([
      ['malformed JSON', { 'content-type': 'application/json' }, '{"name": ', 400, 'body is not valid JSON'],
      ['a JSON number', { 'content-type': 'application/json' }, '42', 400, 'body must be a JSON object'],
      [
        'invalid UTF-8',
        { 'content-type': 'application/json' },
        Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x7d]),
        400,
        'body is not valid UTF-8',
      ],
      [
        'another charset',
        { 'content-type': 'application/json; charset=latin1' },
        '{}',
        415,
        'unsupported charset latin1: send UTF-8',
      ],
      [
        'a compressed body',
        { 'content-type': 'application/json', 'content-encoding': 'gzip' },
        'xx',
        415,
        'Content-Encoding gzip is not supported: send the body uncompressed',
      ],
      ['a wrong content type', { 'content-type': 'text/plain' }, '{"name":"x"}', 400, undefined],
      ['an empty JSON body', { 'content-type': 'application/json' }, '', 400, undefined],
    ])('%s', async ([, headers, body, status, message], { t, admin }) => {
      const res = await fetch(`${t.baseUrl}/api/cameras`, {
        method: 'POST',
        headers: { ...headers, authorization: `Bearer ${admin}` },
        body,
      });
      const json = (await res.json()) as ApiError;
      expect(res.status).toBe(status);
      expect(json).toMatchObject({ statusCode: status, error: expect.any(String) as string });
      if (message !== undefined) expect(json.message).toBe(message);
      else expect(JSON.stringify(json.message)).toContain('name');
    });
  });
});
