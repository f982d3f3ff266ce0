import type { Browser, Page } from '@playwright/test';
import type { Credentials } from '../support/api';
import { expect, test } from '../support/test';
import { expectBadge, signIn, snapshot } from '../support/ui';

// Acknowledgement everywhere (contract §10): an alert acknowledged on one dashboard leaves the
// open list and its toast closes on every other open dashboard of its audience, live over the
// socket and, behind a proxy that blocks WebSockets, on the next poll.

async function dashboard(browser: Browser, baseUrl: string, user: Credentials): Promise<Page> {
  // A context each: separate sessions, as on two devices.
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, baseUrl, user);
  return page;
}

const alertItem = (page: Page, id: number) =>
  page.getByTestId('alerts-panel').locator(`[data-testid="alert-item"][data-alert-id="${id}"]`);
const toastOf = (page: Page, id: number) => page.locator(`[data-testid="alert-toast"][data-alert-id="${id}"]`);

test('acknowledging on one dashboard closes the alert and its toast on the others, live and polling', async ({
  browser,
  appServer,
  api,
  seed: { adminToken, viewer, camera },
  wsBlockingProxy: proxy,
}, testInfo) => {
  test.setTimeout(120_000);
  const colleague = { username: `${viewer.username}-b`, password: 'viewer-password-2' };
  await api.createUser(adminToken, { ...colleague, role: 'viewer' });

  const mine = await dashboard(browser, appServer.baseUrl, viewer);
  const theirs = await dashboard(browser, appServer.baseUrl, colleague);
  const polling = await dashboard(browser, proxy.origin, colleague);
  await expectBadge(mine, 'live', 10_000);
  await expectBadge(theirs, 'live', 10_000);
  await expectBadge(polling, 'polling', 10_000);

  // The default rule warns everyone of an unknown face: all three dashboards toast it.
  const event = await api.ingest(camera, { event_type: 'face_unknown', confidence: 0.5 });
  const alert = (await api.alerts(await api.login(viewer))).find((candidate) => candidate.event_id === event.id);
  expect(alert, `an open alert for event ${event.id}`).toBeDefined();
  const id = alert!.id;
  for (const page of [mine, theirs]) {
    await expect(toastOf(page, id)).toBeVisible({ timeout: 10_000 });
    await expect(alertItem(page, id)).toHaveAttribute('data-status', 'open');
  }
  await expect(alertItem(polling, id)).toHaveAttribute('data-status', 'open', { timeout: 8_000 });

  await toastOf(mine, id).getByRole('button', { name: 'Acknowledge' }).click();
  await expect(toastOf(mine, id)).toHaveCount(0, { timeout: 3_000 });

  // The other live dashboard: toast closed, alert acknowledged by the viewer, within a second or two.
  await expect(toastOf(theirs, id)).toHaveCount(0, { timeout: 2_000 });
  await expect(alertItem(theirs, id)).toHaveAttribute('data-status', 'acknowledged', { timeout: 2_000 });
  await expect(alertItem(theirs, id)).toContainText(`acknowledged by ${viewer.username}`);
  await expect(alertItem(theirs, id).getByRole('button', { name: 'Acknowledge' })).toHaveCount(0);
  await snapshot(theirs, testInfo, 'acknowledged-elsewhere');

  // The polling dashboard sees it on its next poll (every 5 s).
  await expect(alertItem(polling, id)).toHaveAttribute('data-status', 'acknowledged', { timeout: 8_000 });
  await expect(alertItem(polling, id)).toContainText(`acknowledged by ${viewer.username}`);
  await expect(toastOf(polling, id)).toHaveCount(0);
  await expectBadge(polling, 'polling', 1_000);

  for (const page of [mine, theirs, polling]) await page.context().close();
});
