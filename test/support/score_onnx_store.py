"""Scores a stored dataset with a stored model's ONNX file in Python's onnxruntime.

usage: score_onnx_store.py <local store> <model version> [<dataset prefix, default test>]
Prints one JSON object: the AUC (scikit-learn) of the `pd` output against the `target`
column, the rows scored and the first 100 `pd` values, so that a test can compare them with
what dpp computed in TypeScript.
"""
import json
import pathlib
import sys

import numpy as np
import onnxruntime
import pyarrow.parquet as pq
import pyarrow as pa
from sklearn.metrics import roc_auc_score

store, version = pathlib.Path(sys.argv[1]), sys.argv[2]
prefix = sys.argv[3] if len(sys.argv) > 3 else "test"
manifest = json.loads((store / prefix / "_manifest.json").read_text())
table = pa.concat_tables([pq.read_table(str(store / part["key"])) for part in manifest["parts"]])
session = onnxruntime.InferenceSession(str(store / "artifacts" / "models" / version / "model.onnx"), providers=["CPUExecutionProvider"])
feeds = {}
for node in session.get_inputs():
    column = table.column(node.name)
    if node.type == "tensor(string)":
        feeds[node.name] = np.array(["" if v is None else str(v) for v in column.to_pylist()], dtype=object).reshape(-1, 1)
    else:
        feeds[node.name] = column.to_numpy(zero_copy_only=False).astype(np.float32).reshape(-1, 1)
pd = session.run(["pd"], feeds)[0].reshape(-1)
target = table.column("target").to_numpy()
print(json.dumps({"auc": roc_auc_score(target, pd), "rows": int(len(pd)), "pd": [float(x) for x in pd[:100]], "inputs": [n.name for n in session.get_inputs()]}))
