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

  it('leaves URLs without a token alone and does not touch look-alike names', () => {
    expect(redactUrl('/api/ws/statistics?mytoken=abc')).toBe('/api/ws/statistics?mytoken=abc');
    expect(redactUrl(undefined)).toBe('');
  });
});
