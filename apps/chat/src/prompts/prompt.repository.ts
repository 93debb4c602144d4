import { randomUUID } from 'node:crypto';

import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import type { CoachActionType, CoachingPhase } from '@tandem/contracts';

import { Prompt } from './prompt.entity';

export interface NewPromptVersion {
  coachingPhase: CoachingPhase;
  template: string;
  allowedActions: CoachActionType[];
}

/** The only code that touches prompts. Writes take the caller's transaction. */
@Injectable()
export class PromptRepository {
  constructor(private readonly em: EntityManager) {}

  /** The one active version for the phase (the database allows no second). */
  activeFor(em: EntityManager, phase: CoachingPhase): Promise<Prompt | null> {
    return em.findOne(Prompt, { coachingPhase: phase, isActive: true });
  }

  list(phase?: CoachingPhase): Promise<Prompt[]> {
    return this.em.fork().find(Prompt, phase ? { coachingPhase: phase } : {}, { orderBy: [{ coachingPhase: 'asc' }, { version: 'desc' }] });
  }

  findById(em: EntityManager, id: string): Promise<Prompt | null> {
    return em.findOne(Prompt, { id });
  }

  /** Serializes changes to one phase's versions until the transaction ends (next version number, the one active). */
  async lockPhase(em: EntityManager, phase: CoachingPhase): Promise<void> {
    await em.execute('select pg_advisory_xact_lock(hashtext(?))', [`chat.prompts:${phase}`]);
  }

  /** Deactivates the phase's active version; flushed, so the partial unique index lets another become active. */
  async deactivatePhase(em: EntityManager, phase: CoachingPhase): Promise<void> {
    await em.nativeUpdate(Prompt, { coachingPhase: phase, isActive: true }, { isActive: false });
  }

  async addVersion(em: EntityManager, data: NewPromptVersion, isActive: boolean): Promise<Prompt> {
    const [row] = await em.execute<Array<{ next: number }>>('select coalesce(max("version"), 0) + 1 as next from "chat"."prompts" where "coaching_phase" = ?', [data.coachingPhase]);
    const prompt = em.create(Prompt, { id: randomUUID(), ...data, version: Number(row!.next), isActive, createdAt: new Date() });
    await em.flush();
    return prompt;
  }
}
