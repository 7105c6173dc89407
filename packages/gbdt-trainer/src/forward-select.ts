import { type CrossValidateOptions, type CrossValidation, crossValidate } from './cross-validate.js';
import type { BinnedDataset } from './train.js';

export interface ForwardSelectOptions extends Omit<CrossValidateOptions, 'features' | 'onFold'> {
  /** Stop when the best candidate raises the mean CV AUC by less than this. Default 0.0005. */
  tolerance?: number;
  /** Features selected at most. Default 30. */
  maxFeatures?: number;
  /** Candidates tried at each step: the first this many not yet selected, in the short list's order. Default 8. */
  candidatesPerStep?: number;
  /** Features selected before the first step (e.g. ones the business requires). Default none. */
  start?: readonly number[];
  /** Called after each step with what it chose. */
  onStep?: (step: SelectionStep) => void;
}

/** One step of forward selection: the feature added and the cross-validated AUC with it. */
export interface SelectionStep {
  step: number;
  /** Index of the feature added. */
  added: number;
  /** Mean and spread of the CV AUC of the selection with it. */
  auc: { mean: number; std: number };
  /** Mean CV AUC gained over the previous step. */
  gain: number;
  /** Every candidate tried at this step and its mean CV AUC. */
  tried: { feature: number; auc: number }[];
}

export interface ForwardSelection {
  selected: number[];
  steps: SelectionStep[];
  /** The cross-validation of the final selection. */
  cv: CrossValidation | undefined;
  /** Why it stopped: the best next candidate gained under the tolerance (its gain and name given), the size limit, or no candidate left. */
  stop: { reason: 'tolerance'; candidate: number; gain: number } | { reason: 'max-features' } | { reason: 'no-candidates' };
}

/**
 * Greedy forward selection over a short list (best first, e.g. an importance ranking): at
 * each step, cross-validate the selection plus each of the next `candidatesPerStep`
 * candidates, keep the one with the best mean AUC, and stop when it gains less than
 * `tolerance` (or at `maxFeatures`). Each fit reuses the table's quantization; folds are the
 * same at every step (same seed), so steps compare like with like.
 */
export function forwardSelect(binned: BinnedDataset, shortList: readonly number[], options: ForwardSelectOptions = {}): ForwardSelection {
  const { tolerance = 0.0005, maxFeatures = 30, candidatesPerStep = 8, start = [], onStep, ...cvOptions } = options;
  const selected = [...start];
  const steps: SelectionStep[] = [];
  let current: CrossValidation | undefined = selected.length > 0 ? crossValidate(binned, { ...cvOptions, features: selected }) : undefined;
  let currentAuc = current?.auc.mean ?? 0.5;
  let stop: ForwardSelection['stop'] = { reason: 'max-features' };
  while (selected.length < maxFeatures) {
    const candidates = shortList.filter((f) => !selected.includes(f)).slice(0, candidatesPerStep);
    if (candidates.length === 0) {
      stop = { reason: 'no-candidates' };
      break;
    }
    let best: { feature: number; cv: CrossValidation } | undefined;
    const tried: SelectionStep['tried'] = [];
    for (const feature of candidates) {
      const cv = crossValidate(binned, { ...cvOptions, features: [...selected, feature] });
      tried.push({ feature, auc: cv.auc.mean });
      if (best === undefined || cv.auc.mean > best.cv.auc.mean) best = { feature, cv };
    }
    const chosen = best as { feature: number; cv: CrossValidation };
    const gain = chosen.cv.auc.mean - currentAuc;
    if (gain < tolerance) {
      stop = { reason: 'tolerance', candidate: chosen.feature, gain };
      break;
    }
    selected.push(chosen.feature);
    current = chosen.cv;
    currentAuc = chosen.cv.auc.mean;
    const step: SelectionStep = { step: steps.length + 1, added: chosen.feature, auc: { mean: chosen.cv.auc.mean, std: chosen.cv.auc.std }, gain, tried };
    steps.push(step);
    onStep?.(step);
  }
  return { selected, steps, cv: current, stop };
}
