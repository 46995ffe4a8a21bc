"""`featide backfill` on Ray: labels and events partitioned by device, one shard per partition,
rows put back in the labels' order."""

from __future__ import annotations

import sys
import time
from array import array
from typing import Sequence

from featide_ray.executors import make_executor
from featide_ray.output import write_jsonl, write_parquet
from featide_ray.progress import ProgressLine
from featide_ray.shard import RunSpec, split_file


def merge_in_label_order(order: bytes, per_partition: Sequence[list[bytes]]) -> list[bytes]:
    """Row i of the labels file is the next unread row of partition order[i]."""
    assignment = array("I")
    assignment.frombytes(order)
    if sys.byteorder != "little":
        assignment.byteswap()
    cursors = [iter(rows) for rows in per_partition]
    return [next(cursors[k]) for k in assignment]


def run_backfill(featide: str, project: str, events: list[str], labels: str, out: str, features: str | None,
                 partitions: int, no_ray: bool, address: str | None, workers: int | None,
                 extra_env: dict) -> dict:
    start = time.monotonic()
    executor = make_executor(no_ray, address, workers)
    work_start = time.monotonic()
    try:
        label_parts, order = split_file(featide, labels, partitions, assignments=True)
        event_parts = executor.split(featide, events, partitions)
        by_partition = [[parts[k] for parts in event_parts] for k in range(partitions)]
        parquet = out.endswith(".parquet")
        spec = RunSpec(featide, project, "backfill", features=features, extra_env=extra_env, rows_as_arrow=parquet)
        line = ProgressLine("backfill", partitions)
        outputs: list = [None] * partitions
        for k, output in executor.run(spec, label_parts, by_partition, line):
            outputs[k] = output
        if parquet:
            from featide_ray.arrow_rows import combine

            table = combine(outputs, order)
            write_parquet(out, table)
            row_count = table.num_rows
        else:
            ordered = merge_in_label_order(order, [output.splitlines() for output in outputs])
            write_jsonl(out, ordered)
            row_count = len(ordered)
        events_run = sum(r.get("events", 0) for r in executor.reports().values())
        seconds = time.monotonic() - work_start
        return {"rows": row_count, "events": events_run, "seconds": seconds, "start_seconds": work_start - start,
                "events_per_second": events_run / seconds if seconds else 0.0,
                "partitions": partitions, "retries": executor.retries}
    finally:
        executor.shutdown()
