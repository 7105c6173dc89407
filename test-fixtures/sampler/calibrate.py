"""Checks the planted signal of @dpp/sampler's synthetic loan table with LightGBM and
scikit-learn, and writes calibration.json, the reference the sampler's tests compare with.

Run from the repository root (after `npm run build`; .venv from scripts/python-env.sh):
  node packages/sampler/scripts/write-csv.mjs 30000 42 /tmp/synthetic-30000.csv
  .venv/bin/python test-fixtures/sampler/calibrate.py /tmp/synthetic-30000.csv
"""
import json
import pathlib
import sys

import lightgbm as lgb
import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split

csv = sys.argv[1]
frame = pd.read_csv(csv)
y = (frame['loss'] > 0).astype(int).to_numpy()
features = frame.drop(columns=['id', 'loss'])
# pandas reads the 21-23 digit integers as strings (they overflow int64): make them numbers
huge = [c for c in features.columns if features[c].dtype == object]
for c in huge:
    features[c] = pd.to_numeric(features[c], errors='coerce').astype(float)

diff = (features['f527'] - features['f528']).to_numpy()
x_train, x_test, y_train, y_test = train_test_split(features, y, test_size=0.2, stratify=y, random_state=42)
params = dict(objective='binary', n_estimators=300, learning_rate=0.05, num_leaves=31, random_state=42, n_jobs=2, verbose=-1)


def holdout_auc(train, test):
    model = lgb.LGBMClassifier(**params).fit(train, y_train)
    return float(roc_auc_score(y_test, model.predict_proba(test)[:, 1]))


with_pair = lambda x: x.assign(golden_diff=x['f527'] - x['f528'])
result = {
    'rows': int(len(frame)),
    'seed': 42,
    'default_rate': float(y.mean()),
    'huge_integer_columns_read_as_text_by_pandas': len(huge),
    'auc_f527_alone': float(roc_auc_score(y, features['f527'])),
    'auc_f528_alone': float(roc_auc_score(y, features['f528'])),
    'auc_f527_minus_f528': float(roc_auc_score(y, diff)),
    'lightgbm_holdout_auc_raw_features': holdout_auc(x_train, x_test),
    'lightgbm_holdout_auc_with_difference': holdout_auc(with_pair(x_train), with_pair(x_test)),
    'lightgbm_params': params,
}
out = pathlib.Path(__file__).with_name('calibration.json')
out.write_text(json.dumps(result, indent=2) + '\n')
print(json.dumps(result, indent=2))
