// @dpp/artifact-store: the Store contract, the local-folder store, the layout, datasets and
// the registry. The S3 store lives behind '@dpp/artifact-store/s3' (loaded by openStore only
// for s3:// URLs), so a user of the local store never loads the AWS SDK.
export type { ByteRange, GetOptions, Store, StoreBody } from './store.js';
export { DatasetNotFoundError, StoreError, type StoreErrorCode, StoreIdError, StoreKeyError, StoreNotFoundError } from './errors.js';
export { checkKey, checkPrefix } from './keys.js';
export { checkId, type IdKind, layout } from './layout.js';
export { createLocalStore } from './local-store.js';
export { type OpenStoreOptions, openStore } from './open-store.js';
export type { S3Options } from './s3/resolve-s3-config.js';
export {
  type BeginDatasetOptions,
  type ColumnSchema,
  type DatasetCommitInfo,
  type DatasetManifest,
  type DatasetPart,
  type DatasetWriter,
  MANIFEST_FORMAT,
  MANIFEST_NAME,
  type PartBody,
  beginDataset,
  datasetParts,
  deleteDataset,
  gcDataset,
  readManifest,
} from './dataset.js';
export {
  type BatchInfo,
  type ChampionPointer,
  type DatasetInfo,
  MODEL_INFO_NAME,
  type ModelInfo,
  getJson,
  listBatches,
  listDatasets,
  listModelVersions,
  putJson,
  readChampion,
  setChampion,
} from './registry.js';
