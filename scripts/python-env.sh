#!/usr/bin/env bash
# Creates .venv/ with the reference libraries used to compute test fixtures and to run the
# peers in benchmarks (pandas, pyarrow, scikit-learn, scipy, lightgbm, onnxruntime).
# Never a runtime dependency of any package. Prints the python path on its last line.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
  .venv/bin/pip install --quiet pandas pyarrow scikit-learn scipy lightgbm onnxruntime onnx
fi
echo "$PWD/.venv/bin/python"
