"""Shared test data: the built featide binary and a slice of examples/fleet."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
# Ray's worker processes import the tasks' module too: they see the environment, not sys.path.
os.environ.setdefault("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")  # local Ray on loopback (local_ray.py)
os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO / "python"), os.environ.get("PYTHONPATH")]))


@pytest.fixture(scope="session")
def featide() -> str:
    path = os.environ.get("FEATIDE_BIN", str(REPO / ".build" / "debug" / "featide"))
    if not os.access(path, os.X_OK):
        pytest.fail(f"no featide binary at {path}: run `swift build` first (scripts/test does)")
    return path


@pytest.fixture(scope="session")
def fleet(tmp_path_factory) -> dict:
    """The first 12 devices of examples/fleet: events, labels and the fleet file."""
    folder = tmp_path_factory.mktemp("fleet")
    source = REPO / "examples" / "fleet"
    keep = {f"d{d:05d}" for d in range(12)}
    for name in ("events.jsonl", "labels.jsonl"):
        lines = [line for line in (source / name).read_text().splitlines() if json.loads(line)["device"] in keep]
        (folder / name).write_text("\n".join(lines) + "\n")
    return {"project": str(REPO / "projects" / "shopping"), "events": str(folder / "events.jsonl"),
            "labels": str(folder / "labels.jsonl"), "fleet": str(source / "fleet.yaml"), "folder": folder}
