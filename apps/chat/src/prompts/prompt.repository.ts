import { randomUUID } from 'node:crypto';

import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import { COACHING_PHASES, type CoachActionType, type CoachingPhase } from '@tandem/contracts';

import { FIRST_PHASE } from '../read-models/coaching-state';
import type { ReadPart } from '../read-models/read-part';
import { Prompt } from './prompt.entity';

export interface NewPromptVersion {
  coachingPhase: CoachingPhase;
  template: string;
  allowedActions: CoachActionType[];
}

/** What a turn reads of its phase's active prompt. */
export type ActivePrompt = Pick<Prompt, 'version' | 'template' | 'allowedActions'>;

/** A phase's place in the journey (COACHING_PHASES, constants of the contract, so written into the SQL). */
const journeyOrder = (phase: string) => `array_position(array[${COACHING_PHASES.map((name) => `'${name}'`).join(', ')}]::text[], ${phase}::text)`;

/** Where a page of prompts ends: the last one's phase and version. */
export interface PromptPosition {
  phase: CoachingPhase;
  version: number;
}

/** The only code that touches prompts. Writes take the caller's transaction. */
@Injectable()
export class PromptRepository {
  constructor(private readonly em: EntityManager) {}

  /**
   * The active version for the phase the user is in (the read model's, or the first phase when
   * coach-state has not announced one), as a part of the turn's read: no second round trip
   * waiting for the phase.
   */
  activeForUser(userId: string): ReadPart<ActivePrompt | null> {
    return {
      columns: `(select json_build_object('version', "version", 'template', "template", 'allowedActions', "allowed_actions") from "chat"."prompts"
            where "coaching_phase" = coalesce((select "phase" from "chat"."coach_contexts" where "user_id" = ?), ?) and "is_active" limit 1) as "prompt"`,
      params: [userId, FIRST_PHASE],
      read: (row) => (row.prompt ?? null) as ActivePrompt | null,
    };
  }

  /** By phase in journey order, newest version first; `limit` after `after` (a phase and version), all without a limit. */
  async list(phase?: CoachingPhase, page: { after?: PromptPosition; limit?: number } = {}): Promise<Prompt[]> {
    const em = this.em.fork();
    const where = ['true'];
    const params: unknown[] = [];
    if (phase) (where.push('"coaching_phase" = ?'), params.push(phase));
    if (page.after) {
      where.push(`(${journeyOrder('"coaching_phase"')} > ${journeyOrder('?')} or ("coaching_phase" = ? and "version" < ?))`);
      params.push(page.after.phase, page.after.phase, page.after.version);
    }
    const rows = await em.execute(
      `select * from "chat"."prompts" where ${where.join(' and ')} order by ${journeyOrder('"coaching_phase"')}, "version" desc${page.limit === undefined ? '' : ' limit ?'}`,
      page.limit === undefined ? params : [...params, page.limit],
    );
    return rows.map((row) => em.map(Prompt, row));
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
