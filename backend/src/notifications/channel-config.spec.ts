import { BadRequestException } from '@nestjs/common';
import { parseChannelConfig, publicConfig } from './channel-config';

const rules = { frigateTopicPrefix: 'frigate', mqttTopicPrefix: 'argus' };
const p256dh = Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 1)]).toString('base64url');
const auth = Buffer.alloc(16, 2).toString('base64url');

function message(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof BadRequestException) return error.message;
    throw error;
  }
  throw new Error('accepted');
}

describe('parseChannelConfig', () => {
  it('accepts a browser PushSubscription and keeps its keys', () => {
    const config = { endpoint: 'https://push.example/send/abc', expirationTime: null, keys: { p256dh, auth } };
    expect(parseChannelConfig('webpush', config, rules)).toEqual({
      endpoint: 'https://push.example/send/abc',
      keys: { p256dh, auth },
    });
  });

  it('refuses push endpoints that are not https and keys of the wrong size', () => {
    expect(
      message(() => parseChannelConfig('webpush', { endpoint: 'http://p.example/', keys: { p256dh, auth } }, rules)),
    ).toBe('config.endpoint must be an https URL');
    expect(
      message(() =>
        parseChannelConfig('webpush', { endpoint: 'https://p.example/', keys: { p256dh: auth, auth } }, rules),
      ),
    ).toBe('config.keys.p256dh must encode 65 bytes');
    expect(message(() => parseChannelConfig('webpush', { endpoint: 'https://p.example/' }, rules))).toBe(
      'config.keys must be an object',
    );
  });

  it('checks ntfy URL and topic, trims a trailing slash, keeps an omitted token on PATCH and clears it with null', () => {
    const stored = parseChannelConfig('ntfy', { url: 'https://ntfy.sh/', topic: 'door-cam', token: 'tk_1' }, rules);
    expect(stored).toEqual({ url: 'https://ntfy.sh', topic: 'door-cam', token: 'tk_1' });
    expect(parseChannelConfig('ntfy', { topic: 'yard' }, rules, stored)).toEqual({
      url: 'https://ntfy.sh',
      topic: 'yard',
      token: 'tk_1',
    });
    expect(parseChannelConfig('ntfy', { token: null }, rules, stored)).toEqual({
      url: 'https://ntfy.sh',
      topic: 'door-cam',
    });
    expect(message(() => parseChannelConfig('ntfy', { url: 'ftp://x', topic: 't' }, rules))).toBe(
      'config.url must be an http or https URL',
    );
    expect(message(() => parseChannelConfig('ntfy', { url: 'https://x', topic: 'a/b' }, rules))).toBe(
      'config.topic must be 1 to 64 letters, digits, _ or -',
    );
    expect(message(() => parseChannelConfig('ntfy', { url: 'https://u:p@x', topic: 't' }, rules))).toBe(
      'config.url must not hold credentials',
    );
  });

  it('allows loopback webhooks and needs a secret of at least 16 characters', () => {
    expect(parseChannelConfig('webhook', { url: 'http://127.0.0.1:9000/hook', secret: 's'.repeat(16) }, rules)).toEqual(
      {
        url: 'http://127.0.0.1:9000/hook',
        secret: 's'.repeat(16),
      },
    );
    expect(message(() => parseChannelConfig('webhook', { url: 'http://127.0.0.1/', secret: 'short' }, rules))).toBe(
      'config.secret must be 16 to 256 characters',
    );
    expect(
      message(() => parseChannelConfig('webhook', { url: 'http://x/', secret: 's'.repeat(16), extra: 1 }, rules)),
    ).toBe('property config.extra should not exist');
  });

  it('refuses MQTT wildcards, $ topics and topics Argus reads as camera input', () => {
    expect(parseChannelConfig('mqtt', { topic: 'home/alerts/alice' }, rules)).toEqual({ topic: 'home/alerts/alice' });
    expect(message(() => parseChannelConfig('mqtt', { topic: 'home/#' }, rules))).toBe(
      'config.topic must not contain the wildcards + or #',
    );
    expect(message(() => parseChannelConfig('mqtt', { topic: '$SYS/x' }, rules))).toBe(
      'config.topic must not start with $',
    );
    expect(message(() => parseChannelConfig('mqtt', { topic: 'frigate/events' }, rules))).toBe(
      'config.topic must not be under frigate/',
    );
    expect(message(() => parseChannelConfig('mqtt', { topic: 'argus/statistics' }, rules))).toBe(
      "config.topic must not be one of Argus's own topics (argus/alerts, argus/statistics)",
    );
    expect(parseChannelConfig('mqtt', { topic: 'argus/people/alice' }, rules)).toEqual({ topic: 'argus/people/alice' });
  });
});

describe('publicConfig', () => {
  it('never shows a secret', () => {
    expect(publicConfig('webpush', { endpoint: 'https://p.example/x', keys: { p256dh, auth } })).toEqual({
      endpoint: 'https://p.example/x',
    });
    expect(publicConfig('ntfy', { url: 'https://ntfy.sh', topic: 't', token: 'tk' })).toEqual({
      url: 'https://ntfy.sh',
      topic: 't',
      has_token: true,
    });
    expect(publicConfig('webhook', { url: 'http://x/', secret: 's'.repeat(16) })).toEqual({
      url: 'http://x/',
      has_secret: true,
    });
  });
});
