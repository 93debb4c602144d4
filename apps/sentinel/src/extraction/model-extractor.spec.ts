import { FakeListChatModel } from '@langchain/core/utils/testing';
import { Logger } from '@nestjs/common';

import { ModelExtractor } from './model-extractor';
import { OfflineExtractor } from './offline-extractor';

describe(ModelExtractor.name, () => {
  it("should return the model's structured answer, subjects lower-cased", async () => {
    const answer = { notes: [{ note: 'Works as a nurse at St Mary’s', category: 'background', confidence: 0.9, subject: 'Employer', replaces: null }], emotion: { valence: 'NEGATIVE', intensity: 6 } };
    const extractor = new ModelExtractor(new FakeListChatModel({ responses: [JSON.stringify(answer)] }), new OfflineExtractor());
    // No class in the answer: the offline classifier gives one.
    expect(await extractor.extract('I am a nurse at St Mary’s and I am worried.')).toEqual({ notes: [{ ...answer.notes[0], subject: 'employer', memoryClass: 'work' }], emotion: answer.emotion });
  });

  it("should keep the model's sensitivity class when it gives one", async () => {
    const answer = { notes: [{ note: 'Sleeps badly since the move', category: 'wellbeing', memoryClass: 'health', confidence: 0.8, subject: null, replaces: null }], emotion: null };
    const extractor = new ModelExtractor(new FakeListChatModel({ responses: [JSON.stringify(answer)] }), new OfflineExtractor());
    expect((await extractor.extract('I sleep badly since the move')).notes[0]).toMatchObject({ memoryClass: 'health' });
  });

  it('should fall back to the offline extractor when the answer breaks the schema', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const extractor = new ModelExtractor(new FakeListChatModel({ responses: [JSON.stringify({ notes: [{ note: 'x', category: 'hobby' }] })] }), new OfflineExtractor());
    const extraction = await extractor.extract('I work at Acme');
    expect(extraction.notes.map((note) => note.note)).toEqual(['Works at Acme']);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('broke the extraction schema'));
    warn.mockRestore();
  });
});
