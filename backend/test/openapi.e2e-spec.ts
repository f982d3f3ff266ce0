import type { OpenAPIObject } from '@nestjs/swagger';
import { DOCS_ROUTES, servedRoutes } from './support/routes';
import { http, startTestApp, type TestApp } from './support/test-app';

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
        if (operation.security !== undefined)
          expect([method, path, errors.includes('401')]).toEqual([method, path, true]);
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
