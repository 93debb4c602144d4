import { fuseRankings, RRF_K } from './rank-fusion';

describe(fuseRankings.name, () => {
  it('should rank first what both lists rank well', () => {
    const fused = fuseRankings([
      ['a', 'b', 'c'],
      ['b', 'd', 'a'],
    ]);
    expect(fused.map(({ id }) => id)).toEqual(['b', 'a', 'd', 'c']);
    expect(fused[0]!.score).toBeCloseTo(1 / (RRF_K + 2) + 1 / (RRF_K + 1));
  });

  it('should keep the order of first appearance on equal scores, and handle empty lists', () => {
    expect(fuseRankings([['x'], [], ['y']]).map(({ id }) => id)).toEqual(['x', 'y']);
    expect(fuseRankings([])).toEqual([]);
  });
});
