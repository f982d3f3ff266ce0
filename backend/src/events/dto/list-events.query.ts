import { BadRequestException } from '@nestjs/common';
import {
  EVENTS_PAGE_MAX,
  LONG_POLL_WAIT_MAX,
  LONG_POLL_WAIT_MIN,
  PAGE_DEFAULT,
  type EventHistoryParams,
  type ListEventsParams,
} from '@argus/shared';
import { CURSOR_RANGE, ID_RANGE } from '../../common/integers';
import { IntegerQuery } from '../../common/validation';
import type { EventFilter } from '../../history/event-filter';
import { EventFilterDto, toEventFilter } from '../../history/dto/event-filter.dto';

/**
 * `GET /api/events`: `after` (oldest first, the live cursor) or `before` (newest first, the
 * history), with the history filters in both modes; `wait` (with `after`) long-polls.
 */
export class ListEventsQueryDto extends EventFilterDto implements ListEventsParams, Partial<EventHistoryParams> {
  @IntegerQuery('after', CURSOR_RANGE)
  after?: number;

  @IntegerQuery('before', ID_RANGE)
  before?: number;

  @IntegerQuery('limit', { min: 1, max: EVENTS_PAGE_MAX })
  limit?: number;

  /** Long polling, seconds (with `after`; see EventWaiters). */
  @IntegerQuery('wait', { min: LONG_POLL_WAIT_MIN, max: LONG_POLL_WAIT_MAX })
  wait?: number;
}

export type ListEventsRequest =
  | { mode: 'after'; after?: number; limit: number; filter: EventFilter }
  | { mode: 'before'; before: number; limit: number; filter: EventFilter };

export function toListEventsRequest(dto: ListEventsQueryDto): ListEventsRequest {
  if (dto.after !== undefined && dto.before !== undefined) {
    throw new BadRequestException('after and before cannot be combined: after pages forwards, before backwards');
  }
  const filter = toEventFilter(dto);
  const limit = dto.limit ?? PAGE_DEFAULT;
  return dto.before !== undefined
    ? { mode: 'before', before: dto.before, limit, filter }
    : { mode: 'after', after: dto.after, limit, filter };
}
