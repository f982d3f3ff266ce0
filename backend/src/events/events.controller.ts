import { Body, Controller, Get, Post, Query, Res, UseGuards, UseInterceptors } from '@nestjs/common';
import type { Response } from 'express';
import { CameraEvent, EventHistoryPage, EventsPage, IDEMPOTENT_REPLAYED_HEADER } from '@argus/shared';
import { Public } from '../common/decorators';
import { IdParam } from '../common/id-param.decorator';
import { IngestEventDto } from './dto/ingest-event.dto';
import { EventHistoryService } from '../history/event-history.service';
import { ListEventsQueryDto, toListEventsRequest } from './dto/list-events.query';
import { EventsService } from './events.service';
import { IdempotencyKey } from './idempotency-key.decorator';
import { IngestAuthGuard } from './ingest-auth.guard';
import { MultipartIngestInterceptor, UploadedSnapshot } from './multipart-ingest.interceptor';

@Controller()
export class EventsController {
  constructor(
    private readonly events: EventsService,
    private readonly history: EventHistoryService,
  ) {}

  /** Admin Bearer or the camera's own X-Camera-Key (see IngestAuthGuard); JSON, form or multipart with a snapshot. */
  @Post('cameras/:id/events')
  @Public()
  @UseGuards(IngestAuthGuard)
  @UseInterceptors(MultipartIngestInterceptor)
  async ingest(
    @IdParam() id: number,
    @Body() body: IngestEventDto,
    @UploadedSnapshot() snapshot: Buffer | undefined,
    @IdempotencyKey() idempotencyKey: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CameraEvent> {
    const result = await this.events.ingest(id, body, { snapshot, idempotencyKey });
    if (result.replayed) res.setHeader(IDEMPOTENT_REPLAYED_HEADER, 'true');
    return result.event;
  }

  /** `after`: oldest first (the live cursor); `before`: newest first (the history, contract §9). */
  @Get('events')
  list(@Query() query: ListEventsQueryDto): Promise<EventsPage | EventHistoryPage> {
    const request = toListEventsRequest(query);
    return request.mode === 'before'
      ? this.history.page(request.filter, request.before, request.limit)
      : this.events.listAfter(request);
  }
}
