import { get } from 'node:http';
import { EVENTS_EXPORT_MAX_ROWS } from '@argus/shared';
import { EXPORT_BATCH } from '../src/history/event-export';
import { EventHistoryService } from '../src/history/event-history.service';
import { insertBulkEvents } from './support/bulk-events';
import { createCamera } from './support/domain';
import { login, startTestApp, TestApp } from './support/test-app';

describe('CSV export at volume (contract §9)', () => {
  let t: TestApp;
  let admin: string;
  const total = EVENTS_EXPORT_MAX_ROWS + 50;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await login(t);
    const camera = await createCamera(t, admin, { name: 'Bulk' });
    await insertBulkEvents(t, {
      count: total,
      start: new Date(Date.now() - 3 * 24 * 3600_000),
      cameraIds: [camera.id],
    });
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  it('stops at 100,000 rows, the newest, with every id once', async () => {
    const res = await fetch(`${t.baseUrl}/api/events/export.csv`, { headers: { authorization: `Bearer ${admin}` } });
    const lines = (await res.text()).split('\r\n');
    expect(lines).toHaveLength(EVENTS_EXPORT_MAX_ROWS + 2); // header, rows, the empty string after the last CRLF
    const ids = lines.slice(1, -1).map((line) => Number(line.slice(0, line.indexOf(','))));
    expect(ids[0]).toBe(total);
    expect(ids[ids.length - 1]).toBe(total - EVENTS_EXPORT_MAX_ROWS + 1);
    expect(ids.every((id, i) => i === 0 || id === ids[i - 1] - 1)).toBe(true);
  }, 60_000);

  it('reads batch by batch as the client takes them: a client that stops reading stops the queries', async () => {
    const history = t.app.get(EventHistoryService);
    const rows = vi.spyOn(history, 'rows');
    try {
      let pausedCalls = 0;
      const lines = await new Promise<number>((resolve, reject) => {
        const request = get(
          `${t.baseUrl}/api/events/export.csv`,
          { headers: { authorization: `Bearer ${admin}` } },
          (res) => {
            let count = 0;
            res.setEncoding('utf8');
            res.once('data', (first: string) => {
              count += first.split('\r\n').length - 1;
              res.pause();
              // Paused: the server fills the socket buffers (a few MB on loopback), then waits for 'drain'.
              vi.waitFor(
                async () => {
                  const seen = rows.mock.calls.length;
                  await new Promise((r) => setTimeout(r, 300));
                  if (rows.mock.calls.length !== seen) throw new Error('still reading');
                },
                { timeout: 20_000, interval: 0 },
              ).then(() => {
                pausedCalls = rows.mock.calls.length;
                res.on('data', (chunk: string) => (count += chunk.split('\r\n').length - 1));
                res.on('end', () => resolve(count));
                res.resume();
              }, reject);
            });
            res.on('error', reject);
          },
        );
        request.on('error', reject);
      });
      // Had the server read every batch up front, all of them would have run while the client was paused.
      expect(pausedCalls).toBeLessThan(EVENTS_EXPORT_MAX_ROWS / EXPORT_BATCH);
      expect(lines).toBe(EVENTS_EXPORT_MAX_ROWS + 1);
      expect(rows.mock.calls.length).toBe(EVENTS_EXPORT_MAX_ROWS / EXPORT_BATCH);
    } finally {
      rows.mockRestore();
    }
  }, 60_000);
});
