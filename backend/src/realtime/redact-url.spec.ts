import { redactUrl } from './redact-url';

describe('redactUrl', () => {
  it('replaces the token value and keeps the other parameters', () => {
    expect(redactUrl('/api/ws/statistics?token=eyJa.eyJb.sig&last_event_id=42')).toBe(
      '/api/ws/statistics?token=[REDACTED]&last_event_id=42',
    );
  });

  it('redacts a token that is not the first parameter, in any case, and repeated', () => {
    expect(redactUrl('/x?last_event_id=1&TOKEN=abc&token=def#frag')).toBe(
      '/x?last_event_id=1&TOKEN=[REDACTED]&token=[REDACTED]#frag',
    );
  });

  it('redacts signed-URL signatures and other credential parameters', () => {
    expect(redactUrl('/api/events/7/snapshot?expires=1795425600&sig=abc_DEF-1')).toBe(
      '/api/events/7/snapshot?expires=1795425600&sig=[REDACTED]',
    );
    expect(redactUrl('/x?access_token=a&key=b&password=c&api_key=d')).toBe(
      '/x?access_token=[REDACTED]&key=[REDACTED]&password=[REDACTED]&api_key=[REDACTED]',
    );
  });

  it('leaves URLs without a token alone and does not touch look-alike names', () => {
    expect(redactUrl('/api/ws/statistics?mytoken=abc')).toBe('/api/ws/statistics?mytoken=abc');
    expect(redactUrl(undefined)).toBe('');
  });
});
