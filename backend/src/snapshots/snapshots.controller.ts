import { Controller, Get, Headers, NotFoundException, Query, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import type { SnapshotUrlResponse } from '@argus/shared';
import { Public } from '../common/decorators';
import { IdParam } from '../common/id-param.decorator';
import { Clock } from '../common/time';
import { SignedUrlQueryDto } from './dto/signed-url.query';
import { SnapshotAccessGuard } from './snapshot-access.guard';
import { SnapshotKind, SnapshotUrlSigner } from './snapshot-url-signer';
import { SnapshotsService, StoredImage } from './snapshots.service';

/** How long a browser may reuse an image without asking again (then it revalidates by ETag). */
export const SNAPSHOT_MAX_AGE_SECONDS = 300;

@Controller('events')
export class SnapshotsController {
  constructor(
    private readonly snapshots: SnapshotsService,
    private readonly signer: SnapshotUrlSigner,
    private readonly clock: Clock,
  ) {}

  /** Any user: URLs an `<img>` can load without the token. 404 when the event has no image. */
  @Get(':id/snapshot-url')
  async urls(@IdParam() id: number): Promise<SnapshotUrlResponse> {
    if (!(await this.snapshots.exists(id))) throw new NotFoundException(`event ${id} has no snapshot`);
    return this.signer.urls(id, this.clock.now());
  }

  @Get(':id/snapshot')
  @Public()
  @UseGuards(SnapshotAccessGuard)
  image(
    @IdParam() id: number,
    @Query() _signed: SignedUrlQueryDto,
    @Headers('if-none-match') etags: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    return this.send(id, 'snapshot', etags, res);
  }

  @Get(':id/thumbnail')
  @Public()
  @UseGuards(SnapshotAccessGuard)
  thumbnail(
    @IdParam() id: number,
    @Query() _signed: SignedUrlQueryDto,
    @Headers('if-none-match') etags: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    return this.send(id, 'thumbnail', etags, res);
  }

  private async send(id: number, kind: SnapshotKind, ifNoneMatch: string | undefined, res: Response): Promise<void> {
    const image = await this.snapshots.read(id, kind);
    if (image === null) throw new NotFoundException(`event ${id} has no snapshot`);
    const etag = `"${image.sha256}"`;
    res.setHeader('ETag', etag);
    res.setHeader('Cache-Control', `private, max-age=${SNAPSHOT_MAX_AGE_SECONDS}`);
    if (matches(ifNoneMatch, etag)) {
      res.status(304).end();
      return;
    }
    res.setHeader('Content-Type', image.contentType);
    res.setHeader('Content-Length', String(image.bytes.length));
    res.setHeader('Content-Disposition', `inline; filename="event-${id}-${kind}.${extension(image)}"`);
    res.status(200).end(image.bytes);
  }
}

/** If-None-Match: `*` or a list of (possibly weak) ETags. */
function matches(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  return header.split(',').some((candidate) => {
    const tag = candidate.trim();
    return tag === '*' || tag === etag || tag === `W/${etag}`;
  });
}

function extension(image: StoredImage): string {
  return image.contentType === 'image/jpeg' ? 'jpg' : image.contentType.slice('image/'.length);
}
