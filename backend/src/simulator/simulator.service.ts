import {
  ConflictException,
  Inject,
  Injectable,
  Logger,
  NotFoundException,
  OnApplicationBootstrap,
  OnModuleDestroy,
} from '@nestjs/common';
import type { Camera, CreateCameraRequest } from '@argus/shared';
import { CamerasService } from '../cameras/cameras.service';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { EventsService } from '../events/events.service';
import { PeopleService } from '../people/people.service';
import { EventGenerator } from './event-generator';
import { exponentialDelayMs, type RandomSource } from './prng';
import { SIMULATOR_PAINTER, SIMULATOR_RANDOM, SIMULATOR_TIMERS, type SimulatorTimers } from './simulator-timers';
import { PICTURE_SHARE, PICTURED_TYPES, type SnapshotPainter } from './snapshot-painter';

/** The cameras a fresh install shows; existing simulated cameras with these names are reused. */
export const SIMULATED_CAMERAS: readonly Required<Pick<CreateCameraRequest, 'name' | 'location'>>[] = [
  { name: 'Front door', location: 'Entrance' },
  { name: 'Driveway', location: 'Outside' },
  { name: 'Garage', location: 'Garage' },
  { name: 'Backyard', location: 'Garden' },
  { name: 'Lobby', location: 'Reception' },
];

/** Known people created only when there are none, so face_recognized has someone to recognize. */
export const SIMULATED_PEOPLE: readonly string[] = ['Alice Martin', 'Bob Okafor', 'Chen Wei', 'Dana Kowalski'];

type Cameras = Pick<CamerasService, 'listSimulated' | 'create'>;
type People = Pick<PeopleService, 'list' | 'create'>;
type Events = Pick<EventsService, 'ingest'>;

/**
 * The built-in camera simulator: registers a few cameras and feeds them a believable
 * mix of events at random (Poisson) intervals through EventsService.ingest, the same
 * path a real camera's POST takes, so alerts, statistics and the socket see them alike.
 */
@Injectable()
export class SimulatorService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Simulator');
  private readonly generator: EventGenerator;
  private readonly meanIntervalMs: number;
  private timer: unknown = undefined;
  private inFlight: Promise<void> | null = null;
  private stopped = false;

  constructor(
    @Inject(CamerasService) private readonly cameras: Cameras,
    @Inject(PeopleService) private readonly people: People,
    @Inject(EventsService) private readonly events: Events,
    @Inject(APP_CONFIG) config: Pick<AppConfig, 'simulatorRatePerMinute'>,
    @Inject(SIMULATOR_RANDOM) private readonly random: RandomSource,
    @Inject(SIMULATOR_TIMERS) private readonly timers: SimulatorTimers,
    @Inject(SIMULATOR_PAINTER) private readonly paint: SnapshotPainter,
  ) {
    this.generator = new EventGenerator(random);
    this.meanIntervalMs = 60_000 / config.simulatorRatePerMinute;
  }

  async onApplicationBootstrap(): Promise<void> {
    const cameras = await this.ensureCameras();
    await this.ensurePeople();
    // Cameras left offline by an earlier run (or new ones) come online as the simulator starts.
    for (const camera of cameras) {
      if (camera.enabled && camera.status === 'offline') await this.ingest(camera.id, 'camera_online');
    }
    this.logger.log(`simulator on: ${cameras.length} cameras, ~${this.ratePerMinute()} events/min`);
    this.schedule();
  }

  /** Runs before the database closes (onApplicationShutdown), so the last ingest can finish. */
  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    await this.inFlight;
  }

  private async ensureCameras(): Promise<Camera[]> {
    const existing = await this.cameras.listSimulated();
    const names = new Set(existing.map((camera) => camera.name));
    const created: Camera[] = [];
    for (const camera of SIMULATED_CAMERAS) {
      if (!names.has(camera.name)) created.push(await this.cameras.create(camera, { source: 'simulator' }));
    }
    return [...existing, ...created];
  }

  private async ensurePeople(): Promise<void> {
    if ((await this.people.list()).length > 0) return;
    for (const name of SIMULATED_PEOPLE) await this.people.create({ name });
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = this.timers.setTimeout(
      () => {
        this.timer = undefined;
        this.inFlight = this.tick().finally(() => {
          this.inFlight = null;
          this.schedule();
        });
      },
      exponentialDelayMs(this.random, this.meanIntervalMs),
    );
  }

  /** One simulated event; a failure is logged and the simulation carries on. */
  private async tick(): Promise<void> {
    try {
      // Read each time: an admin may disable, rename or delete a camera, or edit people.
      const [cameras, people] = await Promise.all([this.cameras.listSimulated(), this.people.list()]);
      const planned = this.generator.next(cameras, people);
      if (!planned) return;
      // A share of the events carry a drawn picture, so a fresh install shows images.
      const camera = cameras.find((c) => c.id === planned.cameraId);
      const pictured =
        camera !== undefined && PICTURED_TYPES.has(planned.input.event_type) && this.random() < PICTURE_SHARE;
      const snapshot = pictured ? await this.paint(camera.name, planned.input.event_type, camera.id) : undefined;
      await this.events.ingest(planned.cameraId, planned.input, { snapshot });
    } catch (error) {
      // A camera disabled or deleted between the read above and the ingest: expected, skip it.
      if (error instanceof ConflictException || error instanceof NotFoundException) {
        this.logger.debug(`simulated event skipped: ${error.message}`);
        return;
      }
      this.logger.warn(`simulated event failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private async ingest(cameraId: number, eventType: 'camera_online'): Promise<void> {
    try {
      await this.events.ingest(cameraId, { event_type: eventType });
    } catch (error) {
      this.logger.warn(`simulated ${eventType} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private ratePerMinute(): number {
    return Math.round(60_000 / this.meanIntervalMs);
  }
}
