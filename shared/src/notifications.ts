// Wire types of alert delivery (contract §10): notification channels, deliveries, quiet hours.
import type { Alert, IsoTime, Severity } from './index';

export const CHANNEL_KINDS = ['webpush', 'ntfy', 'webhook', 'mqtt'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

/** The browser's PushSubscription JSON (`subscription.toJSON()`), as POSTed. */
export interface WebPushChannelConfig {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

export interface NtfyChannelConfig {
  /** The ntfy server, e.g. `https://ntfy.sh` (no trailing topic). */
  url: string;
  topic: string;
  /** Access token sent as `Authorization: Bearer`; on PATCH omit to keep, null to clear. */
  token?: string | null;
}

export interface WebhookChannelConfig {
  url: string;
  /** HMAC-SHA256 key of `X-Argus-Signature`, 16 to 256 characters; on PATCH omit to keep. */
  secret: string;
}

export interface MqttChannelConfig {
  topic: string;
}

export interface ChannelConfigByKind {
  webpush: WebPushChannelConfig;
  ntfy: NtfyChannelConfig;
  webhook: WebhookChannelConfig;
  mqtt: MqttChannelConfig;
}

/** What the API shows of a channel's config: never a secret (push keys, ntfy token, webhook secret). */
export interface PublicChannelConfigByKind {
  webpush: { endpoint: string };
  ntfy: { url: string; topic: string; has_token: boolean };
  webhook: { url: string; has_secret: true };
  mqtt: { topic: string };
}

interface ChannelOf<K extends ChannelKind> {
  id: number;
  kind: K;
  min_severity: Severity;
  enabled: boolean;
  config: PublicChannelConfigByKind[K];
  created_at: IsoTime;
}

/** `GET /api/notifications/channels` items. */
export type NotificationChannel = { [K in ChannelKind]: ChannelOf<K> }[ChannelKind];

/** `POST /api/notifications/channels`. */
export type CreateChannelRequest = {
  [K in ChannelKind]: { kind: K; min_severity?: Severity; enabled?: boolean; config: ChannelConfigByKind[K] };
}[ChannelKind];

/** `PATCH /api/notifications/channels/:id`: the kind never changes; config fields omitted are kept. */
export interface UpdateChannelRequest {
  min_severity?: Severity;
  enabled?: boolean;
  config?: Partial<ChannelConfigByKind[ChannelKind]>;
}

export const DELIVERY_STATUSES = ['delivered', 'failed', 'pending'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * One row of `GET /api/notifications/deliveries?alert_id=`: an attempt (`delivered` or
 * `failed`), or, for a delivery still waiting for its next attempt, a `pending` row whose
 * `at` is when that attempt is due.
 */
export interface DeliveryAttempt {
  channel_id: number;
  kind: ChannelKind;
  attempt: number;
  at: IsoTime;
  status: DeliveryStatus;
  detail: string;
}

/** `POST /api/notifications/channels/:id/test`. */
export interface ChannelTestResult {
  status: 'delivered' | 'failed';
  detail: string;
}

export interface QuietHours {
  /** "HH:MM" in the server's TZ; `start > end` spans midnight; `end` is exclusive. */
  start: string;
  end: string;
}

export interface NotificationPreferences {
  quiet_hours: QuietHours | null;
}

export interface WebPushKeyResponse {
  /** The VAPID public key, base64url (uncompressed P-256 point), for PushManager.subscribe. */
  public_key: string;
}

/** `POST /api/notifications/ack` (no Bearer token: the token of a notification's Acknowledge action). */
export interface AckTokenRequest {
  token: string;
}

/** The JSON a Web Push message carries to the service worker. */
export type PushPayload =
  | {
      type: 'alert';
      title: string;
      body: string;
      alert: Alert;
      /** Signed, short-lived thumbnail URL (relative to the dashboard unless PUBLIC_URL is set), or null. */
      thumbnail_url: string | null;
      /** POST `{token}` here to acknowledge without signing in. */
      ack_url: string;
      ack_token: string;
      /** Where a click on the notification leads. */
      url: string;
    }
  | { type: 'test'; title: string; body: string; url: string };

/** `HH:MM`, 00:00 to 23:59. */
export const CLOCK_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
