import { createHmac } from 'node:crypto';
import { SnapshotUrlSigner } from './snapshot-url-signer';

const SECRET = 'a-jwt-secret-of-at-least-32-characters!';
const NOW = new Date('2026-11-23T08:01:10.000Z');
const at = (seconds: number) => new Date(NOW.getTime() + seconds * 1000);

function parts(url: string): { path: string; expires: string; sig: string } {
  const parsed = new URL(url, 'http://x');
  return {
    path: parsed.pathname,
    expires: parsed.searchParams.get('expires') ?? '',
    sig: parsed.searchParams.get('sig') ?? '',
  };
}

describe('SnapshotUrlSigner', () => {
  const signer = new SnapshotUrlSigner(SECRET);

  it('answers both URLs, valid 10 to 15 minutes, identical within a 5-minute step (cacheable)', () => {
    const urls = signer.urls(7, NOW);
    const image = parts(urls.url);
    expect(image.path).toBe('/api/events/7/snapshot');
    expect(parts(urls.thumbnail_url).path).toBe('/api/events/7/thumbnail');
    const lifetime = Date.parse(urls.expires_at) - NOW.getTime();
    expect(lifetime).toBeGreaterThanOrEqual(10 * 60_000);
    expect(lifetime).toBeLessThanOrEqual(15 * 60_000);
    expect(Number(image.expires) * 1000).toBe(Date.parse(urls.expires_at));
    expect(signer.urls(7, at(1)).url).toBe(urls.url);
    expect(signer.urls(7, at(300)).url).not.toBe(urls.url);
  });

  it('verifies its own signature until the expiry, and never after', () => {
    const { url, thumbnail_url } = signer.urls(7, NOW);
    const image = parts(url);
    const thumb = parts(thumbnail_url);
    expect(signer.verify(7, 'snapshot', image.expires, image.sig, NOW)).toBe(true);
    expect(signer.verify(7, 'thumbnail', thumb.expires, thumb.sig, at(599))).toBe(true);
    const expiry = new Date(Number(image.expires) * 1000);
    expect(signer.verify(7, 'snapshot', image.expires, image.sig, expiry)).toBe(false);
  });

  it("opens that event's image only: another event, kind or expiry fails", () => {
    const image = parts(signer.urls(7, NOW).url);
    expect(signer.verify(8, 'snapshot', image.expires, image.sig, NOW)).toBe(false);
    expect(signer.verify(7, 'thumbnail', image.expires, image.sig, NOW)).toBe(false);
    expect(signer.verify(7, 'snapshot', String(Number(image.expires) + 1), image.sig, NOW)).toBe(false);
  });

  it('refuses signatures from another secret, malformed values and expiries beyond 15 minutes', () => {
    const image = parts(signer.urls(7, NOW).url);
    const other = parts(new SnapshotUrlSigner('another-secret-of-at-least-32-chars!!').urls(7, NOW).url);
    expect(signer.verify(7, 'snapshot', other.expires, other.sig, NOW)).toBe(false);
    for (const [expires, sig] of [
      ['', image.sig],
      [image.expires, ''],
      [`${image.expires}.0`, image.sig],
      ['-1', image.sig],
      [image.expires, `${image.sig}=`],
      [image.expires, image.sig.slice(1)],
    ]) {
      expect(signer.verify(7, 'snapshot', expires, sig, NOW)).toBe(false);
    }
    // Even a correctly keyed signature is refused when its expiry lies beyond the maximum.
    const far = String(Math.floor(NOW.getTime() / 1000) + 16 * 60);
    const key = (signer as unknown as { key: Buffer }).key;
    const forged = createHmac('sha256', key).update(`7\nsnapshot\n${far}`).digest('base64url');
    expect(signer.verify(7, 'snapshot', far, forged, NOW)).toBe(false);
  });

  it('does not sign with the JWT secret itself (a derived key with its own label)', () => {
    const image = parts(signer.urls(7, NOW).url);
    const withSecret = createHmac('sha256', SECRET).update(`7\nsnapshot\n${image.expires}`).digest('base64url');
    expect(withSecret).not.toBe(image.sig);
  });
});
