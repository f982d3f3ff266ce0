import { Body, Controller, Get, Post, Query, Res, UseGuards, UseInterceptors } from '@nestjs/common';
import type { Response } from 'express';
import { CameraEvent, EventsPage, IDEMPOTENT_REPLAYED_HEADER } from '@argus/shared';
import { Public } from '../common/decorators';
import { IdParam } from '../common/id-param.decorator';
import { IngestEventDto } from './dto/ingest-event.dto';
import { ListEventsQueryDto, toListEventsQuery } from './dto/list-events.query';
import { EventWaiters } from './event-waiters';
import { EventsService } from './events.service';
import { IdempotencyKey } from './idempotency-key.decorator';
import { IngestAuthGuard } from './ingest-auth.guard';
import { MultipartIngestInterceptor, UploadedSnapshot } from './multipart-ingest.interceptor';

@Controller()
export class EventsController {
  constructor(
    private readonly events: EventsService,
    private readonly waiters: EventWaiters,
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

  /** With `after` and `wait`: long polling, held while nothing newer matches (EventWaiters). */
  @Get('events')
  list(@Query() query: ListEventsQueryDto, @Res({ passthrough: true }) res: Response): Promise<EventsPage> {
    const params = toListEventsQuery(query);
    const { after } = params;
    if (query.wait === undefined || after === undefined) return this.events.listAfter(params);
    // A client that goes away stops being held (one listener per held request).
    return this.waiters.wait({ ...params, after }, query.wait * 1000, (drop) => res.once('close', drop));
  }
}
