"""Writing backfill rows: JSON Lines as the shards wrote them, or a Parquet table."""

from __future__ import annotations

from typing import Sequence


def write_jsonl(path: str, rows: Sequence[bytes]) -> None:
    with open(path, "wb") as out:
        for row in rows:
            out.write(row)
            out.write(b"\n")


def write_parquet(path: str, table) -> None:
    import pyarrow.parquet as pq

    pq.write_table(table, path)
