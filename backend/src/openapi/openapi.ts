import type { INestApplication, Type } from '@nestjs/common';
import { GUARDS_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import {
  ApiBearerAuth,
  ApiSecurity,
  ApiTags,
  DocumentBuilder,
  SwaggerModule,
  type OpenAPIObject,
} from '@nestjs/swagger';
import type {
  OperationObject,
  ResponseObject,
  ResponsesObject,
  SchemaObject,
} from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { IS_PUBLIC_KEY } from '../common/decorators';
import { APP_VERSION } from '../common/version';
import { IngestAuthGuard } from '../events/ingest-auth.guard';
import { SnapshotAccessGuard } from '../snapshots/snapshot-access.guard';
import { ApiErrorSchema } from './api-error';
import { documentDtos } from './dto-schemas';
import { RESPONSE_COMPONENTS, RESPONSE_SCHEMAS } from './response-schemas.generated';

export const DOCS_PATH = '/api/docs';
export const DOCS_JSON_PATH = '/api/docs-json';

const CAMERA_KEY = 'camera_key';
const ERROR_REF = { $ref: '#/components/schemas/ApiErrorSchema' };
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** Controllers already decorated in this process (several apps may start in one test run). */
const decorated = new WeakSet<Type>();

/** Who may call each handler, as the global guard and the per-route guards decide it. */
function describeAccess(app: INestApplication): void {
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type | null;
      if (controller === null || decorated.has(controller)) continue;
      decorated.add(controller);
      const path = (Reflect.getMetadata(PATH_METADATA, controller) as string | undefined) ?? '';
      ApiTags(path.split('/')[0] || 'misc')(controller);
      const prototype = controller.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[name];
        const descriptor = Object.getOwnPropertyDescriptor(prototype, name);
        if (name === 'constructor' || typeof handler !== 'function' || descriptor === undefined) continue;
        const isPublic =
          (Reflect.getMetadata(IS_PUBLIC_KEY, handler) as boolean | undefined) ??
          (Reflect.getMetadata(IS_PUBLIC_KEY, controller) as boolean | undefined) ??
          false;
        const guards = (Reflect.getMetadata(GUARDS_METADATA, handler) as unknown[] | undefined) ?? [];
        if (guards.includes(IngestAuthGuard)) {
          ApiSecurity(CAMERA_KEY)(prototype, name, descriptor);
          ApiBearerAuth()(prototype, name, descriptor);
        } else if (guards.includes(SnapshotAccessGuard) || !isPublic) {
          ApiBearerAuth()(prototype, name, descriptor);
        }
      }
    }
  }
}

/** The errors an operation can answer, all with the one ApiError body. */
function addErrors(path: string, method: string, operation: OperationObject): void {
  const responses: ResponsesObject = operation.responses;
  const add = (status: number, description: string): void => {
    responses[status] ??= { description, content: { 'application/json': { schema: ERROR_REF } } };
  };
  const secured = (operation.security ?? []).length > 0;
  const takesInput = operation.requestBody !== undefined || (operation.parameters ?? []).length > 0;
  if (takesInput) add(400, 'Invalid input: `message` lists each problem');
  if (secured) {
    add(401, 'No credential, or a token that is invalid, expired or revoked');
    add(403, 'The credential does not allow this (role, or a disabled camera key)');
  }
  if (path.includes('{')) add(404, 'No such resource');
  if (operation.requestBody !== undefined) add(413, 'Body over the route limit');
  if (!['/api/health', '/api/metrics'].includes(path)) add(429, 'Rate limited: wait `Retry-After` seconds');
  add(500, 'Unexpected failure (logged; the answer reveals nothing)');
  void method;
}

/** What each operation answers, from its controller method's return type (see scripts/response-schemas.ts). */
function addResponseBodies(document: OpenAPIObject): void {
  const schemas = RESPONSE_SCHEMAS as unknown as Record<string, SchemaObject>;
  document.components ??= {};
  document.components.schemas = {
    ...(RESPONSE_COMPONENTS as unknown as Record<string, SchemaObject>),
    ...document.components.schemas,
  };
  for (const item of Object.values(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      const schema = operation === undefined ? undefined : schemas[operation.operationId ?? ''];
      if (operation === undefined || schema === undefined) continue;
      const success = Object.keys(operation.responses).find((status) => status.startsWith('2'));
      if (success === undefined) continue;
      operation.responses[success] = {
        ...operation.responses[success],
        content: { 'application/json': { schema } },
      } as ResponseObject;
    }
  }
}

/** Bodies some routes also take besides JSON, which the DTO alone cannot tell. */
function addAlternativeBodies(document: OpenAPIObject): void {
  const login = document.paths['/api/auth/login']?.post?.requestBody;
  if (login !== undefined && 'content' in login) {
    login.content['application/x-www-form-urlencoded'] = login.content['application/json'];
  }
  const ingest = document.paths['/api/cameras/{id}/events']?.post?.requestBody;
  if (ingest !== undefined && 'content' in ingest) {
    const json = ingest.content['application/json'];
    ingest.content['application/x-www-form-urlencoded'] = json;
    ingest.content['multipart/form-data'] = {
      schema: {
        allOf: [
          json.schema ?? {},
          {
            type: 'object',
            properties: {
              snapshot: {
                type: 'string',
                format: 'binary',
                description: 'JPEG, PNG or WebP, at most SNAPSHOT_MAX_BYTES',
              },
            },
          },
        ],
      },
    };
  }
}

/** The OpenAPI 3 document of every REST route, generated from the controllers and DTOs. */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  documentDtos();
  describeAccess(app);
  const config = new DocumentBuilder()
    .setTitle('Argus API')
    .setDescription(
      'REST API of the Argus surveillance dashboard. The live socket (`/api/ws/statistics`) ' +
        'and the message shapes are described in docs/protocol.md; JSON field names are snake_case, ' +
        'times ISO-8601 UTC. Every error answers the same ApiErrorSchema body.',
    )
    .setVersion(APP_VERSION)
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-Camera-Key', description: "A camera's ingest key" }, CAMERA_KEY)
    .build();
  const document = SwaggerModule.createDocument(app, config, { extraModels: [ApiErrorSchema] });
  addAlternativeBodies(document);
  addResponseBodies(document);
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (operation !== undefined) addErrors(path, method, operation);
    }
  }
  return document;
}

/** `/api/docs` (Swagger UI, its assets from swagger-ui-dist on disk) and `/api/docs-json`; public. */
export function serveOpenApi(app: INestApplication): void {
  const document = createOpenApiDocument(app);
  SwaggerModule.setup(DOCS_PATH, app, document, {
    jsonDocumentUrl: DOCS_JSON_PATH,
    raw: ['json'],
    customSiteTitle: 'Argus API',
  });
}
