"""Backfill rows as Arrow tables, for Parquet output.

Each task turns its partition's rows into a table (in parallel, where the rows were made);
the driver unifies the partitions' column types, puts the rows back in the labels' order
(`take`, in Arrow) and writes one file. A column is typed when its values share a type
(numbers, text, lists); maps (histograms, `group_by` features) are `map<string, T>`, so a key
a row lacks stays absent; a column whose values mix kinds holds each value's JSON text,
marked as such in the field's metadata, and is JSON text in every partition.
"""

from __future__ import annotations

import json
from typing import Any, Sequence

import pyarrow as pa
import pyarrow.compute as pc

JSON_TEXT = {b"featide": b"json"}
_FAILURES = (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError, TypeError, OverflowError)


def rows_table(rows: Sequence[bytes]) -> pa.Table:
    objects = [json.loads(row) for row in rows]
    names: dict[str, None] = {}
    for obj in objects:
        names.update(dict.fromkeys(obj))
    fields, arrays = [], []
    for name in names:
        array, is_text = column([obj.get(name) for obj in objects])
        fields.append(pa.field(name, array.type, metadata=JSON_TEXT if is_text else None))
        arrays.append(array)
    return pa.Table.from_arrays(arrays, schema=pa.schema(fields))


def column(values: list) -> tuple[pa.Array, bool]:
    """The column, and whether it fell back to JSON text."""
    present = [v for v in values if v is not None]
    kinds = {type(v) for v in present}
    try:
        if kinds == {dict}:
            items = [v for d in present for v in d.values()]
            value_type = pa.array(items).type if items else pa.null()
            return pa.array([None if v is None else list(v.items()) for v in values],
                            type=pa.map_(pa.string(), value_type)), False
        if not (bool in kinds and len(kinds) > 1) and dict not in kinds:
            return pa.array(values), False
    except _FAILURES:
        pass
    return json_text(values), True


def json_text(values: list) -> pa.Array:
    return pa.array([None if v is None else json.dumps(v, separators=(",", ":"), sort_keys=True) for v in values],
                    type=pa.string())


def combine(tables: Sequence[pa.Table], order: bytes) -> pa.Table:
    """One table of every partition's rows, in the labels' order: row i of the labels file is
    the next row of partition `order[i]` (uint32 little-endian per row)."""
    tables = [t for t in tables if t.num_columns]
    if not tables:
        return pa.table({})
    names: dict[str, None] = {}
    for table in tables:
        names.update(dict.fromkeys(table.column_names))
    targets = {name: target_field(name, [t.schema.field(name) for t in tables if name in t.column_names])
               for name in names}
    schema = pa.schema(list(targets.values()))
    whole = pa.concat_tables([conform(t, targets, schema) for t in tables])
    partition = pa.array(memoryview(order).cast("I").tolist(), type=pa.uint32())
    # Concatenated, partition k's rows come after those of partitions < k, in their own
    # order: a stable sort of the rows by partition lists their positions there; its
    # inverse maps each label row to its position.
    by_partition = pc.sort_indices(partition)
    return whole.take(pc.sort_indices(by_partition))


def target_field(name: str, fields: list[pa.Field]) -> pa.Field:
    if any(field.metadata == JSON_TEXT for field in fields):
        return pa.field(name, pa.string(), metadata=JSON_TEXT)
    try:
        unified = pa.unify_schemas([pa.schema([f.remove_metadata()]) for f in fields], promote_options="permissive")
        return unified.field(name)
    except _FAILURES:
        return pa.field(name, pa.string(), metadata=JSON_TEXT)


def conform(table: pa.Table, targets: dict[str, pa.Field], schema: pa.Schema) -> pa.Table:
    arrays = []
    for name, target in targets.items():
        if name not in table.column_names:
            arrays.append(pa.nulls(table.num_rows, target.type))
            continue
        column = table.column(name)
        field = table.schema.field(name)
        if target.metadata == JSON_TEXT and field.metadata != JSON_TEXT:
            arrays.append(json_text([plain(v, field.type) for v in column.to_pylist()]))
        elif column.type != target.type:
            arrays.append(column.cast(target.type))
        else:
            arrays.append(column)
    return pa.Table.from_arrays(arrays, schema=schema)


def plain(value: Any, type_: pa.DataType) -> Any:
    """A value read back from Arrow as the JSON it came from (maps are lists of pairs there)."""
    if value is not None and pa.types.is_map(type_):
        return dict(value)
    return value
