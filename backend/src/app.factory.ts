import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { INestApplication, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import express from 'express';
import type { DestinationStream } from 'pino';
import { AppModule } from './app.module';
import { Clock, SystemClock } from './common/time';
import { AppConfig, LogLevel } from './config/app-config';
import { ArgusLogger, PinoLogger } from './logging/logging';
import { Metrics } from './metrics/metrics';
import { pollCounter } from './metrics/poll-counter';
import { RateLimits } from './rate-limit/rate-limits';
import { restRateLimit } from './rate-limit/rest-rate-limit';
import { serveOpenApi } from './openapi/openapi';
import { decodeClientFrame } from './realtime/client-message';
import { LiveSocketAdapter } from './realtime/live-socket.adapter';

export interface CreateAppOptions {
  clock?: Clock;
  /** Overrides LOG_LEVEL (tests: warn). */
  logLevel?: LogLevel;
  /** Where log lines go instead of stdout (tests read them). */
  logStream?: DestinationStream;
}

/** Builds the whole application (HTTP API, socket, SPA) without listening. */
export async function createApp(config: AppConfig, options: CreateAppOptions = {}): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot(config, options.clock ?? new SystemClock(), {
      level: options.logLevel ?? config.logLevel,
      stream: options.logStream,
    }),
    // Bodies are read by InputInterceptor (limits per route, input rules), not Nest's parsers.
    // Logs wait for pino (LOG_FORMAT) instead of going to Nest's console logger meanwhile.
    { bufferLogs: true, bodyParser: false },
  );
  app.useLogger(new ArgusLogger(await app.resolve(PinoLogger), {}));
  app.setGlobalPrefix('api');
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      stopAtFirstError: false,
    }),
  );
  app.useWebSocketAdapter(new LiveSocketAdapter(app, decodeClientFrame));
  app.disable('x-powered-by');
  app.use(securityHeaders);
  // Behind a reverse proxy, req.ip comes from X-Forwarded-For only for the proxies trusted here.
  app.set('trust proxy', config.trustProxy);
  if (config.corsOrigins.length > 0) app.enableCors({ origin: config.corsOrigins, credentials: false });
  // After CORS (a cross-origin client can read its 429), before routing, guards and body
  // reading: a flood costs one counter increment a request.
  if (config.rateLimitPerMinute > 0) {
    app.use(restRateLimit(app.get(RateLimits).limiter('rest', config.rateLimitPerMinute, 60)));
  }
  if (config.metricsEnabled) app.use(pollCounter(app.get(Metrics)));
  // Exit 0 after a clean shutdown (sockets closed 1001, requests drained, database closed)
  // instead of re-raising the signal.
  app.enableShutdownHooks([], { useProcessExit: true });
  serveOpenApi(app);
  serveSpa(app, config.staticDir);
  return app;
}

/** Baseline headers on every answer: no MIME sniffing, no framing (clickjacking), no referrer leaks. */
function securityHeaders(_req: express.Request, res: express.Response, next: express.NextFunction): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Content-Security-Policy', "frame-ancestors 'none'");
  res.setHeader('Referrer-Policy', 'no-referrer');
  next();
}

/** Serves the built dashboard at `/`, with index.html for client-side routes; /api is untouched. */
function serveSpa(app: NestExpressApplication, dir: string | undefined): void {
  if (dir === undefined) return;
  const index = join(dir, 'index.html');
  if (!existsSync(index)) return;
  // No directory redirects: their Location is built from the request path, and
  // `/\evil.example/..%2fassets` would send a browser to another host. The SPA answers instead.
  app.use(express.static(dir, { index: false, redirect: false, maxAge: '1h', immutable: false }));
  app.use((req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (req.method !== 'GET' || req.path === '/api' || req.path.startsWith('/api/')) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
}
