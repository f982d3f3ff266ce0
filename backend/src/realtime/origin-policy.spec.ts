import type { IncomingMessage } from 'node:http';
import { isOriginAllowed, publicOrigin, requestOrigin, type TrustProxy } from './origin-policy';

const trustNone: TrustProxy = () => false;
const trustLoopback: TrustProxy = (address) => address === '127.0.0.1';

function request(headers: Record<string, string>, socket: { remoteAddress?: string; encrypted?: boolean } = {}) {
  return { headers, socket: { remoteAddress: '127.0.0.1', ...socket } } as unknown as IncomingMessage;
}

describe('isOriginAllowed', () => {
  const allowed = ['https://cams.example.com', 'http://127.0.0.1:3000'];

  it('allows a request without an Origin header (scripts)', () => {
    expect(isOriginAllowed(undefined, allowed)).toBe(true);
    expect(isOriginAllowed(undefined, [])).toBe(true);
  });

  it('allows an allowed origin whatever its spelling', () => {
    expect(isOriginAllowed('https://cams.example.com', allowed)).toBe(true);
    expect(isOriginAllowed('HTTPS://Cams.Example.COM:443', allowed)).toBe(true);
    expect(isOriginAllowed('http://127.0.0.1:3000', allowed)).toBe(true);
  });

  it('compares scheme, host and port: another of any is refused', () => {
    expect(isOriginAllowed('http://cams.example.com', allowed)).toBe(false);
    expect(isOriginAllowed('ws://127.0.0.1:3000', allowed)).toBe(false);
    expect(isOriginAllowed('https://127.0.0.1:3000', allowed)).toBe(false);
    expect(isOriginAllowed('http://127.0.0.1:4000', allowed)).toBe(false);
    expect(isOriginAllowed('https://cams.example.com.evil.example', allowed)).toBe(false);
  });

  it('refuses the opaque origin and garbage', () => {
    expect(isOriginAllowed('null', [...allowed, null])).toBe(false);
    expect(isOriginAllowed('not a url', allowed)).toBe(false);
    expect(isOriginAllowed('', allowed)).toBe(false);
  });
});

describe('requestOrigin', () => {
  it('is http://<Host> on a plain connection', () => {
    expect(requestOrigin(request({ host: '127.0.0.1:3000' }), trustNone)).toBe('http://127.0.0.1:3000');
    expect(requestOrigin(request({ host: 'Argus.Local:80' }), trustNone)).toBe('http://argus.local');
  });

  it('is https:// on a TLS connection', () => {
    expect(requestOrigin(request({ host: 'argus.local' }, { encrypted: true }), trustNone)).toBe('https://argus.local');
  });

  it('follows X-Forwarded-Proto only from a trusted proxy', () => {
    const forwarded = { host: 'cams.example.com', 'x-forwarded-proto': 'https, http' };
    expect(requestOrigin(request(forwarded), trustLoopback)).toBe('https://cams.example.com');
    expect(requestOrigin(request(forwarded, { remoteAddress: '203.0.113.9' }), trustLoopback)).toBe(
      'http://cams.example.com',
    );
    expect(requestOrigin(request(forwarded), trustNone)).toBe('http://cams.example.com');
  });

  it('is none without a usable Host', () => {
    expect(requestOrigin(request({}), trustNone)).toBeNull();
    expect(requestOrigin(request({ host: 'evil.example/path' }), trustNone)).toBeNull();
    expect(requestOrigin(request({ host: 'user@evil.example' }), trustNone)).toBeNull();
  });
});

describe('publicOrigin', () => {
  it('is the origin of PUBLIC_URL, path left out', () => {
    expect(publicOrigin('https://example.com/argus')).toBe('https://example.com');
  });
});
