"""Writes a project for measuring `featide run` over a long recording: 21 features over every
operator and window, all consumed (each has an expectation), and a seeded recorded file of
N events (about 80 bytes a line). Usage: python3 make_replay_project.py OUT_DIR EVENTS

Then: featide run OUT_DIR --scenario replay
"""
import os
import random
import sys

FEATURES = [
    ("clicks_10m", "click", None, "count", "{sliding: 10m}", ""),
    ("amount_10m", "click", "params.price", "sum", "{sliding: 10m}", ""),
    ("avg_price_1h", "click", "params.price", "avg", "{tumbling: 1h}", ""),
    ("min_price_last100", "click", "params.price", "min", "{last_n: 100}", ""),
    ("max_price_1h", "click", "params.price", "max", "{sliding: 1h}", ""),
    ("first_page", "page_enter", "page", "first", "lifetime", "ttl: 1d\n"),
    ("last_item_page", "click", "params.item", "last", "{scope: page}", ""),
    ("first_items", "click", "params.item", "first_k", "lifetime", "k: 5\nttl: 7d\n"),
    ("last_items_5m", "click", "params.item", "last_k", "{sliding: 5m}", "k: 5\n"),
    ("distinct_items_1h", "click", "params.item", "distinct_count", "{sliding: 1h}", ""),
    ("categories_1h", "click", "params.category", "histogram", "{tumbling: 1h}", ""),
    ("top_items_1h", "click", "params.item", "top_k", "{sliding: 1h}", "k: 3\n"),
    ("p90_price_10m", "click", "params.price", "percentile", "{sliding: 10m}", "p: 90\n"),
    ("stddev_price_last1000", "click", "params.price", "stddev", "{last_n: 1000}", ""),
    ("amount_by_category_1h", "click", "params.price", "sum", "{sliding: 1h}", "group_by: params.category\n"),
    ("views_by_page_1d", "[click, purchase]", None, "count", "{tumbling: 1d}", "group_by: page\n"),
    ("expensive_clicks_1m", "click", None, "count", "{sliding: 1m}", "where: params.price > 50.0\n"),
    ("avg_price_session", "click", "params.price", "avg", "{scope: session}", ""),
    ("max_by_category_last50", "click", "params.price", "max", "{last_n: 50}", "group_by: params.category\n"),
    ("distinct_users_1d", "click", "params.user", "distinct_count", "lifetime", "ttl: 1d\n"),
    ("purchases_1d", "purchase", None, "count", "{sliding: 1d}", ""),
]

PAGES = ["home", "product", "cart", "search"]


def main(out, count):
    for folder in ["features", "mocks/recorded"]:
        os.makedirs(os.path.join(out, folder), exist_ok=True)
    with open(os.path.join(out, "featide.yaml"), "w") as f:
        f.write("kind: project\nname: replay_bench\nversion: 1\n")
    with open(os.path.join(out, "features", "all.yaml"), "w") as f:
        docs = []
        for name, on, value, agg, window, extra in FEATURES:
            doc = f"kind: feature\nname: {name}\non: {on}\n"
            if value:
                doc += f"value: {value}\n"
            docs.append(doc + f"agg: {agg}\nwindow: {window}\n{extra}")
        f.write("---\n".join(docs))
    with open(os.path.join(out, "mocks", "replay.yaml"), "w") as f:
        f.write("kind: scenario\nname: replay\nstart: 2026-11-21T10:00:00Z\n")
        f.write("events:\n  - {file: recorded/events.jsonl}\nexpect:\n")
        for name, *_ in FEATURES:  # every feature consumed; `run` prints them all at the end
            f.write(f"  - {{at: 0s, feature: {name}, null: true}}\n")
    rng = random.Random(13)
    ts = 1_732_183_200_000
    with open(os.path.join(out, "mocks", "recorded", "events.jsonl"), "w") as f:
        lines = []
        for _ in range(count):
            ts += rng.randint(1, 100)
            r = rng.random()
            if r < 0.7:
                lines.append('{"ts":%d,"type":"click","page":"%s","params":{"item":"sku%d","price":%.2f,'
                             '"category":"c%d","user":"u%d"}}\n'
                             % (ts, rng.choice(PAGES), rng.randrange(1000), rng.uniform(1, 100),
                                rng.randrange(10), rng.randrange(10000)))
            elif r < 0.85:
                lines.append('{"ts":%d,"type":"page_enter","page":"%s"}\n' % (ts, rng.choice(PAGES)))
            elif r < 0.95:
                lines.append('{"ts":%d,"type":"purchase","params":{"item":"sku%d"}}\n' % (ts, rng.randrange(1000)))
            else:
                lines.append('{"ts":%d,"type":"search","params":{"q":"q%d"}}\n' % (ts, rng.randrange(500)))
            if len(lines) >= 10000:
                f.writelines(lines)
                lines.clear()
        f.writelines(lines)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
