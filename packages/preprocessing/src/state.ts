/**
 * The fitted preprocessing, plain JSON: what turns a table's source columns into the numeric
 * feature columns a model sees. An ONNX export builds the same steps into its graph.
 */
export interface PreprocessingState {
  format: 'dpp-preprocessing';
  version: 1;
  /** The target column (never a feature). */
  target: string;
  /** The id column (never a feature). */
  id?: string;
  /** The source columns kept, in source order. */
  columns: ColumnState[];
  /** Every other source column (target and id aside), with why it was dropped. */
  dropped: DroppedColumn[];
  /** The numeric output columns, in order: the model's inputs. */
  features: string[];
}

export type ColumnKind = 'continuous' | 'discrete' | 'categorical' | 'constant' | 'id-like';

export interface DroppedColumn {
  name: string;
  reason: 'constant' | 'duplicate' | 'id-like' | 'all-missing';
  /** For a duplicate: the kept column it repeats. */
  of?: string;
}

export interface NumericColumnState {
  name: string;
  kind: 'continuous' | 'discrete';
  /**
   * 'bin': a missing value stays NaN (the engine gives missing values their own bin);
   * 'value': it becomes `value`, the median of the training values.
   */
  missing: { strategy: 'bin' } | { strategy: 'value'; value: number };
  /** The output feature: the column's own name. */
  output: string;
}

export interface CategoricalColumnState {
  name: string;
  kind: 'categorical';
  /** The level a missing value becomes (an explicit category of its own). */
  missingLevel: string;
  encoding: OneHotEncoding | TargetStatisticsEncoding;
}

/** One 0/1 output per level (`${name}=${level}`); an unseen level gives all zeros. */
export interface OneHotEncoding {
  type: 'one-hot';
  levels: string[];
  outputs: string[];
}

/**
 * One output: the level's default rate shrunk towards the prior,
 * (positives + prior * priorWeight) / (count + priorWeight); an unseen level gives `prior`.
 */
export interface TargetStatisticsEncoding {
  type: 'target-statistics';
  prior: number;
  priorWeight: number;
  levels: Record<string, { count: number; positives: number }>;
  output: string;
}

export type ColumnState = NumericColumnState | CategoricalColumnState;
