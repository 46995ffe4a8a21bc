"""Where tasks run: on Ray (local or a cluster), or one after another without Ray.

Both give the same results: the tasks are the same functions running the same binary.
"""

from __future__ import annotations

import os
from typing import Any, Iterator, Optional, Sequence

from featide_ray import local_ray
from featide_ray.progress import ProgressBoard, ProgressLine
from featide_ray.shard import RunSpec, run_partition, split_file

# A shard killed or failing is tried again this many times.
MAX_RETRIES = 3


class SequentialExecutor:
    """Runs every task in this process's children, one at a time (the no-Ray baseline)."""

    def __init__(self) -> None:
        self.board = ProgressBoard()
        self.retries = 0

    def split(self, featide: str, paths: Sequence[str], partitions: int) -> list[list[Any]]:
        return [split_file(featide, path, partitions)[0] for path in paths]

    def run(self, spec: RunSpec, labels: Sequence[bytes], events: Sequence[Sequence[Any]],
            line: ProgressLine) -> Iterator[tuple[int, bytes]]:
        for k in range(len(labels)):
            self.board.started(k)

            def progress(report: dict, k: int = k) -> None:
                self.board.report(k, report)
                line.show(self.board.reports, k)

            yield k, run_partition(spec, k, labels[k], events[k], progress)
            line.show(self.board.reports, k + 1, final=True)

    def reports(self) -> dict[int, dict]:
        """Each partition's last progress report."""
        return self.board.snapshot()[0]

    def shutdown(self) -> None:
        pass


class RayExecutor:
    """One `ray.remote` task per file to split and per partition to run; at most `workers`
    partitions in flight; results collected as they complete; failed tasks retried."""

    def __init__(self, address: Optional[str], workers: Optional[int]) -> None:
        if not address:
            local_ray.keep_on_loopback()
        import ray

        self.ray = ray
        # A caller that already started Ray (tests: one session per module) keeps it.
        self.owns_ray = not ray.is_initialized()
        if self.owns_ray and address:
            # The cluster's nodes get this package from the driver; the featide binary, the
            # project and the fleet file must be at the same paths there.
            package = os.path.dirname(os.path.abspath(__file__))
            ray.init(address=address, runtime_env={"py_modules": [package]}, log_to_driver=False)
        elif self.owns_ray:
            local_ray.start(workers)
        self.workers = workers or max(int(ray.cluster_resources().get("CPU", 1)), 1)
        self.board = ray.remote(ProgressBoard).remote()
        self._split = ray.remote(_split_task)
        self._run = ray.remote(max_retries=MAX_RETRIES, retry_exceptions=True)(_run_task)
        self.retries = 0

    def split(self, featide: str, paths: Sequence[str], partitions: int) -> list[list[Any]]:
        refs = []
        for path in paths:
            parts = self._split.options(num_returns=partitions).remote(featide, path, partitions)
            refs.append([parts] if partitions == 1 else list(parts))
        return refs

    def run(self, spec: RunSpec, labels: Sequence[bytes], events: Sequence[Sequence[Any]],
            line: ProgressLine) -> Iterator[tuple[int, bytes]]:
        ray = self.ray
        waiting = list(range(len(labels)))
        in_flight: dict[Any, int] = {}
        finished = 0
        while waiting or in_flight:
            while waiting and len(in_flight) < self.workers:
                k = waiting.pop(0)
                in_flight[self._run.remote(spec, k, labels[k], self.board, *events[k])] = k
            ready, _ = ray.wait(list(in_flight), num_returns=1, timeout=0.5)
            reports, attempts = ray.get(self.board.snapshot.remote())
            self.retries = sum(n - 1 for n in attempts.values())
            for ref in ready:
                k = in_flight.pop(ref)
                finished += 1
                yield k, ray.get(ref)
            line.show(reports, finished, final=not waiting and not in_flight)

    def reports(self) -> dict[int, dict]:
        return self.ray.get(self.board.snapshot.remote())[0]

    def shutdown(self) -> None:
        self.ray.kill(self.board)
        if self.owns_ray:
            self.ray.shutdown()


def _split_task(featide: str, path: str, partitions: int) -> Any:
    parts = split_file(featide, path, partitions)[0]
    return parts[0] if partitions == 1 else tuple(parts)


def _run_task(spec: RunSpec, partition: int, labels: bytes, board: Any, *events: bytes) -> bytes:
    board.started.remote(partition)
    return run_partition(spec, partition, labels, events, lambda report: board.report.remote(partition, report))


def make_executor(no_ray: bool, address: Optional[str], workers: Optional[int]) -> SequentialExecutor | RayExecutor:
    return SequentialExecutor() if no_ray else RayExecutor(address, workers)
