import type { Page } from '@playwright/test';
import type { WsStatus } from '@argus/shared';
import { expect, test } from '../support/test';
import { expectBadge, signIn, snapshot } from '../support/ui';

// MAX_CONNECTIONS_PER_USER is left at its default of 5.

test('five dashboards of one user go Live; the sixth polls and says there are too many', async ({
  context,
  appServer: server,
  api,
  seed: { viewer },
}, testInfo) => {
  test.setTimeout(90_000);
  // Tabs of one browser context share the session stored by the first sign-in.
  const first = await context.newPage();
  await signIn(first, server.baseUrl, viewer);
  await expectBadge(first, 'live', 10_000);
  const live: Page[] = [first];
  for (let tab = 2; tab <= 5; tab += 1) {
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/`);
    await expectBadge(page, 'live', 10_000);
    live.push(page);
  }
  const viewerToken = await api.login(viewer);
  const status = await api.call<WsStatus>('GET', '/api/ws/status', { token: viewerToken });
  expect(status.user_connections, 'sockets the server counts for this user').toBe(5);

  const sixth = await context.newPage();
  await sixth.goto(`${server.baseUrl}/`);
  await expect(sixth.getByTestId('connection-reason')).toContainText('Too many open dashboards', { timeout: 10_000 });
  await expectBadge(sixth, 'polling', 10_000);
  for (const page of live) await expectBadge(page, 'live', 1_000);
  await expect(live[0].getByTestId('connection-reason')).toHaveCount(0);
  await snapshot(sixth, testInfo, 'too-many');
});
