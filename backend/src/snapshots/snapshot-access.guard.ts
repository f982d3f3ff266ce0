import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import type { Request } from 'express';
import { TokenVerifier } from '../auth/token-verifier';
import type { AuthUser } from '../common/auth-user';
import { parseId } from '../common/id-param.decorator';
import { Clock } from '../common/time';
import { SnapshotKind, SnapshotUrlSigner } from './snapshot-url-signer';

/**
 * Opens `GET /api/events/:id/snapshot|thumbnail` (a @Public() route, so the global JWT guard
 * steps aside) to a Bearer token of any user, or to a signed URL for that event and kind.
 * A request carrying `sig` or `expires` is judged by the signature alone.
 */
@Injectable()
export class SnapshotAccessGuard implements CanActivate {
  constructor(
    private readonly verifier: TokenVerifier,
    private readonly signer: SnapshotUrlSigner,
    private readonly clock: Clock,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    const { sig, expires } = request.query;
    if (sig === undefined && expires === undefined) {
      // The one verifier and its rejection reasons, as on every other route.
      request.user = await this.verifier.authenticate({ via: 'header', request });
      return true;
    }
    const kind: SnapshotKind = request.path.endsWith('/thumbnail') ? 'thumbnail' : 'snapshot';
    const id = parseId(request.params.id);
    if (typeof sig !== 'string' || typeof expires !== 'string') {
      throw new UnauthorizedException('a signed URL needs one expires and one sig');
    }
    if (!this.signer.verify(id, kind, expires, sig, this.clock.now())) {
      throw new UnauthorizedException('signed URL invalid or expired');
    }
    return true;
  }
}
