// Every metric against scikit-learn, scipy and numpy on data with many ties, extreme
// imbalance (0.5% defaulters) and weights: test-fixtures/metrics/make_fixtures.py.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { averagePrecision, bootstrapCi, brierScore, calibrationCurve, delongTest, gini, ks, liftTable, logLoss, prCurve, psi, rocAuc, rocCurve } from './index.js';

interface Case {
  name: string;
  labels: number[];
  scores: number[];
  scoresB: number[];
  weights: number[] | null;
  psiExpected?: Array<number | null>;
  psiActual?: Array<number | null>;
  reference: Record<string, any>;
}
const cases = JSON.parse(readFileSync(new URL('../../../test-fixtures/metrics/fixtures.json', import.meta.url), 'utf8')) as Case[];

const close = (actual: ArrayLike<number>, expected: ArrayLike<number | null>, tolerance: number) => {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i] ?? Infinity;
    const a = actual[i] as number;
    if (!Number.isFinite(e)) expect(a).toBe(e);
    else expect(Math.abs(a - e), `index ${i}: ${a} vs ${e}`).toBeLessThanOrEqual(tolerance);
  }
};

for (const c of cases) {
  const options = c.weights === null ? {} : { weights: c.weights };
  const ref = c.reference;
  describe(`${c.name} (${c.labels.length} rows${c.weights ? ', weighted' : ''})`, () => {
    it('rocAuc, gini, averagePrecision, logLoss and brierScore agree with scikit-learn to 1e-12', () => {
      expect(Math.abs(rocAuc(c.labels, c.scores, options) - ref.rocAuc)).toBeLessThan(1e-12);
      expect(Math.abs(gini(c.labels, c.scores, options) - (2 * ref.rocAuc - 1))).toBeLessThan(1e-12);
      expect(Math.abs(averagePrecision(c.labels, c.scores, options) - ref.averagePrecision)).toBeLessThan(1e-12);
      expect(Math.abs(logLoss(c.labels, c.scores, options) - ref.logLoss)).toBeLessThan(1e-12);
      expect(Math.abs(brierScore(c.labels, c.scores, options) - ref.brierScore)).toBeLessThan(1e-12);
    });

    it('rocCurve and prCurve give scikit-learn points', () => {
      const roc = rocCurve(c.labels, c.scores, options);
      close(roc.fpr, ref.rocCurve.fpr, 1e-12);
      close(roc.tpr, ref.rocCurve.tpr, 1e-12);
      close(roc.thresholds, ref.rocCurve.thresholds, 0);
      const pr = prCurve(c.labels, c.scores, options);
      // scikit-learn lists thresholds ascending and ends with the point (recall 0, precision 1)
      close(pr.precision, [...ref.prCurve.precision].slice(0, -1).reverse(), 1e-12);
      close(pr.recall, [...ref.prCurve.recall].slice(0, -1).reverse(), 1e-12);
      close(pr.thresholds, [...ref.prCurve.thresholds].reverse(), 0);
    });

    if (c.weights !== null) return;

    it('ks agrees with scipy.stats.ks_2samp to 1e-12, and its threshold attains it', () => {
      const result = ks(c.labels, c.scores);
      expect(Math.abs(result.statistic - ref.ks)).toBeLessThan(1e-12);
      const below = (cls: number) => c.labels.filter((y, i) => y === cls && c.scores[i]! <= result.threshold).length / c.labels.filter((y) => y === cls).length;
      expect(Math.abs(Math.abs(below(1) - below(0)) - ref.ks)).toBeLessThan(1e-12);
    });

    it('calibrationCurve agrees with scikit-learn, uniform and quantile bins', () => {
      for (const strategy of ['uniform', 'quantile'] as const) {
        const bins = calibrationCurve(c.labels, c.scores, { bins: c.labels.length < 100 ? 5 : 10, strategy });
        close(bins.map((b) => b.fractionPositive), ref[`calibration_${strategy}`].fractionPositive, 1e-12);
        close(bins.map((b) => b.meanPredicted), ref[`calibration_${strategy}`].meanPredicted, 1e-12);
      }
    });

    it('delongTest agrees with the direct O(mn) DeLong: AUCs to 1e-12, p-value to 1e-6', () => {
      const result = delongTest(c.labels, c.scores, c.scoresB);
      const d = ref.delong;
      expect(Math.abs(result.aucA - d.aucA)).toBeLessThan(1e-12);
      expect(Math.abs(result.aucB - d.aucB)).toBeLessThan(1e-12);
      expect(Math.abs(result.variance - d.variance)).toBeLessThan(1e-12);
      expect(Math.abs(result.z - d.z)).toBeLessThan(1e-6);
      expect(Math.abs(result.pValue - d.pValue)).toBeLessThan(1e-6);
    });

    it('liftTable agrees with numpy deciles (array_split of a stable descending sort)', () => {
      const rows = liftTable(c.labels, c.scores, { groups: 10 });
      expect(rows.map((r) => [r.group, r.rows, r.positives])).toEqual(ref.lift.map((r: any) => [r.group, r.rows, r.positives]));
      for (const key of ['rate', 'cumulativeGain', 'lift', 'cumulativeLift'] as const) close(rows.map((r) => r[key]), ref.lift.map((r: any) => r[key]), 1e-12);
    });

    it('psi agrees with numpy on quantile bins fitted on the expected sample, missing values in their own bin', () => {
      const result = psi(c.psiExpected!, c.psiActual!, { bins: 10 });
      expect(result.binning.edges).toEqual(ref.psi.edges);
      expect([...result.bins, result.missing].map((b) => b.expectedCount)).toEqual(ref.psi.expectedCounts);
      expect([...result.bins, result.missing].map((b) => b.actualCount)).toEqual(ref.psi.actualCounts);
      expect(Math.abs(result.value - ref.psi.value)).toBeLessThan(1e-12);
      // the bins fitted once are reused on a later batch unchanged
      expect(psi(c.psiExpected!, c.psiActual!, { bins: result.binning }).value).toBe(result.value);
    });

    it("bootstrapCi: the spread of the AUC agrees with DeLong's variance, and the interval holds the estimate", () => {
      if (c.labels.length < 100 || c.labels.length > 5000) return;
      const result = bootstrapCi(rocAuc, c.labels, c.scores, { rounds: 400, seed: 1 });
      const delongSe = Math.sqrt(ref.delong.singleAucVarianceA);
      expect(result.standardError / delongSe).toBeGreaterThan(0.85);
      expect(result.standardError / delongSe).toBeLessThan(1.15);
      expect(result.lower).toBeLessThan(result.estimate);
      expect(result.upper).toBeGreaterThan(result.estimate);
      expect(bootstrapCi(rocAuc, c.labels, c.scores, { rounds: 400, seed: 1 })).toEqual(result);
    });
  });
}
