import { setTimeout as sleep } from 'node:timers/promises';

import type { CallbackManagerForLLMRun } from '@langchain/core/callbacks/manager';
import type { BaseLanguageModelInput } from '@langchain/core/language_models/base';
import { BaseChatModel, type BaseChatModelCallOptions, type BindToolsInput } from '@langchain/core/language_models/chat_models';
import { AIMessage, AIMessageChunk, type BaseMessage } from '@langchain/core/messages';
import { ChatGenerationChunk, type ChatResult } from '@langchain/core/outputs';
import type { Runnable } from '@langchain/core/runnables';

export interface ScriptedToolCall {
  name: string;
  /** An object, or a string to send arguments that are not valid JSON. */
  args: Record<string, unknown> | string;
}

export interface ScriptedReply {
  /** Answers only a conversation whose last user message contains this text. */
  when?: string;
  /** Streamed piece by piece, in order. */
  pieces?: string[];
  toolCalls?: ScriptedToolCall[];
  /** Thrown after the pieces are streamed (a provider failing mid-reply). */
  error?: Error;
  /** Waits this long before answering (or until the call is aborted): a slow provider. */
  delayMs?: number;
  /** Runs while the model is answering, before its first piece (to look at the world meanwhile). */
  during?: () => Promise<void>;
}

export interface RecordedCall {
  system: string;
  messages: BaseMessage[];
  tools: string[];
}

interface ScriptedCallOptions extends BaseChatModelCallOptions {
  tools?: BindToolsInput[];
}

const toolName = (tool: BindToolsInput) => (tool as { name?: string }).name ?? '?';

/**
 * A chat model whose replies the test writes: text streamed in the given pieces and tool calls
 * streamed as a provider sends them (argument fragments joined by index). Each reply is used
 * once; unscripted turns get a plain question back. Records every call.
 */
export class ScriptedChatModel extends BaseChatModel<ScriptedCallOptions> {
  readonly calls: RecordedCall[] = [];
  private readonly replies: ScriptedReply[] = [];

  _llmType(): string {
    return 'scripted';
  }

  script(...replies: ScriptedReply[]): void {
    this.replies.push(...replies);
  }

  override bindTools(tools: BindToolsInput[], kwargs?: Partial<ScriptedCallOptions>): Runnable<BaseLanguageModelInput, AIMessageChunk, ScriptedCallOptions> {
    return this.withConfig({ tools, ...kwargs });
  }

  async _generate(messages: BaseMessage[], options: this['ParsedCallOptions']): Promise<ChatResult> {
    const reply = this.next(messages, options);
    await reply.during?.();
    if (reply.delayMs) await sleep(reply.delayMs, undefined, { signal: options.signal });
    if (reply.error) throw reply.error;
    const text = (reply.pieces ?? []).join('');
    const toolCalls = (reply.toolCalls ?? []).map((call, index) => ({ type: 'tool_call' as const, id: `call_${index}`, name: call.name, args: call.args as Record<string, unknown> }));
    return { generations: [{ text, message: new AIMessage({ content: text, tool_calls: toolCalls }) }] };
  }

  override async *_streamResponseChunks(messages: BaseMessage[], options: this['ParsedCallOptions'], runManager?: CallbackManagerForLLMRun): AsyncGenerator<ChatGenerationChunk> {
    const reply = this.next(messages, options);
    await reply.during?.();
    if (reply.delayMs) await sleep(reply.delayMs, undefined, { signal: options.signal });
    for (const piece of reply.pieces ?? []) {
      const chunk = new ChatGenerationChunk({ text: piece, message: new AIMessageChunk({ content: piece }) });
      yield chunk;
      await runManager?.handleLLMNewToken(piece, undefined, undefined, undefined, undefined, { chunk });
    }
    if (reply.error) throw reply.error;
    for (const [index, call] of (reply.toolCalls ?? []).entries()) {
      const args = typeof call.args === 'string' ? call.args : JSON.stringify(call.args);
      const half = Math.ceil(args.length / 2);
      yield new ChatGenerationChunk({
        text: '',
        message: new AIMessageChunk({ content: '', tool_call_chunks: [{ type: 'tool_call_chunk', index, id: `call_${index}`, name: call.name, args: args.slice(0, half) }] }),
      });
      yield new ChatGenerationChunk({ text: '', message: new AIMessageChunk({ content: '', tool_call_chunks: [{ type: 'tool_call_chunk', index, args: args.slice(half) }] }) });
    }
  }

  private next(messages: BaseMessage[], options: ScriptedCallOptions): ScriptedReply {
    const system = messages
      .filter((message) => message.getType() === 'system')
      .map((message) => message.text)
      .join('\n');
    this.calls.push({ system, messages, tools: (options.tools ?? []).map(toolName) });
    const lastUser = messages.filter((message) => message.getType() === 'human').at(-1)?.text ?? '';
    const index = this.replies.findIndex((reply) => reply.when === undefined || lastUser.includes(reply.when));
    if (index < 0) return { pieces: ['What ', 'matters ', 'most ', 'to ', 'you?'] };
    return this.replies.splice(index, 1)[0]!;
  }
}
