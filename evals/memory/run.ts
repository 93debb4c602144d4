// Memory recall on long conversations (issue 15, item 8): each scripted conversation is chatted
// through Sentinel's ingestion as one user (extract, embed, reconcile, keep the episode, in the
// consumer's transaction), then every question is searched; recall@5 counts a question found when
// the message holding the answer, or a note taken from it, is among the top 5.
// The people of these conversations consent to health and emotion memories; a third run shows
// what is found without that consent.
// Run: npm run eval:memory   (EVAL_K=5; offline models, a fresh database)
import { MikroORM } from '@mikro-orm/postgresql';

import { OfflineEmbeddings } from '@tandem/llm';
import { outboxRow, recordMessage, type Transaction } from '@tandem/messaging';
import { createTestDatabase } from '@tandem/testing';

import { EmotionRepository } from '../../apps/sentinel/src/emotions/emotion.repository';
import { EpisodeRepository } from '../../apps/sentinel/src/episodes/episode.repository';
import { OfflineExtractor } from '../../apps/sentinel/src/extraction/offline-extractor';
import { MemoryService } from '../../apps/sentinel/src/memory/memory.service';
import { sentinelOrmConfig } from '../../apps/sentinel/src/mikro-orm.config';
import { NoteSearchRepository } from '../../apps/sentinel/src/notes/note-search.repository';
import { NoteRepository } from '../../apps/sentinel/src/notes/note.repository';
import { MemorySearchRepository } from '../../apps/sentinel/src/search/memory-search.repository';
import { readSentinelConfig } from '../../apps/sentinel/src/sentinel.config';
import { MemorySettingsRepository } from '../../apps/sentinel/src/settings/memory-settings.repository';
import { loadBaseline, loadConversations, measureRecall, type MemoryUnderTest } from '../../apps/sentinel/test/memory-recall';

const K = Number(process.env.EVAL_K ?? 5);

async function main(): Promise<void> {
  const db = await createTestDatabase({ sentinel: sentinelOrmConfig });
  const orm = await MikroORM.init({ ...db.ormConfig('sentinel'), debug: false });
  const embeddings = new OfflineEmbeddings();
  await embeddings.warmUp();
  const config = readSentinelConfig();
  const settings = new MemorySettingsRepository();
  const consent = async (userId: string) => orm.em.fork().transactional(async (em) => void (await settings.save(em, userId, { keepHealth: true, keepEmotions: true }, null)));
  const memory = new MemoryService(new OfflineExtractor(), embeddings, new NoteRepository(orm.em), new EmotionRepository(orm.em), new EpisodeRepository(), settings);
  const memorySearch = new MemorySearchRepository(orm.em, config);
  const noteSearch = new NoteSearchRepository(orm.em, config);
  const model = embeddings.embeddingModelInfo.model;
  const learn: MemoryUnderTest['learn'] = async (message) => {
    // As the chat.message.created handler does: read holding no connection, then one short write.
    const reading = await memory.read(message);
    await orm.em.fork().transactional((em) => {
      const tx: Transaction = {
        em,
        emit: (contract, payload, meta) => recordMessage(em, contract, payload, meta).id,
        // Nothing is published here: the evaluation reads the notes, not the events.
        stage: (contract, payload, meta) => outboxRow(contract, payload, meta),
        publishAfterCommit: () => undefined,
      };
      return memory.remember(tx, reading, { message, testScenarioId: null });
    });
  };
  const everything: MemoryUnderTest = {
    prepare: consent,
    learn,
    search: async (userId, q, k) => {
      const hits = await memorySearch.search({ userId, q, vector: await embeddings.embedQuery(q), embeddingModel: model, limit: k });
      return hits.map((hit) => (hit.kind === 'episode' ? hit.episode.id : hit.note.sourceMessageId));
    },
  };
  const notesOnly: MemoryUnderTest = {
    prepare: consent,
    learn,
    search: async (userId, q, k) =>
      (await noteSearch.search({ userId, q, vector: await embeddings.embedQuery(q), embeddingModel: model, limit: k, includeHistory: false })).map(({ note }) => note.sourceMessageId),
  };
  const currentNotes = async () => {
    const [row] = await orm.em.fork().execute<Array<{ notes: string }>>(`select count(*) as "notes" from "sentinel"."user_notes" where "valid_to" is null`);
    return Number(row?.notes);
  };
  try {
    const baseline = loadBaseline();
    const rows = [];
    for (const conversation of loadConversations()) {
      const before = await currentNotes();
      const result = await measureRecall(conversation, everything, K);
      const kept = (await currentNotes()) - before;
      const notes = await measureRecall(conversation, notesOnly, K);
      const withoutConsent = await measureRecall(conversation, { ...everything, prepare: undefined }, K);
      rows.push({
        conversation: conversation.name,
        messages: result.messages,
        questions: result.questions,
        [`recall@${K} notes+episodes`]: result.recall,
        [`recall@${K} notes only`]: notes.recall,
        [`recall@${K} no health/emotion consent`]: withoutConsent.recall,
        'baseline (floor)': baseline[conversation.name] ?? NaN,
        'notes kept': kept,
      });
      for (const miss of result.misses) console.log(`  ${conversation.name} missed: ${miss}`);
    }
    console.log(`\nMemory recall@${K}: the message holding the answer, or a note taken from it, in the top ${K} (offline extractor and embeddings)`);
    console.table(rows.map((row) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, typeof value === 'number' && !Number.isInteger(value) ? Number(value.toFixed(3)) : value]))));
    const total = rows.reduce((sum, row) => sum + row.questions, 0);
    const found = rows.reduce((sum, row) => sum + (row[`recall@${K} notes+episodes`] as number) * row.questions, 0);
    console.log(`overall recall@${K}: ${(found / total).toFixed(3)} (${Math.round(found)} of ${total} questions)`);
  } finally {
    await orm.close(true);
    await db.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
