import { Inject, Injectable } from '@nestjs/common';
import type { WsStatus } from '@argus/shared';
import type { AuthUser } from '../common/auth-user';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { ConnectionHub } from './connection-hub';
import { ConnectionRegistry } from './connection-registry';

/** `GET /api/ws/status` (contract §5): other users' counts for admins only. */
@Injectable()
export class RealtimeStatusService {
  private readonly startedAt = performance.now();

  constructor(
    private readonly registry: ConnectionRegistry,
    private readonly hub: ConnectionHub,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async status(caller: AuthUser): Promise<WsStatus> {
    const counts = await this.registry.counts();
    const status: WsStatus = {
      status: 'operational',
      total_connections: counts.total_connections,
      total_users: counts.total_users,
      user_connections: counts.by_user.get(caller.id) ?? 0,
      max_connections_per_user: this.config.maxConnectionsPerUser,
      uptime_seconds: Math.floor((performance.now() - this.startedAt) / 1000),
      messages_sent: this.hub.counter.sent,
    };
    if (caller.role === 'admin') {
      status.connections_by_user = Object.fromEntries([...counts.by_user].map(([userId, n]) => [String(userId), n]));
    }
    return status;
  }
}
