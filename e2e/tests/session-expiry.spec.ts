import { expect, test } from '../support/test';
import { expectBadge, signIn, snapshot } from '../support/ui';

// Tokens live 10 s (the configured minimum) and every refresh is refused, so the session
// really expires a few seconds after signing in.
test.use({ appServerOptions: { env: { JWT_TTL_SECONDS: '10' } } });

test('an expired session returns to the login page with a notice', async ({
  page,
  appServer: server,
  seed: { viewer },
}, testInfo) => {
  test.setTimeout(60_000);
  let refreshes = 0;
  await page.route('**/api/auth/refresh', (route) => {
    refreshes += 1;
    return route.fulfill({
      status: 401,
      contentType: 'application/json',
      body: JSON.stringify({ statusCode: 401, error: 'Unauthorized', message: 'Token expired' }),
    });
  });
  await signIn(page, server.baseUrl, viewer);
  await expectBadge(page, 'live', 5_000);
  const liveAt = Date.now();

  await expect(page, 'back on the login page once the token expired').toHaveURL(/\/login(\?.*)?$/, { timeout: 20_000 });
  await expect(
    page.getByRole('status').filter({ hasText: 'Your session has expired. Please sign in again.' }),
  ).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  testInfo.annotations.push({
    type: 'expiry',
    description: `on /login ${Date.now() - liveAt} ms after Live; ${refreshes} refresh attempts refused`,
  });
  await snapshot(page, testInfo, 'login-expired');
});
