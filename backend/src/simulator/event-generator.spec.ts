import type { EventType } from '@argus/shared';
import { EventGenerator, RECOGNIZED_CONFIDENCE, UNKNOWN_CONFIDENCE, type SimCamera } from './event-generator';
import { createPrng, exponentialDelayMs } from './prng';

const CAMERAS: SimCamera[] = [1, 2, 3, 4, 5].map((id) => ({ id, enabled: true }));
const PEOPLE = [
  { id: 10, name: 'Alice' },
  { id: 11, name: 'Bob' },
];
const DRAWS = 10_000;

function run(seed: number, cameras = CAMERAS) {
  const generator = new EventGenerator(createPrng(seed));
  const planned = [];
  for (let i = 0; i < DRAWS; i++) {
    const next = generator.next(cameras, PEOPLE);
    if (next) planned.push(next);
  }
  return planned;
}

describe('EventGenerator', () => {
  it('draws a believable mix: motion most often, unknown faces rarely, offline now and then', () => {
    const planned = run(42);
    const counts = new Map<EventType, number>();
    for (const { input } of planned) counts.set(input.event_type, (counts.get(input.event_type) ?? 0) + 1);
    const count = (type: EventType) => counts.get(type) ?? 0;

    expect(planned).toHaveLength(DRAWS);
    const motion = count('motion_detected');
    for (const type of ['face_recognized', 'face_unknown', 'recording_started', 'camera_offline'] as const) {
      expect(motion).toBeGreaterThan(count(type));
    }
    expect(count('face_unknown')).toBeLessThan(count('face_recognized'));
    expect(count('face_unknown')).toBeLessThan(count('recording_started'));
    expect(count('face_unknown')).toBeGreaterThan(0);
    expect(count('camera_offline')).toBeGreaterThan(0);
    expect(count('camera_offline')).toBeLessThan(count('face_unknown'));
  });

  it('gives recognized faces a known person with confidence 0.80-0.99 and unknown faces 0.30-0.70', () => {
    const planned = run(7);
    const recognized = planned.filter((p) => p.input.event_type === 'face_recognized');
    const unknown = planned.filter((p) => p.input.event_type === 'face_unknown');
    expect(recognized.length).toBeGreaterThan(100);
    for (const { input } of recognized) {
      expect(input.confidence).toBeGreaterThanOrEqual(RECOGNIZED_CONFIDENCE.min);
      expect(input.confidence).toBeLessThanOrEqual(RECOGNIZED_CONFIDENCE.max);
      expect(PEOPLE).toContainEqual({ id: input.person_id, name: input.person_name });
    }
    for (const { input } of unknown) {
      expect(input.confidence).toBeGreaterThanOrEqual(UNKNOWN_CONFIDENCE.min);
      expect(input.confidence).toBeLessThanOrEqual(UNKNOWN_CONFIDENCE.max);
      expect(input.person_id).toBeUndefined();
    }
  });

  it('keeps at most one camera offline, silent until it comes back online', () => {
    let offline: number | null = null;
    let outages = 0;
    for (const { cameraId, input } of run(3)) {
      if (input.event_type === 'camera_offline') {
        expect(offline).toBeNull();
        offline = cameraId;
        outages++;
      } else if (input.event_type === 'camera_online') {
        expect(cameraId).toBe(offline);
        offline = null;
      } else {
        expect(cameraId).not.toBe(offline);
      }
    }
    expect(outages).toBeGreaterThan(5);
  });

  it('pairs every recording start with a stop on the same camera, after motion there', () => {
    const recording = new Set<number>();
    const sawMotion = new Set<number>();
    let pairs = 0;
    for (const { cameraId, input } of run(11)) {
      if (input.event_type === 'motion_detected') sawMotion.add(cameraId);
      if (input.event_type === 'recording_started') {
        expect(sawMotion.has(cameraId)).toBe(true);
        expect(recording.has(cameraId)).toBe(false);
        recording.add(cameraId);
      }
      if (input.event_type === 'recording_stopped') {
        expect(recording.delete(cameraId)).toBe(true);
        pairs++;
      }
    }
    expect(pairs).toBeGreaterThan(500);
    expect(recording.size).toBeLessThanOrEqual(CAMERAS.length);
  });

  it('never plans an event for a disabled camera', () => {
    const cameras = CAMERAS.map((camera) => ({ ...camera, enabled: camera.id !== 2 }));
    const planned = run(5, cameras);
    expect(planned.length).toBeGreaterThan(0);
    expect(planned.some((p) => p.cameraId === 2)).toBe(false);
  });

  it('plans nothing when every camera is disabled, and motion instead of faces without people', () => {
    const generator = new EventGenerator(createPrng(1));
    expect(generator.next([{ id: 1, enabled: false }], PEOPLE)).toBeNull();
    for (let i = 0; i < 1000; i++) {
      expect(generator.next([{ id: 1, enabled: true }], [])?.input.event_type).not.toBe('face_recognized');
    }
  });
});

describe('exponentialDelayMs', () => {
  it('paces events as a Poisson process: mean inter-arrival within 10% of the configured mean', () => {
    const random = createPrng(2024);
    const mean = 2000;
    const delays = Array.from({ length: DRAWS }, () => exponentialDelayMs(random, mean));
    const average = delays.reduce((sum, delay) => sum + delay, 0) / delays.length;
    expect(Math.abs(average - mean) / mean).toBeLessThan(0.1);
    // Exponential, not uniform or fixed: about 1/e of the gaps exceed the mean.
    const longer = delays.filter((delay) => delay > mean).length / delays.length;
    expect(longer).toBeGreaterThan(0.33);
    expect(longer).toBeLessThan(0.4);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(0);
  });
});
