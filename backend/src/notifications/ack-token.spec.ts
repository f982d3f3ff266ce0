import { ACK_TOKEN_TTL_SECONDS, AckTokenSigner } from './ack-token';

describe('AckTokenSigner', () => {
  const signer = new AckTokenSigner('a-test-secret-of-enough-length-000000');
  const now = new Date('2026-01-15T10:00:00Z');

  it('grants acknowledging its alert as its user', () => {
    const token = signer.sign({ alertId: 42, userId: 7 }, now);
    expect(signer.verify(token, now)).toEqual({ alertId: 42, userId: 7 });
  });

  it('expires after its lifetime', () => {
    const token = signer.sign({ alertId: 42, userId: 7 }, now);
    const later = (seconds: number) => new Date(now.getTime() + seconds * 1000);
    expect(signer.verify(token, later(ACK_TOKEN_TTL_SECONDS - 1))).not.toBeNull();
    expect(signer.verify(token, later(ACK_TOKEN_TTL_SECONDS))).toBeNull();
  });

  it('refuses a changed alert or user, another key, and garbage', () => {
    const token = signer.sign({ alertId: 42, userId: 7 }, now);
    expect(signer.verify(token.replace('ack1.42.', 'ack1.43.'), now)).toBeNull();
    expect(signer.verify(token.replace('.7.', '.1.'), now)).toBeNull();
    expect(new AckTokenSigner('another-secret-of-enough-length-0000').verify(token, now)).toBeNull();
    expect(signer.verify('', now)).toBeNull();
    expect(signer.verify(`${token}x`, now)).toBeNull();
  });
});
