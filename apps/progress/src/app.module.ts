import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';

import { MessagingModule } from '@tandem/messaging';
import { HealthModule, loggerModule } from '@tandem/service';

import { CheckInScheduler } from './check-ins/check-in-scheduler';
import { CheckInRepository } from './check-ins/check-in.repository';
import { ErasureHandler } from './erasure/erasure.handler';
import { InsightRepository } from './insights/insight.repository';
import { LLM_PROVIDERS } from './llm/llm.providers';
import { progressOrmConfig } from './mikro-orm.config';
import { PROGRESS_CONFIG, readProgressConfig } from './progress.config';
import { EmotionHandler } from './progress/emotion.handler';
import { NoteChangeHandler } from './progress/note-change.handler';
import { ProgressCommandsHandler } from './progress/progress-commands.handler';
import { ProgressQueriesController } from './progress/progress-queries.controller';
import { ProgressRepository } from './progress/progress.repository';
import { ProgressService } from './progress/progress.service';
import { ReportQueriesController } from './reports/report-queries.controller';
import { ReportScheduler } from './reports/report-scheduler';
import { ReportRepository } from './reports/report.repository';
import { ReportService } from './reports/report.service';
import { TestScenarioHandler } from './scenarios/test-scenario.handler';
import { ProgressScenarios } from './scenarios/test-scenario.service';

@Module({
  imports: [loggerModule('progress'), MikroOrmModule.forRootAsync({ useFactory: () => progressOrmConfig() }), MessagingModule.forRoot({ service: 'progress' }), HealthModule],
  controllers: [ProgressQueriesController, ReportQueriesController],
  providers: [
    { provide: PROGRESS_CONFIG, useFactory: readProgressConfig },
    ProgressRepository,
    ProgressService,
    CheckInRepository,
    CheckInScheduler,
    ...LLM_PROVIDERS,
    ReportRepository,
    InsightRepository,
    ReportService,
    ReportScheduler,
    ErasureHandler,
    EmotionHandler,
    NoteChangeHandler,
    ProgressCommandsHandler,
    ProgressScenarios,
    TestScenarioHandler,
  ],
})
export class AppModule {}
