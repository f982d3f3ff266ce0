import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseForm } from 'node:querystring';
import {
  BadRequestException,
  PayloadTooLargeException,
  SetMetadata,
  UnsupportedMediaTypeException,
} from '@nestjs/common';

/** Largest request body a route takes unless it says otherwise with @BodyLimit. */
export const DEFAULT_BODY_LIMIT = 100 * 1024;
export const BODY_LIMIT_KEY = 'argus:bodyLimit';

/** Sets the body limit (bytes) of a handler or controller, instead of DEFAULT_BODY_LIMIT. */
export const BodyLimit = (bytes: number): MethodDecorator & ClassDecorator => SetMetadata(BODY_LIMIT_KEY, bytes);

type BodyKind = 'json' | 'form';
const KINDS: Record<string, BodyKind> = {
  'application/json': 'json',
  'application/x-www-form-urlencoded': 'form',
};

/** Whether the request carries a body at all (as type-is decides it for body-parser). */
function hasBody(req: IncomingMessage): boolean {
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
}

/** The body kind we parse, after checking its charset and encoding; undefined for any other type. */
function kindOf(req: IncomingMessage): BodyKind | undefined {
  const [type, ...parameters] = (req.headers['content-type'] ?? '').split(';');
  const kind = KINDS[type.trim().toLowerCase()];
  if (kind === undefined) return undefined;
  for (const parameter of parameters) {
    const [name, value = ''] = parameter.split('=').map((part) => part.trim().toLowerCase());
    if (name === 'charset' && !['utf-8', 'utf8', '"utf-8"'].includes(value)) {
      throw new UnsupportedMediaTypeException(`unsupported charset ${value}: send UTF-8`);
    }
  }
  checkContentEncoding(req);
  return kind;
}

/** Bodies are read as sent: any Content-Encoding (gzip...) is 415. */
export function checkContentEncoding(req: IncomingMessage): void {
  const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity') {
    throw new UnsupportedMediaTypeException(
      `Content-Encoding ${encoding} is not supported: send the body uncompressed`,
    );
  }
}

/**
 * Reads the body, at most `limit` bytes. A declared Content-Length over the limit is refused
 * before reading anything, a longer stream as soon as it passes the limit; either way the
 * 413 closes the connection, so the rest of the body is never read (nor waited for).
 */
function readBody(req: IncomingMessage, res: ServerResponse, limit: number): Promise<Buffer> {
  const tooLarge = (): PayloadTooLargeException => {
    res.setHeader('Connection', 'close');
    return new PayloadTooLargeException(`request body is larger than ${limit} bytes`);
  };
  if (Number(req.headers['content-length'] ?? 0) > limit) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (error?: Error): void => {
      req.off('data', onData).off('end', onEnd).off('close', onClose);
      if (error === undefined) return resolve(Buffer.concat(chunks, size));
      req.pause();
      reject(error);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) return finish(tooLarge());
      chunks.push(chunk);
    };
    const onEnd = (): void => finish();
    // A client that goes away mid-body: nobody is left to read the answer.
    const onClose = (): void => finish(new BadRequestException('request body ended early'));
    req.on('data', onData).once('end', onEnd).once('close', onClose);
  });
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function parse(raw: Buffer, kind: BodyKind): unknown {
  let text: string;
  try {
    text = utf8.decode(raw);
  } catch {
    throw new BadRequestException('body is not valid UTF-8');
  }
  if (kind === 'form') return { ...parseForm(text) };
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new BadRequestException('body is not valid JSON');
  }
  if (typeof value !== 'object' || value === null) throw new BadRequestException('body must be a JSON object');
  return value;
}

/**
 * The parsed body of a JSON or form-urlencoded request (undefined when there is none, or
 * for another content type, left unread for the route to handle).
 */
export async function readRequestBody(req: IncomingMessage, res: ServerResponse, limit: number): Promise<unknown> {
  if (!hasBody(req)) return undefined;
  const kind = kindOf(req);
  if (kind === undefined) return undefined;
  return parse(await readBody(req, res, limit), kind);
}
