"""Prints, for each data page of each column chunk of a Parquet file, where its values start
in the file (after the page header and, for a nullable column, its definition levels), as
pyarrow's metadata and the page headers say. Used by parquet.test.ts to check that dpp's
writer puts Float64 values at a multiple of 8 bytes.

usage: page_offsets.py FILE    (V1 data pages, uncompressed, definition levels RLE-encoded)
"""
import json
import struct
import sys

import pyarrow.parquet as pq


def varint(data, at):
    shift = value = 0
    while True:
        b = data[at]
        at += 1
        value |= (b & 0x7F) << shift
        shift += 7
        if b < 0x80:
            return value, at


def skip_struct(data, at):
    """Walks a Thrift compact struct; returns (fields of the top level as {id: value or None}, end)."""
    fields, last = {}, 0
    while True:
        head = data[at]
        at += 1
        if head == 0:
            return fields, at
        kind, delta = head & 0x0F, head >> 4
        if delta == 0:
            raw, at = varint(data, at)
            last = (raw >> 1) ^ -(raw & 1)
        else:
            last += delta
        if kind in (5, 6):  # i32, i64: zigzag varint
            raw, at = varint(data, at)
            fields[last] = (raw >> 1) ^ -(raw & 1)
        elif kind == 12:  # struct
            fields[last], at = skip_struct(data, at)
        elif kind in (1, 2):  # bool
            fields[last] = kind == 1
        elif kind == 8:  # binary
            size, at = varint(data, at)
            at += size
        else:
            raise ValueError(f"unexpected Thrift type {kind}")


data = open(sys.argv[1], "rb").read()
meta = pq.ParquetFile(sys.argv[1]).metadata
schema = meta.schema
out = []
for g in range(meta.num_row_groups):
    group = meta.row_group(g)
    for c in range(group.num_columns):
        chunk = group.column(c)
        nullable = schema.column(c).max_definition_level > 0
        at = chunk.dictionary_page_offset if chunk.has_dictionary_page else chunk.data_page_offset
        end = at + chunk.total_compressed_size
        while at < end:
            header, start = skip_struct(data, at)
            size = header[3]
            if header[1] == 0:  # DATA_PAGE
                values_at = start + (4 + struct.unpack_from("<I", data, start)[0] if nullable else 0)
                out.append({"column": chunk.path_in_schema, "valuesAt": values_at, "rows": header[5][1]})
            at = start + size
print(json.dumps(out))
