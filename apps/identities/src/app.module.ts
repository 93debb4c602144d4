import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';

import { MessagingModule } from '@tandem/messaging';
import { HealthModule, loggerModule } from '@tandem/service';

import { ErasureHandler } from './erasure/erasure.handler';
import { IdentityCommandsHandler } from './identities/identity-commands.handler';
import { IdentityQueriesController } from './identities/identity-queries.controller';
import { IdentityRepository } from './identities/identity.repository';
import { IdentityVersionRepository } from './identities/identity-version.repository';
import { IdentityService } from './identities/identity.service';
import { identitiesOrmConfig } from './mikro-orm.config';
import { TestScenarioHandler } from './scenarios/test-scenario.handler';
import { IdentityScenarios } from './scenarios/test-scenario.service';

@Module({
  imports: [loggerModule('identities'), MikroOrmModule.forRootAsync({ useFactory: () => identitiesOrmConfig() }), MessagingModule.forRoot({ service: 'identities' }), HealthModule],
  controllers: [IdentityQueriesController],
  providers: [IdentityRepository, IdentityVersionRepository, IdentityService, IdentityCommandsHandler, ErasureHandler, IdentityScenarios, TestScenarioHandler],
})
export class AppModule {}
