import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { convertWinkJson, WordRanks } from './word-vectors';

describe(convertWinkJson.name, () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'word-vectors-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  // The package's layout: each vector is its values, its L2 norm, then the word's frequency rank.
  const wink = {
    precision: 8,
    l2NormIndex: 3,
    wordIndex: 4,
    size: 4,
    dimensions: 3,
    words: ['the', '"', 'vectors', 'café'],
    vectors: { the: [0.5, -1, 2e-3, 1.1, 0], '"': [1, 2, 3, 3.7, 1], café: [-0.25, 0, 1, 1.03, 3], vectors: [9, 8, 7, 13.9, 2] },
    unkVector: [0, 0, 0, 0, -1],
  };

  it.each([1, 7, 64, 1 << 20])('should read words and vectors in rank order from %i-byte chunks', async (chunkBytes) => {
    const source = join(dir, 'vectors.json');
    await writeFile(source, JSON.stringify(wink));

    const { dimensions, data, words } = await convertWinkJson(source, chunkBytes);

    expect(dimensions).toBe(3);
    expect(words).toEqual(['the', '"', 'vectors', 'café']);
    expect(Array.from(data)).toEqual(Array.from(new Float32Array([0.5, -1, 2e-3, 1, 2, 3, 9, 8, 7, -0.25, 0, 1])));
  });

  it('should refuse a truncated file', async () => {
    const source = join(dir, 'vectors.json');
    await writeFile(source, JSON.stringify(wink).slice(0, -60));

    await expect(convertWinkJson(source, 16)).rejects.toThrow(/truncated/);
  });
});

describe(WordRanks.name, () => {
  it('should give every word its rank and no rank to any other string', () => {
    // Enough words for many probe collisions in the hash table; prefixes, case and non-ASCII among them.
    const words = Array.from({ length: 5_000 }, (_, i) => `w${i.toString(36)}`).concat(['the', 'The', 'th', 'café', 'cafe', '日本', '']);
    const ranks = new WordRanks(words);

    expect(ranks.size).toBe(words.length);
    expect(words.every((word, rank) => ranks.rankOf(word) === rank)).toBe(true);
    for (const stranger of ['t', 'thee', 'café ', 'CAFÉ', '日', 'w', 'w00', `w${(5_000).toString(36)}`]) expect(ranks.rankOf(stranger)).toBeUndefined();
  });

  it('should answer nothing from an empty list', () => {
    expect(new WordRanks([]).rankOf('the')).toBeUndefined();
  });
});
