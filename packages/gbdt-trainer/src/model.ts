import type { PreprocessingState } from '@dpp/preprocessing';
import type { DerivedFeature } from './generate-pairs.js';
import type { LinearTerm } from './linear.js';

/**
 * One tree in flat arrays, node 0 the root. An internal node sends a row left when
 * `Math.fround(x) <= threshold` (`threshold` is a float32 value, so the native model and
 * an ONNX runtime comparing float32 inputs take the same branch) and a missing value (NaN)
 * left when `missingLeft[node] === 1`. A leaf has `feature[node] === -1` and carries its
 * contribution to the raw score (log-odds) in `value[node]`, learning rate included.
 * Oblivious trees are stored expanded into this general form.
 */
export interface Tree {
  feature: number[];
  threshold: number[];
  missingLeft: number[];
  left: number[];
  right: number[];
  /** Leaf value (float32, learning rate included); 0 on internal nodes. */
  value: number[];
  /** Sum of the training rows' hessians that reached the node (TreeSHAP's cover). */
  cover: number[];
  /** Loss reduction of the node's split; 0 on leaves. */
  gain: number[];
}

/** The native model: everything needed to score raw feature values and to explain them. */
export interface GbdtModel {
  format: 'dpp-gbdt';
  version: 1;
  objective: 'binary-logloss';
  /** The engine's input columns, in order: `trees[t].feature[n]` indexes this list. */
  features: string[];
  /** The raw score every row starts from (log-odds of the training default rate). */
  baseScore: number;
  trees: Tree[];
  /** A linear part of the raw score, added to the trees' (a logistic regression has no trees and this alone). */
  linear?: LinearTerm;
  /** The fitted preprocessing that turns source columns into `features`, when there is one. */
  preprocessing?: PreprocessingState;
  /** Features computed from two others (difference, ratio) before the trees see them; each is named in `features`. */
  derived?: DerivedFeature[];
  /** The settings the model was trained with. */
  params: Record<string, number | string | boolean>;
}
