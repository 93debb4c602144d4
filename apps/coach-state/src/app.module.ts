import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';

import { MessagingModule } from '@tandem/messaging';
import { HealthModule, loggerModule } from '@tandem/service';

import { CoachStateController } from './coach-state/coach-state.controller';
import { CoachStateHandlers } from './coach-state/coach-state.handlers';
import { CoachStateService } from './coach-state/coach-state.service';
import { coachStateOrmConfig } from './mikro-orm.config';
import { TestScenarioHandler } from './scenarios/test-scenario.handler';
import { CoachStateScenarios } from './scenarios/test-scenario.service';

@Module({
  imports: [loggerModule('coach-state'), MikroOrmModule.forRootAsync({ useFactory: () => coachStateOrmConfig() }), MessagingModule.forRoot({ service: 'coach-state' }), HealthModule],
  controllers: [CoachStateController],
  providers: [CoachStateService, CoachStateHandlers, CoachStateScenarios, TestScenarioHandler],
})
export class AppModule {}
