import { reconnectDelayMs, topicMatches } from './mqtt-connection';

describe('reconnectDelayMs', () => {
  it('starts at 1 s, doubles to 30 s and stays there, with up to 30% jitter', () => {
    const none = () => 0;
    expect([0, 1, 2, 3, 4, 5, 6, 20].map((attempt) => reconnectDelayMs(attempt, none))).toEqual([
      1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000,
    ]);
    expect(reconnectDelayMs(0, () => 0.999)).toBe(1300);
    expect(reconnectDelayMs(9, () => 0.5)).toBe(34500);
  });
});

describe('topicMatches', () => {
  it('matches MQTT filters, shared or not', () => {
    expect(topicMatches('$share/argus/frigate/events', 'frigate/events')).toBe(true);
    expect(topicMatches('$share/argus/frigate/+/status/detect', 'frigate/gate/status/detect')).toBe(true);
    expect(topicMatches('frigate/+/status/detect', 'frigate/gate/status/record')).toBe(false);
    expect(topicMatches('frigate/+/status/detect', 'frigate/a/b/status/detect')).toBe(false);
    expect(topicMatches('frigate/events', 'frigate/events/x')).toBe(false);
    expect(topicMatches('frigate/#', 'frigate/a/b')).toBe(true);
    expect(topicMatches('frigate/available', 'frigate/events')).toBe(false);
  });
});
