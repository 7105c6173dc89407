"""One measured run of a peer reading the same CSV, in its own process. Prints one JSON line.

usage: peers.py pandas|pyarrow|pyarrow+parquet CSV [OUT_DIR]
"""
import json
import resource
import sys
import time

tool, csv = sys.argv[1], sys.argv[2]
start = time.perf_counter()
if tool == 'pandas':
    import pandas as pd
    frame = pd.read_csv(csv)
    rows = len(frame)
elif tool == 'pyarrow':
    import pyarrow.csv as pacsv
    table = pacsv.read_csv(csv)
    rows = table.num_rows
elif tool == 'pyarrow+parquet':
    # the same work as dpp's ingest: read, then write Parquet (snappy) -- without the split
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq
    table = pacsv.read_csv(csv)
    pq.write_table(table, sys.argv[3] + '/table.parquet', compression='snappy')
    rows = table.num_rows
else:
    raise SystemExit(f'unknown tool {tool}')
seconds = time.perf_counter() - start
print(json.dumps({
    'tool': {'pandas': 'pandas.read_csv', 'pyarrow': 'pyarrow.csv.read_csv', 'pyarrow+parquet': 'pyarrow.csv.read_csv + write_table'}[tool],
    'seconds': seconds,
    'rows': rows,
    'maxRssMB': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
