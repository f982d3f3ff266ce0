import type { IngestEventRequest } from '@argus/shared';
import type { RandomSource } from './prng';

export interface SimCamera {
  id: number;
  enabled: boolean;
}

export interface SimPerson {
  id: number;
  name: string;
}

export interface PlannedEvent {
  cameraId: number;
  input: IngestEventRequest;
}

/** Relative weights of a fresh draw; recordings and camera_online follow from these. */
export const EVENT_WEIGHTS = {
  motion_detected: 0.62,
  face_recognized: 0.32,
  face_unknown: 0.05,
  camera_offline: 0.01,
} as const;
type DrawnType = keyof typeof EVENT_WEIGHTS;

/** Chance that a motion starts a recording on that camera (stopped a few events later). */
export const RECORDING_AFTER_MOTION = 0.4;
/** Per event, the chance that a pending recording step goes next instead of a fresh draw. */
export const FOLLOW_UP_CHANCE = 0.35;
/** An offline camera comes back after this many events (inclusive range). */
export const OFFLINE_EVENTS = { min: 15, max: 45 } as const;
export const RECOGNIZED_CONFIDENCE = { min: 0.8, max: 0.99 } as const;
export const UNKNOWN_CONFIDENCE = { min: 0.3, max: 0.7 } as const;

type FollowUp = 'recording_started' | 'recording_stopped';

/**
 * The simulator's event mix as a pure state machine: given the current cameras and
 * people, it plans the next event. Disabled cameras get nothing; at most one camera
 * is offline at a time and it comes back later; recordings start after motion and stop.
 */
export class EventGenerator {
  private offline: { cameraId: number; eventsLeft: number } | null = null;
  /** Next recording step per camera, in the order they became due. */
  private readonly followUps = new Map<number, FollowUp>();

  constructor(private readonly random: RandomSource) {}

  /** The camera currently simulated as offline, if any. */
  get offlineCameraId(): number | null {
    return this.offline?.cameraId ?? null;
  }

  next(cameras: readonly SimCamera[], people: readonly SimPerson[]): PlannedEvent | null {
    const active = new Set(cameras.filter((camera) => camera.enabled).map((camera) => camera.id));
    this.forgetInactive(active);

    if (this.offline && --this.offline.eventsLeft <= 0) {
      const cameraId = this.offline.cameraId;
      this.offline = null;
      return { cameraId, input: { event_type: 'camera_online' } };
    }
    const online = [...active].filter((id) => id !== this.offline?.cameraId);
    if (online.length === 0) return null;

    if (this.followUps.size > 0 && this.random() < FOLLOW_UP_CHANCE) return this.followUp();

    const drawn = this.draw();
    switch (drawn) {
      case 'camera_offline': {
        // Never a second offline camera, never the last one online, never mid-recording.
        const idle = online.filter((id) => !this.followUps.has(id));
        if (this.offline || online.length < 2 || idle.length === 0) return this.motion(this.pick(online));
        const cameraId = this.pick(idle);
        this.offline = { cameraId, eventsLeft: this.integerBetween(OFFLINE_EVENTS.min, OFFLINE_EVENTS.max) };
        return { cameraId, input: { event_type: 'camera_offline' } };
      }
      case 'face_recognized': {
        const cameraId = this.pick(online);
        if (people.length === 0) return this.motion(cameraId);
        const person = this.pick(people);
        return {
          cameraId,
          input: {
            event_type: 'face_recognized',
            person_id: person.id,
            person_name: person.name,
            confidence: this.between(RECOGNIZED_CONFIDENCE.min, RECOGNIZED_CONFIDENCE.max, 2),
          },
        };
      }
      case 'face_unknown':
        return {
          cameraId: this.pick(online),
          input: {
            event_type: 'face_unknown',
            confidence: this.between(UNKNOWN_CONFIDENCE.min, UNKNOWN_CONFIDENCE.max, 2),
          },
        };
      case 'motion_detected':
        return this.motion(this.pick(online));
    }
  }

  private motion(cameraId: number): PlannedEvent {
    if (!this.followUps.has(cameraId) && this.random() < RECORDING_AFTER_MOTION) {
      this.followUps.set(cameraId, 'recording_started');
    }
    return { cameraId, input: { event_type: 'motion_detected' } };
  }

  private followUp(): PlannedEvent {
    const [cameraId, step] = this.followUps.entries().next().value as [number, FollowUp];
    this.followUps.delete(cameraId);
    // Re-inserting moves the stop behind other cameras' pending steps.
    if (step === 'recording_started') this.followUps.set(cameraId, 'recording_stopped');
    return { cameraId, input: { event_type: step } };
  }

  private forgetInactive(active: ReadonlySet<number>): void {
    if (this.offline && !active.has(this.offline.cameraId)) this.offline = null;
    for (const cameraId of [...this.followUps.keys()]) {
      if (!active.has(cameraId)) this.followUps.delete(cameraId);
    }
  }

  private draw(): DrawnType {
    const types = Object.keys(EVENT_WEIGHTS) as DrawnType[];
    const total = types.reduce((sum, type) => sum + EVENT_WEIGHTS[type], 0);
    let u = this.random() * total;
    for (const type of types) {
      u -= EVENT_WEIGHTS[type];
      if (u < 0) return type;
    }
    return 'motion_detected';
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)];
  }

  /** Uniform in [min, max], rounded to `digits` decimals. */
  private between(min: number, max: number, digits: number): number {
    const factor = 10 ** digits;
    return Math.round((min + this.random() * (max - min)) * factor) / factor;
  }

  /** Uniform integer in [min, max]. */
  private integerBetween(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1));
  }
}
