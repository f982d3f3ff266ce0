import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AlertsModule } from '../alerts/alerts.module';
import { AuthModule } from '../auth/auth.module';
import { CamerasModule } from '../cameras/cameras.module';
import { PeopleModule } from '../people/people.module';
import { CameraEventEntity } from './camera-event.entity';
import { EventsController } from './events.controller';
import { EventsService } from './events.service';
import { IngestAuthGuard } from './ingest-auth.guard';

@Module({
  imports: [TypeOrmModule.forFeature([CameraEventEntity]), AlertsModule, AuthModule, CamerasModule, PeopleModule],
  controllers: [EventsController],
  providers: [EventsService, IngestAuthGuard],
  exports: [EventsService],
})
export class EventsModule {}
