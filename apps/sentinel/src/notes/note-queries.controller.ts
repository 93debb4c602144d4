import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';

import { DeleteNote, EditNote, ListNotes, ListNotesV1, SearchNotes, type NoteView, type PayloadOf, type ResponseOf } from '@tandem/contracts';
import { AnswerQuery } from '@tandem/messaging';

import { NoteService } from './note.service';

/**
 * Request/reply for chat (search) and the gateway (the user's own notes). Every request names
 * its user; another user's note is a 404. @Payload() makes Nest run AnswerQuery's validation.
 */
@Controller()
export class NoteQueriesController {
  constructor(private readonly notes: NoteService) {}

  @AnswerQuery(SearchNotes)
  search(@Payload() request: PayloadOf<typeof SearchNotes>): Promise<ResponseOf<typeof SearchNotes>> {
    return this.notes.search(request);
  }

  @AnswerQuery(ListNotes)
  list(@Payload() request: PayloadOf<typeof ListNotes>): Promise<ResponseOf<typeof ListNotes>> {
    return this.notes.list(request);
  }

  /** Version 1's callers get the first page, without its cursor. */
  @AnswerQuery(ListNotesV1)
  async listV1(@Payload() request: PayloadOf<typeof ListNotesV1>): Promise<ResponseOf<typeof ListNotesV1>> {
    return { items: (await this.notes.list(request)).items };
  }

  @AnswerQuery(EditNote)
  edit(@Payload() { userId, noteId, ...edit }: PayloadOf<typeof EditNote>): Promise<NoteView> {
    return this.notes.editNow(userId, noteId, edit);
  }

  @AnswerQuery(DeleteNote)
  async delete(@Payload() { userId, noteId }: PayloadOf<typeof DeleteNote>): Promise<ResponseOf<typeof DeleteNote>> {
    await this.notes.deleteNow(userId, noteId);
    return { deleted: true };
  }
}
