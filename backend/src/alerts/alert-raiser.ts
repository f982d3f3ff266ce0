import type { EntityManager } from 'typeorm';
import type { Alert } from '@argus/shared';
import type { AlertAudience } from '../bus/event-bus';
import type { CameraEventEntity } from '../events/camera-event.entity';

export interface RaisedAlert {
  alert: Alert;
  audience: AlertAudience;
}

/**
 * Turns a just-stored event into alerts, inside the ingest transaction (so an event
 * and its alerts are stored together or not at all). Implemented by AlertsService;
 * EventsService publishes the returned alerts on the bus after commit.
 */
export abstract class AlertRaiser {
  abstract raiseForEvent(manager: EntityManager, event: CameraEventEntity): Promise<RaisedAlert[]>;
}
