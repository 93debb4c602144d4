import { BaseCallbackHandler } from '@langchain/core/callbacks/base';
import type { BaseMessage } from '@langchain/core/messages';
import type { LLMResult } from '@langchain/core/outputs';
import { context, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { Counter, Histogram } from 'prom-client';

import { sharedMetric } from '@tandem/config';

const modelSeconds = sharedMetric(
  'tandem_model_request_duration_seconds',
  (name) =>
    new Histogram({
      name,
      help: 'Chat model calls, from request to the last token, by provider and outcome.',
      labelNames: ['provider', 'outcome'] as const,
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60, 120],
    }),
);
const modelTokens = sharedMetric(
  'tandem_model_tokens_total',
  (name) =>
    new Counter({
      name,
      help: 'Tokens the chat model read (input) and wrote (output), as the provider reports them.',
      labelNames: ['provider', 'kind'] as const,
    }),
);
const modelErrors = sharedMetric(
  'tandem_model_errors_total',
  (name) =>
    new Counter({
      name,
      help: 'Chat model calls that failed (after the client’s retries).',
      labelNames: ['provider'] as const,
    }),
);

const tracer = trace.getTracer('@tandem/llm');

interface Run {
  started: number;
  span: Span;
}

/**
 * Measures every call of the chat model it is attached to: a span in the caller's trace (a no-op
 * unless tracing is on), its latency, tokens and errors per provider in Prometheus. Awaited, so
 * the span starts in the caller's context.
 */
export class ModelTelemetry extends BaseCallbackHandler {
  name = 'tandem-model-telemetry';
  private readonly runs = new Map<string, Run>();

  constructor(
    private readonly provider: string,
    private readonly model: string,
  ) {
    super({ _awaitHandler: true });
  }

  override handleChatModelStart(_llm: unknown, _messages: BaseMessage[][], runId: string): void {
    const span = tracer.startSpan(`chat ${this.model}`, { kind: SpanKind.CLIENT, attributes: { 'gen_ai.system': this.provider, 'gen_ai.request.model': this.model } }, context.active());
    this.runs.set(runId, { started: performance.now(), span });
  }

  override handleLLMEnd(output: LLMResult, runId: string): void {
    const run = this.end(runId, 'ok');
    const usage = usageOf(output);
    if (usage.input) modelTokens.inc({ provider: this.provider, kind: 'input' }, usage.input);
    if (usage.output) modelTokens.inc({ provider: this.provider, kind: 'output' }, usage.output);
    run?.span.setAttributes({ 'gen_ai.usage.input_tokens': usage.input, 'gen_ai.usage.output_tokens': usage.output });
    run?.span.end();
  }

  override handleLLMError(error: Error, runId: string): void {
    modelErrors.inc({ provider: this.provider });
    const run = this.end(runId, 'error');
    run?.span.recordException(error);
    run?.span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
    run?.span.end();
  }

  private end(runId: string, outcome: 'ok' | 'error'): Run | undefined {
    const run = this.runs.get(runId);
    this.runs.delete(runId);
    if (run) modelSeconds.observe({ provider: this.provider, outcome }, (performance.now() - run.started) / 1000);
    return run;
  }
}

/** Token counts from the message's usage metadata (LangChain's common shape), else the provider's own. */
function usageOf(output: LLMResult): { input: number; output: number } {
  const message = (output.generations[0]?.[0] as { message?: { usage_metadata?: { input_tokens?: number; output_tokens?: number } } } | undefined)?.message;
  const tokenUsage = (output.llmOutput as { tokenUsage?: { promptTokens?: number; completionTokens?: number } } | undefined)?.tokenUsage;
  return {
    input: message?.usage_metadata?.input_tokens ?? tokenUsage?.promptTokens ?? 0,
    output: message?.usage_metadata?.output_tokens ?? tokenUsage?.completionTokens ?? 0,
  };
}
