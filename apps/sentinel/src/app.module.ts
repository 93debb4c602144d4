import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';

import { MessagingModule } from '@tandem/messaging';
import { HealthModule, loggerModule } from '@tandem/service';

import { embeddingsProvider } from './embeddings/embeddings.provider';
import { EmotionQueriesController } from './emotions/emotion-queries.controller';
import { EmotionRepository } from './emotions/emotion.repository';
import { EmotionService } from './emotions/emotion.service';
import { ErasureHandler } from './erasure/erasure.handler';
import { ErasureRepository } from './erasure/erasure.repository';
import { ErasureService } from './erasure/erasure.service';
import { EpisodeRepository } from './episodes/episode.repository';
import { extractorProvider } from './extraction/extractor.provider';
import { ChatMessageHandler } from './memory/chat-message.handler';
import { MemoryService } from './memory/memory.service';
import { sentinelOrmConfig } from './mikro-orm.config';
import { NoteCommandsHandler } from './notes/note-commands.handler';
import { NoteQueriesController } from './notes/note-queries.controller';
import { NoteRepository } from './notes/note.repository';
import { NoteSearchRepository } from './notes/note-search.repository';
import { NoteService } from './notes/note.service';
import { DedicatedIndexRepository } from './search/dedicated-index.repository';
import { MemoryQueriesController } from './search/memory-queries.controller';
import { MemorySearchRepository } from './search/memory-search.repository';
import { MemorySearchService } from './search/memory-search.service';
import { MemorySweeper } from './search/memory-sweeper';
import { RetentionRepository } from './retention/retention.repository';
import { RetentionService } from './retention/retention.service';
import { MemorySettingsController } from './settings/memory-settings.controller';
import { MemorySettingsRepository } from './settings/memory-settings.repository';
import { MemorySettingsService } from './settings/memory-settings.service';
import { TestScenarioHandler } from './scenarios/test-scenario.handler';
import { SentinelScenarios } from './scenarios/test-scenario.service';
import { readSentinelConfig, SENTINEL_CONFIG } from './sentinel.config';

@Module({
  imports: [loggerModule('sentinel'), MikroOrmModule.forRootAsync({ useFactory: () => sentinelOrmConfig() }), MessagingModule.forRoot({ service: 'sentinel' }), HealthModule],
  controllers: [NoteQueriesController, EmotionQueriesController, MemoryQueriesController, MemorySettingsController],
  providers: [
    { provide: SENTINEL_CONFIG, useFactory: () => readSentinelConfig() },
    embeddingsProvider,
    extractorProvider,
    NoteRepository,
    NoteSearchRepository,
    EmotionRepository,
    EpisodeRepository,
    DedicatedIndexRepository,
    MemorySearchRepository,
    MemorySettingsRepository,
    RetentionRepository,
    ErasureRepository,
    NoteService,
    EmotionService,
    MemoryService,
    MemorySearchService,
    MemorySettingsService,
    RetentionService,
    MemorySweeper,
    ErasureService,
    ChatMessageHandler,
    NoteCommandsHandler,
    ErasureHandler,
    SentinelScenarios,
    TestScenarioHandler,
  ],
})
export class AppModule {}
