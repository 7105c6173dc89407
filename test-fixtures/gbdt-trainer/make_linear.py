"""Reference for dpp's logistic regression (fitLinear): scikit-learn's
SimpleImputer(mean) + StandardScaler + LogisticRegression(C = 1 / l2) fitted on the first 400
rows of a 600-row float32 table (two columns with missing values, one constant column), its
decision_function on every row, its standardized coefficients and its AUC on the other 200
rows (roc_auc_score), for l2 = 1 and 10.
Writes linear.json. Run with the venv python."""
import json
import pathlib

import numpy as np
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

here = pathlib.Path(__file__).parent
rng = np.random.default_rng(11)
n, f = 600, 5
x = rng.normal(size=(n, f)) * np.array([1.0, 3.0, 0.2, 10.0, 1.0]) + np.array([0.0, 5.0, -1.0, 100.0, 0.0])
x[:, 4] = 2.5  # no spread: no weight
z = 1.2 * x[:, 0] - 0.4 * x[:, 1] + 3.0 * x[:, 2] + 0.05 * x[:, 3] - 3.0
x[rng.random(n) < 0.1, 1] = np.nan
x[rng.random(n) < 0.2, 3] = np.nan
x = x.astype(np.float32)
y = (rng.random(n) < 1 / (1 + np.exp(-z))).astype(np.float64)
train = 400
refs = {}
for l2 in (1, 10):
    model = make_pipeline(SimpleImputer(strategy="mean"), StandardScaler(), LogisticRegression(C=1 / l2, tol=1e-12, max_iter=100000))
    model.fit(x[:train].astype(np.float64), y[:train])
    lr = model[-1]
    decision = model.decision_function(x.astype(np.float64))
    refs[str(l2)] = {"decision": decision.tolist(), "coef": lr.coef_[0].tolist(), "intercept": float(lr.intercept_[0]), "holdoutAuc": roc_auc_score(y[train:], decision[train:])}
json.dump({
    "x": [[None if np.isnan(v) else float(v) for v in column] for column in x.T],
    "y": y.tolist(),
    "train": train,
    "references": refs,
}, open(here / "linear.json", "w"))
