"""Checks an ONNX file with onnx.checker and scores inputs with Python's onnxruntime.

usage: score_onnx.py <model.onnx> <inputs.json>
inputs.json: {"<input name>": [values...]} (numbers, null = NaN, or strings). Prints one JSON
object: {"pd": [...], "inputs": [{"name", "type", "shape"}], "opsets": {...}}.
"""
import json
import sys

import numpy as np
import onnx
import onnxruntime

path, feeds_path = sys.argv[1], sys.argv[2]
model = onnx.load(path)
onnx.checker.check_model(model, full_check=True)
session = onnxruntime.InferenceSession(path, providers=["CPUExecutionProvider"])
values = json.load(open(feeds_path))
feeds = {}
for node in session.get_inputs():
    column = values[node.name]
    if node.type == "tensor(string)":
        feeds[node.name] = np.array(column, dtype=object).reshape(-1, 1)
    else:
        feeds[node.name] = np.array([np.nan if v is None else v for v in column], dtype=np.float32).reshape(-1, 1)
pd = session.run(["pd"], feeds)[0]
print(json.dumps({
    "pd": [float(x) for x in pd.reshape(-1)],
    "shape": list(pd.shape),
    "inputs": [{"name": n.name, "type": n.type, "shape": [d if isinstance(d, int) else str(d) for d in n.shape]} for n in session.get_inputs()],
    "opsets": {o.domain: o.version for o in model.opset_import},
}))
