import { Injectable } from '@nestjs/common';

import { IdentityArchived, InsightFound, ReportGenerated, TeamProfileSaved, type PayloadOf } from '@tandem/contracts';
import { OnMessage, type HandlerContext } from '@tandem/messaging';

import { ReadModelService } from './read-model.service';

/**
 * Keeps the read models from the events no coach action waits for. The others (coach-state.changed,
 * identity.proposed/updated/accepted/refinement-completed) are applied by ActionResultsHandler,
 * which settles actions in the same transaction.
 */
@Injectable()
export class ReadModelHandlers {
  constructor(private readonly readModels: ReadModelService) {}

  @OnMessage(IdentityArchived)
  onIdentityArchived({ identity }: PayloadOf<typeof IdentityArchived>, { em }: HandlerContext): Promise<void> {
    return this.readModels.applyIdentity(em, identity);
  }

  /** The latest report's summary joins the coach's context. */
  @OnMessage(ReportGenerated)
  onReportGenerated({ report }: PayloadOf<typeof ReportGenerated>, { em }: HandlerContext): Promise<void> {
    return this.readModels.applyReport(em, report);
  }

  /** The user's name and AST strengths join the coach's context. */
  @OnMessage(TeamProfileSaved)
  onTeamProfileSaved(profile: PayloadOf<typeof TeamProfileSaved>, { em }: HandlerContext): Promise<void> {
    return this.readModels.applyTeamProfile(em, profile);
  }

  @OnMessage(InsightFound)
  onInsightFound({ insight }: PayloadOf<typeof InsightFound>, { em }: HandlerContext): Promise<void> {
    return this.readModels.applyInsight(em, insight);
  }
}
