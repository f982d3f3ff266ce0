import { Body, Controller, Get, Post, Query, Res, UseGuards, UseInterceptors } from '@nestjs/common';
import type { Response } from 'express';
import { CameraEvent, IDEMPOTENT_REPLAYED_HEADER } from '@argus/shared';
import { Public } from '../common/decorators';
import { IdParam } from '../common/id-param.decorator';
import { EventHistoryService } from '../history/event-history.service';
import { IngestEventDto } from './dto/ingest-event.dto';
import { ListEventsQueryDto, toListEventsRequest } from './dto/list-events.query';
import { EventWaiters } from './event-waiters';
import { EventsService } from './events.service';
import { IdempotencyKey } from './idempotency-key.decorator';
import { IngestAuthGuard } from './ingest-auth.guard';
import { MultipartIngestInterceptor, UploadedSnapshot } from './multipart-ingest.interceptor';

@Controller()
export class EventsController {
  constructor(
    private readonly events: EventsService,
    private readonly history: EventHistoryService,
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

  /**
   * `after`: oldest first (the live cursor); `before`: newest first (the history, contract §9).
   * With `after` and `wait`: long polling, held while nothing newer matches (EventWaiters).
   * Answered through `res` (not a returned value): a held poll is answered by the waiters
   * with the group's JSON, written as it is, without a trip through the reply pipeline each.
   */
  @Get('events')
  async list(@Query() query: ListEventsQueryDto, @Res() res: Response): Promise<void> {
    const request = toListEventsRequest(query);
    if (request.mode === 'before') {
      res.json(await this.history.page(request.filter, request.before, request.limit));
      return;
    }
    const { after, limit, filter } = request;
    const params = { after, limit, filter };
    if (query.wait === undefined || after === undefined) {
      // At or past the newest event: nothing to page through (one shared MAX(id) read).
      const page =
        after !== undefined && after >= (await this.waiters.latestId())
          ? { items: [], next_after: after }
          : await this.events.listAfter(params);
      res.json(page);
      return;
    }
    const drop = this.waiters.wait({ ...params, after }, query.wait * 1000, (status, json) => {
      if (res.headersSent || res.destroyed) return;
      res.writeHead(status, {
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Length': json.length,
        // While stopping, the connection closes after this answer instead of idling.
        ...(this.waiters.closing ? { Connection: 'close' } : {}),
      });
      res.end(json);
    });
    // A client that goes away stops being held (one listener per held request).
    if (!res.headersSent) res.once('close', drop);
  }
}
