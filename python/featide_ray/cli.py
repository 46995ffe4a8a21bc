"""Command line of the driver, as `featide backfill` and `featide simulate` start it."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Optional

from featide_ray.backfill import run_backfill
from featide_ray.report import dumps, render
from featide_ray.simulate import run_simulate

# Passed on to shard processes wherever they run (the retry test's failure injection).
FORWARDED_ENV = ("FEATIDE_SHARD_FAIL_ONCE",)


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="featide_ray")
    commands = top.add_subparsers(dest="command", required=True)
    for name in ("backfill", "simulate"):
        command = commands.add_parser(name)
        command.add_argument("--featide", required=True, help="the featide binary the shards run")
        command.add_argument("--project", required=True)
        command.add_argument("--events", nargs="+", required=True)
        command.add_argument("--features")
        command.add_argument("--ray", help="address of a Ray cluster (default: start one here)")
        command.add_argument("--workers", type=int, help="tasks at once")
        command.add_argument("--partitions", type=int)
        command.add_argument("--no-ray", action="store_true", help="run partitions one after another, no Ray")
        if name == "backfill":
            command.add_argument("--at", required=True)
            command.add_argument("--out", required=True)
        else:
            command.add_argument("--fleet", required=True)
            command.add_argument("--json")
    return top


def partitions_for(args: argparse.Namespace) -> int:
    if args.partitions:
        return max(args.partitions, 1)
    return 4 * (args.workers or os.cpu_count() or 1)


def main(argv: Optional[list[str]] = None) -> int:
    args = parser().parse_args(argv)
    try:
        return run(args)
    except Exception as error:  # a shard that failed every attempt, a file that cannot be read
        cause = getattr(error, "cause", None) or error  # Ray wraps a task's exception
        print(f"featide {args.command}: error: {cause}", file=sys.stderr)
        return 1


def run(args: argparse.Namespace) -> int:
    extra_env = {name: os.environ[name] for name in FORWARDED_ENV if name in os.environ}
    common = dict(partitions=partitions_for(args), no_ray=args.no_ray, address=args.ray, workers=args.workers,
                  extra_env=extra_env)
    if args.command == "backfill":
        stats = run_backfill(args.featide, args.project, args.events, args.at, args.out, args.features, **common)
        print(f"backfill: {stats['rows']} rows to {args.out}; {stats['events']} events in {stats['seconds']:.2f} s "
              f"({stats['events_per_second']:,.0f} events/s, {stats['partitions']} partitions, "
              f"{stats['retries']} retried; starting Ray {stats['start_seconds']:.1f} s)", file=sys.stderr)
        return 0
    result, stats = run_simulate(args.featide, args.project, args.events, args.fleet, args.features, **common)
    print(render(result))
    if args.json:
        with open(args.json, "w") as out:
            out.write(dumps(result) + "\n")
    print(f"simulate: {stats['partitions']} partitions in {stats['seconds']:.2f} s, {stats['retries']} retried",
          file=sys.stderr)
    return 0
