import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';

import { MessagingModule } from '@tandem/messaging';
import { HealthModule, loggerModule } from '@tandem/service';

import { embeddingsProvider } from './embeddings/embeddings.provider';
import { ErasureHandler } from './erasure/erasure.handler';
import { ErasureService } from './erasure/erasure.service';
import { CandidateRepository } from './matching/candidate.repository';
import { ExplanationWriter } from './matching/explanation-writer';
import { OutcomeRepository } from './matching/outcome.repository';
import { OrganisationQueriesController } from './organisations/organisation-queries.controller';
import { OrganisationRepository } from './organisations/organisation.repository';
import { OrganisationService } from './organisations/organisation.service';
import { teamConnectionsOrmConfig } from './mikro-orm.config';
import { TeamProfileQueriesController } from './profiles/team-profile-queries.controller';
import { TeamProfileRepository } from './profiles/team-profile.repository';
import { TeamProfileService } from './profiles/team-profile.service';
import { TestScenarioHandler } from './scenarios/test-scenario.handler';
import { TeamScenarios } from './scenarios/test-scenario.service';
import { SuggestConnectionsHandler } from './suggestions/suggest-connections.handler';
import { SuggestionQueriesController } from './suggestions/suggestion-queries.controller';
import { SuggestionRepository } from './suggestions/suggestion.repository';
import { SuggestionService } from './suggestions/suggestion.service';
import { SuggestionSweeper } from './suggestions/suggestion-sweeper';
import { TEAM_CONFIG, readTeamConfig } from './team.config';

@Module({
  imports: [loggerModule('team-connections'), MikroOrmModule.forRootAsync({ useFactory: () => teamConnectionsOrmConfig() }), MessagingModule.forRoot({ service: 'team-connections' }), HealthModule],
  controllers: [TeamProfileQueriesController, SuggestionQueriesController, OrganisationQueriesController],
  providers: [
    { provide: TEAM_CONFIG, useFactory: () => readTeamConfig() },
    embeddingsProvider,
    TeamProfileRepository,
    SuggestionRepository,
    CandidateRepository,
    OutcomeRepository,
    { provide: ExplanationWriter, useFactory: () => new ExplanationWriter() },
    OrganisationRepository,
    OrganisationService,
    TeamProfileService,
    SuggestionService,
    SuggestConnectionsHandler,
    SuggestionSweeper,
    ErasureService,
    ErasureHandler,
    TeamScenarios,
    TestScenarioHandler,
  ],
})
export class AppModule {}
