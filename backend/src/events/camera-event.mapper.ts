import type { CameraEvent, CameraEventData } from '@argus/shared';
import type { CameraEventEntity } from './camera-event.entity';

/** The one mapping from a stored row to the wire shape; `data` holds only the fields present. */
export function toCameraEvent(entity: CameraEventEntity): CameraEvent {
  const data: CameraEventData = {};
  if (entity.confidence !== null && entity.confidence !== undefined) data.confidence = Number(entity.confidence);
  if (entity.personId !== null && entity.personId !== undefined) data.person_id = entity.personId;
  if (entity.personName !== null && entity.personName !== undefined) data.person_name = entity.personName;
  if (entity.label !== null && entity.label !== undefined) data.label = entity.label;
  if (entity.zones !== null && entity.zones !== undefined) data.zones = JSON.parse(entity.zones) as string[];
  return {
    id: entity.id,
    camera_id: entity.cameraId,
    camera_name: entity.cameraName,
    event_type: entity.eventType,
    occurred_at: entity.occurredAt,
    data,
    has_snapshot: Boolean(entity.hasSnapshot),
  };
}
