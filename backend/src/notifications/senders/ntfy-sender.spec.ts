import { headerText, NTFY_PRIORITY } from './ntfy-sender';

describe('ntfy headers', () => {
  it('sends ASCII as is and anything else as an RFC 2047 encoded word ntfy decodes', () => {
    expect(headerText('Warning: Front door')).toBe('Warning: Front door');
    const encoded = headerText('Warning: Zoë’s café 📷');
    expect(encoded).toMatch(/^=\?UTF-8\?B\?[A-Za-z0-9+/=]+\?=$/);
    expect(Buffer.from(encoded.slice(10, -2), 'base64').toString('utf8')).toBe('Warning: Zoë’s café 📷');
    // A header value can never carry a line break (no header injection from a camera name).
    expect(headerText('a\r\nInjected: 1')).not.toMatch(/[\r\n]/);
  });

  it('maps severities to ntfy priorities 5, 4, 3', () => {
    expect(NTFY_PRIORITY).toEqual({ critical: '5', warning: '4', info: '3' });
  });
});
