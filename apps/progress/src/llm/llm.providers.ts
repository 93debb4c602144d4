import { Logger, type Provider } from '@nestjs/common';

import { createChatModel, createEmbeddings, describeLlmConfig, readLlmConfig, ReportSummarizer, type ModelEmbeddings } from '@tandem/llm';

import { PROGRESS_CONFIG, type ProgressConfig } from '../progress.config';

/** The size of progress.reports.embedding (vector(100)): the offline embeddings' size. */
export const REPORT_EMBEDDING_DIMENSIONS = 100;

/** Embeddings of report summaries (tests may override the provider). */
export const REPORT_EMBEDDINGS = Symbol('REPORT_EMBEDDINGS');

/** Fails fast at start-up when the configured model's vectors do not fit the column. */
export function checkedForReports(embeddings: ModelEmbeddings): ModelEmbeddings {
  const { model, dimensions } = embeddings.embeddingModelInfo;
  if (dimensions !== REPORT_EMBEDDING_DIMENSIONS) {
    throw new Error(`progress stores ${REPORT_EMBEDDING_DIMENSIONS}-dimension report embeddings; ${model} makes ${dimensions} (EMBEDDINGS_DIMENSIONS): add a migration first (docs/progress.md)`);
  }
  return embeddings;
}

/** The report summarizer (the configured chat model; offline by default) and the embeddings. */
export const LLM_PROVIDERS: Provider[] = [
  {
    provide: ReportSummarizer,
    useFactory: (config: ProgressConfig): ReportSummarizer => {
      const llm = readLlmConfig();
      new Logger('Llm').log(describeLlmConfig(llm));
      return new ReportSummarizer(createChatModel(llm), config.PROGRESS_REPORT_SUMMARY_TIMEOUT_MS);
    },
    inject: [PROGRESS_CONFIG],
  },
  {
    provide: REPORT_EMBEDDINGS,
    useFactory: async (): Promise<ModelEmbeddings> => {
      const embeddings = checkedForReports(createEmbeddings(readLlmConfig()));
      // The offline model loads its word vectors once: at start, not on the first report.
      await (embeddings as { warmUp?: () => Promise<void> }).warmUp?.();
      return embeddings;
    },
  },
];
