import { Injectable } from '@nestjs/common';

import { CompleteCommitment, CreateCommitment, CreateGoal, RecordEnergy, type PayloadOf } from '@tandem/contracts';
import { OnMessage, type HandlerContext } from '@tandem/messaging';

import { ProgressService } from './progress.service';

/**
 * The durable commands of the coach's progress actions (sent by chat). Each runs in its message's
 * transaction; its outcome is the progress event it emits (caused by the command, which settles
 * the coach's action), or, when a rule refuses it (a ProgressError: someone else's commitment, a
 * due time in the past, one already final), command.rejected.
 */
@Injectable()
export class ProgressCommandsHandler {
  constructor(private readonly progress: ProgressService) {}

  @OnMessage(CreateGoal)
  async onCreateGoal({ userId, ...input }: PayloadOf<typeof CreateGoal>, context: HandlerContext): Promise<void> {
    await this.progress.createGoal(context, userId, input, context.envelope.testScenarioId ?? null);
  }

  @OnMessage(CreateCommitment)
  async onCreateCommitment({ userId, at, dueAt, ...input }: PayloadOf<typeof CreateCommitment>, context: HandlerContext): Promise<void> {
    const due = dueAt ?? (await this.progress.nextLocalTime(context, userId, at ?? '09:00')).toISOString();
    await this.progress.createCommitment(context, userId, { ...input, dueAt: due }, context.envelope.testScenarioId ?? null);
  }

  @OnMessage(CompleteCommitment)
  async onCompleteCommitment({ userId, commitmentId, note }: PayloadOf<typeof CompleteCommitment>, context: HandlerContext): Promise<void> {
    await this.progress.settle(context, userId, commitmentId, 'COMPLETED', note ?? null);
  }

  @OnMessage(RecordEnergy)
  async onRecordEnergy({ userId, level, note }: PayloadOf<typeof RecordEnergy>, context: HandlerContext): Promise<void> {
    await this.progress.logEnergy(context, userId, level, 'USER', note ?? null, context.envelope.testScenarioId ?? null);
  }
}
