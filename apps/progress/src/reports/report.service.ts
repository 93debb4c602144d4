import { Inject, Injectable, Logger } from '@nestjs/common';

import { InsightFound, ReportGenerated, type InsightView, type ListReports, type ReportType, type ReportView, type ResponseOf } from '@tandem/contracts';
import { ReportSummarizer, type ModelEmbeddings } from '@tandem/llm';
import { MessageBus, keysetAfter, pageOf } from '@tandem/messaging';

import { findInsights } from '../insights/insight-patterns';
import { InsightRepository } from '../insights/insight.repository';
import { REPORT_EMBEDDINGS } from '../llm/llm.providers';
import { ProgressError } from '../progress/progress.errors';
import { buildReportPayload } from './report-payload';
import { ReportRepository, type ClaimedReport } from './report.repository';

export interface ReportRequest {
  userId: string;
  type: ReportType;
  periodEnd: Date;
  trigger: ReportView['trigger'];
  testScenarioId: string | null;
  /** The scheduler's claim, advanced in the same transaction as the report is written. */
  claimed?: ClaimedReport;
}

/**
 * Writes 2-, 7- and 21-day reports in three steps, like a chat turn: read the period's facts
 * (short reads, no transaction), have the model write the summary and embed it (holding no
 * connection), then store the report and announce it in one short transaction. The unique
 * (user, type, period end) means a period is reported once, whoever writes it. The user's
 * insights are recounted from their last 21 days at the same time and stored in that transaction.
 */
@Injectable()
export class ReportService {
  private readonly logger = new Logger(ReportService.name);

  constructor(
    private readonly bus: MessageBus,
    private readonly reports: ReportRepository,
    private readonly insights: InsightRepository,
    private readonly summarizer: ReportSummarizer,
    @Inject(REPORT_EMBEDDINGS) private readonly embeddings: ModelEmbeddings,
  ) {}

  async generate({ userId, type, periodEnd, trigger, testScenarioId, claimed }: ReportRequest): Promise<{ report: ReportView; created: boolean }> {
    const facts = await this.reports.facts(userId, type, periodEnd);
    const days = await this.insights.days(userId);
    const payload = buildReportPayload(facts);
    const { summary, byModel } = await this.summarizer.summarize(payload);
    if (!byModel) this.logger.warn(`the model did not write report ${type} of ${userId}: stored the offline summary`);
    const embedding = await this.embeddings.embedQuery(summary);
    return this.bus.transaction(
      async (tx) => {
        const stored = await this.reports.insert(tx.em, {
          userId,
          type,
          trigger,
          periodStart: facts.periodStart,
          periodEnd,
          payload,
          summary,
          embedding,
          embeddingModel: this.embeddings.embeddingModelInfo.model,
          testScenarioId,
        });
        if (claimed) await this.reports.advance(tx.em, claimed);
        for (const insight of await this.insights.replace(tx.em, userId, findInsights(days.occurrences, days.energy, days.notes), testScenarioId)) {
          tx.emit(InsightFound, { insight }, { userId, testScenarioId });
        }
        if (stored.created) {
          const { payload: _payload, ...report } = stored.report;
          tx.emit(ReportGenerated, { report }, { userId, testScenarioId });
        }
        return stored;
      },
      { userId },
    );
  }

  /**
   * A report for the period ending at the end of this minute: everything up to now is in it, and
   * asking again within the minute answers the same report (one per user, type and period).
   */
  async generateNow(userId: string, type: ReportType): Promise<ReportView> {
    const periodEnd = new Date(Math.ceil((Date.now() + 1) / 60_000) * 60_000);
    return (await this.generate({ userId, type, periodEnd, trigger: 'ON_DEMAND', testScenarioId: null })).report;
  }

  listInsights(userId: string): Promise<InsightView[]> {
    return this.insights.list(userId);
  }

  /** A page of reports without their payloads, newest first (keyset on periodEnd, id). */
  async list(userId: string, type: ReportType | undefined, limit: number, cursor?: string): Promise<ResponseOf<typeof ListReports>> {
    const rows = await this.reports.list(userId, type, limit + 1, keysetAfter(cursor));
    const page = pageOf(rows, limit, (last) => ({ at: last.key, id: last.id }));
    return { items: page.items.map(({ key: _key, payload: _payload, ...report }) => report), nextCursor: page.nextCursor };
  }

  async get(userId: string, reportId: string): Promise<ReportView> {
    const report = await this.reports.find(userId, reportId);
    if (!report) throw ProgressError.reportNotFound();
    return report;
  }
}
