import type { Alert, AlertHistoryPage, ApiError, CreatedCamera } from '@argus/shared';
import { HISTORY_FIRST_PAGE } from '@argus/shared';
import { createCamera, ingest, viewerToken } from './support/domain';
import { ManualClock } from './support/manual-clock';
import { http, login, startTestApp, TestApp } from './support/test-app';

describe('alerts history (contract §9)', () => {
  const clock = new ManualClock();
  let t: TestApp;
  let admin: string;
  let viewer: string;
  let door: CreatedCamera;
  let yard: CreatedCamera;
  /** Every alert the admin sees, oldest first, with the time it was raised. */
  const raised: Array<{ at: string; camera: number; severity: string }> = [];
  let start: number;

  beforeAll(async () => {
    t = await startTestApp({ clock });
    admin = await login(t);
    viewer = await viewerToken(t, admin);
    door = await createCamera(t, admin, { name: 'Door' });
    yard = await createCamera(t, admin, { name: 'Yard' });
    start = clock.now().getTime();
    // Default rules: face_unknown a warning for everyone, camera_offline critical for admins.
    const plan: Array<[CreatedCamera, 'face_unknown' | 'camera_offline']> = [
      [door, 'face_unknown'],
      [yard, 'camera_offline'],
      [yard, 'face_unknown'],
      [door, 'camera_offline'],
      [door, 'face_unknown'],
      [yard, 'face_unknown'],
    ];
    for (const [camera, type] of plan) {
      clock.advance(60_000);
      await ingest(t, camera, { event_type: type });
      raised.push({
        at: clock.now().toISOString(),
        camera: camera.id,
        severity: type === 'face_unknown' ? 'warning' : 'critical',
      });
    }
  });
  afterAll(async () => {
    await t.close();
  });

  async function pages(token: string, query: string, limit: number): Promise<Alert[]> {
    const seen: Alert[] = [];
    let before: number | null = HISTORY_FIRST_PAGE;
    while (before !== null) {
      const res: { status: number; body: AlertHistoryPage } = await http<AlertHistoryPage>(
        t,
        'GET',
        `/api/alerts?before=${before}&limit=${limit}&${query}`,
        { token },
      );
      expect(res.status).toBe(200);
      seen.push(...res.body.items);
      before = res.body.next_before;
    }
    return seen;
  }

  it('pages backwards through the caller’s own alerts, newest first', async () => {
    const all = await pages(admin, 'status=all', 2);
    expect(all.map((a) => [a.camera_id, a.severity, a.created_at])).toEqual(
      [...raised].reverse().map((r) => [r.camera, r.severity, r.at]),
    );
    expect(all.every((a, i) => i === 0 || a.id < all[i - 1].id)).toBe(true);
    // A viewer sees only the warnings (the critical rule is for admins).
    const theirs = await pages(viewer, 'status=all', 100);
    expect(theirs.map((a) => a.severity)).toEqual(['warning', 'warning', 'warning', 'warning']);
  });

  it('filters by severity, camera and time (created_at: from inclusive, to exclusive)', async () => {
    const critical = await pages(admin, 'status=all&severity=critical', 1);
    expect(critical.map((a) => a.camera_id)).toEqual([door.id, yard.id]);
    const doorAlerts = await pages(admin, `status=all&camera_id=${door.id}`, 100);
    expect(doorAlerts.map((a) => a.created_at)).toEqual([raised[4].at, raised[3].at, raised[0].at]);
    const both = await pages(admin, `status=all&camera_id=${door.id},${yard.id}&severity=warning,critical`, 100);
    expect(both).toHaveLength(raised.length);
    const range = await pages(admin, `status=all&from=${raised[1].at}&to=${raised[4].at}`, 100);
    expect(range.map((a) => a.created_at)).toEqual([raised[3].at, raised[2].at, raised[1].at]);
    // Without before: the same filters, a plain array (as before this change).
    const plain = await http<Alert[]>(t, 'GET', `/api/alerts?status=all&severity=critical&camera_id=${yard.id}`, {
      token: admin,
    });
    expect(plain.body.map((a) => a.created_at)).toEqual([raised[1].at]);
  });

  it('shows who acknowledged and when; status=open leaves acknowledged alerts out', async () => {
    const [newest] = await pages(viewer, 'status=open', 100);
    clock.advance(5_000);
    const ack = await http<Alert>(t, 'POST', `/api/alerts/${newest.id}/ack`, { token: viewer });
    expect(ack.status).toBe(200);
    const all = await pages(admin, 'status=all', 100);
    expect(all.find((a) => a.id === newest.id)).toMatchObject({
      status: 'acknowledged',
      acknowledged_at: clock.now().toISOString(),
      acknowledged_by: { id: expect.any(Number) as number, username: 'viewer1' },
    });
    expect(all.filter((a) => a.id !== newest.id).every((a) => a.acknowledged_by === null)).toBe(true);
    const open = await pages(admin, 'status=open', 100);
    expect(open.map((a) => a.id)).toEqual(all.filter((a) => a.id !== newest.id).map((a) => a.id));
    expect(start).toBeLessThan(Date.parse(all[0].created_at));
  });

  it.each([
    ['before=0', 'before'],
    ['severity=urgent', 'severity'],
    ['camera_id=a', 'camera_id'],
    ['from=monday', 'from'],
    ['from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z', 'from must be before to'],
  ])('refuses ?%s with 400 naming %s', async (query, text) => {
    const res = await http<ApiError>(t, 'GET', `/api/alerts?${query}`, { token: admin });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.message)).toContain(text);
  });
});
