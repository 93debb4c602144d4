import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import type { CallbackManagerForLLMRun } from '@langchain/core/callbacks/manager';
import type { BaseLanguageModelInput } from '@langchain/core/language_models/base';
import { BaseChatModel, type BaseChatModelCallOptions, type BaseChatModelParams, type BindToolsInput } from '@langchain/core/language_models/chat_models';
import { AIMessage, AIMessageChunk, type BaseMessage } from '@langchain/core/messages';
import { ChatGenerationChunk, type ChatResult } from '@langchain/core/outputs';
import type { Runnable } from '@langchain/core/runnables';

import { parseCoachContext } from '../coach/coach-context';
import { OFFLINE_CHAT_MODEL } from '../config/llm-config';
import { planCoachReply, type CoachReplyPlan, type CoachTurn } from './coach-script';

export interface OfflineCoachCallOptions extends BaseChatModelCallOptions {
  tools?: BindToolsInput[];
}

export interface OfflineCoachModelFields extends BaseChatModelParams {
  /** A pause between streamed words, to look like a remote model in demos; 0 by default. */
  tokenDelayMs?: number;
}

/** The name of a bound tool in any of the shapes LangChain accepts (LangChain tool, OpenAI or Anthropic format). */
function toolName(tool: BindToolsInput): string | undefined {
  const candidate = tool as { name?: unknown; function?: { name?: unknown } };
  if (typeof candidate.function?.name === 'string') return candidate.function.name;
  return typeof candidate.name === 'string' ? candidate.name : undefined;
}

function allowedTools(options: OfflineCoachCallOptions): Set<string> {
  const bound = (options.tools ?? []).map(toolName).filter((name): name is string => name !== undefined);
  const choice = options.tool_choice;
  if (choice === 'none') return new Set();
  // A forced tool narrows the choice; other forms ("auto", "any", provider objects) leave it open.
  if (typeof choice === 'string' && choice !== 'auto' && choice !== 'any') return new Set(bound.filter((name) => name === choice));
  return new Set(bound);
}

function conversation(messages: BaseMessage[]): { system: string; turns: CoachTurn[] } {
  const system: string[] = [];
  const turns: CoachTurn[] = [];
  for (const message of messages) {
    const type = message.getType();
    if (type === 'system') system.push(message.text);
    else if (type === 'human') turns.push({ role: 'user', text: message.text, toolCalls: [] });
    else if (AIMessage.isInstance(message)) turns.push({ role: 'coach', text: message.text, toolCalls: message.tool_calls ?? [] });
    // Tool results carry nothing the script needs: the context lines say what changed.
  }
  return { system: system.join('\n'), turns };
}

/**
 * A LangChain chat model that coaches without a network or a key: a deterministic script reads
 * the phase from the system prompt (see coach-context.ts), the conversation so far and the bound
 * tools, and answers with text and tool calls the way a real model would. It streams word by word.
 */
export class OfflineCoachModel extends BaseChatModel<OfflineCoachCallOptions> {
  readonly model = OFFLINE_CHAT_MODEL;
  readonly tokenDelayMs: number;

  static override lc_name(): string {
    return 'OfflineCoachModel';
  }

  constructor(fields: OfflineCoachModelFields = {}) {
    super(fields);
    this.tokenDelayMs = fields.tokenDelayMs ?? 0;
  }

  _llmType(): string {
    return 'tandem-offline';
  }

  override bindTools(tools: BindToolsInput[], kwargs?: Partial<OfflineCoachCallOptions>): Runnable<BaseLanguageModelInput, AIMessageChunk, OfflineCoachCallOptions> {
    return this.withConfig({ tools, ...kwargs });
  }

  /** The reply and its tool call ids, both a pure function of the input. */
  planReply(messages: BaseMessage[], options: OfflineCoachCallOptions): CoachReplyPlan & { ids: string[] } {
    const { system, turns } = conversation(messages);
    const reply = planCoachReply({ context: parseCoachContext(system), turns, tools: allowedTools(options) });
    const digest = createHash('sha256')
      .update(JSON.stringify([system, turns]))
      .digest('hex')
      .slice(0, 16);
    return { ...reply, ids: reply.toolCalls.map((_, index) => `call_offline_${digest}_${index}`) };
  }

  async _generate(messages: BaseMessage[], options: this['ParsedCallOptions'], runManager?: CallbackManagerForLLMRun): Promise<ChatResult> {
    const { text, toolCalls, ids } = this.planReply(messages, options);
    const message = new AIMessage({
      content: text,
      tool_calls: toolCalls.map((call, index) => ({ type: 'tool_call', id: ids[index]!, name: call.name, args: call.args })),
      response_metadata: { model_name: this.model, finish_reason: toolCalls.length ? 'tool_calls' : 'stop' },
    });
    await runManager?.handleLLMNewToken(text);
    return { generations: [{ text, message }] };
  }

  override async *_streamResponseChunks(messages: BaseMessage[], options: this['ParsedCallOptions'], runManager?: CallbackManagerForLLMRun): AsyncGenerator<ChatGenerationChunk> {
    const { text, toolCalls, ids } = this.planReply(messages, options);
    for (const word of text.match(/\S+\s*/g) ?? []) {
      if (this.tokenDelayMs > 0) await sleep(this.tokenDelayMs, undefined, { signal: options.signal });
      options.signal?.throwIfAborted();
      const chunk = new ChatGenerationChunk({ text: word, message: new AIMessageChunk({ content: word }) });
      yield chunk;
      await runManager?.handleLLMNewToken(word, undefined, undefined, undefined, undefined, { chunk });
    }
    // Like a provider, each call's arguments arrive in pieces that the consumer joins by index.
    for (const [index, call] of toolCalls.entries()) {
      const args = JSON.stringify(call.args);
      const half = Math.ceil(args.length / 2);
      const pieces = [
        { type: 'tool_call_chunk' as const, index, id: ids[index]!, name: call.name, args: args.slice(0, half) },
        { type: 'tool_call_chunk' as const, index, args: args.slice(half) },
      ];
      for (const piece of pieces) {
        options.signal?.throwIfAborted();
        yield new ChatGenerationChunk({ text: '', message: new AIMessageChunk({ content: '', tool_call_chunks: [piece] }) });
      }
    }
    yield new ChatGenerationChunk({
      text: '',
      message: new AIMessageChunk({ content: '', response_metadata: { model_name: this.model, finish_reason: toolCalls.length ? 'tool_calls' : 'stop' } }),
    });
  }
}
