"""The two kinds of task, as plain functions (the Ray executor wraps them in `ray.remote`).

Each runs a `featide shard` child process: `split` deals one fleet file out to partitions
by device hash, `run` runs one partition's devices through the engine.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from dataclasses import dataclass, field
from typing import Any, Callable, Optional, Sequence

ProgressCallback = Callable[[dict], None]


class ShardFailed(RuntimeError):
    """A shard process ended badly (killed, or exited non-zero); the task is retried."""


@dataclass(frozen=True)
class RunSpec:
    """What every partition's `featide shard run` gets besides its own data."""

    featide: str
    project: str
    mode: str  # "backfill" | "simulate"
    features: Optional[str] = None
    fleet: Optional[str] = None
    extra_env: dict = field(default_factory=dict)
    # Backfill to Parquet: the task hands back its rows as an Arrow table.
    rows_as_arrow: bool = False


def split_file(featide: str, path: str, partitions: int, assignments: bool = False) -> tuple[list[bytes], bytes]:
    """One file's lines per partition (and, for labels, each line's partition as uint32 LE)."""
    with tempfile.TemporaryDirectory(prefix="featide-split-") as folder:
        command = [featide, "shard", "split", "--partitions", str(partitions), "--out", folder, path]
        if assignments:
            command.insert(3, "--assignments")
        done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if done.returncode != 0:
            raise ShardFailed(f"featide shard split {path}: exit {done.returncode}\n{done.stderr.decode(errors='replace')}")
        parts = []
        for k in range(partitions):
            with open(os.path.join(folder, f"part-{k}.jsonl"), "rb") as part:
                parts.append(part.read())
        order = b""
        if assignments:
            with open(os.path.join(folder, "assignments.bin"), "rb") as file:
                order = file.read()
        return parts, order


def run_partition(spec: RunSpec, partition: int, labels: bytes, events: Sequence[bytes],
                  progress: Optional[ProgressCallback] = None) -> Any:
    """Runs one partition's devices; returns the shard's stdout (rows or a summary), or its
    rows as an Arrow table."""
    with tempfile.TemporaryDirectory(prefix=f"featide-part-{partition}-") as folder:
        events_path = os.path.join(folder, "events.jsonl")
        with open(events_path, "wb") as out:
            for blob in events:  # file order, so each device's events keep their order
                out.write(blob)
        command = [spec.featide, "shard", "run", spec.project, "--mode", spec.mode,
                   "--partition", str(partition), "--events", events_path]
        if spec.mode == "backfill":
            labels_path = os.path.join(folder, "labels.jsonl")
            with open(labels_path, "wb") as out:
                out.write(labels)
            command += ["--labels", labels_path]
        if spec.features:
            command += ["--features", spec.features]
        if spec.fleet:
            command += ["--fleet", spec.fleet]
        output = _run_reporting(command, {**os.environ, **spec.extra_env}, partition, progress)
    if spec.rows_as_arrow:
        from featide_ray.arrow_rows import rows_table

        return rows_table(output.splitlines())
    return output


def _run_reporting(command: list[str], env: dict, partition: int, progress: Optional[ProgressCallback]) -> bytes:
    """Runs a shard, handing its `@progress` lines to `progress` as they come."""
    with tempfile.TemporaryFile() as stdout:
        process = subprocess.Popen(command, stdout=stdout, stderr=subprocess.PIPE, env=env)
        messages: list[str] = []
        assert process.stderr is not None
        for raw in process.stderr:
            line = raw.decode(errors="replace").rstrip("\n")
            if line.startswith("@progress "):
                if progress is not None:
                    progress(json.loads(line[len("@progress "):]))
            elif len(messages) < 50:
                messages.append(line)
        status = process.wait()
        if status != 0:
            how = f"killed by signal {-status}" if status < 0 else f"exit {status}"
            raise ShardFailed(f"partition {partition}: featide shard run {how}\n" + "\n".join(messages))
        stdout.seek(0)
        return stdout.read()
