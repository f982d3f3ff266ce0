import type { Alert, CameraEvent, Severity } from '@argus/shared';

/** What a channel is asked to send: one alert (from the outbox) or a test message. */
export type Outgoing =
  | {
      type: 'alert';
      alert: Alert;
      /** Null when retention already deleted the event. */
      event: CameraEvent | null;
      /** The outbox row: receivers may use it to drop a repeat after a lost answer. */
      deliveryId: number;
      userId: number;
    }
  | { type: 'test'; userId: number };

/**
 * The result of one attempt. `gone`: the endpoint says the subscription no longer exists
 * (remove the channel, no retry); `final`: retrying cannot help (the channel was removed).
 */
export type SendOutcome = { ok: true; detail: string } | { ok: false; detail: string; gone?: boolean; final?: boolean };

/** Per-attempt network limit of every HTTP sender. */
export const SEND_TIMEOUT_MS = 10_000;

export const TEST_TITLE = 'Argus test notification';
export const TEST_BODY = 'Notifications from Argus reach this channel.';

const SEVERITY_LABEL: Record<Severity, string> = { critical: 'Critical', warning: 'Warning', info: 'Info' };

/** Notification title of an alert, e.g. `Warning: Front door`. */
export function alertTitle(alert: Alert): string {
  return `${SEVERITY_LABEL[alert.severity]}: ${alert.camera_name}`;
}

/** A short description of a failed fetch (timeouts and refused connections), never a URL with secrets. */
export function networkDetail(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError' || error.name === 'AbortError') {
      return `no answer within ${SEND_TIMEOUT_MS / 1000} s`;
    }
    const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
    if (cause?.code) return `network error: ${cause.code}`;
    return `network error: ${error.message}`.slice(0, 200);
  }
  return 'network error';
}

/**
 * `HTTP 503 Service Unavailable`, for the deliveries log. Never the answer's body: channels may
 * point at private addresses (contract §10), and showing what an internal service answered
 * would let any user read it through a channel's test button.
 */
export async function httpDetail(response: Response): Promise<string> {
  await response.body?.cancel().catch(() => undefined);
  const reason = response.statusText.replace(/[^\x20-\x7e]/g, '').slice(0, 60);
  return `HTTP ${response.status}${reason ? ` ${reason}` : ''}`;
}
