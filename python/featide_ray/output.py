"""Writing backfill rows: JSON Lines as the shards wrote them, or Parquet through pyarrow."""

from __future__ import annotations

import json
from typing import Sequence


def write_rows(path: str, rows: Sequence[bytes]) -> None:
    if path.endswith(".parquet"):
        write_parquet(path, rows)
    else:
        with open(path, "wb") as out:
            for row in rows:
                out.write(row)
                out.write(b"\n")


def write_parquet(path: str, rows: Sequence[bytes]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    objects = [json.loads(row) for row in rows]
    names: list[str] = []
    for obj in objects:
        for name in obj:
            if name not in names:
                names.append(name)
    columns = {name: column([obj.get(name) for obj in objects]) for name in names}
    pq.write_table(pa.table(columns), path)


def column(values: list):
    """A typed column when the values share a type (numbers, text, lists); maps (histograms,
    `group_by` features) as Arrow maps, so a key a row lacks stays absent rather than null;
    otherwise each value's JSON text, so nothing is lost or coerced."""
    import pyarrow as pa

    present = [v for v in values if v is not None]
    kinds = {type(v) for v in present}
    try:
        if kinds == {dict}:
            items = [v for d in present for v in d.values()]
            value_type = pa.array(items).type if items else pa.null()
            return pa.array([None if v is None else list(v.items()) for v in values],
                            type=pa.map_(pa.string(), value_type))
        if not (bool in kinds and len(kinds) > 1) and dict not in kinds:
            return pa.array(values)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError, TypeError, OverflowError):
        pass
    return pa.array([None if v is None else json.dumps(v, separators=(",", ":"), sort_keys=True) for v in values],
                    type=pa.string())
