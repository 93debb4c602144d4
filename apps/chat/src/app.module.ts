import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';

import { MessagingModule } from '@tandem/messaging';
import { HealthModule, loggerModule } from '@tandem/service';

import { ActionResultsHandler } from './actions/action-results.handler';
import { ActionSettlementService } from './actions/action-settlement.service';
import { CoachActionRepository } from './actions/coach-action.repository';
import { CHAT_CONFIG, readChatConfig } from './chat.config';
import { AdminQueriesController } from './admin-queries.controller';
import { ActionQueriesController } from './actions/action-queries.controller';
import { ChatQueriesController } from './chat-queries.controller';
import { SessionQueriesController } from './conversations/session-queries.controller';
import { ContextBuilder } from './context/context-builder';
import { ConversationRepository } from './conversations/conversation.repository';
import { ConversationService } from './conversations/conversation.service';
import { ConversationSummarizer } from './conversations/conversation-summarizer';
import { InactivitySweeper } from './conversations/inactivity-sweeper';
import { CheckInHandler } from './check-ins/check-in.handler';
import { ErasureHandler } from './erasure/erasure.handler';
import { ErasureService } from './erasure/erasure.service';
import { KnowledgeAdminService } from './knowledge/knowledge-admin.service';
import { KnowledgeIndexer } from './knowledge/knowledge-indexer';
import { KnowledgeRepository } from './knowledge/knowledge.repository';
import { KnowledgeSearch } from './knowledge/knowledge-search';
import { LLM_PROVIDERS } from './llm/llm.providers';
import { ChatMessageRepository } from './messages/chat-message.repository';
import { ChatMessageService } from './messages/chat-message.service';
import { chatOrmConfig } from './mikro-orm.config';
import { PromptAdminService } from './prompts/prompt-admin.service';
import { PromptRepository } from './prompts/prompt.repository';
import { ProfileReadModelRepository } from './read-models/profile-read-model.repository';
import { ProgressReadModelRepository } from './read-models/progress-read-model.repository';
import { ReadModelHandlers } from './read-models/read-model.handlers';
import { ReadModelRepository } from './read-models/read-model.repository';
import { ReadModelService } from './read-models/read-model.service';
import { TestScenarioHandler } from './scenarios/test-scenario.handler';
import { ChatScenarios } from './scenarios/test-scenario.service';
import { ActionDispatcher } from './turn/action-dispatcher';
import { CoachTurnHandler } from './turn/coach-turn.handler';
import { CoachTurnService } from './turn/coach-turn.service';
import { ReplyStreamer } from './turn/reply-streamer';
import { TokenPublisher } from './turn/token-publisher';

@Module({
  imports: [loggerModule('chat'), MikroOrmModule.forRootAsync({ useFactory: () => chatOrmConfig() }), MessagingModule.forRoot({ service: 'chat' }), HealthModule],
  controllers: [ChatQueriesController, AdminQueriesController, SessionQueriesController, ActionQueriesController],
  providers: [
    { provide: CHAT_CONFIG, useFactory: readChatConfig },
    ...LLM_PROVIDERS,
    // conversations and messages
    ConversationRepository,
    ChatMessageRepository,
    ConversationSummarizer,
    ConversationService,
    ChatMessageService,
    InactivitySweeper,
    // the coach's turn
    PromptRepository,
    KnowledgeRepository,
    KnowledgeSearch,
    KnowledgeIndexer,
    ContextBuilder,
    ReplyStreamer,
    TokenPublisher,
    CoachActionRepository,
    ActionDispatcher,
    CoachTurnService,
    CoachTurnHandler,
    // admins' prompts and knowledge
    PromptAdminService,
    KnowledgeAdminService,
    // other services' answers and data
    ActionSettlementService,
    ActionResultsHandler,
    ReadModelRepository,
    ProgressReadModelRepository,
    ProfileReadModelRepository,
    ReadModelService,
    ReadModelHandlers,
    ErasureService,
    ErasureHandler,
    CheckInHandler,
    ChatScenarios,
    TestScenarioHandler,
  ],
})
export class AppModule {}
