"""A round-robin TCP balancer for the deadline rush (``bench/rush.py``): two gunicorn instances behind one port,
as a production balancer (haproxy, nginx) would put them.

Each client connection goes to the next backend that is up. A backend that refuses a connection is marked
down for ``down_seconds`` and the connection is tried on the next one, so a client sees no error for an
instance that is already dead; a backend that drops a connection before its answer is complete (it died
with the request in flight) is marked down too, and that client's request is lost: it is counted, never
retried (a POST may have been written). After ``down_seconds`` a down backend is given one connection again.

    python bench/balancer.py --listen 127.0.0.1:8080 --backend 127.0.0.1:8001 --backend 127.0.0.1:8002 \
        --stats /tmp/balancer.json

The counts (connections, connection errors, requests lost, times marked down, per backend) are written to
``--stats`` every second and when the process ends (SIGTERM or SIGINT).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import signal
import threading
import time
from pathlib import Path


class Balancer:
    def __init__(self, backends: list[tuple[str, int]], down_seconds: float = 5.0) -> None:
        self.backends = backends
        self.down_seconds = down_seconds
        self.down_until = [0.0] * len(backends)
        self.next = 0
        self.stats: dict = {
            "connections": 0,
            "refused_to_client": 0,  # no backend up: the client's connection closed unanswered
            "backends": [
                {
                    "address": f"{h}:{p}",
                    "connections": 0,
                    "connect_errors": 0,
                    "lost_in_flight": 0,
                    "marked_down": 0,
                }
                for h, p in backends
            ],
        }

    def _mark_down(self, i: int) -> None:
        if self.down_until[i] <= time.monotonic():
            self.stats["backends"][i]["marked_down"] += 1
        self.down_until[i] = time.monotonic() + self.down_seconds

    def _order(self) -> list[int]:
        """The backends to try, round robin from the next; those marked down last (tried only if all are)."""
        n = len(self.backends)
        start, self.next = self.next, (self.next + 1) % n
        ring = [(start + k) % n for k in range(n)]
        now = time.monotonic()
        return [i for i in ring if self.down_until[i] <= now] + [i for i in ring if self.down_until[i] > now]

    async def handle(self, client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        self.stats["connections"] += 1
        for i in self._order():
            try:
                backend_r, backend_w = await asyncio.open_connection(*self.backends[i])
            except OSError:
                self.stats["backends"][i]["connect_errors"] += 1
                self._mark_down(i)
                continue
            self.stats["backends"][i]["connections"] += 1
            break
        else:
            self.stats["refused_to_client"] += 1
            client_w.close()
            return
        asked, answered = asyncio.Event(), asyncio.Event()

        async def pipe(reader, writer, seen: asyncio.Event) -> bool:
            """Copy until the end; False when the reading side broke (reset) rather than closed. A writing
            side that broke (the other end went away) ends the copy quietly."""
            try:
                while True:
                    try:
                        data = await reader.read(65536)
                    except OSError:
                        return False
                    if not data:
                        return True
                    seen.set()
                    writer.write(data)
                    await writer.drain()
            except OSError:
                return True
            finally:
                with contextlib.suppress(OSError, RuntimeError):
                    writer.write_eof() if writer.can_write_eof() else writer.close()

        upstream = asyncio.create_task(pipe(client_r, backend_w, asked))
        try:
            clean = await pipe(backend_r, client_w, answered)
        except asyncio.CancelledError:  # the balancer stops
            upstream.cancel()
            return
        if asked.is_set() and (not clean or not answered.is_set()):  # died with the request in flight
            self.stats["backends"][i]["lost_in_flight"] += 1
            self._mark_down(i)
            client_w.transport.abort()  # the client sees a reset, as it would from the dead server
        upstream.cancel()
        for w in (client_w, backend_w):
            w.close()

    async def serve(self, host: str, port: int, ready: threading.Event | None = None):
        server = await asyncio.start_server(self.handle, host, port, backlog=2048)
        self.port = server.sockets[0].getsockname()[1]
        if ready:
            ready.set()
        return server


def run_in_thread(backends: list[tuple[str, int]], down_seconds: float = 5.0) -> tuple[Balancer, callable]:
    """A balancer on a free port of 127.0.0.1 in a thread of this process (for tests): it and a stop()."""
    balancer = Balancer(backends, down_seconds)
    loop = asyncio.new_event_loop()
    ready = threading.Event()
    holder: dict = {}

    def main() -> None:
        asyncio.set_event_loop(loop)
        holder["server"] = loop.run_until_complete(balancer.serve("127.0.0.1", 0, ready))
        loop.run_forever()

    thread = threading.Thread(target=main, daemon=True)
    thread.start()
    ready.wait(10)

    async def shut() -> None:
        holder["server"].close()
        tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for task in tasks:  # the connections still open
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        loop.stop()

    def stop() -> None:
        asyncio.run_coroutine_threadsafe(shut(), loop)
        thread.join(10)

    return balancer, stop


def address(text: str) -> tuple[str, int]:
    host, _, port = text.rpartition(":")
    return host or "127.0.0.1", int(port)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--listen", type=address, required=True, help="host:port")
    parser.add_argument("--backend", type=address, action="append", required=True, help="host:port, repeated")
    parser.add_argument("--down-seconds", type=float, default=5.0)
    parser.add_argument("--stats", type=Path, required=True)
    args = parser.parse_args()
    balancer = Balancer(args.backend, args.down_seconds)

    def write() -> None:
        args.stats.write_text(json.dumps(balancer.stats))

    async def serve() -> None:
        server = await balancer.serve(*args.listen)
        stop = asyncio.Event()
        for sig in (signal.SIGTERM, signal.SIGINT):
            asyncio.get_running_loop().add_signal_handler(sig, stop.set)
        while not stop.is_set():
            write()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), 1)
        server.close()
        write()

    asyncio.run(serve())


if __name__ == "__main__":
    main()
