import { parseClientMessage } from './client-message';

const parse = (text: string) => parseClientMessage(Buffer.from(text), false);

describe('parseClientMessage', () => {
  it('accepts a ping with or without a timestamp', () => {
    expect(parse('{"type":"ping","timestamp":1732300000000}')).toEqual({
      ok: true,
      message: { type: 'ping', timestamp: 1732300000000 },
    });
    expect(parse('{"type":"ping","timestamp":"t-1"}')).toEqual({
      ok: true,
      message: { type: 'ping', timestamp: 't-1' },
    });
    expect(parse('{"type":"ping"}')).toEqual({ ok: true, message: { type: 'ping' } });
  });

  it('accepts subscribe and unsubscribe with known event types, deduplicated', () => {
    expect(parse('{"type":"subscribe","event_types":["face_unknown","face_unknown","camera_offline"]}')).toEqual({
      ok: true,
      message: { type: 'subscribe', event_types: ['face_unknown', 'camera_offline'] },
    });
    expect(parse('{"type":"unsubscribe","event_types":["motion_detected"]}')).toEqual({
      ok: true,
      message: { type: 'unsubscribe', event_types: ['motion_detected'] },
    });
  });

  it('accepts auth with a token', () => {
    expect(parse('{"type":"auth","token":"a.b.c"}')).toEqual({ ok: true, message: { type: 'auth', token: 'a.b.c' } });
  });

  it('answers bad_json for text that is not JSON', () => {
    expect(parse('{"type":')).toMatchObject({ ok: false, code: 'bad_json' });
  });

  it('answers unknown_type for an unknown type', () => {
    expect(parse('{"type":"shutdown"}')).toMatchObject({
      ok: false,
      code: 'unknown_type',
      message: 'unknown type "shutdown"',
    });
  });

  it.each([
    ['[1,2]'],
    ['"ping"'],
    ['null'],
    ['{"kind":"ping"}'],
    ['{"type":7}'],
    ['{"type":"ping","timestamp":{}}'],
    ['{"type":"subscribe"}'],
    ['{"type":"subscribe","event_types":"face_unknown"}'],
    ['{"type":"subscribe","event_types":[]}'],
    ['{"type":"subscribe","event_types":["face_unknown","alien_landed"]}'],
    [`{"type":"subscribe","event_types":${JSON.stringify(Array(8).fill('face_unknown'))}}`],
    ['{"type":"auth"}'],
    ['{"type":"auth","token":42}'],
  ])('answers invalid_message for %s', (text) => {
    expect(parse(text)).toMatchObject({ ok: false, code: 'invalid_message' });
  });

  it('answers invalid_message for binary frames', () => {
    expect(parseClientMessage(Buffer.from('{"type":"ping"}'), true)).toMatchObject({
      ok: false,
      code: 'invalid_message',
    });
  });
});
