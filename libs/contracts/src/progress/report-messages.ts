import { z } from 'zod';

import { pageCursor, pageOfItems } from '../common/page';
import { defineEvent, defineQuery } from '../define';
import { exampleReport, reportType, reportView } from './report';

const userId = z.uuid();
const example = { userId: exampleReport.userId };

/** A report without its payload: what lists and events carry. */
export const reportSummaryView = reportView.omit({ payload: true });

export const ReportGenerated = defineEvent({
  type: 'progress.report.generated',
  version: 1,
  owner: 'progress',
  description: 'A 2-, 7- or 21-day report was written (on schedule at the end of its period, or on demand). Carries its summary; the payload is read with progress.reports.get.',
  payload: z.object({ report: reportSummaryView }),
  example: { report: (({ payload: _payload, ...rest }) => rest)(exampleReport) },
  notifiesUser: true,
});

const reportFilter = z.object({ userId, type: reportType.optional(), limit: z.number().int().min(1).max(100).default(20) });

export const ListReports = defineQuery({
  type: 'progress.reports.list',
  version: 2,
  owner: 'progress',
  description: "The user's reports, newest first (by the end of their period), without their payloads, a page at a time (keyset cursor on periodEnd, id); filtered by type.",
  payload: reportFilter.extend({ cursor: pageCursor.optional() }),
  response: pageOfItems(reportSummaryView),
  example,
  exampleResponse: { items: [(({ payload: _payload, ...rest }) => rest)(exampleReport)], nextCursor: null },
});

/** Version 1, before pages: the newest `limit` reports, no cursor. Still answered for callers from before version 2. */
export const ListReportsV1 = defineQuery({
  type: 'progress.reports.list',
  version: 1,
  owner: 'progress',
  description: "The user's reports, newest first, without their payloads; filtered by type. Superseded by version 2, which pages.",
  payload: reportFilter,
  response: z.object({ items: z.array(reportSummaryView) }),
  example,
  exampleResponse: { items: [(({ payload: _payload, ...rest }) => rest)(exampleReport)] },
});

export const GetReport = defineQuery({
  type: 'progress.reports.get',
  version: 1,
  owner: 'progress',
  description: 'One report of the user with its payload (404 when it is not theirs).',
  payload: z.object({ userId, reportId: z.uuid() }),
  response: reportView,
  example: { ...example, reportId: exampleReport.id },
  exampleResponse: exampleReport,
});

export const GenerateReportNow = defineQuery({
  type: 'progress.reports.generate',
  version: 1,
  owner: 'progress',
  description:
    'Writes a report of the given type now, for the period ending at the end of this minute (the model writes its summary). Asking twice in one minute answers the same report: there is one per user, type and period.',
  payload: z.object({ userId, type: reportType }),
  response: reportView,
  example: { ...example, type: 'SEVEN_DAY' },
  exampleResponse: { ...exampleReport, trigger: 'ON_DEMAND' },
});
