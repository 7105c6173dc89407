export { type GbdtErrorCode, GbdtError } from './errors.js';
export type { GbdtModel, Tree } from './model.js';
export { FLOAT32_MAX, type QuantizeOptions, type QuantizedFeatures, binColumns, quantizeFeatures } from './quantize.js';
export { type BinnedDataset, type Dataset, type IterationProgress, type Subset, type TrainOptions, type TrainResult, binDataset, train, trainBinned } from './train.js';
export { type CrossValidateOptions, type CrossValidation, type FoldSummary, crossValidate } from './cross-validate.js';
