"""Progress of a run: each partition's latest `@progress` report, summed and shown on stderr."""

from __future__ import annotations

import sys
import time


class ProgressBoard:
    """Latest report and attempts per partition (a Ray actor on a cluster, a plain object without Ray)."""

    def __init__(self) -> None:
        self.reports: dict[int, dict] = {}
        self.attempts: dict[int, int] = {}

    def started(self, partition: int) -> None:
        self.attempts[partition] = self.attempts.get(partition, 0) + 1
        self.reports.pop(partition, None)  # a retried partition starts over

    def report(self, partition: int, report: dict) -> None:
        self.reports[partition] = report

    def snapshot(self) -> tuple[dict[int, dict], dict[int, int]]:
        return dict(self.reports), dict(self.attempts)


class ProgressLine:
    """Prints `devices done/total, events, events/s` at most once a second, and at the end."""

    def __init__(self, label: str, partitions: int) -> None:
        self.label = label
        self.partitions = partitions
        self.start = time.monotonic()
        self.last_print = 0.0

    def show(self, reports: dict[int, dict], finished: int, final: bool = False) -> None:
        now = time.monotonic()
        if not final and now - self.last_print < 1.0:
            return
        self.last_print = now
        done = sum(r.get("devices_done", 0) for r in reports.values())
        total = sum(r.get("devices_total", 0) for r in reports.values())
        events = sum(r.get("events", 0) for r in reports.values())
        # Partitions not started yet have not told their device count.
        at_least = "" if len(reports) == self.partitions else "≥"
        rate = events / max(now - self.start, 1e-9)
        print(f"{self.label}: devices {done}/{at_least}{total}, {events} events, {rate:,.0f} events/s, "
              f"partitions {finished}/{self.partitions} done", file=sys.stderr, flush=True)
