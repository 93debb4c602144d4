import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { EntityManager } from '@mikro-orm/postgresql';

import { MessagingModule } from '@tandem/messaging';
import { HealthModule, loggerModule } from '@tandem/service';

import { ErasureReceiptsController } from './accounts/erasure-receipts.controller';
import { ErasureRepository } from './accounts/erasure.repository';
import { ErasureService } from './accounts/erasure.service';
import { SessionRevocations } from './auth/session-revocations';
import { CoachAdminController } from './admin/coach-admin.controller';
import { TestScenariosController } from './admin/test-scenarios.controller';
import { TestScenarioRepository } from './scenarios/test-scenario.repository';
import { TestScenarioService } from './scenarios/test-scenario.service';
import { MeController } from './accounts/me.controller';
import { ProfileService } from './accounts/profile.service';
import { UserRepository } from './accounts/user.repository';
import { AuthController } from './auth/auth.controller';
import { AuthGuard } from './auth/auth.guard';
import { AuthService } from './auth/auth.service';
import { SessionRepository } from './auth/session.repository';
import { StreamTickets } from './auth/stream-tickets.service';
import { ChatController } from './chat/chat.controller';
import { SessionsController } from './chat/sessions.controller';
import { ReplyStreamService } from './chat/reply-stream.service';
import { CoachStateController } from './coaching/coach-state.controller';
import { EventsController } from './events/events.controller';
import { LiveEventsService } from './events/live-events.service';
import { IdentitiesController } from './identities/identities.controller';
import { MemoryController } from './notes/memory.controller';
import { ProgressController } from './progress/progress.controller';
import { ReportsController } from './progress/reports.controller';
import { ConnectionsController } from './connections/connections.controller';
import { OrganisationsAdminController, OrganisationsController } from './connections/organisations.controller';
import { TeamProfileController } from './connections/team-profile.controller';
import { GATEWAY_CONFIG, readGatewayConfig } from './gateway.config';
import { ServiceQueries } from './http/service-queries';
import { RateLimitRepository } from './http/rate-limit.repository';
import { isAuthRoute, ThrottleGuard } from './http/throttle.guard';
import { gatewayOrmConfig } from './mikro-orm.config';

@Module({
  imports: [
    loggerModule('gateway'),
    MikroOrmModule.forRootAsync({ useFactory: () => gatewayOrmConfig() }),
    MessagingModule.forRoot({ service: 'gateway' }),
    ThrottlerModule.forRootAsync({
      inject: [EntityManager],
      useFactory: (em: EntityManager) => {
        const config = readGatewayConfig();
        return {
          throttlers: [{ ttl: 60_000, limit: (context) => (isAuthRoute(context) ? config.RATE_LIMIT_AUTH_PER_MINUTE : config.RATE_LIMIT_PER_MINUTE) }],
          skipIf: (context) => context.getType() !== 'http' || /^\/health/i.test(context.switchToHttp().getRequest<{ path: string }>().path),
          storage: new RateLimitRepository(em),
        };
      },
    }),
    HealthModule,
  ],
  controllers: [
    AuthController,
    ErasureReceiptsController,
    MeController,
    EventsController,
    CoachStateController,
    IdentitiesController,
    ChatController,
    SessionsController,
    CoachAdminController,
    TeamProfileController,
    ConnectionsController,
    OrganisationsController,
    OrganisationsAdminController,
    MemoryController,
    ProgressController,
    ReportsController,
    TestScenariosController,
  ],
  providers: [
    { provide: GATEWAY_CONFIG, useFactory: () => readGatewayConfig() },
    // Authentication first, so the throttle can count per user.
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_GUARD, useClass: ThrottleGuard },
    AuthService,
    StreamTickets,
    SessionRepository,
    SessionRevocations,
    RateLimitRepository,
    ProfileService,
    UserRepository,
    ErasureService,
    ErasureRepository,
    TestScenarioService,
    TestScenarioRepository,
    LiveEventsService,
    ReplyStreamService,
    ServiceQueries,
  ],
})
export class AppModule {}
