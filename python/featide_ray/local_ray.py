"""Starting Ray on this machine only (the default, no `--ray ADDRESS`)."""

from __future__ import annotations

import os
from typing import Optional

# Ray binds a local instance to the machine's network address unless told that it is not a
# cluster; on loopback nothing of it is reachable from outside. Read when `ray` is imported,
# so set before that.
LOOPBACK = ("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")


def keep_on_loopback() -> None:
    os.environ.setdefault(*LOOPBACK)


def start(num_cpus: Optional[int]) -> None:
    """A new local Ray instance (never one someone else started), without its dashboard."""
    keep_on_loopback()
    import ray

    ray.init(address="local", num_cpus=num_cpus, include_dashboard=False, log_to_driver=False)
