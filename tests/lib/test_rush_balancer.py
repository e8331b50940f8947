"""The deadline rush's balancer (``bench/balancer.py``): it shares the connections out between two backends
and, when one dies, keeps answering from the other, counting the failures and marking the dead one down."""

from __future__ import annotations

import http.client
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench.balancer import run_in_thread

pytestmark = pytest.mark.engine_neutral


def backend(name: str) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            body = name.encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def get(port: int) -> tuple[int, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        conn.request("GET", "/")
        response = conn.getresponse()
        return response.status, response.read().decode()
    finally:
        conn.close()


def test_it_shares_the_requests_out_and_survives_a_backend_dying():
    a, b = backend("a"), backend("b")
    balancer, stop = run_in_thread([("127.0.0.1", a.server_port), ("127.0.0.1", b.server_port)], 30)
    try:
        answers = [get(balancer.port) for _ in range(6)]
        assert answers == [(200, "a"), (200, "b")] * 3  # round robin
        b.shutdown()
        b.server_close()  # b is gone: its port refuses connections
        answers = [get(balancer.port) for _ in range(6)]
        assert answers == [(200, "a")] * 6  # every request still answered, by a
        dead, alive = balancer.stats["backends"][1], balancer.stats["backends"][0]
        assert dead["connect_errors"] == 1  # tried once, then marked down and left alone
        assert dead["marked_down"] == 1
        assert alive["connections"] == 9 and dead["connections"] == 3
        assert balancer.stats["connections"] == 12 and balancer.stats["refused_to_client"] == 0
    finally:
        stop()
        a.shutdown()
        a.server_close()


def test_with_every_backend_down_the_client_is_refused_and_counted():
    a = backend("a")
    port = a.server_port
    a.shutdown()
    a.server_close()
    balancer, stop = run_in_thread([("127.0.0.1", port)], 30)
    try:
        with pytest.raises((http.client.HTTPException, OSError)):
            get(balancer.port)
        assert balancer.stats["refused_to_client"] == 1
        assert balancer.stats["backends"][0]["connect_errors"] == 1
    finally:
        stop()


def test_a_backend_dying_with_the_request_in_flight_is_counted_and_marked_down():
    """A backend killed while it holds a request: the kernel resets its connection. The request is lost (not
    sent again: it may have been a POST), the client sees the reset, and the next requests go elsewhere."""
    import socket
    import struct

    listener = socket.create_server(("127.0.0.1", 0))

    def die_on_first_request() -> None:
        conn, _ = listener.accept()
        conn.recv(65536)
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        conn.close()  # a reset, as from a process killed with the request unanswered
        listener.close()

    threading.Thread(target=die_on_first_request, daemon=True).start()
    a = backend("a")
    balancer, stop = run_in_thread(
        [("127.0.0.1", listener.getsockname()[1]), ("127.0.0.1", a.server_port)], 30
    )
    try:
        with pytest.raises((http.client.HTTPException, OSError)):
            get(balancer.port)
        assert [get(balancer.port) for _ in range(4)] == [(200, "a")] * 4
        dying = balancer.stats["backends"][0]
        assert dying["lost_in_flight"] == 1 and dying["marked_down"] == 1 and dying["connections"] == 1
    finally:
        stop()
        a.shutdown()
        a.server_close()
