import { StoreError } from './errors.js';

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/**
 * Checks a batch, version or run id: 1 to 128 letters, digits, '.', '_' or '-', starting
 * with a letter or digit (so it is one safe key segment on disk and on S3).
 * @throws StoreError `BAD_ID` naming the id.
 */
export function checkId(kind: 'batch' | 'version' | 'run', id: string): string {
  if (!ID.test(id)) throw new StoreError('BAD_ID', `'${id}' is not a valid ${kind} id (1 to 128 letters, digits, '.', '_' or '-', starting with a letter or digit)`);
  return id;
}

/** The storage layout of shared/DESIGN.md: the same key prefixes on disk and on S3. */
export const layout = {
  /** The training table. */
  train: 'train',
  /** The held-out pool batches are drawn from (labels kept). */
  test: 'test',
  /** A batch of new borrowers: features and ids, no target. */
  testSample: (batch: string) => `test_sample/${checkId('batch', batch)}`,
  /** The true outcomes of a batch, once they arrived. */
  testSampleOutcomes: (batch: string) => `test_sample_outcomes/${checkId('batch', batch)}`,
  /** Scores of a batch for the business. */
  testSampleInference: (batch: string) => `test_sample_inference/${checkId('batch', batch)}`,
  /** Train plus the batches whose outcomes arrived, for retraining. */
  trainSup: (version: string) => `train_sup/${checkId('version', version)}`,
  /** The outcomes of a batch, held back until they arrive. */
  withheld: (batch: string) => `artifacts/withheld/${checkId('batch', batch)}`,
  /** A training run's metrics, plots and report. */
  run: (run: string) => `artifacts/runs/${checkId('run', run)}`,
  /** A model version. */
  model: (version: string) => `artifacts/models/${checkId('version', version)}`,
  /** The champion pointer. */
  champion: 'artifacts/champion.json',
} as const;
