import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { CameraSource } from '@argus/shared';
import { CamerasService } from '../cameras/cameras.service';
import { Clock } from '../common/time';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { EventsService } from './events.service';

/** How often cameras are checked: an overdue camera is reported within this (contract: 5 s). */
export const WATCHDOG_INTERVAL_MS = 1000;
/**
 * Cameras that must report on their own. Frigate's cameras are not watched: Frigate reports
 * their health itself (status and availability topics), and a quiet scene sends nothing.
 */
const WATCHED_SOURCES: CameraSource[] = ['api', 'simulator'];

/**
 * Cameras that die silently: an enabled camera that has reported before but has not been
 * seen for CAMERA_OFFLINE_AFTER_SECONDS gets one camera_offline event from the server. Every
 * instance checks; EventsService.ingestOffline re-checks inside the serialized ingest
 * transaction, so the event is stored once however many instances see the camera overdue.
 */
@Injectable()
export class CameraWatchdog implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('CameraWatchdog');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly cameras: CamerasService,
    private readonly events: EventsService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.cameraOfflineAfterSeconds === 0) return;
    this.timer = setInterval(() => {
      this.running ??= this.check().finally(() => (this.running = null));
    }, WATCHDOG_INTERVAL_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One pass: the ids of the cameras this instance reported offline. */
  async check(): Promise<number[]> {
    const cutoff = new Date(this.clock.now().getTime() - this.config.cameraOfflineAfterSeconds * 1000).toISOString();
    let overdue: number[];
    try {
      overdue = await this.cameras.listOverdue(cutoff, WATCHED_SOURCES);
    } catch (error) {
      this.logger.warn(`camera check failed: ${error instanceof Error ? error.message : String(error)}`);
      return [];
    }
    const reported: number[] = [];
    for (const id of overdue) {
      try {
        if (await this.events.ingestOffline(id, cutoff)) reported.push(id);
      } catch (error) {
        // SQLite shared by two processes: the other one's write won; the next pass re-checks.
        this.logger.warn(
          `camera ${id} offline check failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
    if (reported.length > 0) {
      this.logger.log(
        `cameras ${reported.join(', ')} not seen for ${this.config.cameraOfflineAfterSeconds} s: offline`,
      );
    }
    return reported;
  }
}
