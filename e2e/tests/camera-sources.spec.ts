import { ADMIN } from '../support/app-server';
import { expect, test } from '../support/test';
import { signIn, snapshot } from '../support/ui';

// The simulator on (slowly): its cameras are marked as simulated, an API camera is not.
test.use({ appServerOptions: { env: { SIMULATOR: 'on', SIMULATOR_RATE_PER_MINUTE: '1' } } });

test('simulated cameras carry a "Simulated" badge in the cameras panel and the admin table; API cameras none', async ({
  page,
  browser,
  appServer,
  seed: { viewer, camera },
}, testInfo) => {
  await signIn(page, appServer.baseUrl, viewer);
  const panel = page.getByTestId('cameras-panel');
  const simulated = panel.getByTestId('camera-item').filter({ hasText: 'Front door' });
  await expect(simulated.getByTestId('camera-source')).toHaveText('Simulated', { timeout: 5_000 });
  const own = panel.locator(`[data-testid="camera-item"][data-camera-id="${camera.id}"]`);
  await expect(own).toBeVisible();
  await expect(own.getByTestId('camera-source')).toHaveCount(0);
  await snapshot(page, testInfo, 'camera-sources');

  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, appServer.baseUrl, ADMIN);
  await admin.goto(`${appServer.baseUrl}/cameras`);
  const row = admin.getByTestId('camera-row').filter({ hasText: 'Front door' });
  await expect(row.getByTestId('camera-source')).toHaveText('Simulated', { timeout: 5_000 });
  await expect(
    admin.locator(`[data-testid="camera-row"][data-camera-id="${camera.id}"]`).getByTestId('camera-source'),
  ).toHaveCount(0);
  await admin.context().close();
});
