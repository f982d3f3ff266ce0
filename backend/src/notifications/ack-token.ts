import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

/** How long a notification's Acknowledge action works. */
export const ACK_TOKEN_TTL_SECONDS = 24 * 60 * 60;
const TOKEN = /^ack1\.(\d{1,10})\.(\d{1,10})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/;

export interface AckGrant {
  alertId: number;
  userId: number;
}

/**
 * The single-purpose token of a notification's Acknowledge action: it acknowledges one
 * alert as one user until it expires, and opens nothing else (it is not a JWT and the
 * REST guard never accepts it). `ack1.<alert>.<user>.<expires>.<HMAC-SHA256>`, keyed with
 * a key derived from the JWT secret under its own label.
 */
export class AckTokenSigner {
  private readonly key: Buffer;

  constructor(jwtSecret: string) {
    this.key = Buffer.from(hkdfSync('sha256', jwtSecret, '', 'argus alert-ack v1', 32));
  }

  sign(grant: AckGrant, now: Date): string {
    const expires = Math.floor(now.getTime() / 1000) + ACK_TOKEN_TTL_SECONDS;
    return `ack1.${grant.alertId}.${grant.userId}.${expires}.${this.mac(grant.alertId, grant.userId, expires)}`;
  }

  /** The grant, or null for a malformed, forged or expired token. */
  verify(token: string, now: Date): AckGrant | null {
    const match = TOKEN.exec(token);
    if (match === null) return null;
    const [, alert, user, expires, sig] = match;
    const expected = Buffer.from(this.mac(Number(alert), Number(user), Number(expires)), 'base64url');
    const given = Buffer.from(sig, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    if (Number(expires) <= now.getTime() / 1000) return null;
    return { alertId: Number(alert), userId: Number(user) };
  }

  private mac(alertId: number, userId: number, expires: number): string {
    return createHmac('sha256', this.key).update(`${alertId}\n${userId}\n${expires}`).digest('base64url');
  }
}
