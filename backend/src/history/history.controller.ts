import { Controller, Get, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { EventHistogram } from '@argus/shared';
import { Clock } from '../common/time';
import { EventFilterDto, EventHistogramQueryDto, toEventFilter } from './dto/event-filter.dto';
import { streamEventsCsv } from './event-export';
import { EventHistoryService } from './event-history.service';

@Controller('events')
export class HistoryController {
  constructor(
    private readonly history: EventHistoryService,
    private readonly clock: Clock,
  ) {}

  @Get('histogram')
  histogram(@Query() query: EventHistogramQueryDto): Promise<EventHistogram> {
    return this.history.histogram(toEventFilter(query), query.bucket ?? 'hour');
  }

  @Get('export.csv')
  export(@Query() query: EventFilterDto, @Res() res: Response): Promise<void> {
    return streamEventsCsv(res, this.history, toEventFilter(query), this.clock.now());
  }
}
