import { Inject, Injectable, Logger } from '@nestjs/common';
import { CloseCode, toAlertMessage, toCameraEventMessage } from '@argus/shared';
import { Clock } from '../common/time';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import type { LiveConnection } from './live-connection';
import { INVALID_CURSOR_MESSAGE, ReplayService, type ReplayCursor } from './replay.service';
import { eventTypeBit, toFrame } from './server-messages';
import { StatisticsTicker } from './statistics-ticker';

/**
 * Contract §3 step 4: an accepted socket gets `connection_status`, then the statistics
 * snapshot, then (with `last_event_id`) the replay, then live traffic. The connection is
 * already in the hub, so live messages meanwhile are held and flushed after the replay.
 */
@Injectable()
export class ConnectionStart {
  private readonly logger = new Logger('Realtime');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly ticker: StatisticsTicker,
    private readonly replay: ReplayService,
    private readonly clock: Clock,
  ) {}

  async start(connection: LiveConnection, cursor: ReplayCursor): Promise<void> {
    connection.reply({
      type: 'connection_status',
      status: 'connected',
      connection_id: connection.id,
      user: connection.user,
      stats_interval_ms: this.config.statsIntervalMs,
      heartbeat_interval_ms: this.config.heartbeatIntervalMs,
      server_time: this.clock.now().toISOString(),
    });
    try {
      connection.send(await this.ticker.snapshot());
      if (cursor.kind === 'invalid') {
        // The socket is still useful without replay; the client learns its cursor was bad.
        connection.replyError('invalid_message', INVALID_CURSOR_MESSAGE);
      } else if (cursor.kind === 'after') {
        await this.resume(connection, cursor.id);
      }
    } catch (error) {
      // A socket already closed (client gone, shutdown) explains the failure by itself.
      if (!connection.isOpen) return;
      this.logger.error('socket start failed', error instanceof Error ? error.stack : String(error));
      connection.close(CloseCode.INTERNAL_ERROR, 'Internal error');
      return;
    }
    connection.goLive();
  }

  private async resume(connection: LiveConnection, after: number): Promise<void> {
    const plan = await this.replay.plan(connection.viewer, after);
    if (plan.kind === 'resync') {
      connection.coveredThrough(plan.latest);
      connection.reply({ type: 'resync_required', latest_event_id: plan.latest });
      return;
    }
    const timestamp = this.clock.now().toISOString();
    for (const item of plan.items) {
      if (item.kind === 'event') {
        if (connection.wants(eventTypeBit(item.event.event_type))) {
          connection.sendEvent(toFrame(toCameraEventMessage(item.event, timestamp)), item.event.id);
        }
      } else if (connection.wants(eventTypeBit(item.alert.event_type))) {
        connection.sendAlert(toFrame(toAlertMessage(item.alert, timestamp)), item.alert.id, item.alert.event_id);
      }
    }
    connection.coveredThrough(plan.through);
  }
}
