import { Controller, Get } from '@nestjs/common';
import type { WsStatus } from '@argus/shared';
import type { AuthUser } from '../common/auth-user';
import { CurrentUser } from '../common/decorators';
import { RealtimeStatusService } from './realtime-status.service';

@Controller('ws')
export class RealtimeController {
  constructor(private readonly status: RealtimeStatusService) {}

  @Get('status')
  getStatus(@CurrentUser() user: AuthUser): Promise<WsStatus> {
    return this.status.status(user);
  }
}
