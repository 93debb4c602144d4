import { MikroORM } from '@mikro-orm/postgresql';
import { Controller, Get, Injectable, Module } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TerminusModule } from '@nestjs/terminus';

import { NatsHealthIndicator } from '@tandem/messaging';

import { Public } from './public.decorator';

/**
 * A real query, not terminus' MikroORM ping: MikroORM 7 connects lazily, and the ping reports a
 * pool that has not been used yet as down.
 */
@Injectable()
export class DatabaseHealthIndicator {
  constructor(
    private readonly orm: MikroORM,
    private readonly health: HealthIndicatorService,
  ) {}

  check(key = 'database') {
    return this.health
      .check(key)
      .attempt(async () => {
        await this.orm.em.getConnection().execute('select 1');
      })
      .withTimeout(1_500);
  }
}

/**
 * GET /health/live: the process answers. GET /health and /health/ready: PostgreSQL and NATS
 * answer too (503 with the failing dependency named when not).
 */
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: DatabaseHealthIndicator,
    private readonly nats: NatsHealthIndicator,
  ) {}

  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  @Get(['', 'ready'])
  @HealthCheck()
  ready() {
    return this.health.check([() => this.db.check('database'), () => this.nats.check('nats')]);
  }
}

@Module({ imports: [TerminusModule.forRoot({ logger: false })], controllers: [HealthController], providers: [DatabaseHealthIndicator] })
export class HealthModule {}
