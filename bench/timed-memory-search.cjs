// The memory bench's timed searches (bench/sentinel-memory-search.ts), run as the Sentinel service
// runs them: its compiled JavaScript from dist/ (`npm run bench` builds it first), with no
// TypeScript loader, in a Node process of its own. Plain JavaScript for that reason.
const { join } = require('node:path');
const { performance } = require('node:perf_hooks');
const { setFlagsFromString } = require('node:v8');
const { runInNewContext } = require('node:vm');

const { MikroORM } = require('@mikro-orm/postgresql');

const dist = (path) => require(join(__dirname, '..', 'dist', path));
// The service's whole module graph, as its main.js loads it, so this heap holds what the service's does.
require('reflect-metadata');
dist('apps/sentinel/src/app.module');
const { OfflineEmbeddings } = dist('libs/llm/src');
const { sentinelOrmConfig } = dist('apps/sentinel/src/mikro-orm.config');
const { MemorySearchRepository } = dist('apps/sentinel/src/search/memory-search.repository');
const { readSentinelConfig } = dist('apps/sentinel/src/sentinel.config');

/** Each search's milliseconds, embedding the question included, the first ten (warm-up) left out. */
async function time({ url, searches }) {
  const orm = await MikroORM.init({ ...sentinelOrmConfig(url), debug: false, pool: { min: 0, max: 20 } });
  try {
    const embeddings = new OfflineEmbeddings();
    await embeddings.warmUp();
    const repository = new MemorySearchRepository(orm.em, readSentinelConfig());
    // The loading's garbage collected before timing.
    setFlagsFromString('--expose-gc');
    runInNewContext('gc')();
    const latencies = [];
    for (const [i, search] of searches.entries()) {
      const start = performance.now();
      await repository.search({ ...search, vector: await embeddings.embedQuery(search.q) });
      if (i >= 10) latencies.push(performance.now() - start);
    }
    return latencies;
  } finally {
    await orm.close(true);
  }
}

// One request ({ url, searches: [{ userId, q, embeddingModel, limit }] }) from the bench, one answer.
process.once('message', (request) => {
  time(request).then(
    (latencies) => process.send(latencies, () => process.disconnect()),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
});
