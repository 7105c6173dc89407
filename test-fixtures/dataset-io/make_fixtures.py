"""Writes the small tables that @dpp/dataset-io's tests read, and what pyarrow and pandas
read from them (the reference the tests compare against).

Run from the repository root:  .venv/bin/python test-fixtures/dataset-io/make_fixtures.py
(.venv comes from scripts/python-env.sh). Deterministic: the same files every run.
"""
import json
import pathlib

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

HERE = pathlib.Path(__file__).parent
rng = np.random.default_rng(20261125)

# 1. A loan-like CSV: integer id, float and integer columns with gaps, huge integers (20-23
#    digits), a categorical text column with quoted values, missing tokens, the numeric
#    `loss` target, and a text `status` target.
n = 300
rows = []
huge = [str(rng.integers(10**9, 10**10)) + str(rng.integers(10**10, 10**11)).zfill(11) + str(rng.integers(0, 1000)).zfill(rng.integers(1, 4)) for _ in range(n)]
missing_tokens = ['', 'NA', 'NaN', 'null']
for i in range(n):
    f1 = f"{rng.normal(0, 1000):.6f}"
    f2 = str(int(rng.integers(0, 50)))
    f3 = f"{rng.lognormal(0, 3):.10g}"
    f4 = ['alpha', 'beta', '"gamma, delta"', '"say ""hi"""', 'epsilon'][int(rng.integers(0, 5))]
    loss = int(rng.integers(1, 100)) if rng.random() < 0.1 else 0
    status = 'bad' if loss > 0 else 'good'
    cells = [str(i + 1), f1, f2, f3, huge[i], f4, str(loss), status]
    # missing values in the feature columns, spelled every way the readers accept
    for j in (1, 2, 3, 4):
        if rng.random() < 0.05:
            cells[j] = missing_tokens[int(rng.integers(0, 4))]
    rows.append(','.join(cells))
header = 'id,f1,f2,f3,f4_huge,f5_code,loss,status'
(HERE / 'loans.csv').write_text(header + '\n' + '\n'.join(rows) + '\n')

na = ['', 'NA', 'NaN', 'null']
ref = pacsv.read_csv(HERE / 'loans.csv', convert_options=pacsv.ConvertOptions(null_values=na, strings_can_be_null=True, column_types={'f4_huge': pa.float64()}))
pdf = pd.read_csv(HERE / 'loans.csv', na_values=na, keep_default_na=False)
reference = {}
for name in ref.column_names:
    col = ref.column(name).to_pylist()
    reference[name] = [None if v is None else v for v in col]
# pandas reads the huge integers as float64 too (they overflow int64); record that it does
reference['_pandas_f4_huge_dtype'] = str(pdf['f4_huge'].dtype)
reference['_pandas_f4_huge'] = [None if pd.isna(v) else float(v) for v in pdf['f4_huge']]
# f1 narrowed to float32 by pyarrow (nulls stay null), for readers asked for Float32
reference['_f1_float32'] = [None if v is None else v for v in ref.column('f1').cast(pa.float32()).to_pylist()]
(HERE / 'loans.reference.json').write_text(json.dumps(reference))

# 2. The same table as Parquet written by pyarrow with the types a foreign writer uses:
#    int64 ids and counts, dictionary-encoded text, nulls. dpp must read it as Float64/Utf8.
table = pa.table({
    'id': pa.array(np.arange(1, n + 1), pa.int64()),
    'f1': ref.column('f1'),
    'f2': pa.array([None if v is None else int(v) for v in ref.column('f2').to_pylist()], pa.int32()),
    'f5_code': ref.column('f5_code').dictionary_encode(),
    'loss': pa.array(ref.column('loss').to_pylist(), pa.int16()),
    'flag': pa.array([i % 3 == 0 for i in range(n)], pa.bool_()),
})
pq.write_table(table, HERE / 'loans.parquet', row_group_size=64)

# 3. Broken inputs.
(HERE / 'empty.csv').write_text('')
(HERE / 'header-only.csv').write_text(header + '\n')
lines = (HERE / 'loans.csv').read_text().splitlines()
lines[57] = lines[57] + ',extra'  # data row 57 has one field too many
(HERE / 'ragged.csv').write_text('\n'.join(lines) + '\n')
dup = (HERE / 'loans.csv').read_text().splitlines()
dup[200] = '17' + dup[200][dup[200].index(','):]  # row 200 repeats id 17
(HERE / 'duplicate-id.csv').write_text('\n'.join(dup) + '\n')
pbytes = (HERE / 'loans.parquet').read_bytes()
(HERE / 'corrupt.parquet').write_bytes(pbytes[: len(pbytes) // 2] + b'\x00' * 64 + pbytes[-8:])
(HERE / 'not-parquet.parquet').write_text('id,loss\n1,0\n')
print('fixtures written to', HERE)
