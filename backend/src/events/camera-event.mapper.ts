import type { CameraEvent, CameraEventData, EventType } from '@argus/shared';
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

/** A camera_events row as raw SQL answers it (PostgreSQL and SQLite type some columns differently). */
export interface CameraEventRow {
  id: number | string;
  camera_id: number | string;
  camera_name: string;
  event_type: EventType;
  occurred_at: string;
  confidence: number | string | null;
  person_id: number | string | null;
  person_name: string | null;
  label: string | null;
  zones: string | null;
  has_snapshot: boolean | number;
}

/** The columns of CameraEventRow, for raw SELECTs. */
export const CAMERA_EVENT_COLUMNS =
  'id, camera_id, camera_name, event_type, occurred_at, confidence, person_id, person_name, label, zones, has_snapshot';

export function rowToCameraEvent(row: CameraEventRow): CameraEvent {
  const data: CameraEventData = {};
  if (row.confidence !== null) data.confidence = Number(row.confidence);
  if (row.person_id !== null) data.person_id = Number(row.person_id);
  if (row.person_name !== null) data.person_name = row.person_name;
  if (row.label !== null) data.label = row.label;
  if (row.zones !== null) data.zones = JSON.parse(row.zones) as string[];
  return {
    id: Number(row.id),
    camera_id: Number(row.camera_id),
    camera_name: row.camera_name,
    event_type: row.event_type,
    occurred_at: row.occurred_at,
    data,
    has_snapshot: Boolean(row.has_snapshot),
  };
}
