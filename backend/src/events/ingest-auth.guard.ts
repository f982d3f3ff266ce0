import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import type { Request } from 'express';
import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { TokenVerifier } from '../auth/token-verifier';
import { CamerasService } from '../cameras/cameras.service';
import type { AuthUser } from '../common/auth-user';
import { parseId } from '../common/id-param.decorator';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { TooManyRequestsException } from '../common/too-many-requests';
import { RateLimits, retryAfterSeconds } from '../rate-limit/rate-limits';

export const CAMERA_KEY_HEADER = 'x-camera-key';

/**
 * Authorises `POST /api/cameras/:id/events` (a @Public() route, so the global JWT guard
 * steps aside): an admin Bearer token, or the `X-Camera-Key` of that very camera.
 * A Bearer header, when present, decides alone. A camera key is then held to
 * INGEST_RATE_LIMIT_PER_MINUTE (contract §12; 429 with Retry-After).
 */
@Injectable()
export class IngestAuthGuard implements CanActivate {
  private readonly perKey: RateLimiterAbstract | undefined;

  constructor(
    private readonly verifier: TokenVerifier,
    private readonly cameras: CamerasService,
    @Inject(APP_CONFIG) config: AppConfig,
    limits: RateLimits,
  ) {
    const points = config.ingestRateLimitPerMinute;
    this.perKey = points > 0 ? limits.limiter('ingest', points, 60) : undefined;
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    if (request.headers.authorization !== undefined) {
      // The same verifier and reasons as every other route (401 TokenRejectedError).
      const user = await this.verifier.authenticate({ via: 'header', request });
      if (user.role !== 'admin') throw new ForbiddenException('requires role admin or the camera ingest key');
      request.user = user;
      return true;
    }
    const key = request.headers[CAMERA_KEY_HEADER];
    if (typeof key !== 'string' || key === '') {
      throw new UnauthorizedException('Missing bearer token or X-Camera-Key');
    }
    const check = await this.cameras.checkIngestKey(this.cameraId(request.params.id), key);
    switch (check) {
      case 'own':
        await this.limit(request.params.id as string);
        return true;
      case 'other_camera':
        throw new ForbiddenException('ingest key belongs to another camera');
      case 'unknown':
        throw new UnauthorizedException('Unknown ingest key');
    }
  }

  /** One camera has one key: counted by the camera it opened. */
  private async limit(cameraId: string): Promise<void> {
    if (this.perKey === undefined) return;
    try {
      await this.perKey.consume(cameraId);
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      const seconds = retryAfterSeconds(error);
      throw new TooManyRequestsException(seconds, `Too many events from this camera key; try again in ${seconds} s`);
    }
  }

  /** The route's camera id, or null when it is not one (then no key can be its own). */
  private cameraId(raw: string | string[] | undefined): number | null {
    if (typeof raw !== 'string') return null;
    try {
      return parseId(raw);
    } catch {
      return null;
    }
  }
}
