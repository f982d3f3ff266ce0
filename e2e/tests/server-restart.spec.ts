import { expect, test } from '../support/test';
import { badge, expectBadge, expectFeedHasEachOnce, signIn, snapshot } from '../support/ui';

test('shows Connecting while the server restarts, then Live again without losing an event', async ({
  page,
  appServer: server,
  api,
  seed: { viewer, camera },
}, testInfo) => {
  test.setTimeout(120_000);
  await signIn(page, server.baseUrl, viewer);
  await expectBadge(page, 'live', 10_000);

  const ids: number[] = [];
  for (let i = 0; i < 3; i += 1) ids.push((await api.ingest(camera, 'motion_detected')).id);
  await expectFeedHasEachOnce(page, ids, 3_000);

  // Same data dir and port; nothing is ingested while it is down.
  await server.stop();
  // Connecting at once; once the polling fallback has also failed to reach the server (about
  // 3 s later, sooner than a slow stop() may return on a loaded machine), Offline.
  await expect(badge(page), 'badge while the server is down').toHaveAttribute(
    'data-state',
    /^(connecting|polling|offline)$/,
    { timeout: 10_000 },
  );
  await expect(badge(page)).toHaveText(/^(Connecting|Polling|Offline)$/);
  await snapshot(page, testInfo, 'connecting');

  await server.restart();
  const upAt = Date.now();
  // Right after it is up, before the dashboard has reconnected.
  for (let i = 0; i < 3; i += 1) ids.push((await api.ingest(camera, 'face_recognized')).id);
  // Reconnect backoff caps at 30 s (plus jitter).
  await expectBadge(page, 'live', 40_000);
  testInfo.annotations.push({
    type: 'reconnect',
    description: `Live ${Date.now() - upAt} ms after the server was up again`,
  });
  for (let i = 0; i < 2; i += 1) ids.push((await api.ingest(camera, 'recording_stopped')).id);

  await expectFeedHasEachOnce(page, ids, 5_000);
  await snapshot(page, testInfo, 'live-after-restart');
});
