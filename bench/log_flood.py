"""Makes a project's local engine write log records at a steady rate, for scripts/bench-ide:
one event far ahead in time, then batches of older events, each dropped as late and logged
(a `warn` record each). Speaks the engine's JSON-RPC over its unix socket, like any client.

usage: python3 bench/log_flood.py STATE_DIR RATE SECONDS
       python3 bench/log_flood.py STATE_DIR --count N
         (N records as fast as the engine takes them; prints `sent K` as it goes)
"""
import json, socket, sys, time


class Engine:
    def __init__(self, state):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(f"{state}/engine.sock")
        self.buffer = b""
        self.next_id = 0
        with open(f"{state}/token") as f:
            self.call("authenticate", {"token": f.read().strip()})

    def call(self, method, params):
        self.next_id += 1
        body = json.dumps({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params}).encode()
        self.sock.sendall(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        while True:
            head, sep, rest = self.buffer.partition(b"\r\n\r\n")
            if sep:
                length = int(head.split(b":")[1])
                if len(rest) >= length:
                    self.buffer = rest[length:]
                    answer = json.loads(rest[:length])
                    if answer.get("id") == self.next_id:
                        if "error" in answer:
                            raise RuntimeError(answer["error"]["message"])
                        return answer["result"]
                    continue
            chunk = self.sock.recv(65536)
            if not chunk:
                raise RuntimeError("the engine closed the connection")
            self.buffer += chunk


LATE = json.dumps({"ts": 1_700_000_000_000, "type": "click", "params": {"price": 1.0}})


def as_fast_as_taken(engine, count):
    """`count` records in batches of 1000, each batch sent once the last one is answered."""
    sent, start, step = 0, time.perf_counter(), max(1000, count // 20)
    while sent < count:
        batch = min(1000, count - sent)
        engine.call("send", {"lines": "\n".join([LATE] * batch)})
        sent += batch
        if sent % step < batch or sent == count:
            print(f"sent {sent}", flush=True)
    print(f"{sent} late events sent in {time.perf_counter() - start:.1f} s", file=sys.stderr)


def main():
    state = sys.argv[1]
    engine = Engine(state)
    future = 4_000_000_000_000
    engine.call("send", {"events": [json.dumps({"ts": future, "type": "tick"})]})
    if sys.argv[2] == "--count":
        return as_fast_as_taken(engine, int(sys.argv[3]))
    rate, seconds = int(sys.argv[2]), float(sys.argv[3])
    batch = max(1, rate // 20)  # 20 batches a second
    late = LATE
    sent, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        engine.call("send", {"lines": "\n".join([late] * batch)})
        sent += batch
        ahead = sent / rate - (time.perf_counter() - start)
        if ahead > 0:
            time.sleep(ahead)
    print(f"{sent} late events sent in {time.perf_counter() - start:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
