import { Injectable, Logger } from '@nestjs/common';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { HumanMessage, SystemMessage } from '@langchain/core/messages';

import { createChatModel, readLlmConfig } from '@tandem/llm';

import { explainToRequestor } from './explanation';
import type { Reason } from './matching';

/** What the model may say about a suggested colleague: exactly what the template would. */
export interface ExplanationFacts {
  collaboratorName: string | null;
  reasons: readonly Reason[];
  /** The requestor's own words: theirs to see. */
  context: string;
}

const INSTRUCTIONS = [
  'You write one or two short sentences telling a person why a colleague could help them.',
  'Use only the facts given. Do not add skills, projects, traits, availability or anything else about the colleague.',
  'Address the person as "you". No greeting, no lists, no quotes around the answer.',
].join(' ');

/** A model's answer is used only if it looks like the explanation asked for. */
const MAX_LENGTH = 400;

/**
 * Writes the requestor's explanation with the configured chat model, from the facts the template
 * uses and nothing else (so it cannot reveal what the colleague has not shared: their other
 * expertise, projects, preferences). Offline (no model configured), or when the model fails or
 * answers out of shape, the template is the explanation. Never called inside a transaction.
 */
@Injectable()
export class ExplanationWriter {
  private readonly logger = new Logger('ExplanationWriter');

  constructor(private readonly model: BaseChatModel | null = ExplanationWriter.configuredModel()) {}

  /** The chat model when one is configured; null offline (the scripted coach writes no explanations). */
  static configuredModel(): BaseChatModel | null {
    const config = readLlmConfig();
    return config.chat.provider === 'offline' ? null : createChatModel(config);
  }

  async write(facts: ExplanationFacts): Promise<string> {
    const template = explainToRequestor(facts.collaboratorName, facts.reasons);
    if (!this.model) return template;
    try {
      const reply = await this.model.invoke([new SystemMessage(INSTRUCTIONS), new HumanMessage(JSON.stringify({ ...this.factsFor(facts), draft: template }))]);
      const text = typeof reply.content === 'string' ? reply.content.trim() : '';
      return text && text.length <= MAX_LENGTH && !text.includes('\n') ? text : template;
    } catch (error) {
      this.logger.warn(`explanation model failed, using the template: ${(error as Error).message}`);
      return template;
    }
  }

  /** The reasons as the template states them: matched terms, one project, two strengths. */
  private factsFor({ collaboratorName, reasons, context }: ExplanationFacts) {
    return {
      colleague: collaboratorName ?? 'This colleague',
      yourContext: context,
      reasons: reasons.slice(0, 2).map((reason) => {
        switch (reason.type) {
          case 'expertise_match':
            return { kind: 'knows what your context is about', terms: reason.terms.slice(0, 3) };
          case 'similar_challenge':
            return { kind: 'has met a challenge like yours', project: reason.project };
          case 'complementary_strengths':
            return { kind: 'complementary strengths', theirs: reason.theirs, yours: reason.yours };
        }
      }),
    };
  }
}
