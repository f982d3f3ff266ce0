import type { INestApplication } from '@nestjs/common';

type Router = { router: { stack: Array<{ route?: { path: string; methods: Record<string, boolean> } }> } };

/** The Swagger UI's own pages and assets: served by SwaggerModule, not part of the API. */
export const DOCS_ROUTES = /^GET \/api\/docs(-json|\/.*)?$/;

/**
 * Every `METHOD /path` the app's Express router serves. Nest mounts middleware (the request
 * logger) as a route answering every method: it serves nothing of its own, so it is left out.
 */
export function servedRoutes(app: INestApplication): string[] {
  const stack = (app.getHttpAdapter().getInstance() as unknown as Router).router.stack;
  return stack.flatMap(({ route }) => {
    const methods = Object.keys(route?.methods ?? {});
    if (route === undefined || methods.length !== 1) return [];
    return [`${methods[0].toUpperCase()} ${route.path}`];
  });
}
