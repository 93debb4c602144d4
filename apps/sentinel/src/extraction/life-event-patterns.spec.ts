import { extractNotes } from './offline-extractor';

const notes = (text: string) => extractNotes(text).map(({ note, category }) => ({ note, category }));

describe('offline extraction of events, plans, people, places, dates and tastes', () => {
  it.each([
    ['I went to a LGBTQ support group yesterday and it was so powerful.', { note: 'Went to a LGBTQ support group yesterday', category: 'background' }],
    ['We hired a guy called Omar who was brilliant with the kids.', { note: 'Hired a guy called Omar who was brilliant with the kids', category: 'background' }],
    ["we're thinking of going to Oaxaca for a week without the kids", { note: 'With others, plans: going to Oaxaca for a week without the kids', category: 'goal' }],
    ["I'm going to take Spanish classes", { note: 'Plans: take Spanish classes', category: 'goal' }],
    ["Lucia's a park ranger at Rocky Mountain National Park", { note: 'Lucia is a park ranger at Rocky Mountain National Park', category: 'relationship' }],
    ['My mum lives in Falmouth.', { note: 'Their mum lives in Falmouth', category: 'relationship' }],
    ['I grew up in Monterrey', { note: 'Grew up in Monterrey', category: 'background' }],
    ['Interview is on the 3rd of March.', { note: 'Interview is on the 3rd of March', category: 'background' }],
    ['our anniversary is June 14th', { note: 'Their anniversary is June 14th', category: 'background' }],
    ["I'm more of a gin person.", { note: 'Is a gin person', category: 'preference' }],
    ['My favourite band is Radiohead', { note: 'Their favourite band is Radiohead', category: 'preference' }],
    ["I'm really into bouldering", { note: 'Is into bouldering', category: 'preference' }],
  ])('should read %j', (text, expected) => {
    expect(notes(text)).toEqual([expected]);
  });

  it.each(['It was fine.', 'They are absolute chaos but I love them', 'What is the plan for tomorrow?', 'That is a good question', 'Anyway, lots to think about.'])(
    'should find nothing in %j',
    (text) => {
      expect(notes(text)).toEqual([]);
    },
  );

  it('should leave a first-person fact to its own pattern', () => {
    expect(notes("I'm a designer at Acme.")).toEqual([{ note: 'Works as a designer at Acme', category: 'background' }]);
  });
});
