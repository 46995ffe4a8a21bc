"""A seeded fleet of shopping-app devices: events (JSON Lines with `device`), label rows and
a fleet file, for projects/shopping's examples, tests and benchmarks.

    python -m featide_ray.fleetgen --devices 40 --events 150 --seed 7 --out examples/fleet

Each device has sessions of home and product pages, clicks with prices and categories, carts
and profile updates; a few events are recorded out of order (most within the project's 2 s
`allowed_lateness`, some later, which the engine drops). Events of all devices are
interleaved by time, as a fleet log would be.
"""

from __future__ import annotations

import argparse
import json
import os
import random

CATEGORIES = ["shoes", "bags", "books", "toys", "garden"]
DAY0 = 1_764_000_000_000  # 2025-11-24T16:00:00Z


def device_events(device: str, count: int, rng: random.Random) -> list[dict]:
    """One device's events, in the order the device recorded them."""
    ts = DAY0 + rng.randrange(0, 6 * 3600) * 1000
    events: list[dict] = []
    page = None

    def add(kind: str, **fields) -> None:
        events.append({"device": device, "ts": ts, "type": kind, **fields})

    while len(events) < count:
        add("app_start")
        if rng.random() < 0.3:
            ts += 500
            add("profile_update", params={"level": rng.randint(1, 5)})
        for _ in range(rng.randint(3, 12)):
            ts += rng.randint(300, 15_000)
            roll = rng.random()
            if roll < 0.25 or page is None:
                page = rng.choice(["home", "home", "product", "cart"])
                add("page_enter", page=page)
            elif roll < 0.85:
                add("click", page=page, params={"item": f"sku{rng.randint(1, 40)}",
                                                "price": round(rng.uniform(1, 120), 2),
                                                "category": rng.choice(CATEGORIES)})
            else:
                add("add_to_cart", page=page, params={"item": f"sku{rng.randint(1, 40)}",
                                                      "price": round(rng.uniform(5, 80), 2)})
        ts += rng.randint(1000, 5000)
        add("app_end")
        page = None
        ts += rng.choice([rng.randint(60_000, 600_000), rng.randint(35 * 60_000, 3 * 3600_000)])
    events = events[:count]
    # Recorded out of order: swap neighbours now and then (the later one arrives first).
    for i in range(1, len(events)):
        if rng.random() < 0.03:
            events[i - 1], events[i] = events[i], events[i - 1]
    return events


def labels_for(device: str, events: list[dict], per_device: int, rng: random.Random) -> list[dict]:
    """Label times across the device's span, some exactly at an event and 1 ms before one."""
    times = sorted(e["ts"] for e in events)
    rows = []
    for i in range(per_device):
        if i % 3 == 0:
            ts = rng.choice(times)
        elif i % 3 == 1:
            ts = rng.choice(times) - 1
        else:
            ts = rng.randint(times[0], times[-1] + 3600_000)
        rows.append({"device": device, "ts": ts, "label": rng.randint(0, 1)})
    return rows


def generate(devices: int, events: int, labels: int, seed: int) -> tuple[list[dict], list[dict]]:
    rng = random.Random(seed)
    all_events: list[tuple[int, int, dict]] = []
    all_labels: list[dict] = []
    for d in range(devices):
        device = f"d{d:05d}"
        mine = device_events(device, events, rng)
        # Interleave devices by time, keeping each device's own recorded order.
        newest = 0
        for event in mine:
            newest = max(newest, event["ts"])
            all_events.append((newest, len(all_events), event))
        all_labels += labels_for(device, mine, labels, rng)
    all_events.sort(key=lambda item: (item[0], item[1]))
    all_labels.sort(key=lambda row: (row["ts"], row["device"]))
    return [event for _, _, event in all_events], all_labels


FLEET_YAML = """\
# Fleet for `featide simulate`: two listed devices; every other device id gets a profile
# drawn from the seeded distribution below (the same in every run and partition).
devices:
  - {id: d00000, model: Pixel8, os: android, os_version: "14", app_version: 10.3.0, segment: new}
  - {id: d00001, model: iPhone15, os: ios, os_version: "17", app_version: 10.2.0, segment: returning}
generate:
  seed: 7
  os: {android: 55, ios: 40, harmony: 5}
  app_version: {10.3.0: 60, 10.2.0: 30, 10.1.0: 10}
  segment: {new: 30, returning: 70}
input: {coupon_pool: [C5, C10]}
"""


def write(folder: str, events: list[dict], labels: list[dict]) -> None:
    os.makedirs(folder, exist_ok=True)
    for name, rows in (("events.jsonl", events), ("labels.jsonl", labels)):
        with open(os.path.join(folder, name), "w") as out:
            for row in rows:
                out.write(json.dumps(row, separators=(",", ":")) + "\n")
    with open(os.path.join(folder, "fleet.yaml"), "w") as out:
        out.write(FLEET_YAML)


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--devices", type=int, default=40)
    args.add_argument("--events", type=int, default=150, help="events per device")
    args.add_argument("--labels", type=int, default=6, help="label rows per device")
    args.add_argument("--seed", type=int, default=7)
    args.add_argument("--out", required=True)
    options = args.parse_args()
    events, labels = generate(options.devices, options.events, options.labels, options.seed)
    write(options.out, events, labels)


if __name__ == "__main__":
    main()
