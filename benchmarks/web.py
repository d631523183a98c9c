"""The web app's two targets: the session page's transfer size and the API's latency.

1. Everything the session page loads (HTML, script, style, icon, manifest, service worker, the
   timeline it fetches and the pictures the timeline names), in bytes as sent, uncompressed
   (target: under 150 KB).
2. API latency with 20 concurrent clients on loopback, each on its own keep-alive connection,
   making a bounded number of requests (reading the timeline and stats, recording holds):
   p50 and p99 per endpoint and overall.
3. The server's own work for one timeline request, called in process (no socket, one at a
   time): what the loopback round trip hides. The routine is parsed and checked once per
   server, so this is the adaptation and the cached encoding only.

Run: .venv/bin/python benchmarks/web.py [--clients 20] [--requests 50]
It serves a fresh temporary home on 127.0.0.1 and a free port, and stops by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import re
import socket
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import uvicorn

from backstretch.web.app import create_app
from backstretch.web.security import Guard
from backstretch.web.settings import WebSettings

TARGET_BYTES = 150 * 1024


@contextmanager
def serving(home: Path) -> Iterator[int]:
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(256)
    port = listener.getsockname()[1]
    app = create_app(settings=WebSettings(port=port, home=home))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.01)
    try:
        yield port
    finally:
        server.should_exit = True
        thread.join(10)
        listener.close()


def fetch(port: int, path: str) -> bytes:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    if response.status != 200:
        raise SystemExit(f"GET {path} answered {response.status}")
    return body


def transfer_size(port: int) -> dict[str, int]:
    """Bytes of every resource the session page loads, by path."""
    sizes: dict[str, int] = {}
    page = fetch(port, "/session/daily-back")
    sizes["/session/daily-back"] = len(page)
    for path in re.findall(rb'(?:src|href)="(/static/[^"]+|/manifest.webmanifest)"', page):
        sizes[path.decode()] = len(fetch(port, path.decode()))
    sizes["/sw.js"] = len(fetch(port, "/sw.js"))  # the service worker the page registers
    timeline_path = "/api/routines/daily-back/timeline"
    timeline = fetch(port, timeline_path)
    sizes[timeline_path] = len(timeline)
    figures = {step["figure"] for step in json.loads(timeline)["steps"] if step["figure"]}
    for path in sorted(figures):
        sizes[path] = len(fetch(port, path))
    return sizes


class Client(threading.Thread):
    """One person's browser: a keep-alive connection making `requests` requests in turn."""

    def __init__(self, port: int, requests: int, session_id: str, barrier: threading.Barrier):
        super().__init__(daemon=True)
        self.port, self.requests, self.session_id, self.barrier = (
            port,
            requests,
            session_id,
            barrier,
        )
        self.times: dict[str, list[float]] = {}
        self.failures = 0

    def run(self) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        connection.connect()
        # as browsers do: without it, Nagle's algorithm and delayed ACKs add ~40 ms a request
        connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.barrier.wait()
        for number in range(self.requests):
            kind, method, path, body = self.request(number)
            began = time.perf_counter()
            connection.request(method, path, body=body, headers=self.headers(body))
            response = connection.getresponse()
            response.read()
            self.times.setdefault(kind, []).append((time.perf_counter() - began) * 1000)
            self.failures += response.status >= 400
        connection.close()

    def request(self, number: int) -> tuple[str, str, str, bytes | None]:
        if number % 3 == 0:
            return "GET timeline", "GET", "/api/routines/daily-back/timeline", None
        if number % 3 == 1:
            return "GET stats", "GET", "/api/stats", None
        hold = json.dumps({"hold_number": number % 65 + 1, "completed": True}).encode()
        return "POST hold", "POST", f"/api/sessions/{self.session_id}/holds", hold

    def headers(self, body: bytes | None) -> dict[str, str]:
        return {"Content-Type": "application/json"} if body is not None else {}


def start_session(port: int) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    body = json.dumps({"routine": "daily-back"}).encode()
    connection.request("POST", "/api/sessions", body, {"Content-Type": "application/json"})
    answer = json.loads(connection.getresponse().read())
    connection.close()
    session_id: str = answer["id"]
    return session_id


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def latency(port: int, clients: int, requests: int) -> tuple[dict[str, list[float]], int]:
    barrier = threading.Barrier(clients)
    team = [Client(port, requests, start_session(port), barrier) for _ in range(clients)]
    for client in team:
        client.start()
    for client in team:
        client.join(120)
    times: dict[str, list[float]] = {}
    for client in team:
        for kind, values in client.times.items():
            times.setdefault(kind, []).extend(values)
    return times, sum(client.failures for client in team)


def in_process(app: Guard, port: int, path: str, requests: int = 300) -> float:
    """p50 in ms of one GET handled by the app itself, without a socket."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": [(b"host", f"127.0.0.1:{port}".encode())],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", port),
    }

    async def receive() -> dict[str, object]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, object]) -> None:
        if message["type"] == "http.response.start" and message["status"] != 200:
            raise SystemExit(f"GET {path} answered {message['status']} in process")

    async def measure() -> list[float]:
        times = []
        for _ in range(requests + 20):  # the first 20 warm up
            began = time.perf_counter()
            await app(dict(scope), receive, send)  # type: ignore[arg-type]
            times.append((time.perf_counter() - began) * 1000)
        return times[20:]

    return statistics.median(asyncio.run(measure()))


def loopback_floor(requests: int = 50) -> float:
    """p50 of a trivial standard-library HTTP server on this machine: the floor under any
    figure above (some sandboxes add tens of milliseconds to every loopback round trip)."""
    import http.server

    class Hello(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Hello)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    connection = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=10)
    times = []
    for _ in range(requests):
        began = time.perf_counter()
        connection.request("GET", "/")
        connection.getresponse().read()
        times.append((time.perf_counter() - began) * 1000)
    connection.close()
    server.shutdown()
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=50, help="requests per client")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, serving(Path(folder)) as port:
        sizes = transfer_size(port)
        times, failures = latency(port, options.clients, options.requests)
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(settings=WebSettings(port=8765, home=Path(folder)))
        timeline_work = in_process(app, 8765, "/api/routines/daily-back/timeline")
    total = sum(sizes.values())
    print("Session page transfer (uncompressed):")
    for path, size in sizes.items():
        print(f"  {size / 1024:7.1f} KB  {path}")
    verdict = "ok" if total < TARGET_BYTES else "OVER"
    print(f"  {total / 1024:7.1f} KB  total ({verdict}: target under {TARGET_BYTES // 1024} KB)")
    every = [value for values in times.values() for value in values]
    print(f"\nAPI latency, {options.clients} concurrent clients, {len(every)} requests:")
    for kind, values in sorted(times.items()):
        print(
            f"  {kind:<13} p50 {statistics.median(values):6.1f} ms   "
            f"p99 {percentile(values, 0.99):6.1f} ms   ({len(values)} requests)"
        )
    print(
        f"  {'all':<13} p50 {statistics.median(every):6.1f} ms   "
        f"p99 {percentile(every, 0.99):6.1f} ms   failures: {failures}"
    )
    print(f"  (loopback floor here: a trivial server answers in {loopback_floor():.1f} ms p50)")
    print(f"\nThe server's own work for GET timeline, in process: p50 {timeline_work:.2f} ms")
    return 0 if total < TARGET_BYTES and failures == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
