import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { HumanMessage, SystemMessage } from '@langchain/core/messages';

import { OfflineCoachModel } from '../offline/offline-coach.model';

/**
 * What a progress report summary is written from: the structured payload of a report, as the
 * progress service builds it (libs/llm names only the fields it reads).
 */
export interface ReportFacts {
  days: number;
  commitments: {
    made: number;
    due: number;
    completed: number;
    skipped: number;
    missed: number;
    rate: number | null;
    items: ReadonlyArray<{ title: string; completed: number; skipped: number; missed: number }>;
  };
  energy: { entries: number; average: number | null; firstHalfAverage: number | null; secondHalfAverage: number | null; trend: 'RISING' | 'FALLING' | 'STEADY' | null };
  goals: ReadonlyArray<{ title: string; completed: number; missed: number }>;
}

export const REPORT_SUMMARY_PROMPT =
  'You write the summary of a coaching progress report, addressed to the user ("you"), in at most four short sentences: what they committed to, what they did and missed (name the commitments), how their energy went, and one encouraging, concrete observation. Use only the figures in the JSON you are given; do not invent anything.';

const MAX_SUMMARY = 2_000;
const plural = (count: number, word: string, many = `${word}s`) => `${count} ${count === 1 ? word : many}`;
const quoted = (titles: string[]) => titles.map((title) => `"${title}"`).join(', ');

function commitmentsSentence({ days, commitments }: ReportFacts): string {
  const { due, completed, skipped, missed, rate, made } = commitments;
  const period = `In the last ${plural(days, 'day')}`;
  const madeClause = made ? `you made ${plural(made, 'new commitment')}` : '';
  if (!due) return `${period} ${madeClause || 'you had no commitment'}${madeClause ? ', and none has come due yet' : ' due'}.`;
  const kept = `you kept ${completed} of ${plural(due, 'check-in')}${rate === null ? '' : ` (${Math.round(rate * 100)}%)`}`;
  const rest = [skipped ? `skipped ${skipped}` : '', missed ? `missed ${missed}` : ''].filter(Boolean).join(' and ');
  return `${period} ${[madeClause, kept].filter(Boolean).join(' and ')}${rest ? `; you ${rest}` : ''}.`;
}

function standoutSentence({ commitments }: ReportFacts): string {
  const best = commitments.items.filter((item) => item.completed > 0).sort((a, b) => b.completed - a.completed || a.missed - b.missed)[0];
  const slipped = commitments.items.filter((item) => item.missed > 0 && item.missed >= item.completed).map((item) => item.title);
  const parts: string[] = [];
  if (best) parts.push(`"${best.title}" went best (${best.completed} done${best.missed ? `, ${best.missed} missed` : ''})`);
  if (slipped.length) parts.push(`${quoted(slipped.slice(0, 3))} slipped more than ${slipped.length === 1 ? 'it was' : 'they were'} kept: maybe make ${slipped.length === 1 ? 'it' : 'them'} smaller`);
  return parts.length ? `${parts.join('; ')}.` : '';
}

function energySentence({ energy }: ReportFacts): string {
  if (!energy.entries || energy.average === null) return 'No energy was recorded, so there is no trend to read yet.';
  const base = `Your energy averaged ${energy.average} out of 10 over ${plural(energy.entries, 'entry', 'entries')}`;
  if (energy.trend === 'RISING') return `${base}, rising from ${energy.firstHalfAverage} to ${energy.secondHalfAverage}.`;
  if (energy.trend === 'FALLING') return `${base}, falling from ${energy.firstHalfAverage} to ${energy.secondHalfAverage}: go easy on yourself.`;
  return `${base}, ${energy.trend === 'STEADY' ? 'holding steady' : 'too few entries to see a trend'}.`;
}

function goalsSentence({ goals }: ReportFacts): string {
  const moving = goals.filter((goal) => goal.completed > 0);
  return moving.length ? `Toward your goals: ${moving.map((goal) => `"${goal.title}" ${goal.completed} done`).join(', ')}.` : '';
}

/**
 * The summary the offline model writes: every sentence built from the report's own figures (a
 * different week reads differently), so a machine without a model still gets a true summary.
 */
export function offlineReportSummary(facts: ReportFacts): string {
  return [commitmentsSentence(facts), standoutSentence(facts), energySentence(facts), goalsSentence(facts)].filter(Boolean).join(' ');
}

/**
 * Writes a report's summary with the configured chat model, from the payload as JSON, within
 * `timeoutMs`. The offline model's summary is offlineReportSummary(); a failing or slow model
 * falls back to it, so a report is never lost to the model. Call it holding no database connection.
 */
export class ReportSummarizer {
  constructor(
    private readonly model: BaseChatModel,
    private readonly timeoutMs = 20_000,
  ) {}

  /** Whether summaries are written without a remote call (the offline model). */
  get offline(): boolean {
    return this.model instanceof OfflineCoachModel;
  }

  async summarize(facts: ReportFacts): Promise<{ summary: string; byModel: boolean }> {
    if (this.offline) return { summary: offlineReportSummary(facts), byModel: true };
    try {
      const reply = await this.model.invoke([new SystemMessage(REPORT_SUMMARY_PROMPT), new HumanMessage(JSON.stringify(facts))], { signal: AbortSignal.timeout(this.timeoutMs) });
      const summary = reply.text.trim();
      if (summary) return { summary: summary.length > MAX_SUMMARY ? `${summary.slice(0, MAX_SUMMARY - 1)}…` : summary, byModel: true };
    } catch {
      // Falls through to the offline summary below; the caller logs byModel: false.
    }
    return { summary: offlineReportSummary(facts), byModel: false };
  }
}
