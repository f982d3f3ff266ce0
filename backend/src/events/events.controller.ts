import { Body, Controller, Get, Post, Query, UseGuards } from '@nestjs/common';
import type { CameraEvent, EventsPage } from '@argus/shared';
import { Public } from '../common/decorators';
import { IdParam } from '../common/id-param.decorator';
import { IngestEventDto } from './dto/ingest-event.dto';
import { ListEventsQueryDto, toListEventsQuery } from './dto/list-events.query';
import { EventsService } from './events.service';
import { IngestAuthGuard } from './ingest-auth.guard';

@Controller()
export class EventsController {
  constructor(private readonly events: EventsService) {}

  /** Admin Bearer or the camera's own X-Camera-Key (see IngestAuthGuard). */
  @Post('cameras/:id/events')
  @Public()
  @UseGuards(IngestAuthGuard)
  ingest(@IdParam() id: number, @Body() body: IngestEventDto): Promise<CameraEvent> {
    return this.events.ingest(id, body);
  }

  @Get('events')
  list(@Query() query: ListEventsQueryDto): Promise<EventsPage> {
    return this.events.listAfter(toListEventsQuery(query));
  }
}
