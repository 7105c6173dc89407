"""Reference values for @dpp/metrics, computed by scikit-learn, scipy and numpy.

Run from the repository root:  .venv/bin/python test-fixtures/metrics/make_fixtures.py
(.venv comes from scripts/python-env.sh). Writes fixtures.json; deterministic.

- AUC, average precision, log loss, Brier, ROC and PR curves, calibration: scikit-learn.
- KS: scipy.stats.ks_2samp on the scores of defaulters and non-defaulters.
- DeLong: the direct definition (every positive against every negative, O(m n)), an
  algorithm independent of the midrank one in the package; p-values from scipy.stats.norm.
- PSI and the lift table: numpy, following the definitions the package README states.
"""
import json
import pathlib

import numpy as np
from scipy import stats
from sklearn import metrics
from sklearn.calibration import calibration_curve

rng = np.random.default_rng(20261125)


def make(name, n, rate, ties, weighted=False):
    y = (rng.random(n) < rate).astype(int)
    y[0], y[1] = 1, 0  # both classes
    signal = y * 1.2 + rng.standard_normal(n)
    p = 1 / (1 + np.exp(-(signal - 2)))
    b = 1 / (1 + np.exp(-(0.5 * signal + rng.standard_normal(n) - 2)))  # a weaker second model
    if ties:
        p = np.round(p, 1)
        b = np.round(b, 2)
    p = np.clip(p, 0, 1)
    w = rng.uniform(0.1, 3, n) if weighted else None
    return dict(name=name, labels=y.tolist(), scores=p.tolist(), scoresB=b.tolist(), weights=None if w is None else w.tolist())


def delong(y, a, b):
    pos, neg = y == 1, y == 0

    def components(s):
        x, z = s[pos][:, None], s[neg][None, :]
        psi = (x > z) + 0.5 * (x == z)
        return psi.mean(axis=1), psi.mean(axis=0), psi.mean()

    v10a, v01a, auca = components(a)
    v10b, v01b, aucb = components(b)
    s10 = np.cov(np.vstack([v10a, v10b]))
    s01 = np.cov(np.vstack([v01a, v01b]))
    m, n = pos.sum(), neg.sum()
    var = (s10[0, 0] + s10[1, 1] - 2 * s10[0, 1]) / m + (s01[0, 0] + s01[1, 1] - 2 * s01[0, 1]) / n
    z = (auca - aucb) / np.sqrt(var)
    single = s10[0, 0] / m + s01[0, 0] / n
    return dict(aucA=auca, aucB=aucb, diff=auca - aucb, variance=var, z=z, pValue=2 * stats.norm.sf(abs(z)), singleAucVarianceA=single)


def psi_reference(expected, actual, bins=10, eps=1e-4):
    present = expected[~np.isnan(expected)]
    raw = np.quantile(present, np.arange(1, bins) / bins)
    edges = [e for k, e in enumerate(raw) if k == 0 or e != raw[k - 1]]

    def shares(v):
        counts = np.zeros(len(edges) + 2)
        miss = np.isnan(v)
        counts[-1] = miss.sum()
        idx = np.searchsorted(np.array(edges), v[~miss], side='left')
        np.add.at(counts, idx, 1)
        return counts

    e, a = shares(expected), shares(actual)
    es = np.maximum(e / len(expected), eps)
    as_ = np.maximum(a / len(actual), eps)
    contrib = np.where((e == 0) & (a == 0), 0, (as_ - es) * np.log(as_ / es))
    return dict(edges=list(map(float, edges)), value=float(contrib.sum()), expectedCounts=e.tolist(), actualCounts=a.tolist())


def lift_reference(y, s, groups=10):
    order = np.argsort(-s, kind='stable')
    parts = np.array_split(order, groups)
    overall = y.mean()
    rows, cum_pos, cum_rows = [], 0, 0
    for g, part in enumerate(parts):
        pos = y[part].sum()
        cum_pos += pos
        cum_rows += len(part)
        rows.append(dict(group=g + 1, rows=len(part), positives=int(pos), rate=pos / len(part), cumulativeGain=cum_pos / y.sum(), lift=pos / len(part) / overall, cumulativeLift=cum_pos / cum_rows / overall))
    return rows


cases = [make('small', 12, 0.4, ties=True), make('ties', 2000, 0.2, ties=True), make('imbalanced', 20000, 0.005, ties=False), make('weighted', 1000, 0.15, ties=True, weighted=True)]
out = []
for case in cases:
    y, s, b = np.array(case['labels']), np.array(case['scores']), np.array(case['scoresB'])
    w = None if case['weights'] is None else np.array(case['weights'])
    fpr, tpr, thr = metrics.roc_curve(y, s, sample_weight=w, drop_intermediate=False)
    prec, rec, pthr = metrics.precision_recall_curve(y, s, sample_weight=w)
    ref = dict(
        rocAuc=metrics.roc_auc_score(y, s, sample_weight=w),
        averagePrecision=metrics.average_precision_score(y, s, sample_weight=w),
        logLoss=metrics.log_loss(y, s, sample_weight=w),
        brierScore=metrics.brier_score_loss(y, s, sample_weight=w),
        rocCurve=dict(fpr=fpr.tolist(), tpr=tpr.tolist(), thresholds=[None if np.isinf(t) else t for t in thr.tolist()]),
        prCurve=dict(precision=prec.tolist(), recall=rec.tolist(), thresholds=pthr.tolist()),
    )
    if w is None:
        ref['ks'] = float(stats.ks_2samp(s[y == 1], s[y == 0]).statistic)
        for strategy in ['uniform', 'quantile']:
            pt, pp = calibration_curve(y, s, n_bins=5 if len(y) < 100 else 10, strategy=strategy)
            ref[f'calibration_{strategy}'] = dict(fractionPositive=pt.tolist(), meanPredicted=pp.tolist())
        ref['delong'] = {k: float(v) for k, v in delong(y, s, b).items()}
        ref['lift'] = lift_reference(y, s)
        # drift: the second half of the scores, shifted, against the first half; with gaps
        expected = s[: len(s) // 2].copy()
        actual = (s[len(s) // 2 :] * 0.9 + 0.05).copy()
        expected[::37] = np.nan
        actual[::23] = np.nan
        case['psiExpected'] = [None if np.isnan(v) else v for v in expected.tolist()]
        case['psiActual'] = [None if np.isnan(v) else v for v in actual.tolist()]
        ref['psi'] = psi_reference(expected, actual)
    case['reference'] = ref
    out.append(case)

pathlib.Path(__file__).with_name('fixtures.json').write_text(json.dumps(out))
print('wrote', [c['name'] for c in out])
