import { SearchMemory } from '@tandem/contracts';

import { loadBaseline, loadConversations, measureRecall, type MemoryUnderTest } from './memory-recall';
import { startSentinel, type SentinelBed } from './support';

/**
 * evals/memory through the service as it runs: each long conversation's messages published as
 * chat.message.created, the questions asked as sentinel.search-memory. Fails when recall@5 drops
 * below the committed floor (evals/memory/baseline.json; npm run eval:memory prints the figures).
 */
describe('memory recall on long conversations', () => {
  let bed: SentinelBed;

  beforeAll(async () => {
    bed = await startSentinel();
  });

  afterAll(async () => {
    await bed?.close();
  });

  const memory = (): MemoryUnderTest => ({
    // The people of these conversations consent to health and emotion memories (npm run eval:memory also shows recall without).
    prepare: (userId) => bed.consent(userId),
    learn: async (message) => {
      await bed.say(message.userId, message.content, message);
    },
    search: async (userId, q, k) => (await bed.ask(SearchMemory, { userId, q, limit: k })).items.map((hit) => (hit.kind === 'episode' ? hit.episode.id : hit.note.sourceMessageId)),
  });

  const baseline = loadBaseline();
  it.each(loadConversations().map((conversation) => [conversation.name, conversation] as const))(
    'should find the answer of %s among the top 5 at least as often as the baseline',
    async (name, conversation) => {
      expect(conversation.messages.length).toBeGreaterThanOrEqual(150);
      const result = await measureRecall(conversation, memory(), 5);
      expect(result.recall).toBeGreaterThanOrEqual(baseline[name]!);
    },
    600_000,
  );
});
