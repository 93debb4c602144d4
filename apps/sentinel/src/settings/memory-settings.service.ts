import { Injectable } from '@nestjs/common';

import { NoteDeleted, type GetMemorySettings, type MemorySettingsView, type PayloadOf, type ResponseOf, type UpdateMemorySettings } from '@tandem/contracts';
import { MessageBus } from '@tandem/messaging';

import type { MemorySettings } from './memory-settings.entity';
import { MemorySettingsRepository } from './memory-settings.repository';

function toView(userId: string, settings: MemorySettings | null): MemorySettingsView {
  return { userId, keepHealth: settings?.keepHealth ?? false, keepEmotions: settings?.keepEmotions ?? false, updatedAt: settings?.updatedAt.toISOString() ?? null };
}

/** The user's consents for sensitive memory; withdrawing one forgets what it covered. */
@Injectable()
export class MemorySettingsService {
  constructor(
    private readonly bus: MessageBus,
    private readonly settings: MemorySettingsRepository,
  ) {}

  get({ userId }: PayloadOf<typeof GetMemorySettings>): Promise<MemorySettingsView> {
    return this.bus.transaction(async (tx) => toView(userId, await this.settings.find(tx.em, userId)));
  }

  /**
   * Saves the consents; a consent that is now false deletes the notes and episodes of its class
   * (and, for emotions, every emotion reading), each deleted note announced as forgotten. In the
   * user's write lock, so a message being learned at the same time sees the old or the new consent,
   * never half of each.
   */
  update({ userId, keepHealth, keepEmotions }: PayloadOf<typeof UpdateMemorySettings>): Promise<ResponseOf<typeof UpdateMemorySettings>> {
    return this.bus.transaction(
      async (tx) => {
        const saved = await this.settings.save(tx.em, userId, { keepHealth, keepEmotions }, null);
        let forgotten = 0;
        const withdrawn = [...(keepHealth ? [] : (['health'] as const)), ...(keepEmotions ? [] : (['emotions'] as const))];
        for (const memoryClass of withdrawn) {
          const { noteIds, rows } = await this.settings.forgetClass(tx.em, userId, memoryClass);
          for (const noteId of noteIds) tx.emit(NoteDeleted, { userId, noteId }, { userId });
          forgotten += rows;
        }
        if (!keepEmotions) forgotten += await this.settings.forgetEmotions(tx.em, userId);
        return { ...toView(userId, saved), forgotten };
      },
      { userId },
    );
  }
}
