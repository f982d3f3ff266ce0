import type { TokenResponse } from '@argus/shared';
import { ADMIN, http, startTestApp, TestApp } from './support/test-app';

describe('auth', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  describe('POST /api/auth/login', () => {
    it('answers a token for JSON credentials', async () => {
      const res = await http<TokenResponse>(t, 'POST', '/api/auth/login', { body: ADMIN });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        token_type: 'bearer',
        expires_in: t.config.jwtTtlSeconds,
        user: { username: ADMIN.username, role: 'admin' },
      });
      expect(typeof res.body.user.id).toBe('number');
      expect(res.body.access_token.split('.')).toHaveLength(3);
    });

    it('answers a token for form-urlencoded credentials', async () => {
      const res = await http<TokenResponse>(t, 'POST', '/api/auth/login', { form: ADMIN });
      expect(res.status).toBe(200);
      expect(res.body.user.username).toBe(ADMIN.username);
    });
  });
});
