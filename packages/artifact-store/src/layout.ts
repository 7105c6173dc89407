import { StoreIdError } from './errors.js';

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** What an id names, for messages. */
export type IdKind = 'batch' | 'version' | 'run';

/**
 * Checks a batch, version or run id: 1 to 128 letters, digits, '.', '_' or '-', starting
 * with a letter or digit (so it is one safe key segment on disk and on S3).
 * @throws StoreIdError (`BAD_ID`) naming the id.
 */
export function checkId(kind: IdKind, id: string): string {
  if (typeof id !== 'string' || !ID.test(id)) throw new StoreIdError(kind, String(id));
  return id;
}

/**
 * The storage layout of shared/DESIGN.md: the same key prefixes on disk and on S3. Dataset
 * prefixes carry no trailing '/'; each is a dataset folder with a `_manifest.json`. The
 * functions check their id first ({@link checkId}).
 */
export const layout = {
  /** The training table (dataset). */
  train: 'train',
  /** The held-out pool batches are drawn from, labels kept (dataset). */
  test: 'test',
  /** The folder of all batches. */
  testSamples: 'test_sample',
  /** A batch of new borrowers: ids and features, no target (dataset). */
  testSample: (batch: string) => `test_sample/${checkId('batch', batch)}`,
  /** The true outcomes of a batch, once they arrived (dataset). */
  testSampleOutcomes: (batch: string) => `test_sample_outcomes/${checkId('batch', batch)}`,
  /** Scores of a batch for the business: id, pd, model version, time (dataset). */
  testSampleInference: (batch: string) => `test_sample_inference/${checkId('batch', batch)}`,
  /** Train plus the batches whose outcomes arrived, for retraining (dataset). */
  trainSup: (version: string) => `train_sup/${checkId('version', version)}`,
  /** The outcomes of a batch, held back until they "arrive" (dataset). */
  withheld: (batch: string) => `artifacts/withheld/${checkId('batch', batch)}`,
  /** The folder of all runs. */
  runs: 'artifacts/runs',
  /** A training run's metrics, plots and report (folder). */
  run: (run: string) => `artifacts/runs/${checkId('run', run)}`,
  /** The folder of all model versions. */
  models: 'artifacts/models',
  /** A model version: model.json, model.onnx, ... and model-info.json, written last (folder). */
  model: (version: string) => `artifacts/models/${checkId('version', version)}`,
  /** The key of a model version's `model-info.json`: its presence makes the version listed. */
  modelInfo: (version: string) => `artifacts/models/${checkId('version', version)}/model-info.json`,
  /** The champion pointer (a JSON object, see `readChampion`). */
  champion: 'artifacts/champion.json',
} as const;
