import { estimateTokens, fitItems, fitTexts } from './context-budget';

describe(estimateTokens.name, () => {
  it('should count about four characters a token, rounded up', () => {
    expect(estimateTokens('')).toBe(0);
    expect(estimateTokens('abcd')).toBe(1);
    expect(estimateTokens('abcde')).toBe(2);
  });
});

describe(fitItems.name, () => {
  it('should keep the leading items that fit and stop at the first that does not', () => {
    const items = ['aaaa', 'bbbbbbbb', 'cc', 'dddd'];

    expect(fitItems(items, 3, estimateTokens)).toEqual(['aaaa', 'bbbbbbbb']);
    expect(fitItems(items, 2, estimateTokens)).toEqual(['aaaa']);
    expect(fitItems(items, 0, estimateTokens)).toEqual([]);
    expect(fitItems(items, 100, estimateTokens)).toEqual(items);
  });
});

describe(fitTexts.name, () => {
  it('should keep whole texts while they fit, then clip the next one to what is left', () => {
    const first = 'x'.repeat(40); // 10 tokens
    const second = 'y'.repeat(400); // 100 tokens

    expect(fitTexts([first, second], 200)).toEqual([first, second]);
    const clipped = fitTexts([first, second], 40);
    expect(clipped[0]).toBe(first);
    expect(clipped[1]).toMatch(/^y+…$/);
    expect(estimateTokens(clipped[1]!)).toBeLessThanOrEqual(30);
    expect(clipped).toHaveLength(2);
  });

  it('should leave out a text when too little is left to be worth reading, and count each line’s overhead', () => {
    expect(fitTexts(['x'.repeat(40), 'y'.repeat(400)], 20)).toEqual(['x'.repeat(40)]);
    expect(fitTexts(['x'.repeat(40)], 10, 5)).toEqual([]);
  });
});
