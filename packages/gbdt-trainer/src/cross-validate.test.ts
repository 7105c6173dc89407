import { rocAuc } from '@dpp/metrics';
import { stratifiedKFold } from '@dpp/sampler';
import { describe, expect, it } from 'vitest';
import { signalRows, signalsReference } from './signals.test-support.js';
import { binDataset, crossValidate } from '@dpp/gbdt-trainer';

const reference = signalsReference;
const data = signalRows(0, 6000);

describe('crossValidate', () => {
  const binned = binDataset(data);

  it('reports AUC, Gini and KS per stratified fold, with out-of-fold scores that rank like the fold AUCs say', () => {
    const cv = crossValidate(binned, { folds: 4, seed: 3, iterations: 80, learningRate: 0.15, earlyStoppingRounds: 15 });
    expect(cv.auc.folds).toHaveLength(4);
    expect(cv.gini.mean).toBeCloseTo(2 * cv.auc.mean - 1, 12);
    expect(cv.auc.std).toBeGreaterThan(0);
    // each fold's AUC is the AUC of its out-of-fold scores
    const fold = stratifiedKFold(data.labels, { folds: 4, seed: 3 });
    for (let k = 0; k < 4; k++) {
      const idx = [...fold.keys()].filter((i) => fold[i] === k);
      expect(rocAuc(idx.map((i) => data.labels[i]!), idx.map((i) => cv.oof[i]!))).toBeCloseTo(cv.auc.folds[k]!, 12);
      // stratified: every fold holds a quarter of the defaults, give or take one
      const defaults = idx.reduce((s, i) => s + data.labels[i]!, 0);
      const all = data.labels.reduce((s, y) => s + y, 0);
      expect(Math.abs(defaults - all / 4)).toBeLessThanOrEqual(1);
    }
    expect(cv.oofAuc).toBeCloseTo(rocAuc(data.labels, cv.oof), 12);
    // the signal is there: near LightGBM's holdout level on the big split, well above chance
    expect(cv.auc.mean).toBeGreaterThan(reference.lightgbm.holdout_auc - 0.05);
  });

  it('is seeded: the same seed gives the same numbers, another seed other folds', () => {
    const options = { folds: 3, iterations: 20, seed: 5 };
    const a = crossValidate(binned, options);
    expect(crossValidate(binned, options).auc.folds).toEqual(a.auc.folds);
    expect(crossValidate(binned, { ...options, seed: 6 }).auc.folds).not.toEqual(a.auc.folds);
  });

  it('uses only the features it is given', () => {
    const one = crossValidate(binned, { folds: 3, iterations: 30, features: [7] }); // noise only
    const signal = crossValidate(binned, { folds: 3, iterations: 30, features: [0] });
    expect(Math.abs(one.auc.mean - 0.5)).toBeLessThan(0.05);
    expect(signal.auc.mean).toBeGreaterThan(0.65);
  });
});
