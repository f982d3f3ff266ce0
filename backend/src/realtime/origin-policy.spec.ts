import { isOriginAllowed } from './origin-policy';

describe('isOriginAllowed', () => {
  const allowed = ['https://cams.example.com'];

  it('allows a request without an Origin header (scripts)', () => {
    expect(isOriginAllowed(undefined, 'argus:3000', allowed)).toBe(true);
  });

  it('allows the configured origins', () => {
    expect(isOriginAllowed('https://cams.example.com', 'internal:3000', allowed)).toBe(true);
  });

  it("allows the server's own origin: Origin host equals the Host header", () => {
    expect(isOriginAllowed('http://127.0.0.1:3000', '127.0.0.1:3000', [])).toBe(true);
    expect(isOriginAllowed('https://Argus.Local', 'argus.local', [])).toBe(true);
  });

  it('rejects other origins, a different port, the opaque origin and garbage', () => {
    expect(isOriginAllowed('https://evil.example.com', '127.0.0.1:3000', allowed)).toBe(false);
    expect(isOriginAllowed('http://127.0.0.1:4000', '127.0.0.1:3000', allowed)).toBe(false);
    expect(isOriginAllowed('null', '127.0.0.1:3000', allowed)).toBe(false);
    expect(isOriginAllowed('not a url', '127.0.0.1:3000', allowed)).toBe(false);
  });
});
