import type { CameraEvent, DeliveryAttempt } from '@argus/shared';
import { http, type TestApp } from './test-app';

/** A webhook secret the API accepts (16 to 256 characters). */
export const SECRET = 'webhook-secret-0123456789';

/** Polls the deliveries log until `done` holds for it (the worker sends in the background). */
export async function deliveriesUntil(
  t: TestApp,
  token: string,
  alertId: number,
  done: (log: DeliveryAttempt[]) => boolean,
  timeoutMs = 5000,
): Promise<DeliveryAttempt[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await http<DeliveryAttempt[]>(t, 'GET', `/api/notifications/deliveries?alert_id=${alertId}`, { token });
    expect(res.status).toBe(200);
    if (done(res.body)) return res.body;
    if (Date.now() > deadline) throw new Error(`deliveries never settled: ${JSON.stringify(res.body)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function alertOf(t: TestApp, token: string, event: CameraEvent): Promise<number> {
  const res = await http<Array<{ id: number; event_id: number }>>(t, 'GET', '/api/alerts?status=all', { token });
  const alert = res.body.find((item) => item.event_id === event.id);
  if (alert === undefined) throw new Error(`no alert for event ${event.id}`);
  return alert.id;
}
