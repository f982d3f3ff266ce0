import { BadRequestException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import {
  CLOCK_TIME,
  type ChannelKind,
  type CreateChannelRequest,
  type NotificationChannel,
  type NotificationPreferences,
  type QuietHours,
  type Severity,
  type UpdateChannelRequest,
  type WebPushChannelConfig,
} from '@argus/shared';
import type { AuthUser } from '../common/auth-user';
import { Clock } from '../common/time';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { parseChannelConfig, publicConfig, StoredConfig, TopicRules } from './channel-config';
import { insertReturningId, runSql } from './sql';

/** A user may hold this many channels (every device with push enabled counts). */
export const MAX_CHANNELS_PER_USER = 20;

/** A channel as stored, secrets included: only for the senders. */
export interface StoredChannel {
  id: number;
  userId: number;
  kind: ChannelKind;
  minSeverity: Severity;
  enabled: boolean;
  config: StoredConfig;
  createdAt: string;
}

interface ChannelRow {
  id: number;
  user_id: number;
  kind: ChannelKind;
  min_severity: Severity;
  enabled: boolean | number;
  config: string;
  created_at: string;
}

const COLUMNS = 'id, user_id, kind, min_severity, enabled, config, created_at';

function fromRow(row: ChannelRow): StoredChannel {
  return {
    id: Number(row.id),
    userId: Number(row.user_id),
    kind: row.kind,
    minSeverity: row.min_severity,
    enabled: Boolean(row.enabled),
    config: JSON.parse(row.config) as StoredConfig,
    createdAt: row.created_at,
  };
}

export function toChannel(channel: StoredChannel): NotificationChannel {
  return {
    id: channel.id,
    kind: channel.kind,
    min_severity: channel.minSeverity,
    enabled: channel.enabled,
    config: publicConfig(channel.kind, channel.config),
    created_at: channel.createdAt,
  } as NotificationChannel;
}

/** Quiet hours from the API: `{start, end}` as HH:MM, or null (none). */
export function parseQuietHours(raw: unknown): QuietHours | null {
  if (raw === null) return null;
  if (typeof raw !== 'object' || Array.isArray(raw) || raw === undefined) {
    throw new BadRequestException('quiet_hours must be {start, end} or null');
  }
  const { start, end, ...rest } = raw as Record<string, unknown>;
  const extra = Object.keys(rest)[0];
  if (extra !== undefined) throw new BadRequestException(`property quiet_hours.${extra} should not exist`);
  for (const [field, value] of [
    ['start', start],
    ['end', end],
  ] as const) {
    if (typeof value !== 'string' || !CLOCK_TIME.test(value)) {
      throw new BadRequestException(`quiet_hours.${field} must be a time HH:MM (00:00 to 23:59)`);
    }
  }
  return { start: start as string, end: end as string };
}

/** A user's channels and preferences (contract §10), each user seeing only their own. */
@Injectable()
export class ChannelsService {
  private readonly rules: TopicRules;

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.rules = { frigateTopicPrefix: config.frigateTopicPrefix, mqttTopicPrefix: config.mqttTopicPrefix };
  }

  async list(user: Pick<AuthUser, 'id'>): Promise<NotificationChannel[]> {
    const rows = await runSql<ChannelRow>(
      this.dataSource.manager,
      `SELECT ${COLUMNS} FROM notification_channels WHERE user_id = $1 ORDER BY id`,
      [user.id],
    );
    return rows.map(fromRow).map(toChannel);
  }

  /** The caller's channel, or 404 (also for another user's: its existence is not revealed). */
  async findOwn(user: Pick<AuthUser, 'id'>, id: number): Promise<StoredChannel> {
    const channel = await this.find(id);
    if (channel === null || channel.userId !== user.id) throw new NotFoundException(`channel ${id} not found`);
    return channel;
  }

  async find(id: number, manager: EntityManager = this.dataSource.manager): Promise<StoredChannel | null> {
    const rows = await runSql<ChannelRow>(manager, `SELECT ${COLUMNS} FROM notification_channels WHERE id = $1`, [id]);
    return rows[0] === undefined ? null : fromRow(rows[0]);
  }

  /**
   * Adds a channel. A push subscription the user already registered (same endpoint: the
   * same browser enabling push again) updates that channel instead of adding a second one.
   */
  async create(user: Pick<AuthUser, 'id'>, request: CreateChannelRequest): Promise<NotificationChannel> {
    const config = parseChannelConfig(request.kind, request.config, this.rules);
    const now = this.clock.now().toISOString();
    return this.dataSource.transaction(async (manager) => {
      const mine = (
        await runSql<ChannelRow>(manager, `SELECT ${COLUMNS} FROM notification_channels WHERE user_id = $1`, [user.id])
      ).map(fromRow);
      if (request.kind === 'webpush') {
        const endpoint = (config as WebPushChannelConfig).endpoint;
        const same = mine.find(
          (channel) => channel.kind === 'webpush' && (channel.config as WebPushChannelConfig).endpoint === endpoint,
        );
        if (same !== undefined) {
          return this.write(manager, same, { ...request, config }, now);
        }
      }
      if (mine.length >= MAX_CHANNELS_PER_USER) {
        throw new BadRequestException(`at most ${MAX_CHANNELS_PER_USER} notification channels per user`);
      }
      const id = await insertReturningId(
        manager,
        `INSERT INTO notification_channels (user_id, kind, min_severity, enabled, config, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6)`,
        [user.id, request.kind, request.min_severity ?? 'info', request.enabled ?? true, JSON.stringify(config), now],
      );
      const created = await this.find(id, manager);
      if (created === null) throw new Error('inserted channel not found');
      return toChannel(created);
    });
  }

  async update(user: Pick<AuthUser, 'id'>, id: number, request: UpdateChannelRequest): Promise<NotificationChannel> {
    const existing = await this.findOwn(user, id);
    const config =
      request.config === undefined
        ? existing.config
        : parseChannelConfig(existing.kind, request.config, this.rules, existing.config);
    return this.write(this.dataSource.manager, existing, { ...request, config }, this.clock.now().toISOString());
  }

  async remove(user: Pick<AuthUser, 'id'>, id: number): Promise<void> {
    await this.findOwn(user, id);
    await this.delete(id);
  }

  /** Deletes a channel; its waiting deliveries fall due now, so the log shows them ending ("channel removed"). */
  async delete(id: number): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await runSql(manager, 'DELETE FROM notification_channels WHERE id = $1', [id]);
      await runSql(
        manager,
        `UPDATE notification_deliveries SET next_attempt_at = $1 WHERE channel_id = $2 AND status = 'pending'`,
        [this.clock.now().toISOString(), id],
      );
    });
  }

  async preferences(user: Pick<AuthUser, 'id'>): Promise<NotificationPreferences> {
    const rows = await runSql<{ quiet_start: string | null; quiet_end: string | null }>(
      this.dataSource.manager,
      'SELECT quiet_start, quiet_end FROM notification_preferences WHERE user_id = $1',
      [user.id],
    );
    const row = rows[0];
    return {
      quiet_hours: row?.quiet_start && row.quiet_end ? { start: row.quiet_start, end: row.quiet_end } : null,
    };
  }

  async setPreferences(user: Pick<AuthUser, 'id'>, quiet: QuietHours | null): Promise<NotificationPreferences> {
    await runSql(
      this.dataSource.manager,
      `INSERT INTO notification_preferences (user_id, quiet_start, quiet_end, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (user_id) DO UPDATE SET quiet_start = $2, quiet_end = $3, updated_at = $4`,
      [user.id, quiet?.start ?? null, quiet?.end ?? null, this.clock.now().toISOString()],
    );
    return { quiet_hours: quiet };
  }

  private async write(
    manager: EntityManager,
    existing: StoredChannel,
    change: { min_severity?: Severity; enabled?: boolean; config: StoredConfig },
    now: string,
  ): Promise<NotificationChannel> {
    const updated: StoredChannel = {
      ...existing,
      minSeverity: change.min_severity ?? existing.minSeverity,
      enabled: change.enabled ?? existing.enabled,
      config: change.config,
    };
    await runSql(
      manager,
      `UPDATE notification_channels SET min_severity = $1, enabled = $2, config = $3, updated_at = $4 WHERE id = $5`,
      [updated.minSeverity, updated.enabled, JSON.stringify(updated.config), now, existing.id],
    );
    return toChannel(updated);
  }
}
