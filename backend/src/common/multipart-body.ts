import type { IncomingMessage, ServerResponse } from 'node:http';
import { BadRequestException, HttpException, PayloadTooLargeException } from '@nestjs/common';
import busboy from 'busboy';
import { checkContentEncoding } from './request-body';

export interface MultipartLimits {
  /** The one file field taken (e.g. `snapshot`). */
  fileField: string;
  /** Largest file, in bytes: larger is 413 as soon as the stream passes it. */
  maxFileBytes: number;
  /** Most text fields, and the largest one (bytes). */
  maxFields: number;
  maxFieldBytes: number;
}

export interface MultipartBody {
  fields: Record<string, string>;
  file?: Buffer;
}

/** Room for part headers and boundaries around the file and the fields. */
const FRAMING_ALLOWANCE = 16 * 1024;

export function isMultipart(req: IncomingMessage): boolean {
  return /^multipart\/form-data\s*(;|$)/i.test(req.headers['content-type'] ?? '');
}

/**
 * Reads a `multipart/form-data` body with busboy, in memory, within `limits`: one file of at
 * most `maxFileBytes`, a few small text fields, nothing else. Every refusal closes the
 * connection (the rest of the body is never read), as the JSON reader does.
 */
export function readMultipart(
  req: IncomingMessage,
  res: ServerResponse,
  limits: MultipartLimits,
): Promise<MultipartBody> {
  checkContentEncoding(req);
  const maxTotal = limits.maxFileBytes + limits.maxFields * limits.maxFieldBytes + FRAMING_ALLOWANCE;
  const refuse = (error: HttpException): HttpException => {
    res.setHeader('Connection', 'close');
    return error;
  };
  if (Number(req.headers['content-length'] ?? 0) > maxTotal) {
    return Promise.reject(refuse(new PayloadTooLargeException(`request body is larger than ${maxTotal} bytes`)));
  }
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: req.headers,
      defCharset: 'utf8',
      defParamCharset: 'utf8',
      limits: {
        fileSize: limits.maxFileBytes,
        files: 1,
        fields: limits.maxFields,
        fieldSize: limits.maxFieldBytes,
        fieldNameSize: 100,
        parts: limits.maxFields + 1,
        headerPairs: 20,
      },
    });
  } catch {
    return Promise.reject(new BadRequestException('multipart body without a boundary'));
  }

  return new Promise<MultipartBody>((resolve, reject) => {
    const fields: Record<string, string> = {};
    let file: Buffer | undefined;
    let settled = false;
    let received = 0;
    const fail = (error: HttpException): void => {
      if (settled) return;
      settled = true;
      req.unpipe(parser);
      req.off('data', count);
      req.pause();
      parser.removeAllListeners();
      // A late parser error after the refusal must not become an unhandled 'error' event.
      parser.on('error', () => undefined);
      reject(refuse(error));
    };
    const count = (chunk: Buffer): void => {
      received += chunk.length;
      if (received > maxTotal) fail(new PayloadTooLargeException(`request body is larger than ${maxTotal} bytes`));
    };

    parser.on('file', (name, stream) => {
      if (name !== limits.fileField) {
        stream.resume();
        return fail(new BadRequestException(`unexpected file field ${name}: only ${limits.fileField} takes a file`));
      }
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () =>
        fail(new PayloadTooLargeException(`${limits.fileField} is larger than ${limits.maxFileBytes} bytes`)),
      );
      stream.on('end', () => {
        // An empty part is what a browser form sends for a file input left empty: no file.
        if (!settled && chunks.length > 0) file = Buffer.concat(chunks);
      });
    });
    parser.on('field', (name, value, info) => {
      if (info.nameTruncated) return fail(new BadRequestException('a field name is longer than 100 bytes'));
      if (info.valueTruncated) {
        return fail(new PayloadTooLargeException(`field ${name} is larger than ${limits.maxFieldBytes} bytes`));
      }
      if (name === limits.fileField) {
        // An empty file input, sent without a file name, arrives as an empty text part: no file.
        if (value === '') return;
        return fail(new BadRequestException(`${name} must be a file`));
      }
      if (Object.hasOwn(fields, name)) return fail(new BadRequestException(`field ${name} is given more than once`));
      fields[name] = value;
    });
    parser.on('filesLimit', () => fail(new BadRequestException(`only one file (${limits.fileField}) may be sent`)));
    parser.on('fieldsLimit', () => fail(new BadRequestException(`at most ${limits.maxFields} fields may be sent`)));
    parser.on('partsLimit', () => fail(new BadRequestException(`at most ${limits.maxFields + 1} parts may be sent`)));
    parser.on('error', (error: Error) => fail(new BadRequestException(`malformed multipart body: ${error.message}`)));
    parser.on('close', () => {
      if (settled) return;
      settled = true;
      req.off('data', count);
      resolve(file === undefined ? { fields } : { fields, file });
    });
    // A client that goes away mid-body: nobody is left to read the answer.
    req.once('close', () => {
      if (!req.complete) fail(new BadRequestException('request body ended early'));
    });
    req.on('data', count);
    req.pipe(parser);
  });
}
