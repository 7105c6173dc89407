"""Writes uncompressed Parquet files with pyarrow, as another writer would, for the tests of
@dpp/dataset-io's TypeScript reader of uncompressed Parquet (read-plain-parquet.ts), and what
pyarrow reads back from them (the reference).

Run from the repository root:  .venv/bin/python test-fixtures/dataset-io/make_plain_fixtures.py
(.venv comes from scripts/python-env.sh). Deterministic: the same files every run.

- plain-dictionary.parquet: every column dictionary encoded (doubles and text: dictionary
  pages, RLE_DICTIONARY indices of several bit widths), pages of a few hundred bytes, row
  groups of 100 rows, nullable columns with nulls and one required (non-nullable) column.
- plain-values.parquet: the same table, PLAIN values only (no dictionary), row groups of 128.
- plain-int64.parquet: an int64 column among them: a physical type the TypeScript reader
  leaves to parquet-wasm.
"""
import json
import math
import pathlib

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

HERE = pathlib.Path(__file__).parent
rng = np.random.default_rng(20261202)
n = 300

f1 = rng.normal(0, 1000, n)
f1_mask = rng.random(n) < 0.15
# few distinct values, so that the dictionary holds them all
f2 = rng.integers(0, 40, n).astype(np.float64)
f2_mask = rng.random(n) < 0.3
codes = np.array(['alpha', 'beta', 'gamma, delta', 'Ünïcödé', '', '信用'])
code = codes[rng.integers(0, len(codes), n)]
code_mask = rng.random(n) < 0.1
# many distinct strings: the dictionary's indices need wide bit widths
text = np.array([f'borrower-{int(v):06d}' for v in rng.integers(0, 10**6, n)])
text_mask = rng.random(n) < 0.05
# long runs of nulls and of values (RLE runs of definition levels), and NaN stored as values:
# pyarrow reads NaN as a value, dpp counts every NaN as null
gaps = rng.normal(0, 1, n)
gaps_mask = np.zeros(n, dtype=bool)
gaps_mask[20:90] = True
gaps_mask[200:203] = True
gaps[[5, 150, 151, 299]] = np.nan

table = pa.table(
    {
        'id': pa.array(np.arange(1, n + 1, dtype=np.float64)),
        'f1': pa.array(f1, mask=f1_mask),
        'f2': pa.array(f2, mask=f2_mask),
        'code': pa.array(code, mask=code_mask),
        'text': pa.array(text, mask=text_mask),
        'seq': pa.array(np.arange(n, dtype=np.float64) * 0.5),
        'gaps': pa.array(gaps, mask=gaps_mask),
    },
    schema=pa.schema(
        [
            pa.field('id', pa.float64()),
            pa.field('f1', pa.float64()),
            pa.field('f2', pa.float64()),
            pa.field('code', pa.string()),
            pa.field('text', pa.string()),
            pa.field('seq', pa.float64(), nullable=False),
            pa.field('gaps', pa.float64()),
        ]
    ),
)

common = dict(compression='NONE', data_page_size=256, write_batch_size=16, data_page_version='1.0')
pq.write_table(table, HERE / 'plain-dictionary.parquet', use_dictionary=True, row_group_size=100, **common)
pq.write_table(table, HERE / 'plain-values.parquet', use_dictionary=False, row_group_size=128, **common)
pq.write_table(table.append_column('count', pa.array(np.arange(n, dtype=np.int64))), HERE / 'plain-int64.parquet', use_dictionary=False, **common)

reference = {}
# the rows pyarrow reads as null (a NaN stored as a value is not one)
null_rows = {name: [i for i, v in enumerate(pq.read_table(HERE / 'plain-values.parquet').column(name).is_null().to_pylist()) if v] for name in table.column_names}
for name in table.column_names:
    values = [[None if isinstance(v, float) and math.isnan(v) else v for v in pq.read_table(HERE / file).column(name).to_pylist()] for file in ['plain-dictionary.parquet', 'plain-values.parquet']]
    assert values[0] == values[1]
    reference[name] = values[0]
encodings = {
    file: sorted({e for g in range(pq.ParquetFile(HERE / file).metadata.num_row_groups) for c in range(len(table.column_names)) for e in pq.ParquetFile(HERE / file).metadata.row_group(g).column(c).encodings})
    for file in ['plain-dictionary.parquet', 'plain-values.parquet']
}
pages = {file: pq.ParquetFile(HERE / file).metadata.num_row_groups for file in encodings}
(HERE / 'plain.reference.json').write_text(json.dumps({'columns': reference, 'nullRows': null_rows, 'encodings': encodings, 'rowGroups': pages}, ensure_ascii=False) + '\n')
print(json.dumps({'encodings': encodings, 'rowGroups': pages}))
