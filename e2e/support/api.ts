import type {
  Alert,
  CameraEvent,
  CreatedCamera,
  EventType,
  IngestEventRequest,
  Role,
  Statistics,
  TokenResponse,
  User,
} from '@argus/shared';
import { ADMIN } from './app-server';

const REQUEST_TIMEOUT_MS = 10_000;

export interface Credentials {
  username: string;
  password: string;
}

/** Thin fetch wrapper over the REST API (contract §§1-2); throws on any unexpected status. */
export class Api {
  constructor(private readonly baseUrl: string) {}

  async call<T>(
    method: string,
    path: string,
    options: { token?: string; body?: unknown; headers?: Record<string, string>; expect?: number | number[] } = {},
  ): Promise<T> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(this.baseUrl + path, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await response.text();
    const expected = options.expect ?? (method === 'POST' ? [200, 201] : [200]);
    const allowed = Array.isArray(expected) ? expected : [expected];
    if (!allowed.includes(response.status)) {
      throw new Error(`${method} ${path} answered ${response.status}, expected ${allowed.join(' or ')}: ${text}`);
    }
    return (text === '' ? undefined : JSON.parse(text)) as T;
  }

  async login(credentials: Credentials = ADMIN): Promise<string> {
    const answer = await this.call<TokenResponse>('POST', '/api/auth/login', { body: credentials, expect: 200 });
    return answer.access_token;
  }

  async createUser(adminToken: string, user: Credentials & { role: Role }): Promise<User> {
    return this.call<User>('POST', '/api/users', { token: adminToken, body: user, expect: 201 });
  }

  async createCamera(adminToken: string, name: string, location = 'E2E test bench'): Promise<CreatedCamera> {
    return this.call<CreatedCamera>('POST', '/api/cameras', {
      token: adminToken,
      body: { name, location },
      expect: 201,
    });
  }

  /** Sends an event the way a camera integration does: with its ingest key, no user token. */
  async ingest(camera: CreatedCamera, event: IngestEventRequest | EventType): Promise<CameraEvent> {
    const body: IngestEventRequest = typeof event === 'string' ? { event_type: event } : event;
    return this.call<CameraEvent>('POST', `/api/cameras/${camera.id}/events`, {
      headers: { 'x-camera-key': camera.ingest_key },
      body,
      expect: 201,
    });
  }

  /** Sends an event with a picture, as `multipart/form-data`, with the camera's key. */
  async ingestWithSnapshot(camera: CreatedCamera, eventType: EventType, image: Buffer): Promise<CameraEvent> {
    const form = new FormData();
    form.append('event_type', eventType);
    form.append('snapshot', new Blob([new Uint8Array(image)], { type: 'image/jpeg' }), 'frame.jpg');
    const response = await fetch(`${this.baseUrl}/api/cameras/${camera.id}/events`, {
      method: 'POST',
      headers: { 'x-camera-key': camera.ingest_key },
      body: form,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await response.text();
    if (response.status !== 201) throw new Error(`ingest with snapshot answered ${response.status}: ${text}`);
    return JSON.parse(text) as CameraEvent;
  }

  async alerts(token: string, status: 'open' | 'all' = 'open'): Promise<Alert[]> {
    return this.call<Alert[]>('GET', `/api/alerts?status=${status}`, { token });
  }

  async acknowledge(token: string, alertId: number): Promise<Alert> {
    return this.call<Alert>('POST', `/api/alerts/${alertId}/ack`, { token, expect: 200 });
  }

  async statistics(token: string): Promise<Statistics> {
    return this.call<Statistics>('GET', '/api/faces/statistics', { token });
  }
}

let userCounter = 0;

/** A viewer account with a unique name, plus a camera to ingest through: the usual test setup. */
export async function setUpViewerAndCamera(
  api: Api,
): Promise<{ adminToken: string; viewer: Credentials; camera: CreatedCamera }> {
  const adminToken = await api.login();
  userCounter += 1;
  const viewer = { username: `viewer${userCounter}-${Date.now() % 100_000}`, password: 'viewer-password-1' };
  await api.createUser(adminToken, { ...viewer, role: 'viewer' });
  const camera = await api.createCamera(adminToken, `Front door ${userCounter}`);
  return { adminToken, viewer, camera };
}
