"""Reference numbers for @dpp/preprocessing, computed with numpy and pandas.

Writes table.json (the columns of a small loan-like table, null = missing) and
reference.json (what preprocessing must find: the median of the numeric column, the levels
of the small categorical, the target statistics of every level of the large one, and the
one-hot encoding of a few rows). Run with the venv python: $(scripts/python-env.sh | tail -1).
"""
import json
import pathlib

import numpy as np
import pandas as pd

here = pathlib.Path(__file__).parent
rng = np.random.default_rng(7)
n = 600
num = rng.normal(10, 3, n)
num[rng.random(n) < 0.1] = np.nan
big_levels = [f"L{k:02d}" for k in range(30)]
df = pd.DataFrame({
    "id": np.arange(1, n + 1),
    "num": num,
    "num_copy": num,
    "count": rng.integers(0, 5, n).astype(float),
    "constant": np.full(n, 3.0),
    "empty": np.full(n, np.nan),
    "cat_small": rng.choice(["a", "b", "c", None], n, p=[0.5, 0.3, 0.15, 0.05]),
    "cat_big": rng.choice(big_levels + [None], n),
    "account": [f"ACC{k:06d}" for k in rng.permutation(n)],
})
df["target"] = (rng.random(n) < 1 / (1 + np.exp(-(df["num"].fillna(10) - 10) / 2 - 1.5))).astype(float)

prior, weight = df["target"].mean(), 1.0
big = df["cat_big"].fillna("")
groups = df.groupby(big)["target"].agg(["count", "sum"])
ts = {level: {"count": int(r["count"]), "positives": float(r["sum"]), "value": (r["sum"] + prior * weight) / (r["count"] + weight)} for level, r in groups.iterrows()}

table = {c: [None if (isinstance(v, float) and np.isnan(v)) else (v.item() if hasattr(v, "item") else v) for v in df[c]] for c in df.columns}
json.dump(table, open(here / "table.json", "w"))
json.dump({
    "rows": n,
    "median_num": float(np.nanmedian(df["num"])),
    "prior": float(prior),
    "cat_small_levels": sorted(df["cat_small"].fillna("").unique().tolist()),
    "cat_big_stats": ts,
    "one_hot_first_rows": pd.get_dummies(df["cat_small"].fillna(""), prefix="cat_small", prefix_sep="=").astype(float).head(20).to_dict(orient="list"),
    "pandas_version": pd.__version__,
}, open(here / "reference.json", "w"), indent=1)
print("wrote", n, "rows")
