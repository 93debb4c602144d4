// pgvector for entities: the column type, distance expressions for ORDER BY, and the index a
// migration creates. Cosine distance is Tandem's metric for every embedding.
export { VectorType, cosineDistance } from 'pgvector/mikro-orm';

/** SQL for an HNSW index on a vector column, using cosine distance (pgvector's defaults m=16, ef_construction=64). */
export function hnswIndexSql(schema: string, table: string, column: string): string {
  return `create index if not exists "${table}_${column}_hnsw" on "${schema}"."${table}" using hnsw ("${column}" vector_cosine_ops)`;
}
