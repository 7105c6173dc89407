"""Reads a Parquet file with pyarrow and prints what it holds as one JSON object: each
column's values (NaN and null as null), Arrow type and dpp.kind metadata, the row groups'
statistics, each column chunk's encodings, and the parquet-level physical types. Used by parquet.test.ts to check that the
files dpp writes are what pyarrow reads.

usage: read_parquet.py FILE
"""
import json
import math
import sys

import pyarrow.parquet as pq

parquet = pq.ParquetFile(sys.argv[1])
table = parquet.read()
out = {'columns': {}, 'types': {}, 'kinds': {}, 'stats': {}, 'encodings': {}, 'rowGroups': parquet.metadata.num_row_groups}
for field in table.schema:
    values = table.column(field.name).to_pylist()
    out['columns'][field.name] = [None if isinstance(v, float) and math.isnan(v) else v for v in values]
    out['types'][field.name] = str(field.type)
    out['kinds'][field.name] = (field.metadata or {}).get(b'dpp.kind', b'').decode()
for c in range(parquet.metadata.num_columns):
    stats = parquet.metadata.row_group(0).column(c).statistics
    name = parquet.metadata.row_group(0).column(c).path_in_schema
    out['stats'][name] = {
        'nulls': stats.null_count,
        'min': stats.min if stats.has_min_max else None,
        'max': stats.max if stats.has_min_max else None,
    }
    out['encodings'][name] = [
        sorted(parquet.metadata.row_group(g).column(c).encodings) for g in range(parquet.metadata.num_row_groups)
    ]
print(json.dumps(out))
