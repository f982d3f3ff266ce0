import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { SnapshotAccessGuard } from './snapshot-access.guard';
import { SnapshotUrlSigner } from './snapshot-url-signer';
import { SnapshotsController } from './snapshots.controller';
import { SnapshotsService } from './snapshots.service';

@Module({
  imports: [AuthModule],
  controllers: [SnapshotsController],
  providers: [
    SnapshotsService,
    SnapshotAccessGuard,
    {
      provide: SnapshotUrlSigner,
      useFactory: (config: AppConfig) => new SnapshotUrlSigner(config.jwtSecret),
      inject: [APP_CONFIG],
    },
  ],
  exports: [SnapshotsService, SnapshotUrlSigner],
})
export class SnapshotsModule {}
