"""Adding up partitions' simulation summaries, and the report a person reads."""

from __future__ import annotations

import json
from collections import defaultdict


def merge(summaries: list[dict]) -> dict:
    """Counts add up, key by key at every depth; per-device feature values are pooled
    (quantiles need them all)."""
    total: dict = {}
    for summary in summaries:
        total = add(total, summary)
    return total


def add(a, b):
    if isinstance(b, dict):
        merged = dict(a or {})
        for key, value in b.items():
            merged[key] = add(merged.get(key), value)
        return merged
    if isinstance(b, list):
        return (a or []) + b
    return (a or 0) + b


def quantile(sorted_values: list[float], p: float) -> float:
    """Nearest rank, as the engine's `percentile` (SPEC §4)."""
    rank = max(1, -(-len(sorted_values) * p // 100))
    return sorted_values[int(rank) - 1]


def report(summary: dict) -> dict:
    """The simulation as a JSON-ready report."""
    decisions: dict = defaultdict(lambda: {"actions": 0, "fallbacks": 0, "by_variant": {}, "by_rollout_band": {},
                                           "devices_by_variant": {}, "breakers_open": 0})
    for key, count in sorted(summary.get("actions", {}).items()):
        decision, variant, band, channel, fallback = key.split("|")
        entry = decisions[decision]
        entry["actions"] += count
        entry["fallbacks"] += count if fallback == "true" else 0
        entry["by_variant"][variant] = entry["by_variant"].get(variant, 0) + count
        entry["by_rollout_band"][band] = entry["by_rollout_band"].get(band, 0) + count
    for key, devices in sorted(summary.get("devicesActed", {}).items()):
        decision, variant = key.split("|")
        decisions[decision]["devices_by_variant"][variant] = devices
    for decision, devices in summary.get("breakersOpen", {}).items():
        decisions[decision]["breakers_open"] = devices
    features = {}
    for name, values in sorted(summary.get("featureValues", {}).items()):
        values = sorted(values)
        features[name] = {"devices": len(values), "min": values[0], "p50": quantile(values, 50),
                          "p90": quantile(values, 90), "p99": quantile(values, 99), "max": values[-1],
                          "mean": sum(values) / len(values), "not_numbers": summary.get("featureOther", {}).get(name, 0)}
    for name, counts in sorted(summary.get("featureTexts", {}).items()):
        features[name] = {"devices": 0, "values": dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))),
                          "not_numbers": summary.get("featureOther", {}).get(name, 0)}
    for name, count in summary.get("featureOther", {}).items():
        features.setdefault(name, {"devices": 0, "not_numbers": count})
    events = summary.get("events", 0)
    return {
        "devices": summary.get("devices", 0),
        "devices_not_in_fleet": summary.get("devicesNotInFleet", 0),
        "events": events,
        "events_late": summary.get("eventsLate", 0),
        "events_malformed": summary.get("eventsMalformed", 0),
        "cost_per_event_us": summary.get("engineNanoseconds", 0) / 1000 / events if events else 0.0,
        "triggered": summary.get("triggered", 0),
        "script_failures": summary.get("scriptFailures", 0),
        "skipped_by_breaker": summary.get("skippedByBreaker", 0),
        "decisions": dict(sorted(decisions.items())),
        "features": features,
    }


def render(result: dict) -> str:
    """The report as text."""
    lines = [f"devices {result['devices']} (not in the fleet: {result['devices_not_in_fleet']}), "
             f"events {result['events']} (late {result['events_late']}, malformed {result['events_malformed']}), "
             f"cost {result['cost_per_event_us']:.1f} µs/event (engine and scripts)",
             f"decisions triggered {result['triggered']}, script failures {result['script_failures']}, "
             f"skipped by open breakers {result['skipped_by_breaker']}"]
    for name, d in result["decisions"].items():
        lines.append(f"decision {name}: {d['actions']} actions, {d['fallbacks']} fallbacks, "
                     f"breakers open on {d['breakers_open']} devices")
        lines.append("  by variant:      " + ", ".join(f"{v} {n} ({d['devices_by_variant'].get(v, 0)} devices)"
                                                         for v, n in d["by_variant"].items()))
        lines.append("  by rollout band: " + ", ".join(f"{b} {n}" for b, n in
                                                         sorted(d["by_rollout_band"].items(), key=lambda kv: int(kv[0].split("-")[0]))))
    for name, f in result["features"].items():
        if f["devices"]:
            lines.append(f"feature {name}: min {f['min']:g} p50 {f['p50']:g} p90 {f['p90']:g} p99 {f['p99']:g} "
                         f"max {f['max']:g} mean {f['mean']:.3g} over {f['devices']} devices"
                         + (f", {f['not_numbers']} not numbers" if f["not_numbers"] else ""))
        elif f.get("values"):
            lines.append(f"feature {name}: " + ", ".join(f"{v} on {n}" for v, n in f["values"].items())
                         + (f", neither on {f['not_numbers']}" if f["not_numbers"] else ""))
        else:
            lines.append(f"feature {name}: not a number on {f['not_numbers']} devices")
    return "\n".join(lines)


def dumps(result: dict) -> str:
    return json.dumps(result, indent=2, sort_keys=False)
