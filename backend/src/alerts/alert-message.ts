import type { EventType } from '@argus/shared';
import type { CameraEventEntity } from '../events/camera-event.entity';

/** One human line per alert, e.g. `Unknown face at Front door (confidence 0.62)`. */
export function alertMessage(event: CameraEventEntity): string {
  const camera = event.cameraName;
  const confidence = event.confidence === null ? '' : ` (confidence ${event.confidence.toFixed(2)})`;
  const type: EventType = event.eventType;
  switch (type) {
    case 'face_unknown':
      return `Unknown face at ${camera}${confidence}`;
    case 'face_recognized':
      return `${event.personName ?? 'Known person'} recognized at ${camera}${confidence}`;
    case 'motion_detected':
      return `Motion detected at ${camera}`;
    case 'recording_started':
      return `Recording started at ${camera}`;
    case 'recording_stopped':
      return `Recording stopped at ${camera}`;
    case 'camera_online':
      return `Camera ${camera} is back online`;
    case 'camera_offline':
      return `Camera ${camera} went offline`;
  }
}
