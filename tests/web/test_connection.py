"""A real server over a raw socket: a refused body is not read on, the connection is closed.

Each test streams at most STREAM_CAP bytes and waits at most a few seconds: a server that reads
on through a refused body takes all of it and never closes; ours answers and hangs up long
before (what a client can push meanwhile is only what the two sockets' buffers hold).
"""

from __future__ import annotations

import http.client
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from backstretch.storage import MemoryRepository
from backstretch.web.app import create_app
from backstretch.web.security import Guard
from backstretch.web.settings import WebSettings
from tests.web.conftest import live_server

STREAM_CAP = 64 * 1024 * 1024
CLOSED_WELL_BEFORE = 16 * 1024 * 1024
WAIT_SECONDS = 5.0
CHUNK = b"x" * 65536
CHUNKED = b"%x\r\n%s\r\n" % (len(CHUNK), CHUNK)  # one chunk of a chunked body


@pytest.fixture
def port(home: Path) -> Iterator[int]:
    def make_app(port: int) -> Guard:
        settings = WebSettings(port=port, home=home)
        return create_app(repository=MemoryRepository(), settings=settings)

    with live_server(make_app) as bound:
        yield bound


class Upload:
    """A request whose body is streamed from a thread while the answer is read."""

    def __init__(self, port: int, head: str, frame: bytes) -> None:
        self.connection = socket.create_connection(("127.0.0.1", port), timeout=WAIT_SECONDS)
        self.connection.sendall(head.encode())
        self.frame = frame
        self.sent = 0
        self.pump = threading.Thread(target=self.stream, daemon=True)
        self.pump.start()

    def stream(self) -> None:
        try:
            while self.sent < STREAM_CAP:
                self.connection.sendall(self.frame)
                self.sent += len(self.frame)
        except OSError:
            return  # the server hung up: what this test hopes for

    def answer(self) -> tuple[bytes, bool]:
        """Everything the server said, and whether it closed the connection in time."""
        said = b""
        deadline = time.monotonic() + WAIT_SECONDS
        try:
            while time.monotonic() < deadline:
                data = self.connection.recv(65536)
                if not data:
                    return said, True
                said += data
        except ConnectionResetError:
            return said, True  # closed with our unread bytes still in its buffer
        except TimeoutError:
            return said, False
        finally:
            self.pump.join(WAIT_SECONDS)
            self.connection.close()
        return said, False


def post(port: int, path: str, framing: str) -> str:
    return (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        f"Content-Type: application/json\r\n{framing}\r\n\r\n"
    )


def answered_then_closed(port: int, path: str, framing: str, frame: bytes) -> bytes:
    """What the server said before it hung up; fails if it read on through the body."""
    upload = Upload(port, post(port, path, framing), frame)
    said, closed = upload.answer()
    assert closed, f"the server kept the connection open after answering {said[:40]!r}"
    assert upload.sent < CLOSED_WELL_BEFORE, f"the server read on: {upload.sent} bytes taken"
    return said


def test_a_body_announced_over_the_limit_gets_413_and_the_connection_closed(port: int) -> None:
    said = answered_then_closed(port, "/api/pain", "Content-Length: 10000000000", CHUNK)
    assert said.startswith(b"HTTP/1.1 413"), said[:80]


def test_a_streamed_body_over_the_limit_gets_413_and_the_connection_closed(port: int) -> None:
    said = answered_then_closed(port, "/api/pain", "Transfer-Encoding: chunked", CHUNKED)
    assert said.startswith(b"HTTP/1.1 413"), said[:80]
    assert b"the request body is over 65536 bytes" in said


def test_a_body_nobody_reads_is_not_read_on_after_the_answer(port: int) -> None:
    said = answered_then_closed(port, "/api/no-such-thing", "Transfer-Encoding: chunked", CHUNKED)
    assert said.startswith(b"HTTP/1.1 404"), said[:80]


def test_a_request_read_through_keeps_its_connection_for_the_next(port: int) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=WAIT_SECONDS)
    try:
        for _ in range(2):
            connection.request(
                "POST", "/api/pain", b'{"level": 3}', {"Content-Type": "application/json"}
            )
            answer = connection.getresponse()
            answer.read()
            assert answer.status == 201
            assert not answer.will_close
    finally:
        connection.close()
