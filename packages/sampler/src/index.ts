export { type Rng, createRng, fmix32, hashSeed, sfc32 } from './rng.js';
export { type SampleBatchOptions, sampleBatch } from './sample-batch.js';
export { shuffle } from './shuffle.js';
export { type Split, orderedSplit, randomSplit, stratifiedKFold, stratifiedSplit } from './splits.js';
export {
  GOLDEN_PAIR,
  HUGE_INTEGER_COLUMNS,
  SYNTHETIC_GAPS,
  type SyntheticChunk,
  type SyntheticColumnSpec,
  type SyntheticKind,
  type SyntheticOptions,
  WEAK_SIGNALS,
  syntheticCsvChunks,
  syntheticLoanSchema,
  syntheticLoanTable,
} from './synthetic-loan-table.js';
