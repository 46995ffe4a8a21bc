"""The driver on one local Ray session (started once for this module: Ray takes seconds to
start on two cores): the same rows and report as running every partition in turn without
Ray, also when a shard process is killed and retried."""

from __future__ import annotations

import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import ray

from featide_ray import local_ray
from featide_ray.backfill import run_backfill
from featide_ray.simulate import run_simulate


@pytest.fixture(scope="module", autouse=True)
def ray_session():
    local_ray.start(2)
    yield
    ray.shutdown()


def backfill(featide: str, fleet: dict, out: str, no_ray: bool, extra_env: dict | None = None) -> dict:
    return run_backfill(featide, fleet["project"], [fleet["events"]], fleet["labels"], out, None, partitions=4,
                        no_ray=no_ray, address=None, workers=2, extra_env=extra_env or {})


def test_backfill_on_ray_with_a_killed_shard_equals_running_partitions_in_turn(featide: str, fleet: dict) -> None:
    folder = fleet["folder"]
    sequential = backfill(featide, fleet, str(folder / "seq.jsonl"), no_ray=True)
    marker = folder / "killed-once"
    on_ray = backfill(featide, fleet, str(folder / "ray.jsonl"), no_ray=False,
                      extra_env={"FEATIDE_SHARD_FAIL_ONCE": f"1:{marker}"})
    assert marker.exists()
    assert on_ray["retries"] == 1 and sequential["retries"] == 0
    assert (folder / "ray.jsonl").read_bytes() == (folder / "seq.jsonl").read_bytes()
    assert on_ray["rows"] == sequential["rows"] > 0
    # Parquet holds the same rows, in the same order, with the same values.
    backfill(featide, fleet, str(folder / "ray.parquet"), no_ray=False)
    table = pq.read_table(folder / "ray.parquet")
    expected = [json.loads(line) for line in (folder / "seq.jsonl").read_text().splitlines()]
    maps = {f.name for f in table.schema if pa.types.is_map(f.type)}
    got = [{k: dict(v) if k in maps and v is not None else v for k, v in row.items()} for row in table.to_pylist()]
    assert got == expected


def test_simulate_on_ray_equals_one_partition_without_ray(featide: str, fleet: dict) -> None:
    # examples/fleet/fleet.yaml draws most profiles from its seeded distribution: a device's
    # profile must not depend on the partition it lands in.
    common = dict(address=None, workers=2, extra_env={})
    on_ray, _ = run_simulate(featide, fleet["project"], [fleet["events"]], fleet["fleet"], None, partitions=3,
                             no_ray=False, **common)
    sequential, _ = run_simulate(featide, fleet["project"], [fleet["events"]], fleet["fleet"], None, partitions=1,
                                 no_ray=True, **common)
    on_ray.pop("cost_per_event_us"), sequential.pop("cost_per_event_us")  # wall time differs
    assert on_ray == sequential
    assert on_ray["devices"] == 12 and on_ray["decisions"]["rerank_home"]["actions"] > 0
