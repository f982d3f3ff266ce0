import { actionsFor } from './frigate-mapping';
import { frigateObject } from '../../test/support/frigate';
import { FrigateMessage, MAX_FRIGATE_PAYLOAD_BYTES, parseFrigateMessage } from './frigate-messages';

const P = 'frigate';

const json = (value: unknown) => Buffer.from(JSON.stringify(value));

function parsed(topic: string, payload: Buffer): FrigateMessage {
  const result = parseFrigateMessage(P, topic, payload);
  if (!result.ok) throw new Error(`refused: ${result.kind}: ${result.detail}`);
  return result.message;
}

describe('Frigate messages', () => {
  it('maps a new object to one motion_detected with label, zones, top_score, start time and its snapshot', () => {
    const message = parsed('frigate/events', json({ type: 'new', before: frigateObject(), after: frigateObject() }));
    expect(actionsFor(message)).toEqual([
      {
        do: 'store',
        camera: 'front_door',
        objectId: '1607123955.475377-mxklsc',
        fact: 'motion',
        eventType: 'motion_detected',
        occurredAt: '2020-12-04T23:19:15.475Z',
        confidence: 0.958984375,
        label: 'person',
        zones: ['yard', 'driveway'],
        withSnapshot: true,
      },
    ]);
  });

  it('adds face_recognized for a recognised sub_label (a name, or [name, score])', () => {
    for (const [subLabel, confidence] of [
      ['Alice', undefined],
      [['Alice', 0.93], 0.93],
    ] as const) {
      const object = frigateObject({ sub_label: subLabel });
      const actions = actionsFor(parsed('frigate/events', json({ type: 'update', before: object, after: object })));
      expect(actions.map((a) => a.do === 'store' && a.fact)).toEqual(['motion', 'face_recognized']);
      expect(actions[1]).toMatchObject({ eventType: 'face_recognized', personName: 'Alice', confidence });
    }
  });

  it('refreshes the snapshot only when an update carries a better one', () => {
    const before = frigateObject();
    const better = frigateObject({ snapshot: { frame_time: 1607123970.1 } });
    const same = actionsFor(parsed('frigate/events', json({ type: 'update', before, after: before })));
    expect(same.map((a) => a.do)).toEqual(['store']);
    const refreshed = actionsFor(parsed('frigate/events', json({ type: 'update', before, after: better })));
    expect(refreshed.map((a) => a.do)).toEqual(['store', 'refresh_snapshot']);
    const noImage = actionsFor(
      parsed('frigate/events', json({ type: 'end', before, after: { ...better, has_snapshot: false } })),
    );
    expect(noImage.map((a) => a.do)).toEqual(['store']);
  });

  it('ignores false positives', () => {
    const object = frigateObject({ false_positive: true });
    expect(actionsFor(parsed('frigate/events', json({ type: 'new', after: object })))).toEqual([]);
  });

  it('maps face updates: a name is face_recognized, none is face_unknown; other update types nothing', () => {
    const face = { type: 'face', id: 'abc.1-x', camera: 'gate', score: 0.8, timestamp: 1700000000 };
    expect(actionsFor(parsed('frigate/tracked_object_update', json({ ...face, name: 'Bob' })))).toEqual([
      expect.objectContaining({ fact: 'face_recognized', personName: 'Bob', confidence: 0.8, camera: 'gate' }),
    ]);
    expect(actionsFor(parsed('frigate/tracked_object_update', json({ ...face, name: null })))).toEqual([
      expect.objectContaining({ fact: 'face_unknown', eventType: 'face_unknown', objectId: 'abc.1-x' }),
    ]);
    expect(actionsFor(parsed('frigate/tracked_object_update', json({ type: 'lpr', id: 'x' })))).toEqual([]);
  });

  it('maps camera status and availability', () => {
    expect(actionsFor(parsed('frigate/gate/status/detect', Buffer.from('offline')))).toEqual([
      { do: 'camera_status', camera: 'gate', status: 'offline' },
    ]);
    expect(actionsFor(parsed('frigate/available', Buffer.from('online')))).toEqual([
      { do: 'all_cameras', status: 'online' },
    ]);
  });

  it('refuses broken and hostile messages by kind', () => {
    const kind = (topic: string, payload: Buffer | string) => {
      const result = parseFrigateMessage(P, topic, Buffer.from(payload));
      return result.ok ? 'ok' : result.kind;
    };
    expect(kind('frigate/events', '{"type":')).toBe('not JSON');
    expect(kind('frigate/events', '[1,2]')).toBe('wrong shape');
    expect(kind('frigate/events', JSON.stringify({ type: 'exploded', after: frigateObject() }))).toBe('unknown type');
    expect(kind('frigate/events', JSON.stringify({ type: 'new' }))).toBe('wrong shape');
    expect(kind('frigate/events', JSON.stringify({ type: 'new', after: frigateObject({ camera: '../x' }) }))).toBe(
      'wrong shape',
    );
    expect(kind('frigate/events', JSON.stringify({ type: 'new', after: frigateObject({ top_score: 7 }) }))).toBe(
      'wrong shape',
    );
    expect(kind('frigate/events', JSON.stringify({ type: 'new', after: frigateObject({ sub_label: {} }) }))).toBe(
      'wrong shape',
    );
    expect(kind('frigate/events', Buffer.alloc(MAX_FRIGATE_PAYLOAD_BYTES + 1, 32))).toBe('too large');
    expect(kind('frigate/gate/status/detect', 'maybe')).toBe('unknown status');
    expect(kind('frigate/a+b/status/detect', 'online')).toBe('wrong shape');
    expect(kind('frigate/other', '{}')).toBe('unknown topic');
    expect(kind('frigate/tracked_object_update', JSON.stringify({ type: 'face', id: 'x', camera: 'c', name: 5 }))).toBe(
      'wrong shape',
    );
  });
});
