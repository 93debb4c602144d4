import { Controller, type INestApplication } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';

import { ListNotes, SearchNotes, type NoteView, type PayloadOf, type ResponseOf } from '@tandem/contracts';
import { BusNames, serveQueries } from '@tandem/messaging';

/**
 * Sentinel's two note queries as chat asks them during a turn, answered from notes the test
 * gives (chat's tests cannot start Sentinel: apps never import apps). Real NATS request/reply on
 * the real subjects; it records what it was asked.
 */
export interface FakeSentinel {
  notes: Map<string, NoteView[]>;
  asked: Array<{ subject: string; request: Record<string, unknown> }>;
  close(): Promise<void>;
}

export async function startFakeSentinel(): Promise<FakeSentinel> {
  const names = new BusNames(process.env.BUS_NAMESPACE ?? '');
  const notes = new Map<string, NoteView[]>();
  const asked: FakeSentinel['asked'] = [];

  @Controller()
  class FakeNoteQueries {
    @MessagePattern(names.subject(SearchNotes.subject))
    search(request: PayloadOf<typeof SearchNotes>): ResponseOf<typeof SearchNotes> {
      asked.push({ subject: SearchNotes.subject, request });
      return { items: (notes.get(request.userId) ?? []).slice(0, request.limit).map((note, index) => ({ ...note, score: 1 / (index + 1), distance: null })) };
    }

    @MessagePattern(names.subject(ListNotes.subject))
    list(request: PayloadOf<typeof ListNotes>): ResponseOf<typeof ListNotes> {
      asked.push({ subject: ListNotes.subject, request });
      return { items: (notes.get(request.userId) ?? []).slice(0, request.limit), nextCursor: null };
    }
  }

  const app: INestApplication = (await Test.createTestingModule({ controllers: [FakeNoteQueries] }).compile()).createNestApplication({ logger: false });
  await serveQueries(app, 'sentinel');
  return { notes, asked, close: () => app.close() };
}
