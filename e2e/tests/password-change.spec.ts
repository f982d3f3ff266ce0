import type { TokenResponse } from '@argus/shared';
import { expect, test } from '../support/test';
import { badge, expectBadge, signIn, snapshot } from '../support/ui';

// The account menu's "Change password" (contract §1: POST /api/auth/password answers a fresh
// token, and every older token stops working).

test('the password dialog is a real modal: focus inside, Escape closes it, and it checks the new password first', async ({
  page,
  appServer,
  seed: { viewer },
}, testInfo) => {
  let sent = 0;
  await page.route('**/api/auth/password', (route) => {
    sent += 1;
    return route.continue();
  });
  await signIn(page, appServer.baseUrl, viewer);
  const trigger = page.getByRole('button', { name: `Account menu: ${viewer.username} viewer` });
  await trigger.click();
  await page.getByRole('button', { name: 'Change password' }).click();
  const dialog = page.getByRole('dialog', { name: 'Change password' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('Current password')).toBeFocused();

  // Tab never reaches the page behind the dialog: it is inert.
  const outside: string[] = [];
  for (let i = 0; i < 8; i += 1) {
    await page.keyboard.press('Tab');
    const where = await dialog.evaluate((node) => {
      const active = document.activeElement;
      return active === null || active === document.body || node.contains(active)
        ? null
        : active.outerHTML.slice(0, 60);
    });
    if (where !== null) outside.push(where);
  }
  expect(outside, 'elements behind the dialog that took focus').toEqual([]);

  await dialog.getByLabel('Current password').fill(viewer.password);
  // 37 characters, 74 bytes of UTF-8.
  await dialog.getByLabel('New password', { exact: true }).fill('é'.repeat(37));
  await dialog.getByLabel('Repeat the new password').fill('é'.repeat(37));
  await dialog.getByRole('button', { name: 'Change password' }).click();
  await expect(dialog.getByRole('alert')).toHaveText(
    'The password is too long: 74 of at most 72 bytes (accented letters take 2 bytes, emoji 4).',
  );
  await dialog.getByLabel('New password', { exact: true }).fill('new-password-2');
  await dialog.getByLabel('Repeat the new password').fill('new-password-3');
  await expect(dialog.getByRole('alert')).toHaveText('The confirmation does not match the new password.');
  await snapshot(page, testInfo, 'change-password');
  expect(sent, 'requests sent for passwords the dialog refused').toBe(0);

  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(trigger).toBeFocused();
  await expectBadge(page, 'live', 5_000);
});

// Needs the backend's POST /api/auth/password (being built alongside this change).
test('changes the password from the dashboard: the old one no longer signs in, the new one does', async ({
  page,
  appServer,
  api,
  seed: { viewer },
}, testInfo) => {
  const newPassword = `${viewer.password}-changed`;
  await signIn(page, appServer.baseUrl, viewer);
  await expectBadge(page, 'live', 10_000);
  await page.getByRole('button', { name: /^Account menu:/ }).click();
  await page.getByRole('button', { name: 'Change password' }).click();
  const dialog = page.getByRole('dialog', { name: 'Change password' });
  await dialog.getByLabel('Current password').fill(viewer.password);
  await dialog.getByLabel('New password', { exact: true }).fill(newPassword);
  await dialog.getByLabel('Repeat the new password').fill(newPassword);
  await dialog.getByRole('button', { name: 'Change password' }).click();

  await expect(page.getByRole('dialog', { name: 'Password changed' }).getByRole('status')).toContainText(
    'Your password has been changed.',
  );
  await snapshot(page, testInfo, 'password-changed');
  await page.getByRole('button', { name: 'Done' }).click();

  // This dashboard keeps going on the fresh token: its socket (whose token was revoked) comes back Live.
  await expectBadge(page, 'live', 15_000);
  await page.reload();
  await expect(page).toHaveURL(`${appServer.baseUrl}/`);
  await expectBadge(page, 'live', 10_000);
  await expect(badge(page)).toHaveText('Live');

  await api.call('POST', '/api/auth/login', { body: viewer, expect: 401 });
  const answer = await api.call<TokenResponse>('POST', '/api/auth/login', {
    body: { username: viewer.username, password: newPassword },
    expect: 200,
  });
  expect(answer.user.username).toBe(viewer.username);
});
