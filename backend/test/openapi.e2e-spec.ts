import type { OpenAPIObject } from '@nestjs/swagger';
import { readFileSync } from 'node:fs';
import { GENERATED_FILE, generateResponseSchemas } from '../scripts/response-schemas';
import { DOCS_ROUTES, servedRoutes } from './support/routes';
import { http, login, startTestApp, type TestApp } from './support/test-app';

// Contract §12: GET /api/docs (public) is OpenAPI 3 of every REST endpoint, generated from the code.
describe('OpenAPI document', () => {
  let t: TestApp;
  let document: OpenAPIObject;

  beforeAll(async () => {
    t = await startTestApp();
    const res = await http<OpenAPIObject>(t, 'GET', '/api/docs-json');
    expect(res.status).toBe(200);
    document = res.body;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('is OpenAPI 3 and lists every route the router serves, with its method', () => {
    expect(document.openapi).toMatch(/^3\./);
    const served = servedRoutes(t.app).filter((route) => !DOCS_ROUTES.test(route));
    expect(served.length).toBeGreaterThan(30);
    const documented = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    // A route missing from the document (or documented but not served) fails here.
    expect(documented.sort()).toEqual(served.sort());
  });

  it('documents request bodies and queries from the DTOs, and who may call', () => {
    const createUser = document.paths['/api/users'].post!;
    const body = createUser.requestBody as { content: Record<string, { schema: { $ref: string } }> };
    const name = body.content['application/json'].schema.$ref.split('/').pop()!;
    const schema = document.components!.schemas![name] as {
      properties: Record<string, { type?: string; enum?: string[] }>;
      required: string[];
    };
    expect(schema.properties.role.enum).toEqual(['admin', 'viewer']);
    expect(schema.properties.password).toMatchObject({ type: 'string', format: 'password' });
    expect(schema.required.sort()).toEqual(['password', 'role', 'username']);
    const limit = document.paths['/api/events'].get!.parameters!.find((p) => 'name' in p && p.name === 'limit');
    expect(limit).toMatchObject({
      in: 'query',
      required: false,
      schema: { type: 'integer', minimum: 1, maximum: 500 },
    });
    expect(createUser.security).toEqual([{ bearer: [] }]);
    expect(document.paths['/api/auth/login'].post!.security).toBeUndefined();
    expect(document.paths['/api/health'].get!.security).toBeUndefined();
    const ingest = document.paths['/api/cameras/{id}/events'].post!;
    expect(ingest.security).toEqual([{ camera_key: [] }, { bearer: [] }]);
    const bodies = (ingest.requestBody as { content: Record<string, unknown> }).content;
    expect(Object.keys(bodies).sort()).toEqual([
      'application/json',
      'application/x-www-form-urlencoded',
      'multipart/form-data',
    ]);
  });

  it('documents what each operation answers, and the server answers that', async () => {
    type Component = { properties: Record<string, unknown>; required?: string[] };
    const component = (name: string): Component => document.components!.schemas![name] as Component;
    const answer = (path: string, method: 'get' | 'post', status: string) =>
      (
        document.paths[path][method]!.responses[status] as unknown as {
          content: Record<string, { schema: Record<string, unknown> }>;
        }
      ).content['application/json'].schema;
    expect(answer('/api/users', 'get', '200')).toEqual({ type: 'array', items: { $ref: '#/components/schemas/User' } });
    expect(answer('/api/auth/login', 'post', '200')).toEqual({ $ref: '#/components/schemas/TokenResponse' });
    expect(answer('/api/cameras', 'post', '201')).toEqual({ $ref: '#/components/schemas/CreatedCamera' });
    // What the server really sends has exactly the documented fields (optional ones may be absent).
    const token = await login(t);
    const fits = (body: Record<string, unknown>, name: string): void => {
      const schema = component(name);
      expect(Object.keys(body).filter((key) => !(key in schema.properties))).toEqual([]);
      expect((schema.required ?? []).filter((key) => !(key in body))).toEqual([]);
    };
    fits((await http<Record<string, unknown>>(t, 'GET', '/api/auth/me', { token })).body, 'PublicUser');
    fits((await http<Array<Record<string, unknown>>>(t, 'GET', '/api/users', { token })).body[0], 'User');
    fits((await http<Record<string, unknown>>(t, 'GET', '/api/health')).body, 'HealthResponse');
    fits((await http<Record<string, unknown>>(t, 'GET', '/api/faces/statistics', { token })).body, 'Statistics');
    fits((await http<Record<string, unknown>>(t, 'GET', '/api/ws/status', { token })).body, 'WsStatus');
  });

  it('keeps the generated response schemas in step with the controllers', { timeout: 60_000 }, async () => {
    // Stale: cd backend && npx tsx scripts/response-schemas.ts
    expect(await generateResponseSchemas()).toBe(readFileSync(GENERATED_FILE, 'utf8'));
  });

  it('documents the one error shape on every operation', () => {
    expect(document.components!.schemas!.ApiErrorSchema).toMatchObject({
      required: expect.arrayContaining(['statusCode', 'error', 'message']),
    });
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(
        item as Record<string, { responses: Record<string, unknown>; security?: unknown[] }>,
      )) {
        const errors = Object.keys(operation.responses).filter((status) => Number(status) >= 400);
        expect([method, path, errors.includes('500')]).toEqual([method, path, true]);
        if (operation.security !== undefined) {
          expect([method, path, errors.includes('401')]).toEqual([method, path, true]);
        }
        const answer = operation.responses['500'] as { content: Record<string, { schema: { $ref: string } }> };
        expect(answer.content['application/json'].schema.$ref).toBe('#/components/schemas/ApiErrorSchema');
      }
    }
  });

  it('serves the Swagger UI publicly, with every asset from this server', async () => {
    const page = await fetch(`${t.baseUrl}/api/docs`);
    expect(page.status).toBe(200);
    const html = await page.text();
    const assets = [...html.matchAll(/(?:href|src)="([^"]+)"/g)].map((match) => match[1]);
    expect(assets.length).toBeGreaterThanOrEqual(3);
    for (const asset of assets) {
      const url = new URL(asset, `${t.baseUrl}/api/docs`);
      expect(url.origin).toBe(t.baseUrl);
      const res = await fetch(url);
      expect([asset, res.status]).toEqual([asset, 200]);
      await res.arrayBuffer();
    }
    const init = await fetch(`${t.baseUrl}/api/docs/swagger-ui-init.js`);
    expect(init.status).toBe(200);
    expect(await init.text()).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)/);
  });
});
