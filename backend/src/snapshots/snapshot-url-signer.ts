import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { SnapshotUrlResponse } from '@argus/shared';

export const SNAPSHOT_KINDS = ['snapshot', 'thumbnail'] as const;
export type SnapshotKind = (typeof SNAPSHOT_KINDS)[number];

/** A signed URL is valid at most this long (contract §8: 15 minutes). */
export const SIGNED_URL_MAX_SECONDS = 15 * 60;
/**
 * Expiries are rounded up to this step, so URLs signed within one step are identical and the
 * browser's cache keeps serving the image: each URL lives between 10 and 15 minutes.
 */
const EXPIRY_STEP_SECONDS = 5 * 60;
const SIGNATURE = /^[A-Za-z0-9_-]{43}$/;
const EXPIRES = /^\d{1,12}$/;

/**
 * Signs and checks the short-lived URLs an `<img>` loads snapshots with. The signature is
 * an HMAC-SHA256 over event id, kind and expiry, keyed with a key derived from the JWT
 * secret under its own label: it opens one image of one event, and is never a token.
 */
export class SnapshotUrlSigner {
  private readonly key: Buffer;

  constructor(jwtSecret: string) {
    this.key = Buffer.from(hkdfSync('sha256', jwtSecret, '', 'argus snapshot-url v1', 32));
  }

  /** Both URLs of an event, valid from `now` for 10 to 15 minutes. */
  urls(eventId: number, now: Date): SnapshotUrlResponse {
    const seconds = Math.floor(now.getTime() / 1000);
    const expires =
      Math.ceil((seconds + SIGNED_URL_MAX_SECONDS - EXPIRY_STEP_SECONDS) / EXPIRY_STEP_SECONDS) * EXPIRY_STEP_SECONDS;
    const url = (kind: SnapshotKind): string =>
      `/api/events/${eventId}/${kind}?expires=${expires}&sig=${this.signature(eventId, kind, expires)}`;
    return {
      url: url('snapshot'),
      thumbnail_url: url('thumbnail'),
      expires_at: new Date(expires * 1000).toISOString(),
    };
  }

  /** Whether `sig` opens `kind` of event `eventId` at `now` (constant-time comparison). */
  verify(eventId: number, kind: SnapshotKind, expires: string, sig: string, now: Date): boolean {
    if (!EXPIRES.test(expires) || !SIGNATURE.test(sig)) return false;
    const expiry = Number(expires);
    const seconds = now.getTime() / 1000;
    if (expiry <= seconds || expiry > seconds + SIGNED_URL_MAX_SECONDS) return false;
    const expected = Buffer.from(this.signature(eventId, kind, expiry), 'base64url');
    const given = Buffer.from(sig, 'base64url');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  private signature(eventId: number, kind: SnapshotKind, expires: number): string {
    return createHmac('sha256', this.key).update(`${eventId}\n${kind}\n${expires}`).digest('base64url');
  }
}
