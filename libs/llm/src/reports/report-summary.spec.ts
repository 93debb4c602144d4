import { FakeListChatModel } from '@langchain/core/utils/testing';

import { OfflineCoachModel } from '../offline/offline-coach.model';
import { offlineReportSummary, ReportSummarizer, type ReportFacts } from './report-summary';

const week: ReportFacts = {
  days: 7,
  commitments: {
    made: 1,
    due: 6,
    completed: 4,
    skipped: 0,
    missed: 2,
    rate: 4 / 6,
    items: [
      { title: 'A 20-minute walk', completed: 4, skipped: 0, missed: 0 },
      { title: 'Journal before bed', completed: 0, skipped: 0, missed: 2 },
    ],
  },
  energy: { entries: 5, average: 5.8, firstHalfAverage: 4.5, secondHalfAverage: 6.7, trend: 'RISING' },
  goals: [{ title: 'Feel fit again', completed: 4, missed: 0 }],
};

describe(offlineReportSummary.name, () => {
  it('should write the period from its figures: counts, the commitments by name, the energy trend and the goals', () => {
    const summary = offlineReportSummary(week);
    expect(summary).toContain('In the last 7 days');
    expect(summary).toContain('kept 4 of 6 check-ins (67%)');
    expect(summary).toContain('missed 2');
    expect(summary).toContain('"A 20-minute walk" went best (4 done)');
    expect(summary).toContain('"Journal before bed" slipped');
    expect(summary).toContain('rising from 4.5 to 6.7');
    expect(summary).toContain('"Feel fit again" 4 done');
  });

  it('should read differently when the data differ, and say plainly when there is nothing', () => {
    const quiet = offlineReportSummary({
      days: 2,
      commitments: { made: 0, due: 0, completed: 0, skipped: 0, missed: 0, rate: null, items: [] },
      energy: { entries: 0, average: null, firstHalfAverage: null, secondHalfAverage: null, trend: null },
      goals: [],
    });
    expect(quiet).toBe('In the last 2 days you had no commitment due. No energy was recorded, so there is no trend to read yet.');
    const falling = offlineReportSummary({ ...week, energy: { entries: 1, average: 3, firstHalfAverage: 6, secondHalfAverage: 3, trend: 'FALLING' } });
    expect(falling).toContain('over 1 entry, falling from 6 to 3');
  });
});

describe(ReportSummarizer.name, () => {
  it('should write with the offline model from the data', async () => {
    expect(await new ReportSummarizer(new OfflineCoachModel()).summarize(week)).toEqual({ summary: offlineReportSummary(week), byModel: true });
  });

  it('should take a real model’s words, and fall back to the offline summary when the model fails', async () => {
    expect(await new ReportSummarizer(new FakeListChatModel({ responses: ['A good week.'] })).summarize(week)).toEqual({ summary: 'A good week.', byModel: true });
    const failing = new FakeListChatModel({ responses: ['never'] });
    failing.invoke = () => Promise.reject(new Error('down'));
    expect(await new ReportSummarizer(failing).summarize(week)).toEqual({ summary: offlineReportSummary(week), byModel: false });
  });
});
