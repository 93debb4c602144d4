import { Injectable } from '@nestjs/common';

import { z } from 'zod';

import { COACHING_PHASES, type ActivatePrompt, type CreatePromptVersion, type ListPrompts, type PayloadOf, type PromptView, type ResponseOf } from '@tandem/contracts';
import { MessageBus, decodeCursor, pageOf } from '@tandem/messaging';

import { ChatError } from '../chat.errors';
import type { Prompt } from './prompt.entity';
import { PromptRepository } from './prompt.repository';

/** A page of prompts ends at a phase and version (keyset: phases in journey order, newest version first). */
const promptCursor = z.object({ phase: z.enum(COACHING_PHASES), version: z.number().int().positive() });

export function toPromptView(prompt: Prompt): PromptView {
  return {
    id: prompt.id,
    coachingPhase: prompt.coachingPhase,
    version: prompt.version,
    isActive: prompt.isActive,
    template: prompt.template,
    allowedActions: prompt.allowedActions,
    createdAt: prompt.createdAt.toISOString(),
  };
}

/**
 * Admins' versions of the coach's prompts. Versions are never edited, only added; switching the
 * active one deactivates the previous in the same transaction, so a phase is never without one.
 */
@Injectable()
export class PromptAdminService {
  constructor(
    private readonly bus: MessageBus,
    private readonly prompts: PromptRepository,
  ) {}

  /** A page, by phase in journey order, newest version first; every version without a `limit` (version 1 of the query). */
  async list({ coachingPhase, cursor, limit }: { coachingPhase?: PayloadOf<typeof ListPrompts>['coachingPhase']; cursor?: string; limit?: number }): Promise<ResponseOf<typeof ListPrompts>> {
    const after = cursor === undefined ? undefined : decodeCursor(promptCursor, cursor);
    const rows = await this.prompts.list(coachingPhase, { after, limit: limit === undefined ? undefined : limit + 1 });
    const page = pageOf(rows, limit ?? rows.length, (last) => ({ phase: last.coachingPhase, version: last.version }));
    return { items: page.items.map(toPromptView), nextCursor: page.nextCursor };
  }

  createVersion({ coachingPhase, template, allowedActions, activate }: PayloadOf<typeof CreatePromptVersion>): Promise<PromptView> {
    return this.bus.transaction(async ({ em }) => {
      await this.prompts.lockPhase(em, coachingPhase);
      if (activate) await this.prompts.deactivatePhase(em, coachingPhase);
      return toPromptView(await this.prompts.addVersion(em, { coachingPhase, template, allowedActions: [...new Set(allowedActions)] }, activate));
    });
  }

  activate({ promptId }: PayloadOf<typeof ActivatePrompt>): Promise<PromptView> {
    return this.bus.transaction(async ({ em }) => {
      const found = await this.prompts.findById(em, promptId);
      if (!found) throw ChatError.promptNotFound();
      await this.prompts.lockPhase(em, found.coachingPhase);
      await this.prompts.deactivatePhase(em, found.coachingPhase);
      await em.refresh(found);
      found.isActive = true;
      await em.flush();
      return toPromptView(found);
    });
  }
}
