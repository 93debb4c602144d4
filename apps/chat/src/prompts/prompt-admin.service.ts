import { Injectable } from '@nestjs/common';

import { COACHING_PHASES, type ActivatePrompt, type CreatePromptVersion, type ListPrompts, type PayloadOf, type PromptView } from '@tandem/contracts';
import { MessageBus } from '@tandem/messaging';

import { ChatError } from '../chat.errors';
import type { Prompt } from './prompt.entity';
import { PromptRepository } from './prompt.repository';

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

  /** By phase in journey order, newest version first. */
  async list({ coachingPhase }: PayloadOf<typeof ListPrompts>): Promise<PromptView[]> {
    const order = (prompt: Prompt) => COACHING_PHASES.indexOf(prompt.coachingPhase);
    return (await this.prompts.list(coachingPhase)).sort((a, b) => order(a) - order(b) || b.version - a.version).map(toPromptView);
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
