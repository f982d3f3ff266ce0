import pino from 'pino';
import { REDACTED_PATHS } from './logging';

describe('REDACTED_PATHS', () => {
  it('hides credentials in any object logged, at the top or one level down', () => {
    const lines: string[] = [];
    const logger = pino(
      { redact: { paths: REDACTED_PATHS, censor: '[REDACTED]' } },
      { write: (line: string) => lines.push(line) },
    );
    logger.info(
      {
        password: 'top-secret-1',
        body: { current_password: 'top-secret-2', new_password: 'top-secret-3', username: 'ann' },
        camera: { ingest_key: 'argus_ck_secret', name: 'Door' },
        response: { access_token: 'eyJ.secret.sig' },
        req: { headers: { authorization: 'Bearer abc', 'x-camera-key': 'k', 'sec-websocket-protocol': 'bearer, t' } },
      },
      'logged',
    );
    const text = lines.join('');
    for (const secret of ['top-secret', 'argus_ck_secret', 'eyJ.secret.sig', 'Bearer abc', 'bearer, t']) {
      expect(text).not.toContain(secret);
    }
    expect(JSON.parse(text)).toMatchObject({ body: { username: 'ann' }, camera: { name: 'Door' } });
  });
});
