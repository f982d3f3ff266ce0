import type { Alert, AlertRule, CreatedCamera, PublicUser } from '@argus/shared';
import { createCamera, ingest } from './support/domain';
import { createUser } from './support/realtime-fixtures';
import { http, login, startTestApp, TestApp } from './support/test-app';
import { closeAll, connectAccepted, WsClient } from './support/ws-client';

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

// Acknowledgement everywhere (contract §3, §10): the socket `alert` is the REST Alert, and an
// ack reaches every open socket of the alert's audience as `alert_updated`, once.
describe('alert updates on the socket', () => {
  let t: TestApp;
  let admin: string;
  let camera: CreatedCamera;
  let rule: AlertRule;
  const people: Record<'alice' | 'bob', { user: PublicUser; token: string }> = {} as never;
  const clients: WsClient[] = [];
  const open = async (token: string) => {
    const client = await connectAccepted(t, { token });
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    t = await startTestApp();
    admin = await login(t);
    people.alice = await createUser(t, admin, 'alice');
    people.bob = await createUser(t, admin, 'bob');
    camera = await createCamera(t, admin, { name: 'Shed' });
    // Viewers are the audience; the admin is not.
    const res = await http<AlertRule>(t, 'POST', '/api/alert-rules', {
      token: admin,
      body: { event_type: 'motion_detected', severity: 'warning', role: 'viewer' },
    });
    rule = res.body;
  });
  afterEach(async () => {
    await closeAll(clients.splice(0));
  });
  afterAll(async () => {
    await t.close();
  });

  /** A ping answered after `client` has received everything sent to it before. */
  async function drained(client: WsClient): Promise<void> {
    const stamp = `sync-${Math.random()}`;
    client.send({ type: 'ping', timestamp: stamp });
    for (;;) {
      const pong = await client.next('pong', 3000);
      if (pong.timestamp === stamp) return;
    }
  }

  it('sends the alert with every field of the REST Alert', async () => {
    const alice = await open(people.alice.token);
    const event = await ingest(t, camera, { event_type: 'motion_detected', confidence: 0.9 });
    const message = await alice.next('alert', 3000);
    const rest = await http<Alert[]>(t, 'GET', '/api/alerts?status=all', { token: people.alice.token });
    const stored = rest.body.find((alert) => alert.event_id === event.id);
    expect(stored).toBeDefined();
    const { type, timestamp, ...fields } = message;
    expect(type).toBe('alert');
    expect(timestamp).toMatch(ISO);
    expect(fields).toEqual(stored);
    expect(Object.keys(fields).sort()).toEqual(Object.keys(stored!).sort());
    expect(fields).toMatchObject({ rule_id: rule.id, camera_name: 'Shed', event_type: 'motion_detected' });
  });

  it('an ack reaches every socket of the audience (two users, two sockets each) once, and no one else', async () => {
    const alice1 = await open(people.alice.token);
    const alice2 = await open(people.alice.token);
    const bob = await open(people.bob.token);
    const outsider = await open(admin);
    const event = await ingest(t, camera, { event_type: 'motion_detected' });
    const raised = await alice1.next('alert', 3000);
    expect(raised.event_id).toBe(event.id);
    await bob.next('alert', 3000);

    const ack = await http<Alert>(t, 'POST', `/api/alerts/${raised.id}/ack`, { token: people.bob.token });
    expect(ack.status).toBe(200);
    const expected = {
      type: 'alert_updated',
      timestamp: expect.stringMatching(ISO) as string,
      id: raised.id,
      acknowledged_at: ack.body.acknowledged_at,
      acknowledged_by: { id: people.bob.user.id, username: 'bob' },
    };
    for (const client of [alice1, alice2, bob]) expect(await client.next('alert_updated', 3000)).toEqual(expected);

    // Idempotent: a second ack (by anyone in the audience) answers the first who/when and sends nothing.
    const again = await http<Alert>(t, 'POST', `/api/alerts/${raised.id}/ack`, { token: people.alice.token });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(ack.body);
    for (const client of [alice1, alice2, bob, outsider]) await drained(client);
    for (const client of [alice1, alice2, bob]) expect(client.all('alert_updated')).toHaveLength(1);
    expect(outsider.all('alert_updated')).toEqual([]);
    expect(outsider.all('alert')).toEqual([]);

    // A polling dashboard sees it on its next poll: gone from the open list, acknowledged in all.
    const openList = await http<Alert[]>(t, 'GET', '/api/alerts?status=open', { token: people.alice.token });
    expect(openList.body.some((alert) => alert.id === raised.id)).toBe(false);
    const all = await http<Alert[]>(t, 'GET', '/api/alerts?status=all', { token: people.alice.token });
    expect(all.body.find((alert) => alert.id === raised.id)).toMatchObject({
      status: 'acknowledged',
      acknowledged_by: { id: people.bob.user.id, username: 'bob' },
      acknowledged_at: ack.body.acknowledged_at,
    });
  });

  it('sends the update whatever event types the socket subscribed to', async () => {
    const alice = await open(people.alice.token);
    const event = await ingest(t, camera, { event_type: 'motion_detected' });
    const raised = await alice.next('alert', 3000);
    expect(raised.event_id).toBe(event.id);
    alice.send({ type: 'subscribe', event_types: ['face_unknown'] });
    await alice.next('subscribed', 3000);
    await http(t, 'POST', `/api/alerts/${raised.id}/ack`, { token: people.alice.token });
    expect((await alice.next('alert_updated', 3000)).id).toBe(raised.id);
  });

  it('a single-user alert is updated on that user’s sockets only', async () => {
    const mine = await http<AlertRule>(t, 'POST', '/api/alert-rules', {
      token: admin,
      body: { event_type: 'recording_started', severity: 'info', user_id: people.alice.user.id },
    });
    const alice = await open(people.alice.token);
    const bob = await open(people.bob.token);
    await ingest(t, camera, { event_type: 'recording_started' });
    const raised = await alice.next('alert', 3000);
    expect(raised.rule_id).toBe(mine.body.id);
    // Bob is not in the audience: to him the alert does not exist.
    expect((await http(t, 'POST', `/api/alerts/${raised.id}/ack`, { token: people.bob.token })).status).toBe(404);
    await http(t, 'POST', `/api/alerts/${raised.id}/ack`, { token: people.alice.token });
    expect((await alice.next('alert_updated', 3000)).id).toBe(raised.id);
    await drained(bob);
    expect(bob.all('alert_updated')).toEqual([]);
  });
});
