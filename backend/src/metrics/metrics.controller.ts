import { Controller, ForbiddenException, Get, Inject, NotFoundException, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { TokenVerifier } from '../auth/token-verifier';
import { Public } from '../common/decorators';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { hasMetricsToken } from './metrics-access';
import { Metrics } from './metrics';

@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: Metrics,
    private readonly verifier: TokenVerifier,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Prometheus text format: METRICS_TOKEN as Bearer, or an admin's token (401 without, 403 a viewer's). */
  @Public()
  @Get()
  @ApiBearerAuth()
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text exposition format 0.0.4' })
  async scrape(@Req() request: Request, @Res() response: Response): Promise<void> {
    if (!this.metrics.enabled) throw new NotFoundException('metrics are off (METRICS_ENABLED)');
    if (!hasMetricsToken(request, this.config.metricsToken)) {
      const user = await this.verifier.authenticate({ via: 'header', request });
      if (user.role !== 'admin') throw new ForbiddenException('requires role admin or METRICS_TOKEN');
    }
    const { contentType, text } = await this.metrics.exposition();
    response.setHeader('Content-Type', contentType);
    response.setHeader('Cache-Control', 'no-store');
    response.send(text);
  }
}
