export { type GbdtErrorCode, GbdtError } from './errors.js';
export type { GbdtModel, Tree } from './model.js';
export { FLOAT32_MAX, type QuantizeOptions, type QuantizedFeatures, binColumns, quantizeFeatures } from './quantize.js';
export { type Dataset, type IterationProgress, type TrainOptions, type TrainResult, train } from './train.js';
