"""`featide simulate` on Ray: events partitioned by device, one shard per partition running
the full engine, summaries added up."""

from __future__ import annotations

import json
import time

from featide_ray.executors import make_executor
from featide_ray.progress import ProgressLine
from featide_ray.report import merge, report
from featide_ray.shard import RunSpec


def run_simulate(featide: str, project: str, events: list[str], fleet: str, features: str | None,
                 partitions: int, no_ray: bool, address: str | None, workers: int | None,
                 extra_env: dict) -> tuple[dict, dict]:
    executor = make_executor(no_ray, address, workers)
    start = time.monotonic()
    try:
        event_parts = executor.split(featide, events, partitions)
        by_partition = [[parts[k] for parts in event_parts] for k in range(partitions)]
        spec = RunSpec(featide, project, "simulate", features=features, fleet=fleet, extra_env=extra_env)
        line = ProgressLine("simulate", partitions)
        summaries = [json.loads(output) for _, output in executor.run(spec, [b""] * partitions, by_partition, line)]
        seconds = time.monotonic() - start
        return report(merge(summaries)), {"seconds": seconds, "partitions": partitions, "retries": executor.retries}
    finally:
        executor.shutdown()
