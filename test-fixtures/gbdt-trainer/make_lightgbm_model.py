"""A small LightGBM model to check dpp's model consumers against: prediction, TreeSHAP and
gain importance, on a model dpp did not train.

Writes lightgbm_model.json: the float32 data (NaN as null), LightGBM's dump_model() trees,
its raw scores (predict raw_score=True), its SHAP values (pred_contrib=True) for the first 50
rows and its gain importance. Every feature has missing values in training, so every split
learns where they go (missing_type NaN). Run with the venv python.
"""
import json
import pathlib

import lightgbm
import numpy as np

here = pathlib.Path(__file__).parent
rng = np.random.default_rng(5)
n, f = 2000, 6
x = rng.normal(size=(n, f)).astype(np.float32)
x[rng.random((n, f)) < 0.05] = np.nan
z = 1.5 * np.nan_to_num(x[:, 0]) - np.nan_to_num(x[:, 1]) * np.nan_to_num(x[:, 2]) + np.isnan(x[:, 3]) * 1.0 - 1.0
y = (rng.random(n) < 1 / (1 + np.exp(-z))).astype(np.float64)
booster = lightgbm.train(
    dict(objective="binary", num_leaves=8, learning_rate=0.1, min_data_in_leaf=20, verbose=-1, deterministic=True, num_threads=1, seed=1),
    lightgbm.Dataset(x, y), num_boost_round=30,
)
raw = booster.predict(x, raw_score=True)
contrib = booster.predict(x[:50], pred_contrib=True)
json.dump({
    "x": [[None if np.isnan(v) else float(v) for v in row] for row in x],
    "y": y.tolist(),
    "raw": raw.tolist(),
    "contrib": contrib.tolist(),
    "gain": booster.feature_importance(importance_type="gain").tolist(),
    "model": booster.dump_model(),
    "lightgbm_version": lightgbm.__version__,
}, open(here / "lightgbm_model.json", "w"))
print("trees", booster.num_trees())
