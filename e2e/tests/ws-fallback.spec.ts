import { expect, test } from '../support/test';
import { expectBadge, expectFeedHasEachOnce, signIn, snapshot } from '../support/ui';

// The browser reaches the app only through a proxy that refuses WebSocket upgrades, then stops
// refusing them: the dashboard must poll meanwhile and switch back without losing or
// repeating an event.

test('polls behind a proxy that refuses WebSockets, then returns to Live with every event exactly once', async ({
  page,
  api,
  seed: { viewer, camera },
  wsBlockingProxy: proxy,
}, testInfo) => {
  test.setTimeout(120_000);
  await signIn(page, proxy.origin, viewer);
  // The client polls when no socket is open within 3 s of trying.
  await expectBadge(page, 'polling', 6_000);
  expect(proxy.counts.refused, 'upgrades refused by the proxy').toBeGreaterThan(0);
  expect(proxy.counts.tunnelled).toBe(0);
  await snapshot(page, testInfo, 'polling');

  const ids: number[] = [];
  for (let i = 0; i < 3; i += 1) ids.push((await api.ingest(camera, 'motion_detected')).id);
  // Polling runs every 5 s.
  await expectFeedHasEachOnce(page, ids, 12_000);
  await expectBadge(page, 'polling', 1_000);

  proxy.setBlocking(false);
  const unblockedAt = Date.now();
  const beforeSwitch = ids.length;
  // Keep events coming while the client is still on polling and while it switches.
  let switching = true;
  const duringSwitch = (async () => {
    while (switching) {
      ids.push((await api.ingest(camera, 'face_recognized')).id);
      await new Promise((wake) => setTimeout(wake, 1_500));
    }
  })();
  try {
    // Reconnect backoff caps at 30 s (plus jitter).
    await expectBadge(page, 'live', 40_000);
  } finally {
    switching = false;
    await duringSwitch;
  }
  expect(proxy.counts.tunnelled, 'sockets tunnelled once allowed').toBeGreaterThan(0);
  testInfo.annotations.push({
    type: 'switch',
    description: `Live ${Date.now() - unblockedAt} ms after upgrades were allowed; ${ids.length - beforeSwitch} events ingested meanwhile; ${proxy.counts.refused} upgrades refused before`,
  });
  for (let i = 0; i < 3; i += 1) ids.push((await api.ingest(camera, 'recording_started')).id);

  await expectFeedHasEachOnce(page, ids, 5_000);
  await expectBadge(page, 'live', 1_000);
  await snapshot(page, testInfo, 'live-after-polling');
});
