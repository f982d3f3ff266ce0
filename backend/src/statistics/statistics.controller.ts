import { Controller, Get } from '@nestjs/common';
import type { Statistics } from '@argus/shared';
import { StatisticsService } from './statistics.service';

@Controller('faces')
export class StatisticsController {
  constructor(private readonly statistics: StatisticsService) {}

  /** The polling fallback: served from the per-tick snapshot, never one computation per request. */
  @Get('statistics')
  get(): Promise<Statistics> {
    return this.statistics.current();
  }
}
