import {
  BadRequestException,
  ConflictException,
  Inject,
  Injectable,
  Logger,
  NotFoundException,
  OnModuleInit,
} from '@nestjs/common';
import type { CameraStatus } from '@argus/shared';
import { CameraEntity } from '../cameras/camera.entity';
import { CamerasService } from '../cameras/cameras.service';
import { Clock } from '../common/time';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { EventsService } from '../events/events.service';
import { DropLog } from '../mqtt/drop-log';
import { MqttConnection } from '../mqtt/mqtt-connection';
import { ProcessedSnapshot, processSnapshot } from '../snapshots/snapshot-image';
import { SnapshotsService } from '../snapshots/snapshots.service';
import { actionsFor, frigateKey, FrigateAction } from './frigate-mapping';
import { parseFrigateMessage } from './frigate-messages';
import { FrigateSnapshotFetcher } from './frigate-snapshots';

/** Frigate cameras registered on first sight, at most: a flood of invented names stops here. */
export const MAX_FRIGATE_CAMERAS = 64;
/** Messages waiting to be ingested; beyond, a flood is dropped. */
export const MAX_PENDING_MESSAGES = 1000;
const TOPICS = ['events', 'tracked_object_update', '+/status/detect', 'available'];

type StoreAction = Extract<FrigateAction, { do: 'store' }>;

/**
 * Frigate over MQTT (contract §11). Subscribes through an MQTT 5 shared subscription, so with
 * several instances the broker hands each message to one of them; the idempotency key
 * (`frigate:<object id>:<fact>`) is the backstop. Messages are handled one at a time, in
 * arrival order, so an object's `new` is stored before its updates.
 */
@Injectable()
export class FrigateBridge implements OnModuleInit {
  private readonly logger = new Logger('Frigate');
  private readonly drops: DropLog;
  private readonly fetcher: FrigateSnapshotFetcher;
  private readonly pending: Array<{ topic: string; payload: Buffer }> = [];
  private draining: Promise<void> | null = null;
  /** Messages this instance received, and those it handled (not dropped): how the broker shared them. */
  received = 0;
  handled = 0;

  constructor(
    private readonly mqtt: MqttConnection,
    private readonly events: EventsService,
    private readonly cameras: CamerasService,
    private readonly snapshots: SnapshotsService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.drops = new DropLog(this.logger, () => this.clock.now().getTime());
    this.fetcher = new FrigateSnapshotFetcher(config.frigateUrl, config.snapshotMaxBytes, this.drops);
  }

  onModuleInit(): void {
    // The share group is named after this deployment's own prefix: another Argus on the
    // same broker gets every message too, instances of this one share them.
    const group = this.config.mqttTopicPrefix.replace(/\//g, '_');
    for (const topic of TOPICS) {
      this.mqtt.subscribe(`$share/${group}/${this.config.frigateTopicPrefix}/${topic}`, (t, p) => this.enqueue(t, p));
    }
  }

  /** Resolves once every message received so far has been handled. */
  async idle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  private enqueue(topic: string, payload: Buffer): void {
    if (!topic.startsWith(`${this.config.frigateTopicPrefix}/`)) return;
    this.received += 1;
    if (this.pending.length >= MAX_PENDING_MESSAGES) {
      this.drops.drop('flood', `more than ${MAX_PENDING_MESSAGES} messages waiting`);
      return;
    }
    this.pending.push({ topic, payload });
    this.draining ??= this.drain().finally(() => (this.draining = null));
  }

  private async drain(): Promise<void> {
    for (let next = this.pending.shift(); next !== undefined; next = this.pending.shift()) {
      try {
        await this.handle(next.topic, next.payload);
      } catch (error) {
        this.drops.drop('failed', error instanceof Error ? error.message : String(error));
      }
    }
  }

  private async handle(topic: string, payload: Buffer): Promise<void> {
    const parsed = parseFrigateMessage(this.config.frigateTopicPrefix, topic, payload);
    if (!parsed.ok) return this.drops.drop(parsed.kind, parsed.detail);
    this.handled += 1;
    for (const action of actionsFor(parsed.message)) {
      try {
        await this.apply(action);
      } catch (error) {
        if (error instanceof ConflictException) this.drops.drop('disabled camera', error.message);
        else if (error instanceof BadRequestException || error instanceof NotFoundException) {
          this.drops.drop('refused event', error.message);
        } else throw error;
      }
    }
  }

  private async apply(action: FrigateAction): Promise<void> {
    switch (action.do) {
      case 'store':
        return this.store(action);
      case 'refresh_snapshot':
        return this.refreshSnapshot(action.camera, action.objectId);
      case 'camera_status': {
        const camera = await this.camera(action.camera);
        if (camera) await this.setStatus(camera, action.status);
        return;
      }
      case 'all_cameras':
        for (const camera of await this.cameras.listEntitiesBySource('frigate')) {
          await this.setStatus(camera, action.status);
        }
        return;
    }
  }

  private async store(action: StoreAction): Promise<void> {
    const camera = await this.camera(action.camera);
    if (!camera) return;
    const key = frigateKey(action.objectId, action.fact);
    // Every update repeats the object: a cheap read skips what is stored already.
    if (await this.events.findByIdempotencyKey(camera.id, key)) return;
    const snapshot = action.withSnapshot ? await this.snapshot(action.objectId) : undefined;
    await this.events.ingest(
      camera.id,
      {
        event_type: action.eventType,
        confidence: action.confidence,
        person_name: action.personName,
        occurred_at: action.occurredAt,
      },
      { idempotencyKey: key, fingerprint: key, snapshot, label: action.label, zones: action.zones },
    );
  }

  private async refreshSnapshot(cameraName: string, objectId: string): Promise<void> {
    const camera = await this.cameras.findExternal('frigate', cameraName);
    if (!camera) return;
    const event = await this.events.findByIdempotencyKey(camera.id, frigateKey(objectId, 'motion'));
    if (!event) return;
    const snapshot = await this.snapshot(objectId);
    if (snapshot) await this.snapshots.replace(event.id, snapshot, this.clock.now().toISOString());
  }

  /** The Frigate camera of that name, registered on first sight (up to MAX_FRIGATE_CAMERAS). */
  private async camera(name: string): Promise<CameraEntity | null> {
    const known = await this.cameras.findExternal('frigate', name);
    if (known) return known;
    if ((await this.cameras.countBySource('frigate')) >= MAX_FRIGATE_CAMERAS) {
      this.drops.drop('camera cap', `already ${MAX_FRIGATE_CAMERAS} Frigate cameras; not registering "${name}"`);
      return null;
    }
    const camera = await this.cameras.registerExternal('frigate', name);
    this.logger.log(`registered Frigate camera "${name}" as camera ${camera.id}`);
    return camera;
  }

  /** A status change becomes camera_offline / camera_online; a repeat of the current status nothing. */
  private async setStatus(camera: CameraEntity, status: CameraStatus): Promise<void> {
    if (!camera.enabled || camera.status === status) return;
    await this.events.ingest(camera.id, { event_type: status === 'offline' ? 'camera_offline' : 'camera_online' });
  }

  private async snapshot(objectId: string): Promise<ProcessedSnapshot | undefined> {
    const bytes = await this.fetcher.fetch(objectId);
    if (bytes === undefined) return undefined;
    try {
      return await processSnapshot(bytes);
    } catch (error) {
      this.drops.drop('bad snapshot', error instanceof Error ? error.message : String(error));
      return undefined;
    }
  }
}
