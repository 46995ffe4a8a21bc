"""A plain Python implementation of what `featide run` computes for the `featide bench e2e`
project: the same features over the same recorded file, written from SPEC §2, §4, §5 and §8
without featide's code, so the two results are a differential test of each other.

Usage: python3 e2e_reference.py SPEC.json EVENTS.jsonl START_MS ALLOWED_LATENESS_MS SESSION_GAP_MS

SPEC.json: {"features": [{"name", "on": [types], "agg", "value", "where", "group_by"
(Python expressions over ts, type, page, params, or null), "window": [kind, size], "k", "p",
"ttl" (ms or null)}]}. The recording is replayed shifted so that its first event lands at
START_MS, through the lateness rule (events older than the newest minus the allowed lateness
are dropped, the others applied in time order, ties in file order). Prints one JSON object:
{"ts": query time, "values": {name: value}, "events": lines read, "late": dropped}.
"""
import collections
import heapq
import json
import math
import sys

LEVELS = ("session", "app", "scene", "page")
NUMERIC_OPS = {"sum", "avg", "min", "max", "percentile", "stddev"}


def is_number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def key_text(v):
    """Histogram, group_by and distinct_count keys: strings as they are, other values as compact JSON."""
    return v if isinstance(v, str) else json.dumps(v, separators=(",", ":"), sort_keys=True)


def empty_value(op):
    if op in ("count", "sum", "distinct_count"):
        return 0
    if op == "histogram":
        return {}
    if op in ("first_k", "last_k", "top_k"):
        return []
    return None


def nearest_rank(values, p):
    ordered = sorted(values)
    rank = max(1, -(-p * len(ordered) // 100))  # ceil(p% of n), in integers
    return ordered[rank - 1]


def population_stddev(values):
    mean = math.fsum(values) / len(values)
    return math.sqrt(math.fsum((x - mean) ** 2 for x in values) / len(values))


def top_k(counts, last_seen, k):
    """The k most frequent values, most frequent first, ties to the most recently seen."""
    ranked = sorted(counts, key=lambda v: (-counts[v], -last_seen[v]))
    return [value for value in ranked[:k]]


def aggregate(op, entries, k, p):
    """The value of `op` over a window's (seq, value) entries, oldest first (at least one)."""
    values = [v for _, v in entries]
    if op == "count":
        return len(values)
    if op == "sum":
        return math.fsum(values) if any(isinstance(v, float) for v in values) else sum(values)
    if op == "avg":
        return math.fsum(values) / len(values)
    if op == "min":
        return min(values)
    if op == "max":
        return max(values)
    if op == "first":
        return values[0]
    if op == "last":
        return values[-1]
    if op == "first_k":
        return values[:k]
    if op == "last_k":
        return values[-k:]
    if op == "distinct_count":
        return len({key_text(v) for v in values})
    if op == "histogram":
        return dict(collections.Counter(key_text(v) for v in values))
    if op == "top_k":
        counts, last_seen = collections.Counter(), {}
        for seq, v in entries:
            counts[v] += 1
            last_seen[v] = seq
        return top_k(counts, last_seen, k)
    if op == "percentile":
        return nearest_rank(values, p)
    if op == "stddev":
        return population_stddev(values)
    raise ValueError(op)


class Running:
    """What a window that only resets as a whole (tumbling, lifetime, scope) keeps per operator."""

    def __init__(self, op, k):
        self.op, self.k = op, k
        self.n = 0
        self.total = 0
        self.low = self.high = self.first = self.last = None
        self.firsts = []
        self.lasts = collections.deque(maxlen=k or 1)
        self.counts = collections.Counter()
        self.last_seen = {}
        self.values = []

    def add(self, seq, v):
        op = self.op
        self.n += 1
        if op in ("sum", "avg"):
            self.total += v
        elif op == "min":
            self.low = v if self.low is None or v < self.low else self.low
        elif op == "max":
            self.high = v if self.high is None or v > self.high else self.high
        elif op == "first":
            self.first = v if self.n == 1 else self.first
        elif op == "last":
            self.last = v
        elif op == "first_k":
            if len(self.firsts) < self.k:
                self.firsts.append(v)
        elif op == "last_k":
            self.lasts.append(v)
        elif op in ("distinct_count", "histogram"):
            self.counts[key_text(v)] += 1
        elif op == "top_k":
            self.counts[v] += 1
            self.last_seen[v] = seq
        elif op in ("percentile", "stddev"):
            self.values.append(v)

    def value(self, p):
        op = self.op
        if self.n == 0:
            return empty_value(op)
        return {
            "count": lambda: self.n,
            "sum": lambda: self.total,
            "avg": lambda: self.total / self.n,
            "min": lambda: self.low,
            "max": lambda: self.high,
            "first": lambda: self.first,
            "last": lambda: self.last,
            "first_k": lambda: list(self.firsts),
            "last_k": lambda: list(self.lasts),
            "distinct_count": lambda: len(self.counts),
            "histogram": lambda: dict(self.counts),
            "top_k": lambda: top_k(self.counts, self.last_seen, self.k),
            "percentile": lambda: nearest_rank(self.values, p),
            "stddev": lambda: population_stddev(self.values),
        }[op]()


class Window:
    """One feature's window (for one group_by key)."""

    def __init__(self, feature):
        self.f = feature
        self.kind, self.size = feature.window
        self.last_update = None
        self.reset(None)

    def reset(self, epoch):
        self.epoch = epoch
        if self.kind == "sliding":
            self.entries = collections.deque()
        elif self.kind == "last_n":
            self.entries = collections.deque(maxlen=self.size)
        else:
            self.running = Running(self.f.op, self.f.k)

    def epoch_at(self, ts, position):
        if self.kind == "tumbling":
            return ts // self.size  # floor division: buckets aligned on the epoch
        if self.kind == "scope":
            return position[self.size]
        return None

    def add(self, ts, seq, v, position):
        ttl = self.f.ttl
        if ttl is not None and self.last_update is not None and ts - self.last_update >= ttl:
            self.reset(None)
        self.last_update = ts
        if self.kind == "sliding":
            self.entries.append((ts, seq, v))
            while self.entries[0][0] <= ts - self.size:
                self.entries.popleft()
        elif self.kind == "last_n":
            self.entries.append((ts, seq, v))
        else:
            epoch = self.epoch_at(ts, position)
            if epoch != self.epoch:
                self.reset(epoch)
            self.running.add(seq, v)

    def value(self, t, position):
        """The feature's value at t, or None when the window is empty."""
        if self.f.ttl is not None and (self.last_update is None or t - self.last_update >= self.f.ttl):
            return None
        if self.kind in ("sliding", "last_n"):
            live = [(seq, v) for ts, seq, v in self.entries if self.kind == "last_n" or ts > t - self.size]
            return aggregate(self.f.op, live, self.f.k, self.f.p) if live else None
        if self.epoch != self.epoch_at(t, position) or self.running.n == 0:
            return None
        return self.running.value(self.f.p)


def compile_expression(text):
    return eval("lambda ts, type, page, params: " + text) if text else None


class Feature:
    def __init__(self, spec):
        self.name = spec["name"]
        self.on = spec["on"]
        self.op = spec["agg"]
        self.window = spec["window"]
        self.k, self.p, self.ttl = spec["k"], spec["p"], spec["ttl"]
        self.where = compile_expression(spec["where"])
        self.value_of = compile_expression(spec["value"])
        self.group_of = compile_expression(spec["group_by"])
        self.single = Window(self)
        self.groups = {}

    def add(self, e, seq, position):
        ts, params, page = e["ts"], e.get("params", {}), e.get("page")
        args = (ts, e["type"], page, params)
        try:
            if self.where is not None and self.where(*args) is not True:
                return
            v = self.value_of(*args) if self.value_of is not None else True
        except (KeyError, TypeError, AttributeError):  # an error: left out of this feature
            return
        if v is None or self.op in NUMERIC_OPS and not is_number(v):
            return
        if self.group_of is None:
            self.single.add(ts, seq, v, position)
            return
        try:
            key = self.group_of(*args)
        except (KeyError, TypeError, AttributeError):
            return
        if key is None:
            return
        key = key_text(key)
        if key not in self.groups:
            self.groups[key] = Window(self)
        self.groups[key].add(ts, seq, v, position)

    def value(self, t, position):
        if self.group_of is None:
            v = self.single.value(t, position)
            return empty_value(self.op) if v is None else v
        out = {}
        for key, window in self.groups.items():
            v = window.value(t, position)
            if v is not None:
                out[key] = v
        return out


class BehaviourTree:
    """Session → App → Scene → Page (SPEC §5), as far as scope windows and page filling need it:
    which node of each level is current, and the current page's name."""

    def __init__(self, gap):
        self.gap = gap
        self.open = False
        self.last_ts = None
        self.ids = 0
        self.position = dict.fromkeys(LEVELS, 0)
        self.page = None

    def begin(self, levels):
        for level in levels:
            self.ids += 1
            self.position[level] = self.ids

    def end_session(self):
        self.open = False
        self.begin(LEVELS)  # no node is current: scope windows read empty
        self.page = None

    def standardise(self, e):
        ts, kind = e["ts"], e["type"]
        if self.open and ts - self.last_ts >= self.gap:
            self.end_session()
        self.last_ts = ts
        if not self.open:
            self.open = True
            self.begin(LEVELS)
        if kind == "app_start":
            self.begin(LEVELS[1:])
            self.page = None
        elif kind == "scene_enter":
            self.begin(LEVELS[2:])
            self.page = None
        elif kind == "page_enter":
            self.begin(LEVELS[3:])
            self.page = e.get("page")
        if "page" not in e and self.page is not None:
            e["page"] = self.page
        if kind == "app_end":
            self.end_session()


def main():
    spec_path, events_path = sys.argv[1], sys.argv[2]
    start, lateness, gap = (int(a) for a in sys.argv[3:6])
    with open(spec_path) as f:
        features = [Feature(s) for s in json.load(f)["features"]]
    by_type = collections.defaultdict(list)
    for feature in features:
        for t in feature.on:
            by_type[t].append(feature)
    tree = BehaviourTree(gap)
    pending = []  # (ts, arrival, event): held until the lateness has passed
    newest = first = end = None
    arrivals = late = lines = 0

    def apply(e, seq):
        tree.standardise(e)
        for feature in by_type.get(e["type"], ()):
            feature.add(e, seq, tree.position)

    with open(events_path, encoding="utf-8") as f:
        for line in f:
            lines += 1
            e = json.loads(line)
            if first is None:
                first = e["ts"]
            ts = e["ts"] = start + e["ts"] - first
            end = ts if end is None else max(end, ts)
            if newest is not None and ts < newest - lateness:
                late += 1
                continue
            newest = ts if newest is None else max(newest, ts)
            heapq.heappush(pending, (ts, arrivals, e))
            arrivals += 1
            while pending and pending[0][0] <= newest - lateness:
                _, seq, event = heapq.heappop(pending)
                apply(event, seq)
    while pending:
        _, seq, event = heapq.heappop(pending)
        apply(event, seq)
    if end is not None and tree.open and end - tree.last_ts >= gap:  # the clock moved past the session's gap
        tree.end_session()
    t = end if end is not None else start
    values = {feature.name: feature.value(t, tree.position) for feature in features}
    print(json.dumps({"ts": t, "values": values, "events": lines, "late": late}))


if __name__ == "__main__":
    main()
