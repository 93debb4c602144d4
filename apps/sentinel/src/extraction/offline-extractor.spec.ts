import { readEmotion } from './emotion-lexicon';
import { extractNotes } from './offline-extractor';

const notes = (text: string) => extractNotes(text).map(({ note, category, subject, replaces }) => ({ note, category, subject, replaces }));

describe('offline extraction', () => {
  describe(extractNotes.name, () => {
    it.each([
      ["I'm a product manager at Globex.", { note: 'Works as a product manager at Globex', category: 'background', subject: 'employer' }],
      ['I work as a nurse at St Mary’s Hospital', { note: "Works as a nurse at St Mary's Hospital", category: 'background', subject: 'employer' }],
      ['I work at Acme', { note: 'Works at Acme', category: 'background', subject: 'employer' }],
      ['I work for Acme as an engineer.', { note: 'Works as an engineer at Acme', category: 'background', subject: 'employer' }],
      ['I work as a teacher', { note: 'Works as a teacher', category: 'background', subject: 'role' }],
      ['I live in Lisbon with my family.', { note: 'Lives in Lisbon with their family', category: 'background', subject: 'home' }],
      ['I moved from Acme to Globex last month', { note: 'Moved from Acme to Globex last month', category: 'background', replaces: 'Acme' }],
      ['My goal is to run a marathon this year.', { note: 'Wants to run a marathon this year', category: 'goal', subject: null }],
      ['I want to feel calmer when I lead my team.', { note: 'Wants to feel calmer when they lead their team', category: 'goal' }],
      ['I value honesty above everything', { note: 'Values honesty above everything', category: 'value' }],
      ['What matters most to me is my family.', { note: 'Cares most about their family', category: 'value' }],
      ['I struggle with public speaking', { note: 'Struggles with public speaking', category: 'challenge' }],
      ['I find it hard to say no to people', { note: 'Finds it hard to say no to people', category: 'challenge' }],
      ['I love hiking in the mountains', { note: 'Loves hiking in the mountains', category: 'preference' }],
      ['I prefer written feedback over meetings', { note: 'Prefers written feedback over meetings', category: 'preference' }],
      ["I don't like long meetings", { note: 'Dislikes long meetings', category: 'preference' }],
      ['My wife Sarah is a doctor.', { note: 'Has a wife named Sarah, who is a doctor', category: 'relationship', subject: 'partner' }],
      ['my manager, Tom keeps moving my deadlines', { note: 'Has a manager named Tom, who keeps moving their deadlines', category: 'relationship', subject: 'manager' }],
      ['My daughter Mia started school', { note: 'Has a daughter named Mia', category: 'relationship', subject: 'daughter:mia' }],
      ['I have two kids', { note: 'Has two kids', category: 'relationship', subject: 'family:child' }],
      ["I've been sleeping badly for weeks", { note: 'Has been sleeping badly for weeks', category: 'wellbeing' }],
    ])('should read %j as one note', (text, expected) => {
      const found = notes(text);
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject(expected);
    });

    it('should read each clause of a message on its own', () => {
      expect(notes("I'm a designer at Acme and I love climbing. My goal is to lead a team, but I struggle with delegation.").map((n) => n.note)).toEqual([
        'Works as a designer at Acme',
        'Loves climbing',
        'Wants to lead a team',
        'Struggles with delegation',
      ]);
    });

    it.each(['Do I want to stay at Acme?', 'If I work at Globex, will I be happier?', "I'm a bit tired at work", 'My wife and I went out', 'The weather is nice today.', 'I am'])(
      'should find nothing in %j',
      (text) => {
        expect(notes(text)).toEqual([]);
      },
    );

    it('should give every note a confidence between 0 and 1', () => {
      for (const candidate of extractNotes('I work at Acme. I want to rest. I love tea. My son Leo is 4.')) expect(candidate.confidence).toBeGreaterThan(0);
    });
  });

  describe(readEmotion.name, () => {
    it.each([
      ["I'm so stressed about the launch", { valence: 'NEGATIVE', intensity: 9 }],
      ['I feel a bit tired', { valence: 'NEGATIVE', intensity: 2 }],
      ['I am really proud of my team!', { valence: 'POSITIVE', intensity: 10 }],
      ["I'm not happy with how it went", { valence: 'NEGATIVE', intensity: 3 }],
      ['I feel burned out', { valence: 'NEGATIVE', intensity: 8 }],
      ['Excited but nervous', { valence: 'POSITIVE', intensity: 7 }],
      ['Calm but worried', { valence: 'NEGATIVE', intensity: 6 }],
    ])('should read %j', (text, expected) => {
      expect(readEmotion(text)).toEqual(expected);
    });

    it('should read nothing when no emotion word appears', () => {
      expect(readEmotion('I work at Acme.')).toBeNull();
    });
  });
});
