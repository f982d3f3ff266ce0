import { randomInt } from 'node:crypto';
import { Module } from '@nestjs/common';
import { CamerasModule } from '../cameras/cameras.module';
import { EventsModule } from '../events/events.module';
import { PeopleModule } from '../people/people.module';
import { Clock } from '../common/time';
import { createPrng } from './prng';
import { SIMULATOR_PAINTER, SIMULATOR_RANDOM, SIMULATOR_TIMERS, SYSTEM_TIMERS } from './simulator-timers';
import { paintSnapshot, type SnapshotPainter } from './snapshot-painter';
import { SimulatorService } from './simulator.service';

/** Imported by AppModule only when SIMULATOR is on. */
@Module({
  imports: [CamerasModule, PeopleModule, EventsModule],
  providers: [
    SimulatorService,
    { provide: SIMULATOR_RANDOM, useFactory: () => createPrng(randomInt(2 ** 31)) },
    { provide: SIMULATOR_TIMERS, useValue: SYSTEM_TIMERS },
    {
      provide: SIMULATOR_PAINTER,
      useFactory:
        (clock: Clock): SnapshotPainter =>
        (name, type, id) =>
          paintSnapshot(name, type, clock.now(), id),
      inject: [Clock],
    },
  ],
})
export class SimulatorModule {}
