export { applyPreprocessing } from './apply-preprocessing.js';
export { type ColumnKindsOptions, type ColumnProfile, columnKinds } from './column-kinds.js';
export { PreprocessingError, type PreprocessingErrorCode } from './errors.js';
export { type FitPreprocessingOptions, type FittedPreprocessing, fitPreprocessing } from './fit-preprocessing.js';
export { orderedTargetStatistics } from './ordered-target-statistics.js';
export type { CategoricalColumnState, ColumnKind, ColumnState, DroppedColumn, NumericColumnState, OneHotEncoding, PreprocessingState, TargetStatisticsEncoding } from './state.js';
export { isTextColumn, readNumbers, readStrings } from './read-column.js';
