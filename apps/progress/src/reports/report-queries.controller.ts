import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';

import { GenerateReportNow, GetReport, ListInsights, ListInsightsV1, ListReports, ListReportsV1, type PayloadOf, type ResponseOf } from '@tandem/contracts';
import { AnswerQuery } from '@tandem/messaging';

import { ReportService } from './report.service';

/** Reports for the gateway: list, read (404 when not the user's), write one now; and the insights found with them. */
@Controller()
export class ReportQueriesController {
  constructor(private readonly reports: ReportService) {}

  @AnswerQuery(ListReports)
  list(@Payload() { userId, type, limit, cursor }: PayloadOf<typeof ListReports>): Promise<ResponseOf<typeof ListReports>> {
    return this.reports.list(userId, type, limit, cursor);
  }

  /** Version 1's callers get the first page, without its cursor. */
  @AnswerQuery(ListReportsV1)
  async listV1(@Payload() { userId, type, limit }: PayloadOf<typeof ListReportsV1>): Promise<ResponseOf<typeof ListReportsV1>> {
    return { items: (await this.reports.list(userId, type, limit)).items };
  }

  @AnswerQuery(GetReport)
  get(@Payload() { userId, reportId }: PayloadOf<typeof GetReport>): Promise<ResponseOf<typeof GetReport>> {
    return this.reports.get(userId, reportId);
  }

  @AnswerQuery(GenerateReportNow)
  generate(@Payload() { userId, type }: PayloadOf<typeof GenerateReportNow>): Promise<ResponseOf<typeof GenerateReportNow>> {
    return this.reports.generateNow(userId, type);
  }

  @AnswerQuery(ListInsights)
  async insights(@Payload() { userId }: PayloadOf<typeof ListInsights>): Promise<ResponseOf<typeof ListInsights>> {
    return { items: await this.reports.listInsights(userId), nextCursor: null }; // bounded by the 21-day window
  }

  @AnswerQuery(ListInsightsV1)
  async insightsV1(@Payload() { userId }: PayloadOf<typeof ListInsightsV1>): Promise<ResponseOf<typeof ListInsightsV1>> {
    return { items: await this.reports.listInsights(userId) };
  }
}
