"""Benchmark of backfill (printed): the same partitions run one after another without Ray,
then on local Ray with 1 and 2 workers; events/s, the scaling ratio, Ray's cost per task
(bare and in place), the split's rate and each device's script-worker cost.

    python -m featide_ray.bench --featide .build/release/featide [--devices 200 --events 1000]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import tempfile
import time
from pathlib import Path

from featide_ray import local_ray

local_ray.keep_on_loopback()
import ray  # noqa: E402 (after the loopback setting)

from featide_ray.backfill import run_backfill  # noqa: E402
from featide_ray.fleetgen import generate, write  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
# Aggregation features only (no script worker per device) and every feature (scripts too).
AGGREGATIONS = ("amount_by_category,top_categories,categories_seen,home_click_amount_10m,home_click_count_10m,"
                "pages_this_session,clicks_this_hour,first_page_today,user_level,max_expensive_10s,price_p90,"
                "price_stddev_1h,last_viewed_items")


def bare_task_overhead(tasks: int) -> tuple[float, float]:
    """Seconds per empty task: submitted together (throughput), and one at a time (round trip)."""

    @ray.remote
    def noop(x: int) -> int:
        return x

    ray.get([noop.remote(i) for i in range(20)])  # warm the worker pool
    start = time.monotonic()
    ray.get([noop.remote(i) for i in range(tasks)])
    together = (time.monotonic() - start) / tasks
    start = time.monotonic()
    for i in range(tasks // 4):
        ray.get(noop.remote(i))
    return together, (time.monotonic() - start) / (tasks // 4)


def main() -> None:
    options = argparse.ArgumentParser(description="featide backfill benchmark")
    options.add_argument("--featide", default=str(REPO / ".build" / "release" / "featide"))
    options.add_argument("--devices", type=int, default=200)
    options.add_argument("--events", type=int, default=1000, help="events per device")
    options.add_argument("--partitions", type=int, default=8)
    args = options.parse_args()
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO / "python"), os.environ.get("PYTHONPATH")]))
    project = str(REPO / "projects" / "shopping")
    with tempfile.TemporaryDirectory(prefix="featide-bench-") as folder:
        events, labels = generate(args.devices, args.events, 10, seed=11)
        write(folder, events, labels)
        events_file = f"{folder}/events.jsonl"
        size = os.path.getsize(events_file)
        print(f"data: {args.devices} devices × {args.events} events = {len(events)} events ({size / 1e6:.1f} MB), "
              f"{len(labels)} label rows, {args.partitions} partitions; projects/shopping")

        start = time.monotonic()
        subprocess.run([args.featide, "shard", "split", "--partitions", str(args.partitions), "--out",
                        f"{folder}/split", events_file], check=True, stdout=subprocess.DEVNULL)
        split_seconds = time.monotonic() - start
        print(f"split (featide shard split, one process): {len(events) / split_seconds:,.0f} lines/s")

        warm_events, warm_labels = generate(2, 50, 2, seed=1)
        write(f"{folder}/warm", warm_events, warm_labels)

        def run(features: str | None, no_ray: bool, workers: int, data: str = folder) -> dict:
            return run_backfill(args.featide, project, [f"{data}/events.jsonl"], f"{data}/labels.jsonl",
                                f"{folder}/out.jsonl", features, partitions=args.partitions, no_ray=no_ray,
                                address=None, workers=workers, extra_env={})

        results: dict[tuple[str, str], dict] = {}
        for name, features in (("aggregations", AGGREGATIONS), ("all features", None)):
            results[(name, "sequential")] = run(features, True, 1)
        for workers in (1, 2):
            start = time.monotonic()
            local_ray.start(workers)
            startup = time.monotonic() - start
            print(f"ray.init with {workers} CPU(s): {startup:.1f} s (not counted below)")
            run(None, False, workers, f"{folder}/warm")  # Ray's worker processes started, as in a long session
            if workers == 1:
                together, alone = bare_task_overhead(400)
            for name, features in (("aggregations", AGGREGATIONS), ("all features", None)):
                results[(name, f"ray {workers}")] = run(features, False, workers)
            ray.shutdown()

        print()
        print(f"{'features':<14}{'mode':<14}{'seconds':>9}{'events/s':>12}")
        for (name, mode), r in results.items():
            print(f"{name:<14}{mode:<14}{r['seconds']:>9.2f}{r['events_per_second']:>12,.0f}")
        tasks = args.partitions + 1  # the partitions and one split of the events file
        for name in ("aggregations", "all features"):
            one, two = results[(name, "ray 1")], results[(name, "ray 2")]
            seq = results[(name, "sequential")]
            print(f"{name}: scaling 1 → 2 workers ×{two['events_per_second'] / one['events_per_second']:.2f}; "
                  f"Ray 1 worker vs no Ray: {(one['seconds'] - seq['seconds']) / tasks * 1000:+.0f} ms per task")
        per_device = ((results[("all features", "sequential")]["seconds"]
                       - results[("aggregations", "sequential")]["seconds"]) / args.devices)
        print(f"bare Ray task: {together * 1000:.2f} ms each submitted together, {alone * 1000:.2f} ms round trip alone")
        print(f"script features: {per_device * 1000:.1f} ms more per device (its script workers start and load)")


if __name__ == "__main__":
    main()
