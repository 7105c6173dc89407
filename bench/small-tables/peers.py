"""Small public tables (scikit-learn's bundled breast cancer and wine, the only binary tables
available offline here): writes each table and its 5 stratified folds to JSON for dpp, and
scores the peers on the same folds: LightGBM with its defaults and a logistic regression on
standardized columns. usage: peers.py <work folder>; prints one JSON line."""
import json
import pathlib
import sys

import lightgbm
import numpy as np
from sklearn.datasets import load_breast_cancer, load_wine
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

work = pathlib.Path(sys.argv[1])
work.mkdir(parents=True, exist_ok=True)
tables = {}
bc = load_breast_cancer()
tables["breast_cancer"] = (bc.data, (bc.target == 0).astype(int), list(bc.feature_names))  # 1 = malignant
wine = load_wine()
tables["wine (class 1 vs rest)"] = (wine.data, (wine.target == 1).astype(int), list(wine.feature_names))
out = {}
for name, (x, y, names) in tables.items():
    folds = np.zeros(len(y), dtype=int)
    for k, (_, test) in enumerate(StratifiedKFold(5, shuffle=True, random_state=0).split(x, y)):
        folds[test] = k
    scores = {"LightGBM (defaults)": [], "logistic regression": []}
    for k in range(5):
        tr, te = folds != k, folds == k
        m = lightgbm.LGBMClassifier(verbose=-1, random_state=0).fit(x[tr], y[tr])
        scores["LightGBM (defaults)"].append(roc_auc_score(y[te], m.predict_proba(x[te])[:, 1]))
        lr = make_pipeline(StandardScaler(), LogisticRegression(max_iter=5000)).fit(x[tr], y[tr])
        scores["logistic regression"].append(roc_auc_score(y[te], lr.predict_proba(x[te])[:, 1]))
    file = work / f"small-{name.split(' ')[0]}.json"
    json.dump({"names": names, "x": x.tolist(), "y": y.tolist(), "folds": folds.tolist()}, open(file, "w"))
    out[name] = {"file": str(file), "rows": int(len(y)), "columns": int(x.shape[1]), "peers": {k: float(np.mean(v)) for k, v in scores.items()}}
print(json.dumps(out))
