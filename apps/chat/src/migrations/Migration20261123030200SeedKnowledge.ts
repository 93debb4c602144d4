import { raw } from '@mikro-orm/core';
import { Migration } from '@mikro-orm/migrations';

interface Passage {
  category: 'methodology' | 'coaching_patterns' | 'guidelines';
  contentType: 'training_prompt' | 'example_response' | 'guidelines';
  title: string;
  content: string;
  tags: string[];
  phases: string[];
}

/**
 * Tandem's starter knowledge base (document 003's coach_knowledge_base). Text only: the
 * embeddings are computed at service start by KnowledgeIndexer with the configured model, so
 * changing the embedding model needs no migration.
 */
const PASSAGES: Passage[] = [
  {
    category: 'methodology',
    contentType: 'training_prompt',
    title: 'Identity-based habits',
    content:
      'Lasting change starts with identity, not outcomes. Instead of "I want to run a marathon", the person decides "I am a runner" and each run becomes a vote for that identity. Ask who they want to become, then look for the smallest habit that proves it.',
    tags: ['identity', 'habits', 'core_framework'],
    phases: ['IDENTITY_CREATION', 'INTEGRATION'],
  },
  {
    category: 'methodology',
    contentType: 'training_prompt',
    title: 'Life areas',
    content:
      'Tandem looks at ten life areas: career, health, relationships, family, finances, personal growth, spirituality, recreation, contribution and environment. Listen for the areas the person mentions with the most energy or the most frustration; that is usually where the first identity lives.',
    tags: ['life_areas', 'assessment'],
    phases: ['GET_TO_KNOW_YOU', 'IDENTITY_CREATION'],
  },
  {
    category: 'coaching_patterns',
    contentType: 'example_response',
    title: 'Opening questions',
    content:
      'Good first questions are open and concrete: "What does a good day look like for you?", "Where do you spend most of your energy at work?", "Who are the people you most want to show up well for?" Ask one at a time and reflect the answer before moving on.',
    tags: ['questioning', 'rapport', 'getting_to_know'],
    phases: ['GET_TO_KNOW_YOU'],
  },
  {
    category: 'coaching_patterns',
    contentType: 'example_response',
    title: 'Reflective listening',
    content:
      'Mirror the feeling and the meaning, not just the words: "It sounds like the late meetings leave you drained, and you miss being present with your kids." People feel understood and often go deeper on their own.',
    tags: ['listening', 'empathy', 'rapport'],
    phases: ['GET_TO_KNOW_YOU', 'IDENTITY_CREATION', 'IDENTITY_REFINEMENT', 'INTEGRATION', 'COMPLETED'],
  },
  {
    category: 'methodology',
    contentType: 'guidelines',
    title: 'Naming an identity',
    content:
      'A strong identity name is short, positive and personal, like "The Calm Leader" or "The Present Parent". It describes a way of being, not a goal with a number. Offer a name built from the user\'s own words and invite them to change it.',
    tags: ['identity', 'naming', 'proposal'],
    phases: ['IDENTITY_CREATION'],
  },
  {
    category: 'methodology',
    contentType: 'guidelines',
    title: 'Writing an affirmation',
    content:
      'An affirmation is one present-tense sentence that starts with "I am" or "I": "I am a calm leader who listens before deciding." It should be believable today, specific enough to guide a choice, and written in the user\'s own words. Read it aloud together and adjust until it feels true.',
    tags: ['affirmation', 'refinement', 'language'],
    phases: ['IDENTITY_REFINEMENT'],
  },
  {
    category: 'methodology',
    contentType: 'guidelines',
    title: 'Creating a visualization',
    content:
      'A visualization is a short, concrete scene of an ordinary day lived as the identity: where they are, what they see and hear, what they do and how it feels in the body. "It is Monday at nine, I open the team meeting with a slow breath and a clear voice." Vivid sensory detail makes it easier to rehearse.',
    tags: ['visualization', 'refinement', 'imagery'],
    phases: ['IDENTITY_REFINEMENT'],
  },
  {
    category: 'coaching_patterns',
    contentType: 'example_response',
    title: 'Tiny actions as evidence',
    content:
      'Integration works through tiny actions that prove the identity: two minutes of stretching for "The Energised Body", one thank-you note for "The Generous Colleague". Ask "What is the smallest thing you could do this week that the person you are becoming would do?" and agree on when and where.',
    tags: ['integration', 'habits', 'small_steps'],
    phases: ['INTEGRATION'],
  },
  {
    category: 'methodology',
    contentType: 'guidelines',
    title: 'Habit stacking',
    content:
      'Attach a new habit to one that already happens: "After I pour my morning coffee, I write my three priorities." The existing routine becomes the cue, so the new behaviour needs no extra reminder.',
    tags: ['habits', 'routine', 'integration'],
    phases: ['INTEGRATION'],
  },
  {
    category: 'coaching_patterns',
    contentType: 'example_response',
    title: 'Handling setbacks',
    content:
      'When the user missed their habit, normalise it and focus on the next vote: "Missing once is human; missing twice starts a new pattern. What would make tomorrow easier?" Never shame; look for the obstacle and shrink the action.',
    tags: ['setbacks', 'resilience', 'integration'],
    phases: ['INTEGRATION', 'COMPLETED'],
  },
  {
    category: 'coaching_patterns',
    contentType: 'example_response',
    title: 'Stress and overwhelm',
    content:
      'When someone feels stressed or overwhelmed, slow down before problem-solving: acknowledge the pressure, ask what matters most this week, and invite one small step they control. Suggest a brief breathing pause if they feel tense. Refer to a professional when distress sounds serious.',
    tags: ['stress', 'wellbeing', 'safety'],
    phases: ['GET_TO_KNOW_YOU', 'IDENTITY_CREATION', 'IDENTITY_REFINEMENT', 'INTEGRATION', 'COMPLETED'],
  },
  {
    category: 'guidelines',
    contentType: 'guidelines',
    title: 'When to move to the next phase',
    content:
      'Move on when the current phase has done its job, not on a timer: after getting to know the person across a few life areas; after they accepted an identity they care about; after its affirmation and visualization feel right; after the identity shows up in daily routine. Say out loud what comes next.',
    tags: ['phases', 'transition', 'journey'],
    phases: ['GET_TO_KNOW_YOU', 'IDENTITY_CREATION', 'IDENTITY_REFINEMENT', 'INTEGRATION'],
  },
  {
    category: 'coaching_patterns',
    contentType: 'example_response',
    title: 'Celebrating progress',
    content:
      'Celebrate evidence of the new identity, however small: "You spoke up in the meeting even though it felt uncomfortable: that is exactly what a confident leader does." Specific praise of the behaviour strengthens the identity more than general encouragement.',
    tags: ['celebration', 'motivation', 'integration'],
    phases: ['INTEGRATION', 'COMPLETED'],
  },
];

export class Migration20261123030200SeedKnowledge extends Migration {
  override up(): void {
    for (const passage of PASSAGES) {
      this.addSql(
        raw(`insert into "chat"."coach_knowledge_base" ("id", "category", "content_type", "title", "content", "tags", "metadata") values (gen_random_uuid(), ?, ?, ?, ?, ?::jsonb, ?::jsonb)`, [
          passage.category,
          passage.contentType,
          passage.title,
          passage.content,
          JSON.stringify(passage.tags),
          JSON.stringify({ phases: passage.phases, source: 'tandem-starter-v1' }),
        ]),
      );
    }
  }

  override down(): void {
    this.addSql(`delete from "chat"."coach_knowledge_base" where "metadata"->>'source' = 'tandem-starter-v1'`);
  }
}
