import { BadRequestException } from '@nestjs/common';
import type {
  ChannelConfigByKind,
  ChannelKind,
  MqttChannelConfig,
  NtfyChannelConfig,
  PublicChannelConfigByKind,
  WebhookChannelConfig,
  WebPushChannelConfig,
} from '@argus/shared';
import { codePointLength } from '../common/validation';

export const URL_MAX = 2048;
export const SECRET_MIN = 16;
export const SECRET_MAX = 256;
const NTFY_TOPIC = /^[A-Za-z0-9_-]{1,64}$/;
const BASE64URL = /^[A-Za-z0-9_-]+={0,2}$/;

/** A channel's stored config: what was validated, secrets included. */
export type StoredConfig<K extends ChannelKind = ChannelKind> = ChannelConfigByKind[K];

/** Where channels must not publish: topics Argus reads as camera input. */
export interface TopicRules {
  frigateTopicPrefix: string;
  /** Argus's own `<prefix>/alerts` and `<prefix>/statistics` are not a user's to publish on. */
  mqttTopicPrefix: string;
}

type Fields = Record<string, unknown>;

function fail(field: string, message: string): never {
  throw new BadRequestException(`config.${field} ${message}`);
}

function text(config: Fields, field: string, max: number, min = 1): string {
  const value = config[field];
  if (typeof value !== 'string') fail(field, 'must be a string');
  const length = codePointLength(value, max);
  if (length < min || length > max) fail(field, `must be ${min} to ${max} characters`);
  return value;
}

/** An http(s) URL without credentials or fragment; private and loopback hosts are allowed (contract §10). */
function httpUrl(config: Fields, field: string, protocols: readonly string[] = ['http:', 'https:']): string {
  const value = text(config, field, URL_MAX);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    fail(field, 'must be an absolute URL');
  }
  if (!protocols.includes(url.protocol)) {
    fail(field, `must be an ${protocols.map((p) => p.slice(0, -1)).join(' or ')} URL`);
  }
  if (url.username !== '' || url.password !== '') fail(field, 'must not hold credentials');
  if (url.hash !== '') fail(field, 'must not have a fragment');
  return value;
}

function base64urlBytes(value: unknown, field: string, bytes: number): string {
  if (typeof value !== 'string' || value.length > 200 || !BASE64URL.test(value)) fail(field, 'must be base64url');
  const decoded = Buffer.from(value, 'base64url');
  if (decoded.length !== bytes) fail(field, `must encode ${bytes} bytes`);
  return value;
}

function object(value: unknown, field: string): Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new BadRequestException(`${field} must be an object`);
  }
  return value as Fields;
}

function onlyKeys(config: Fields, allowed: readonly string[], prefix = 'config'): void {
  const extra = Object.keys(config).find((key) => !allowed.includes(key));
  if (extra !== undefined) throw new BadRequestException(`property ${prefix}.${extra} should not exist`);
}

function webpush(config: Fields): WebPushChannelConfig {
  onlyKeys(config, ['endpoint', 'keys', 'expirationTime']);
  // Real push services are HTTPS; web-push refuses anything else.
  const endpoint = httpUrl(config, 'endpoint', ['https:']);
  const keys = object(config.keys, 'config.keys');
  onlyKeys(keys, ['p256dh', 'auth'], 'config.keys');
  const p256dh = base64urlBytes(keys.p256dh, 'keys.p256dh', 65);
  if (Buffer.from(p256dh, 'base64url')[0] !== 0x04) fail('keys.p256dh', 'must be an uncompressed P-256 point');
  return { endpoint, keys: { p256dh, auth: base64urlBytes(keys.auth, 'keys.auth', 16) } };
}

function ntfy(config: Fields, previous?: NtfyChannelConfig): NtfyChannelConfig {
  onlyKeys(config, ['url', 'topic', 'token']);
  const merged: Fields = { ...previous, ...config };
  const url = httpUrl(merged, 'url').replace(/\/+$/, '');
  const topic = text(merged, 'topic', 64);
  if (!NTFY_TOPIC.test(topic)) fail('topic', 'must be 1 to 64 letters, digits, _ or -');
  const token = merged.token;
  if (token === undefined || token === null) return { url, topic };
  return { url, topic, token: text(merged, 'token', SECRET_MAX) };
}

function webhook(config: Fields, previous?: WebhookChannelConfig): WebhookChannelConfig {
  onlyKeys(config, ['url', 'secret']);
  const merged: Fields = { ...previous, ...config };
  return { url: httpUrl(merged, 'url'), secret: text(merged, 'secret', SECRET_MAX, SECRET_MIN) };
}

function mqttTopic(config: Fields, rules: TopicRules, previous?: MqttChannelConfig): MqttChannelConfig {
  onlyKeys(config, ['topic']);
  const topic = text({ ...previous, ...config }, 'topic', 256);
  if (/[+#]/.test(topic)) fail('topic', 'must not contain the wildcards + or #');
  if (topic.startsWith('$')) fail('topic', 'must not start with $');
  const frigate = rules.frigateTopicPrefix;
  // A user must not be able to feed Argus (or Frigate) fake camera messages.
  if (topic === frigate || topic.startsWith(`${frigate}/`)) fail('topic', `must not be under ${frigate}/`);
  const own = [`${rules.mqttTopicPrefix}/alerts`, `${rules.mqttTopicPrefix}/statistics`];
  if (own.includes(topic)) fail('topic', `must not be one of Argus's own topics (${own.join(', ')})`);
  return { topic };
}

/**
 * Validates a channel's config for its kind (POST: `previous` undefined) or merges a PATCH
 * into the stored one (omitted secrets are kept). Errors name the field: `config.url`.
 */
export function parseChannelConfig(
  kind: ChannelKind,
  raw: unknown,
  rules: TopicRules,
  previous?: StoredConfig,
): StoredConfig {
  const config = object(raw, 'config');
  switch (kind) {
    case 'webpush':
      return webpush(config);
    case 'ntfy':
      return ntfy(config, previous as NtfyChannelConfig | undefined);
    case 'webhook':
      return webhook(config, previous as WebhookChannelConfig | undefined);
    case 'mqtt':
      return mqttTopic(config, rules, previous as MqttChannelConfig | undefined);
  }
}

/** The config as the API shows it: no push keys, no token, no secret. */
export function publicConfig<K extends ChannelKind>(kind: K, stored: StoredConfig): PublicChannelConfigByKind[K];
export function publicConfig(kind: ChannelKind, stored: StoredConfig): PublicChannelConfigByKind[ChannelKind] {
  switch (kind) {
    case 'webpush':
      return { endpoint: (stored as WebPushChannelConfig).endpoint };
    case 'ntfy': {
      const config = stored as NtfyChannelConfig;
      return { url: config.url, topic: config.topic, has_token: typeof config.token === 'string' };
    }
    case 'webhook':
      return { url: (stored as WebhookChannelConfig).url, has_secret: true };
    case 'mqtt':
      return { topic: (stored as MqttChannelConfig).topic };
  }
}
