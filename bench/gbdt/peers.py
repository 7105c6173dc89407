"""One LightGBM fit on the float32 table file at the settings given; prints one JSON line."""
import json
import resource
import sys
import time

import lightgbm
import numpy as np
from sklearn.metrics import roc_auc_score

path, o = sys.argv[1], json.loads(sys.argv[2])
cells = np.fromfile(path, dtype="<f4").reshape(o["rows"], o["features"] + 1)
n_train = int(o["rows"] * 0.8)
x, y = cells[:, :-1], cells[:, -1]
params = dict(objective="binary", learning_rate=o["learningRate"], num_leaves=o["num_leaves"], max_depth=o.get("max_depth", -1),
              lambda_l2=o["l2"], min_data_in_leaf=o["minDataInLeaf"], num_threads=o["threads"], max_bin=255, verbose=-1, deterministic=True)
t = time.perf_counter()
data = lightgbm.Dataset(x[:n_train], y[:n_train], free_raw_data=False).construct()
bin_seconds = time.perf_counter() - t
t = time.perf_counter()
booster = lightgbm.train(params, data, num_boost_round=o["iterations"])
fit_seconds = time.perf_counter() - t
auc = roc_auc_score(y[n_train:], booster.predict(x[n_train:], raw_score=True))
print(json.dumps({"tool": f"LightGBM {lightgbm.__version__}", "binSeconds": bin_seconds, "fitSeconds": fit_seconds, "auc": auc,
                  "maxRssMB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
