import { createHmac } from 'node:crypto';
import type { WebhookChannelConfig } from '@argus/shared';
import { httpDetail, networkDetail, Outgoing, SEND_TIMEOUT_MS, SendOutcome, TEST_BODY } from './outgoing';

export const SIGNATURE_HEADER = 'X-Argus-Signature';
export const TIMESTAMP_HEADER = 'X-Argus-Timestamp';
export const DELIVERY_HEADER = 'X-Argus-Delivery';

/** `sha256=<hex HMAC-SHA256 of the raw body, keyed with the channel's secret>`. */
export function webhookSignature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/**
 * POSTs `{type: "alert", alert, event}` (or `{type: "test", message}`) as JSON, signed
 * (contract §10). Any 2xx is delivered; redirects are not followed (a 3xx is a failure).
 */
export async function sendWebhook(config: WebhookChannelConfig, outgoing: Outgoing, now: Date): Promise<SendOutcome> {
  const body = JSON.stringify(
    outgoing.type === 'alert'
      ? { type: 'alert', alert: outgoing.alert, event: outgoing.event }
      : { type: 'test', message: TEST_BODY },
  );
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'Argus',
    [TIMESTAMP_HEADER]: String(Math.floor(now.getTime() / 1000)),
    [SIGNATURE_HEADER]: webhookSignature(config.secret, body),
  };
  if (outgoing.type === 'alert') headers[DELIVERY_HEADER] = String(outgoing.deliveryId);
  let response: Response;
  try {
    response = await fetch(config.url, {
      method: 'POST',
      headers,
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
    });
  } catch (error) {
    return { ok: false, detail: networkDetail(error) };
  }
  if (!response.ok) return { ok: false, detail: await httpDetail(response) };
  await response.body?.cancel();
  return { ok: true, detail: `HTTP ${response.status}` };
}
