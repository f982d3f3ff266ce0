import type { EventType } from '@argus/shared';
import type { FrigateMessage } from './frigate-messages';

/** One Argus event per Frigate object and fact; the fact names the idempotency key. */
export type FrigateFact = 'motion' | 'face_recognized' | 'face_unknown';

export type FrigateAction =
  | {
      do: 'store';
      camera: string;
      objectId: string;
      fact: FrigateFact;
      eventType: EventType;
      occurredAt?: string;
      confidence?: number;
      personName?: string;
      label?: string;
      zones?: string[];
      /** Fetch the object's snapshot from Frigate to store with the event. */
      withSnapshot: boolean;
    }
  | { do: 'refresh_snapshot'; camera: string; objectId: string }
  | { do: 'camera_status'; camera: string; status: 'online' | 'offline' }
  | { do: 'all_cameras'; status: 'online' | 'offline' };

/** `frigate:<object id>:<fact>`: how a Frigate object's event is found again. */
export function frigateKey(objectId: string, fact: FrigateFact): string {
  return `frigate:${objectId}:${fact}`;
}

const iso = (epochSeconds: number | null): string | undefined =>
  epochSeconds === null ? undefined : new Date(Math.round(epochSeconds * 1000)).toISOString();

/**
 * What a Frigate message means for Argus (contract §11). Storing is idempotent per object
 * and fact, so a repeated fact (every update repeats the object) stores nothing new; an
 * update whose best snapshot changed refreshes the image of the object's event.
 */
export function actionsFor(message: FrigateMessage): FrigateAction[] {
  switch (message.kind) {
    case 'event': {
      const object = message.after;
      if (object.falsePositive) return [];
      const actions: FrigateAction[] = [
        {
          do: 'store',
          camera: object.camera,
          objectId: object.id,
          fact: 'motion',
          eventType: 'motion_detected',
          occurredAt: iso(object.startTime),
          confidence: object.topScore ?? undefined,
          label: object.label,
          zones: object.enteredZones,
          withSnapshot: object.hasSnapshot,
        },
      ];
      if (object.subLabel !== null) {
        actions.push({
          do: 'store',
          camera: object.camera,
          objectId: object.id,
          fact: 'face_recognized',
          eventType: 'face_recognized',
          confidence: object.subLabel.score ?? undefined,
          personName: object.subLabel.name,
          label: object.label,
          withSnapshot: object.hasSnapshot,
        });
      }
      const better = message.before !== null && object.snapshotTime !== message.before.snapshotTime;
      if (message.type !== 'new' && object.hasSnapshot && better) {
        actions.push({ do: 'refresh_snapshot', camera: object.camera, objectId: object.id });
      }
      return actions;
    }
    case 'face':
      return [
        message.name === null
          ? {
              do: 'store',
              camera: message.camera,
              objectId: message.id,
              fact: 'face_unknown',
              eventType: 'face_unknown',
              occurredAt: iso(message.timestamp),
              confidence: message.score ?? undefined,
              withSnapshot: true,
            }
          : {
              do: 'store',
              camera: message.camera,
              objectId: message.id,
              fact: 'face_recognized',
              eventType: 'face_recognized',
              occurredAt: iso(message.timestamp),
              confidence: message.score ?? undefined,
              personName: message.name,
              withSnapshot: true,
            },
      ];
    case 'other_update':
      return [];
    case 'camera_status':
      return [{ do: 'camera_status', camera: message.camera, status: message.status }];
    case 'available':
      return [{ do: 'all_cameras', status: message.status }];
  }
}
