import { MikroORM } from '@mikro-orm/postgresql';

import { createTestDatabase } from '@tandem/testing';

import { chatOrmConfig } from '../../apps/chat/src/mikro-orm.config';
import { PromptRepository } from '../../apps/chat/src/prompts/prompt.repository';
import type { PromptVersion } from './harness';

/**
 * Every prompt version as chat's migrations seed them: a fresh database migrated as the chat
 * service would be, read through chat's PromptRepository, then dropped. No copy of the templates
 * to drift from the migrations.
 */
export async function seededPromptVersions(): Promise<PromptVersion[]> {
  const db = await createTestDatabase({ chat: chatOrmConfig });
  const orm = await MikroORM.init({ ...db.ormConfig('chat'), debug: false });
  try {
    const prompts = await new PromptRepository(orm.em).list();
    return prompts.map(({ coachingPhase, version, isActive, template, allowedActions }) => ({ coachingPhase, version, isActive, template, allowedActions: [...allowedActions] }));
  } finally {
    await orm.close(true);
    await db.drop();
  }
}
