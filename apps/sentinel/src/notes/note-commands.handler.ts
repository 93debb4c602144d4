import { Injectable } from '@nestjs/common';

import { CorrectNote, ForgetNote, type PayloadOf } from '@tandem/contracts';
import { OnMessage, type HandlerContext } from '@tandem/messaging';

import { NoteService } from './note.service';

/**
 * The coach's memory actions (chat's forget_note and correct_note), as durable commands. Each runs
 * in its message's transaction; its answer is the note event it emits (caused by the command,
 * which settles the action), or command.rejected for a note that is not the user's (or, for a
 * correction, one already history): a SentinelError.
 */
@Injectable()
export class NoteCommandsHandler {
  constructor(private readonly notes: NoteService) {}

  @OnMessage(ForgetNote)
  onForgetNote({ userId, noteId }: PayloadOf<typeof ForgetNote>, context: HandlerContext): Promise<void> {
    return this.notes.forget(context, userId, noteId);
  }

  @OnMessage(CorrectNote)
  onCorrectNote({ userId, noteId, note }: PayloadOf<typeof CorrectNote>, context: HandlerContext): Promise<void> {
    return this.notes.correct(context, userId, noteId, note, context.envelope.testScenarioId ?? null);
  }
}
