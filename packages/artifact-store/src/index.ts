export { type BatchInfo, type ChampionPointer, MODEL_INFO_NAME, type ModelInfo, getJson, listBatches, listModelVersions, putJson, readChampion, setChampion } from './registry.js';
export { type DatasetManifest, type DatasetPart, type DatasetWriter, MANIFEST_NAME, beginDataset, datasetParts, gcDataset, readManifest } from './dataset.js';
export { StoreError, type StoreErrorCode, StoreNotFoundError } from './errors.js';
export { checkKey } from './keys.js';
export { checkId, layout } from './layout.js';
export { createLocalStore } from './local-store.js';
export { type OpenStoreOptions, openStore } from './open-store.js';
export type { S3Options } from './s3/resolve-s3-config.js';
export type { Store, StoreBody } from './store.js';
