import type { CameraEvent, CreatedCamera, EventsPage, IngestEventRequest } from '@argus/shared';
import { http, login, TestApp } from './test-app';

/** Creates a viewer through the API and answers its token. */
export async function viewerToken(t: TestApp, adminToken: string, username = 'viewer1'): Promise<string> {
  const password = 'viewer-password-1';
  const res = await http(t, 'POST', '/api/users', { token: adminToken, body: { username, password, role: 'viewer' } });
  if (res.status !== 201) throw new Error(`creating viewer failed: ${res.status} ${JSON.stringify(res.body)}`);
  return login(t, username, password);
}

export async function createCamera(
  t: TestApp,
  adminToken: string,
  body: { name: string; location?: string; enabled?: boolean },
): Promise<CreatedCamera> {
  const res = await http<CreatedCamera>(t, 'POST', '/api/cameras', { token: adminToken, body });
  if (res.status !== 201) throw new Error(`creating camera failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Ingests one event with the camera's own key, or with `as.token` (a user's Bearer token) when given. */
export async function ingest(
  t: TestApp,
  camera: CreatedCamera,
  body: IngestEventRequest,
  as: { token?: string } = {},
): Promise<CameraEvent> {
  const res = await http<CameraEvent>(t, 'POST', `/api/cameras/${camera.id}/events`, {
    ...(as.token === undefined ? { headers: { 'x-camera-key': camera.ingest_key } } : { token: as.token }),
    body,
  });
  if (res.status !== 201) throw new Error(`ingest failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** The events `GET /api/events` lists for this query (e.g. `{ camera_id: 3, event_type: 'camera_offline' }`). */
export async function listEvents(
  t: Pick<TestApp, 'baseUrl'>,
  token: string,
  query: Record<string, string | number> = {},
): Promise<CameraEvent[]> {
  const params = new URLSearchParams(Object.entries(query).map(([name, value]) => [name, String(value)]));
  const res = await http<EventsPage>(t, 'GET', `/api/events?${params.toString()}`, { token });
  if (res.status !== 200) throw new Error(`listing events failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.items;
}
