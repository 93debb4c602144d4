import { ALL } from './learning';
import { preferencesRelevance, rankCandidates, relevanceOf, scoreCandidate, type Candidate, type MatchRequest } from './matching';

const candidate = (overrides: Partial<Candidate> = {}): Candidate => ({
  userId: '00000000-0000-4000-8000-000000000001',
  name: 'Sam Rivera',
  role: 'Engineer',
  department: 'Platform',
  expertiseAreas: [],
  projectExperience: [],
  primaryStrength: null,
  collaborationPreferences: {},
  profileSimilarity: null,
  experienceSimilarity: null,
  ...overrides,
});

const request = (overrides: Partial<MatchRequest> = {}): MatchRequest => ({
  context: 'Our Kubernetes clusters keep failing during database migrations',
  primaryStrength: 'thinking',
  similarityFloor: 0.5,
  ...overrides,
});

describe('matching', () => {
  describe(relevanceOf.name, () => {
    it('should rescale similarity above the floor to 0..1', () => {
      expect(relevanceOf(0.5, 0.5)).toBe(0);
      expect(relevanceOf(0.75, 0.5)).toBe(0.5);
      expect(relevanceOf(1, 0.5)).toBe(1);
      expect(relevanceOf(0.2, 0.5)).toBe(0);
      expect(relevanceOf(null, 0.5)).toBe(0);
    });
  });

  describe(scoreCandidate.name, () => {
    it('should name the expertise areas the context names, singular or plural', () => {
      const match = scoreCandidate(candidate({ expertiseAreas: ['kubernetes cluster', 'watercolor'] }), request());
      expect(match?.reasons[0]).toEqual({ type: 'expertise_match', relevance: 1, terms: ['kubernetes cluster'] });
    });

    it('should count an expertise area whose words mostly appear, but not name one that shares a single word of two', () => {
      const mostly = scoreCandidate(candidate({ expertiseAreas: ['database migration tooling'] }), request({ primaryStrength: null }));
      expect(mostly?.reasons[0]).toMatchObject({ type: 'expertise_match', terms: ['database migration tooling'] });
      expect(scoreCandidate(candidate({ expertiseAreas: ['database design'] }), request({ primaryStrength: null }))).toBeNull();
    });

    it('should take an expertise match from the embeddings alone when they are close enough, naming no term', () => {
      const match = scoreCandidate(candidate({ expertiseAreas: ['site reliability'], profileSimilarity: 0.9 }), request({ primaryStrength: null }));
      expect(match?.reasons).toEqual([{ type: 'expertise_match', relevance: 0.8, terms: [] }]);
    });

    it('should find a similar challenge in a project that shares words with the context', () => {
      const projectExperience = [
        { project: 'Offsite', role: null, summary: 'Organised the company offsite.' },
        { project: 'Billing move', role: 'Lead', summary: 'Moved the billing database to new clusters during live migrations.' },
      ];
      const match = scoreCandidate(candidate({ projectExperience }), request({ primaryStrength: null }));
      expect(match?.reasons[0]).toMatchObject({ type: 'similar_challenge', project: 'Billing move' });
    });

    it('should see complementary strengths only when both are known and differ', () => {
      expect(scoreCandidate(candidate({ primaryStrength: 'acting' }), request())?.reasons).toEqual([{ type: 'complementary_strengths', relevance: 1, theirs: 'acting', yours: 'thinking' }]);
      expect(scoreCandidate(candidate({ primaryStrength: 'thinking' }), request())).toBeNull();
      expect(scoreCandidate(candidate({ primaryStrength: 'acting' }), request({ primaryStrength: null }))).toBeNull();
    });

    it('should not suggest a colleague with no reason at all', () => {
      expect(scoreCandidate(candidate({ expertiseAreas: ['watercolor'], profileSimilarity: 0.6, experienceSimilarity: 0.55 }), request())).toBeNull();
    });
  });

  describe(rankCandidates.name, () => {
    it('should rank an expertise match above complementary strengths alone, and keep the limit', () => {
      const expert = candidate({ userId: '00000000-0000-4000-8000-00000000000e', expertiseAreas: ['kubernetes'], primaryStrength: 'thinking' });
      const complement = candidate({ userId: '00000000-0000-4000-8000-00000000000c', primaryStrength: 'feeling' });
      const both = candidate({ userId: '00000000-0000-4000-8000-00000000000b', expertiseAreas: ['kubernetes'], primaryStrength: 'acting' });
      const ranked = rankCandidates([complement, expert, both], request(), 2);
      expect(ranked.map((match) => match.candidate.userId)).toEqual([both.userId, expert.userId]);
      expect(ranked[0]!.reasons.map((reason) => reason.type)).toEqual(['expertise_match', 'complementary_strengths']);
      expect(ranked[0]!.score).toBeCloseTo(0.7);
    });
  });

  describe('the rest of the profile and what outcomes taught', () => {
    it('should count shared working preferences, never as a reason on their own', () => {
      expect(preferencesRelevance({ channels: ['Chat', 'pairing'], bestTime: 'mornings' }, { channels: ['chat'], bestTime: 'evenings' })).toBe(0.5);
      expect(preferencesRelevance({ bestTime: 'mornings' }, { channels: ['chat'] })).toBe(0);
      const expert = candidate({ expertiseAreas: ['kubernetes'] });
      const alike = scoreCandidate({ ...expert, collaborationPreferences: { channels: ['pairing'] } }, request({ collaborationPreferences: { channels: ['pairing'] } }))!;
      const unlike = scoreCandidate({ ...expert, collaborationPreferences: { channels: ['email'] } }, request({ collaborationPreferences: { channels: ['pairing'] } }))!;
      expect(alike.score).toBeGreaterThan(unlike.score);
      expect(alike.features).toContain('preferences:shared');
      expect(scoreCandidate(candidate({ collaborationPreferences: { channels: ['pairing'] } }), request({ collaborationPreferences: { channels: ['pairing'] } }))).toBeNull();
    });

    it('should rank a pair whose kind of reason was accepted before above an equally relevant one whose kind was declined', () => {
      // Both colleagues are equally relevant, one for expertise, one for complementary strengths plus a project.
      const byExpertise = candidate({ userId: '00000000-0000-4000-8000-00000000000a', expertiseAreas: ['kubernetes'] });
      const byStrength = candidate({ userId: '00000000-0000-4000-8000-00000000000b', primaryStrength: 'acting', experienceSimilarity: 1 });
      const plain = rankCandidates([byExpertise, byStrength], request(), 2).map((match) => match.candidate.userId);
      const counts = (suggested: number, connected: number, declined: number, accepted: number) => ({ suggested, connected, declined, accepted });
      const outcomes = new Map([
        [ALL, counts(200, 60, 40, 36)],
        ['reason:expertise_match', counts(100, 5, 35, 1)],
        ['reason:complementary_strengths', counts(100, 55, 5, 35)],
      ]);
      const learned = rankCandidates([byExpertise, byStrength], request({ outcomes }), 2).map((match) => match.candidate.userId);
      expect(plain).toEqual([byExpertise.userId, byStrength.userId]);
      expect(learned).toEqual([byStrength.userId, byExpertise.userId]);
    });
  });
});
