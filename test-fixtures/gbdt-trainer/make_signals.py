"""A table with a known answer for @dpp/gbdt-trainer, and LightGBM's holdout AUC on it.

Writes signals.f32 (float32 little-endian, row-major: 12 feature columns then the label,
NaN = missing) and signals.lightgbm.json (LightGBM's holdout AUC at the settings the test
uses, with the versions). Run with the venv python: $(scripts/python-env.sh | tail -1).
"""
import json
import pathlib

import lightgbm
import numpy as np
import sklearn
from sklearn.metrics import roc_auc_score

here = pathlib.Path(__file__).parent
rng = np.random.default_rng(20261125)
n_train, n_test, n_features = 30_000, 10_000, 12
n = n_train + n_test
x = rng.normal(size=(n, n_features)).astype(np.float32)
x[:, 4] = rng.integers(0, 6, size=n)  # a small integer code
x[:, 5] = np.exp(x[:, 5] * 2).astype(np.float32)  # heavy-tailed
missing3 = rng.random(n) < 0.15
x[missing3, 3] = np.nan
x[rng.random(n) < 0.02, 6] = np.nan  # a little missing noise
code_effect = np.array([0.0, 0.8, -0.6, 0.0, 1.2, -1.0])
z = (
    1.2 * x[:, 0]
    - 1.0 * x[:, 1] * x[:, 2]
    + np.where(missing3, 1.0, 0.4 * np.nan_to_num(x[:, 3]))
    + code_effect[x[:, 4].astype(int)]
    + 0.8 * (x[:, 5] > 2.0)
    - 2.6
)
y = (rng.random(n) < 1 / (1 + np.exp(-z))).astype(np.float32)
np.column_stack([x, y]).astype("<f4").tofile(here / "signals.f32")

settings = dict(objective="binary", num_leaves=31, learning_rate=0.1, n_estimators=200, min_child_samples=20,
                reg_lambda=1.0, max_bin=255, subsample=1.0, colsample_bytree=1.0, verbose=-1, n_jobs=2,
                deterministic=True, force_row_wise=True)
model = lightgbm.LGBMClassifier(**settings).fit(x[:n_train], y[:n_train])
auc = roc_auc_score(y[n_train:], model.predict_proba(x[n_train:])[:, 1])
json.dump({"rows": n, "train_rows": n_train, "features": n_features, "default_rate": float(y.mean()),
           "lightgbm": {"settings": settings, "holdout_auc": auc, "version": lightgbm.__version__},
           "sklearn_version": sklearn.__version__},
          open(here / "signals.lightgbm.json", "w"), indent=2)
print(f"default rate {y.mean():.4f}, LightGBM holdout AUC {auc:.6f}")
