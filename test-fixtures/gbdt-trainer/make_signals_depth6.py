"""LightGBM's and scikit-learn's holdout AUC on the known-signals table (signals.f32, written
by make_signals.py) at the settings of the gbdt benchmark: 300 rounds, depth 6, 63 leaves,
learning rate 0.1, L2 1, 20 rows per leaf, 255 bins. LightGBM also with its own quantized
gradients (use_quantized_grad, 4 bins, stochastic rounding), the method @dpp/gbdt-trainer
follows. Writes signals.depth6.json. Run with the venv python: $(scripts/python-env.sh | tail -1).
"""
import json
import pathlib

import lightgbm
import numpy as np
import sklearn
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import roc_auc_score

here = pathlib.Path(__file__).parent
meta = json.load(open(here / "signals.lightgbm.json"))
cells = np.fromfile(here / "signals.f32", dtype="<f4").reshape(meta["rows"], meta["features"] + 1)
n_train = meta["train_rows"]
x, y = cells[:, :-1], cells[:, -1]
settings = dict(objective="binary", num_leaves=63, max_depth=6, learning_rate=0.1, n_estimators=300, min_child_samples=20,
                reg_lambda=1.0, max_bin=255, verbose=-1, n_jobs=2, deterministic=True, force_row_wise=True)


def auc_of(model):
    return roc_auc_score(y[n_train:], model.predict_proba(x[n_train:])[:, 1])


plain = auc_of(lightgbm.LGBMClassifier(**settings).fit(x[:n_train], y[:n_train]))
quantized = auc_of(lightgbm.LGBMClassifier(**settings, use_quantized_grad=True, seed=0).fit(x[:n_train], y[:n_train]))
hgb = auc_of(HistGradientBoostingClassifier(max_iter=300, learning_rate=0.1, max_depth=6, max_leaf_nodes=63, min_samples_leaf=20,
                                            l2_regularization=1.0, max_bins=255, early_stopping=False, random_state=0).fit(x[:n_train], y[:n_train]))
json.dump({"settings": settings, "lightgbm": {"holdout_auc": plain, "quantized_holdout_auc": quantized, "version": lightgbm.__version__},
           "sklearn_hgb": {"holdout_auc": hgb, "version": sklearn.__version__}},
          open(here / "signals.depth6.json", "w"), indent=2)
print(f"LightGBM {plain:.6f}, LightGBM quantized {quantized:.6f}, HGB {hgb:.6f}")
