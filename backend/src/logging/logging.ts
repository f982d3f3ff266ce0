import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DynamicModule } from '@nestjs/common';
import { Logger, LoggerModule, PinoLogger, type Params } from 'nestjs-pino';
import pino, { type DestinationStream, type Level } from 'pino';
import pretty from 'pino-pretty';
import type { AuthUser } from '../common/auth-user';
import type { AppConfig, LogLevel } from '../config/app-config';
import { redactUrl } from '../realtime/redact-url';

const PINO_LEVELS: Record<LogLevel, Level> = {
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
};

/**
 * Fields never written, wherever they appear in a logged object (defence in depth: requests
 * are serialized without headers or bodies, see `requestLine`).
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-camera-key"]',
  'req.headers["sec-websocket-protocol"]',
  'headers.authorization',
  'headers["x-camera-key"]',
  'headers["sec-websocket-protocol"]',
  'password',
  'current_password',
  'new_password',
  'access_token',
  'token',
  'ingest_key',
  '*.password',
  '*.current_password',
  '*.new_password',
  '*.access_token',
  '*.token',
  '*.ingest_key',
];

/** A caller-chosen X-Request-Id is kept when it is short and plain (a proxy's id); else a new one. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

type Request = IncomingMessage & { id?: unknown; ip?: string; originalUrl?: string; user?: AuthUser };

/**
 * What a request log line says about the request: never its headers, body or credentials.
 * pino-http hands over its own wrapper with the request as `raw`.
 */
function requestLine(wrapped: { raw?: Request } & Request): Record<string, unknown> {
  const req = wrapped.raw ?? wrapped;
  return {
    method: req.method,
    url: redactUrl(req.originalUrl ?? req.url),
    remote_address: req.ip ?? req.socket?.remoteAddress,
    user_agent: req.headers?.['user-agent'],
  };
}

/** Nest's own start-up chatter (modules loaded, every route mapped) goes to debug, so the start stays readable. */
const START_UP_CONTEXTS = new Set([
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'WebSocketsController',
  'NestFactory',
  'NestApplication',
]);

/** nestjs-pino's Nest logger, with Nest's start-up lines demoted to debug. */
export class ArgusLogger extends Logger {
  override log(message: unknown, ...optionalParams: unknown[]): void {
    const context = optionalParams[optionalParams.length - 1];
    if (typeof context === 'string' && START_UP_CONTEXTS.has(context)) this.debug(message, ...optionalParams);
    else super.log(message, ...optionalParams);
  }
}

/** Where log lines go: the given stream (tests), else stdout as JSON lines or through pino-pretty. */
export function logDestination(config: AppConfig, stream?: DestinationStream): DestinationStream {
  if (stream !== undefined) return stream;
  if (config.logFormat === 'pretty') {
    return pretty({
      sync: true,
      colorize: process.stdout.isTTY === true,
      translateTime: 'SYS:HH:MM:ss.l',
      messageFormat: '{if context}[{context}] {end}{msg}',
      // The message already says method, URL, status and time.
      ignore: 'pid,hostname,context,req,res,responseTime',
    });
  }
  // Synchronous: the lines written just before a shutdown's process.exit are not lost.
  return pino.destination({ dest: 1, sync: true });
}

export interface LoggingOptions {
  level: LogLevel;
  /** Instead of stdout (tests read the lines). */
  stream?: DestinationStream;
}

/** LOG_FORMAT / LOG_LEVEL applied to nestjs-pino: pino's `level`, `time`, `msg`, plus `req_id` and `user_id`. */
export function loggingModule(config: AppConfig, { level, stream }: LoggingOptions): DynamicModule {
  const params: Params<Request, ServerResponse> = {
    pinoHttp: [
      {
        level: PINO_LEVELS[level],
        base: undefined,
        timestamp: pino.stdTimeFunctions.isoTime,
        redact: { paths: REDACTED_PATHS, censor: '[REDACTED]' },
        customAttributeKeys: { reqId: 'req_id' },
        genReqId: (req, res) => {
          const given = req.headers['x-request-id'];
          const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
          res.setHeader('X-Request-Id', id);
          return id;
        },
        serializers: {
          req: requestLine,
          res: (res: ServerResponse) => ({ status: res.statusCode }),
        },
        // Known after the guard ran: on the request's completion line.
        customProps: (req) => (req.user === undefined ? {} : { user_id: req.user.id }),
        customSuccessMessage: (req, res, ms) =>
          `${req.method} ${redactUrl(req.originalUrl ?? req.url)} ${res.statusCode} ${Math.round(ms)} ms`,
        customErrorMessage: (req, res) =>
          `${req.method} ${redactUrl(req.originalUrl ?? req.url)} ${res.statusCode} failed`,
        customLogLevel: (_req, res, error) => (error !== undefined || res.statusCode >= 500 ? 'error' : 'info'),
        // Probes and scrapes every few seconds would drown the rest.
        autoLogging: { ignore: (req) => /^\/api\/(health|metrics)(\?|$)/.test(req.url ?? '') },
        quietReqLogger: true,
      },
      logDestination(config, stream),
    ],
  };
  return LoggerModule.forRoot(params);
}

export { PinoLogger };
