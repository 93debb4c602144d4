// Coaching quality (issue 15, item 7): the scripted conversations of evals/coaching/conversations
// replayed against every prompt version chat's migrations seed, with the offline coach and, when
// LLM_PROVIDER names one, the configured model. Prints a table per model, one row per prompt version.
// Run: npm run eval   (EVAL_VERBOSE=1 lists every failed check; --update-baseline rewrites the
// offline floors in evals/coaching/baseline.json)
import { writeFileSync } from 'node:fs';

import { createChatModel, describeLlmConfig, OfflineCoachModel, readLlmConfig } from '@tandem/llm';

import { BASELINE_FILE, belowBaseline, evaluateAll, loadBaseline, loadConversations, overall, SCORE_NAMES, table, type VersionResult } from './harness';
import { seededPromptVersions } from './prompts';

function print(title: string, results: VersionResult[]): void {
  console.log(`\n${title}`);
  console.table(table(results));
  if (process.env.EVAL_VERBOSE) for (const result of results) for (const failure of result.failures) console.log(`  ${result.prompt} ${failure}`);
}

async function main(): Promise<void> {
  const prompts = await seededPromptVersions();
  const conversations = loadConversations();
  const turns = conversations.reduce((sum, conversation) => sum + conversation.turns.length, 0);
  console.log(`${conversations.length} scripted conversations (${turns} turns), ${prompts.length} prompt versions`);

  const offline = await evaluateAll(new OfflineCoachModel(), prompts, conversations);
  print('Offline coach (scores are shares of checks passed; - when a version has no check of that kind)', offline);

  if (process.argv.includes('--update-baseline')) {
    const versions = Object.fromEntries(
      offline.map((result) => [
        result.prompt,
        Object.fromEntries(SCORE_NAMES.filter((score) => result.scores[score] !== null).map((score) => [score, Math.floor(result.scores[score]! * 1000) / 1000])),
      ]),
    );
    const note = `Offline floors per prompt version, measured by npm run eval on ${new Date().toISOString().slice(0, 10)}; apps/chat/test/coaching-eval.spec.ts fails when a score drops below its floor.`;
    writeFileSync(BASELINE_FILE, `${JSON.stringify({ '//': note, versions }, null, 2)}\n`);
    console.log(`baseline written to ${BASELINE_FILE}`);
  } else {
    const below = belowBaseline(offline, loadBaseline());
    console.log(below.length ? `below the baseline:\n  ${below.join('\n  ')}` : 'offline scores at or above the baseline');
  }

  const config = readLlmConfig();
  if (config.chat.provider === 'offline') {
    console.log('\nNo model configured (LLM_PROVIDER is offline): set LLM_PROVIDER and its LLM_* settings to score a real model too.');
    return;
  }
  const model = await evaluateAll(createChatModel(config), prompts, conversations);
  print(`Configured model: ${describeLlmConfig(config)}`, model);
  const mean = (results: VersionResult[]) => results.reduce((sum, result) => sum + overall(result.scores), 0) / results.length;
  console.log(`overall: offline ${mean(offline).toFixed(3)}, configured model ${mean(model).toFixed(3)}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
