"""A plain Python implementation of the `featide bench pipeline` workload: the same 50
features over the same events, so the engine's throughput has a baseline and its results a
cross-check. Usage: python3 pipeline_reference.py EVENTS.jsonl SPEC.json QUERY_TS

SPEC.json lists the shared states: {"on": [...], "where": "python expr", "window": [kind, n],
"features": [[name, op, value-field-or-null], ...]}. Events are decoded before timing starts;
only the processing loop is timed. Prints one JSON object: {"seconds": S, "values": {...}}.
"""
import collections
import json
import math
import sys
import time


def column_sum(values):
    if any(isinstance(x, str) for x in values):
        return None
    return math.fsum(values) if any(isinstance(x, float) for x in values) else sum(values)


class State:
    def __init__(self, spec):
        self.types = set(spec["on"])
        self.where = eval("lambda e, page, params: " + spec["where"]) if spec["where"] else None
        self.kind, self.size = spec["window"]
        self.features = spec["features"]
        self.fields = sorted({f[2] for f in self.features if f[2]})
        if self.kind in ("sliding", "last_n"):
            self.rows = collections.deque(maxlen=self.size if self.kind == "last_n" else None)
        else:  # tumbling and lifetime keep running aggregates
            self.bucket = None
            self.reset()

    def reset(self):
        self.count = 0
        self.running = {f: {"sum": 0, "min": None, "max": None, "first": None, "last": None, "distinct": set()}
                        for f in self.fields}

    def add(self, e):
        params = e["params"]
        if self.where is not None and not self.where(e, e.get("page"), params):
            return
        ts = e["ts"]
        values = tuple(params[f] for f in self.fields)
        if self.kind == "sliding":
            self.rows.append((ts, values))
            horizon = ts - self.size
            while self.rows and self.rows[0][0] <= horizon:
                self.rows.popleft()
        elif self.kind == "last_n":
            self.rows.append((ts, values))
        else:
            bucket = ts // self.size if self.kind == "tumbling" else 0
            if bucket != self.bucket:
                self.bucket = bucket
                self.reset()
            self.last_ts = ts
            self.count += 1
            for f, v in zip(self.fields, values):
                r = self.running[f]
                if not isinstance(v, str):
                    r["sum"] += v
                r["min"] = v if r["min"] is None or v < r["min"] else r["min"]
                r["max"] = v if r["max"] is None or v > r["max"] else r["max"]
                if r["first"] is None:
                    r["first"] = v
                r["last"] = v
                r["distinct"].add(v)

    def query(self, t):
        if self.kind in ("sliding", "last_n"):
            rows = [r for r in self.rows if self.kind == "last_n" or t - self.size < r[0] <= t]
            columns = {f: [r[1][i] for r in rows] for i, f in enumerate(self.fields)}
            count = len(rows)
            stats = {f: {"sum": column_sum(c),
                         "min": min(c, default=None), "max": max(c, default=None),
                         "first": c[0] if c else None, "last": c[-1] if c else None, "distinct": set(c)}
                     for f, c in columns.items()}
        else:
            live = self.count and (self.kind == "tumbling" and self.bucket == t // self.size
                                   or self.kind == "lifetime" and t - self.last_ts < self.size)
            count = self.count if live else 0
            stats = {f: r if live else {"sum": 0, "min": None, "max": None, "first": None, "last": None,
                                        "distinct": set()} for f, r in self.running.items()}
        out = {}
        for name, op, field in self.features:
            s = stats.get(field)
            if op == "count":
                out[name] = count
            elif op == "sum":
                out[name] = s["sum"]
            elif op == "avg":
                out[name] = s["sum"] / count if count else None
            elif op == "distinct_count":
                out[name] = len(s["distinct"])
            else:
                out[name] = s[op]
        return out


def main():
    events_path, spec_path, query_ts = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with open(spec_path) as f:
        states = [State(s) for s in json.load(f)]
    with open(events_path) as f:
        events = [json.loads(line) for line in f]
    by_type = collections.defaultdict(list)
    for s in states:
        for t in s.types:
            by_type[t].append(s)
    start = time.perf_counter()
    for e in events:
        for s in by_type.get(e["type"], ()):
            s.add(e)
    seconds = time.perf_counter() - start
    values = {}
    for s in states:
        values.update(s.query(query_ts))
    print(json.dumps({"seconds": seconds, "values": values}))


main()
