"""Cost per call of a Python-level debugger on CPython 3.11 (the worker's Python), for the
choice in docs/DECISIONS.md "Script debugging": the same `decide` functions as
`featide bench decide` with a breakpoint on a line no call reaches, untraced, under an own
`sys.settrace` (filtered per frame, line checked) and under stdlib `bdb`. The worker's C
trace function is measured by `featide bench decide` itself. Run: python3.11 bench/trace_overhead.py
"""
import bdb
import linecache
import os
import statistics
import sys
import time

TRIVIAL = 'def decide(ctx):\n    return {"show": True}\n'
FIVE = '''def decide(ctx):
    f = ctx
    score = f["spent"] / max(f["clicks"], 1) + (f["priciest"] or 0) * 0.1 + (f["price_mean"] or 0)
    if score < -1:
        return None
    return {"show": score > 10, "items": f["last_items"]}
'''
CTX = {"spent": 120.0, "clicks": 12, "priciest": 44.0, "price_mean": 21.5, "last_items": ["a", "b", "c"]}
CALLS = 200_000


def load(source, name):
    linecache.cache[name] = (len(source), None, source.splitlines(True), name)  # bdb checks the line exists
    namespace = {}
    exec(compile(source, name, "exec"), namespace)
    return namespace["decide"]


def per_call(fn):
    samples = []
    for _ in range(7):
        start = time.perf_counter_ns()
        for _ in range(CALLS):
            fn(CTX)
        samples.append((time.perf_counter_ns() - start) / CALLS)
    return statistics.median(samples)


class Silent(bdb.Bdb):
    def user_line(self, frame):
        pass


def main():
    for label, source, name, line in (("trivial", TRIVIAL, "trivial.py", 1), ("five lines", FIVE, "five.py", 5)):
        name = os.path.abspath(name)  # bdb keys breakpoints by absolute path
        fn = load(source, name)
        untraced = per_call(fn)

        def local(frame, event, arg):
            if event == "line" and frame.f_lineno == line:
                pass
            return local

        def global_trace(frame, event, arg):
            return local if frame.f_code.co_filename == name else None

        sys.settrace(global_trace)
        own = per_call(fn)
        sys.settrace(None)

        debugger = Silent()
        debugger.reset()
        assert debugger.set_break(name, line) is None
        debugger.botframe = debugger.stopframe = debugger.returnframe = None
        debugger.stoplineno = -1
        sys.settrace(debugger.trace_dispatch)
        with_bdb = per_call(fn)
        sys.settrace(None)
        print(f"{label}: untraced {untraced:.0f} ns, own sys.settrace {own:.0f} ns, bdb {with_bdb:.0f} ns per call")


if __name__ == "__main__":
    main()
