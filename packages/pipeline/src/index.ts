export { PipelineError, type PipelineErrorCode } from './errors.js';
export { type FeedbackResult, feedback } from './feedback.js';
export { type IngestOptions, type IngestResult, TARGET_COLUMN, ingest } from './ingest.js';
export { type SampleOptions, type SampleResult, sample } from './sample.js';
export { type BatchStatus, type DatasetStatus, type ModelStatus, type StoreStatus, status } from './status.js';
export { type StagedDataset, type WriteDatasetOptions, readDataset, schemaOf, stageDataset, writeDataset } from './stored-dataset.js';
export { DEFAULT_STORE, STORE_FLAGS, openStoreFromFlags } from './store-flags.js';
export { type TrainModelOptions, type TrainModelResult, trainModel } from './train-model.js';
