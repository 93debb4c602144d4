/** What every stored embedding records beside its vector, so vectors of different models never mix. */
export interface EmbeddingModelInfo {
  model: string;
  dimensions: number;
}
