import { canonicalTerm, contentWords, contextPhrases, wordsOf } from './context-terms';

describe('context terms', () => {
  it('should store expertise in one canonical form whatever the typing', () => {
    expect(canonicalTerm('  Product   Strategy ')).toBe('product strategy');
  });

  it('should keep technical words whole', () => {
    expect(wordsOf('Our C++ and Node.js services, CI/CD too.')).toEqual(['our', 'c++', 'and', 'node.js', 'services', 'ci/cd', 'too']);
  });

  it('should give every one-to-three word phrase, also with a singular last word', () => {
    const phrases = contextPhrases('Scaling Kubernetes clusters');
    expect(phrases).toEqual(expect.arrayContaining(['kubernetes', 'kubernetes clusters', 'kubernetes cluster', 'scaling kubernetes clusters', 'scaling kubernetes cluster']));
    expect(phrases).not.toContain('scaling kubernetes clusters x');
  });

  it('should leave stop words out of the content words', () => {
    expect([...contentWords('How do we keep our database migrations fast?')]).toEqual(['database', 'migration', 'fast']);
  });
});
