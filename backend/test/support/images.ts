import sharp from 'sharp';
import type { CameraEvent, CreatedCamera } from '@argus/shared';
import { readAnswer, type HttpResult, type TestApp } from './test-app';

/** A small real image with some detail (a gradient), so encoders produce realistic sizes. */
export async function testImage(
  width: number,
  height: number,
  format: 'jpeg' | 'png' | 'webp' = 'jpeg',
): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const i = (y * width + x) * 3;
      raw[i] = (x * 255) / width;
      raw[i + 1] = (y * 255) / height;
      raw[i + 2] = ((x ^ y) & 0xff) / 2;
    }
  }
  return sharp(raw, { raw: { width, height, channels: 3 } })
    .toFormat(format)
    .toBuffer();
}

export interface MultipartParts {
  /** Text fields, in order. */
  fields?: Record<string, string>;
  /** The file part: bytes, and the name and type the client declares. */
  file?: { bytes: Buffer; name?: string; type?: string; field?: string };
}

/** POSTs `multipart/form-data` (built by fetch's FormData) and parses the JSON answer. */
export async function postMultipart<T = CameraEvent>(
  t: Pick<TestApp, 'baseUrl'>,
  path: string,
  parts: MultipartParts,
  headers: Record<string, string> = {},
): Promise<HttpResult<T>> {
  const form = new FormData();
  for (const [name, value] of Object.entries(parts.fields ?? {})) form.append(name, value);
  if (parts.file) {
    const { bytes, name = 'snapshot.jpg', type = 'image/jpeg', field = 'snapshot' } = parts.file;
    form.append(field, new Blob([new Uint8Array(bytes)], { type }), name);
  }
  return readAnswer<T>(await fetch(`${t.baseUrl}${path}`, { method: 'POST', headers, body: form }));
}

/** Ingests one event with an image through the camera's key. */
export async function ingestWithSnapshot(
  t: Pick<TestApp, 'baseUrl'>,
  camera: CreatedCamera,
  fields: Record<string, string>,
  image: Buffer,
): Promise<CameraEvent> {
  const res = await postMultipart(
    t,
    `/api/cameras/${camera.id}/events`,
    { fields, file: { bytes: image } },
    {
      'x-camera-key': camera.ingest_key,
    },
  );
  if (res.status !== 201) throw new Error(`ingest with snapshot failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** GETs a path and answers the raw bytes. */
export async function getBytes(
  t: Pick<TestApp, 'baseUrl'>,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; bytes: Buffer; headers: Headers }> {
  const response = await fetch(`${t.baseUrl}${path}`, { headers });
  return { status: response.status, bytes: Buffer.from(await response.arrayBuffer()), headers: response.headers };
}
