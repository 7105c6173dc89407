"""One fit of a peer (LightGBM or scikit-learn's HistGradientBoostingClassifier) on the float32
table file at the settings given; prints one JSON line. `binSeconds` is LightGBM's
Dataset.construct; scikit-learn bins inside `fit`, so its fitSeconds includes binning and its
binSeconds is 0."""
import json
import resource
import sys
import time

import numpy as np
from sklearn.metrics import roc_auc_score

tool, path, o = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
cells = np.fromfile(path, dtype="<f4").reshape(o["rows"], o["features"] + 1)
n_train = int(o["rows"] * 0.8)
x, y = cells[:, :-1], cells[:, -1]
if tool == "lightgbm":
    import lightgbm

    params = dict(objective="binary", learning_rate=o["learningRate"], num_leaves=o["num_leaves"], max_depth=o.get("max_depth", -1),
                  lambda_l2=o["l2"], min_data_in_leaf=o["minDataInLeaf"], num_threads=o["threads"], max_bin=255, verbose=-1, deterministic=True)
    t = time.perf_counter()
    data = lightgbm.Dataset(x[:n_train], y[:n_train], free_raw_data=False).construct()
    bin_seconds = time.perf_counter() - t
    t = time.perf_counter()
    booster = lightgbm.train(params, data, num_boost_round=o["iterations"])
    fit_seconds = time.perf_counter() - t
    raw = booster.predict(x[n_train:], raw_score=True)
    name = f"LightGBM {lightgbm.__version__}"
else:
    import sklearn
    from sklearn.ensemble import HistGradientBoostingClassifier

    model = HistGradientBoostingClassifier(max_iter=o["iterations"], learning_rate=o["learningRate"], max_depth=o["max_depth"], max_leaf_nodes=o["num_leaves"],
                                           l2_regularization=o["l2"], min_samples_leaf=o["minDataInLeaf"], max_bins=255, early_stopping=False, random_state=0)
    bin_seconds = 0.0
    t = time.perf_counter()
    model.fit(x[:n_train], y[:n_train])
    fit_seconds = time.perf_counter() - t
    raw = model.decision_function(x[n_train:])
    name = f"scikit-learn {sklearn.__version__} HistGradientBoostingClassifier"
auc = roc_auc_score(y[n_train:], raw)
print(json.dumps({"tool": name, "binSeconds": bin_seconds, "fitSeconds": fit_seconds, "auc": auc,
                  "maxRssMB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
