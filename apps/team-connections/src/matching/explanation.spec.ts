import { explainToCollaborator, explainToRequestor } from './explanation';

describe('explanations', () => {
  it('should name the matched expertise and a second reason by first name', () => {
    const text = explainToRequestor('Sam Rivera', [
      { type: 'expertise_match', relevance: 1, terms: ['kubernetes', 'postgresql'] },
      { type: 'complementary_strengths', relevance: 1, theirs: 'acting', yours: 'thinking' },
    ]);
    expect(text).toBe('Sam Rivera knows kubernetes and postgresql, which your context is about. Sam leads with Acting (momentum), which complements your Thinking.');
  });

  it('should name the project of a similar challenge, and say so plainly when no project is named', () => {
    expect(explainToRequestor('Sam Rivera', [{ type: 'similar_challenge', relevance: 0.6, project: 'Billing move' }])).toBe('Sam Rivera has worked on “Billing move”, a challenge like yours.');
    expect(explainToRequestor(null, [{ type: 'similar_challenge', relevance: 0.6, project: null }])).toBe('This colleague has faced challenges like yours in past projects.');
  });

  it("should tell the colleague who and why without the requestor's context or strength", () => {
    const reasons = [{ type: 'complementary_strengths', relevance: 1, theirs: 'acting', yours: 'thinking' }] as const;
    const why = explainToCollaborator('Ada Lovelace', reasons);
    expect(why).toBe('Ada Lovelace would like to work with you: your Acting strength complements theirs.');
    expect(why).not.toMatch(/thinking/i);
    expect(explainToCollaborator('Ada Lovelace', [{ type: 'expertise_match', relevance: 1, terms: ['kubernetes'] }])).toBe('Ada Lovelace would like your help with kubernetes.');
  });
});
