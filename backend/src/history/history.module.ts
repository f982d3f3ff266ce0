import { Module } from '@nestjs/common';
import { EventHistoryService } from './event-history.service';
import { HistoryController } from './history.controller';
import { HourCounters } from './hour-counters';

/** Contract §9: history pages, histograms and the CSV export over the stored events. */
@Module({
  controllers: [HistoryController],
  providers: [EventHistoryService, HourCounters],
  exports: [EventHistoryService, HourCounters],
})
export class HistoryModule {}
