"""Peak resident memory and wall time of `featide run` over a generated recording of 1 M and
of 10 M events (the 21-feature project of make_replay_project.py), to show that memory does
not grow with the number of events. Usage (after a release build):
    python3 bench/replay_memory.py [.build/release/featide] [WORK_DIR] [EVENT_COUNTS...]
Projects are generated into WORK_DIR (default /tmp/featide-replay) once and reused.
"""
import os
import subprocess
import sys
import time

import make_replay_project


def run(featide, project):
    """Wall seconds and peak RSS (MB) of one `featide run`, its output discarded."""
    started = time.monotonic()
    with open(os.devnull, "w") as devnull:
        child = subprocess.Popen([featide, "run", project, "--scenario", "replay"], stdout=devnull)
        _, status, usage = os.wait4(child.pid, 0)
    if status != 0:
        sys.exit(f"featide run {project} failed ({status})")
    return time.monotonic() - started, usage.ru_maxrss / 1024


def main():
    featide = sys.argv[1] if len(sys.argv) > 1 else ".build/release/featide"
    work = sys.argv[2] if len(sys.argv) > 2 else "/tmp/featide-replay"
    counts = [int(n) for n in sys.argv[3:]] or [1_000_000, 10_000_000]
    for count in counts:
        project = os.path.join(work, f"{count}")
        if not os.path.exists(os.path.join(project, "mocks", "replay.yaml")):
            make_replay_project.main(project, count)
        size = os.path.getsize(os.path.join(project, "mocks", "recorded", "events.jsonl")) / 1e6
        seconds, peak = run(featide, project)
        print(f"featide run, {count:>10,} events ({size:,.0f} MB): {seconds:6.2f} s wall, peak RSS {peak:6.1f} MB")


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(__file__))
    main()
