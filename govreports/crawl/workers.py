"""Worker processes for a crawl's CPU-heavy steps, so a crawl uses more than one core.

A Scrapy crawl runs in one thread, and cleaning, structuring and storing a report cost more CPU
than fetching it; threads would not help (the steps are Python and hold the GIL). So the
pipelines hand their pure functions to worker processes: ``await pool.call(function, *args)``.
Each worker is a plain ``python -m govreports.crawl.workers`` child joined by a socket pair, read and
written by the crawl's own event loop: no helper threads in the crawl process to fight over the
GIL. Functions and arguments travel pickled, so both must be importable, plain data.

A worker that dies fails only the calls it held (``WorkerDied``); the next call starts a new one.
"""

from __future__ import annotations

import asyncio
import itertools
import pickle
import signal
import socket
import struct
import subprocess
import sys
from collections.abc import Callable
from typing import Any

_HEADER = struct.Struct("!I")  # each message: its length, then the pickle


class WorkerDied(RuntimeError):
    """The worker process ended while it held this call (killed, out of memory, a crash)."""


class _Worker:
    def __init__(self, process: subprocess.Popen, reader: asyncio.StreamReader, writer: asyncio.StreamWriter):
        self.process = process
        self.writer = writer
        self.pending: dict[int, asyncio.Future] = {}
        self.alive = True
        self._replies = asyncio.ensure_future(self._read_replies(reader))

    async def _read_replies(self, reader: asyncio.StreamReader) -> None:
        try:
            while True:
                (size,) = _HEADER.unpack(await reader.readexactly(_HEADER.size))
                call_id, ok, value = pickle.loads(await reader.readexactly(size))
                future = self.pending.pop(call_id)
                if not future.done():
                    future.set_result(value) if ok else future.set_exception(value)
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            self.alive = False
            for future in self.pending.values():
                if not future.done():
                    future.set_exception(WorkerDied(f"worker process {self.process.pid} ended"))
            self.pending.clear()
        await asyncio.to_thread(self.process.wait)  # reap it, whatever ended it

    def send(self, call_id: int, message: bytes) -> asyncio.Future:
        future = asyncio.get_running_loop().create_future()
        self.pending[call_id] = future
        self.writer.write(_HEADER.pack(len(message)) + message)
        return future

    async def close(self) -> None:
        self.writer.close()  # the worker reads end-of-file and exits
        await self._replies


class WorkerPool:
    """``size`` worker processes; each call goes to the worker with the fewest calls in hand."""

    def __init__(self, size: int) -> None:
        if size < 1:
            raise ValueError("a worker pool needs at least one worker")
        self.size = size
        self._workers: list[_Worker] = []
        self._ids = itertools.count()
        self._starting = asyncio.Lock()

    async def call(self, function: Callable, *args: Any) -> Any:
        worker = await self._worker()
        call_id = next(self._ids)
        message = pickle.dumps((call_id, function, args), protocol=pickle.HIGHEST_PROTOCOL)
        return await worker.send(call_id, message)

    async def _worker(self) -> _Worker:
        async with self._starting:
            self._workers = [w for w in self._workers if w.alive]
            while len(self._workers) < self.size:
                self._workers.append(await _start_worker())
        return min(self._workers, key=lambda w: len(w.pending))

    async def close(self) -> None:
        workers, self._workers = self._workers, []
        await asyncio.gather(*(w.close() for w in workers))


def processing_pool(crawler) -> WorkerPool | None:
    """The pool for cleaning and structuring, ``PROCESSING_WORKERS`` processes (None for 0: the
    steps run in the crawl process). One pool serves every crawler of the process (the demo runs
    eleven at once); the last crawler to close closes it."""
    size = crawler.settings.getint("PROCESSING_WORKERS")
    if size < 1:
        return None
    if not hasattr(crawler, "processing_pool"):  # the pipelines of one crawler share it
        crawler.processing_pool = shared(crawler, "processing", lambda: WorkerPool(size))
    return crawler.processing_pool


_shared: dict[str, Any] = {}
_users: dict[str, int] = {}


def shared(crawler, key: str, make: Callable[[], Any]) -> Any:
    """The process's object for ``key`` (made on first use), held until ``crawler``'s spider
    closes; when no crawler holds it any more, its ``close()`` is awaited."""
    from scrapy import signals as scrapy_signals  # here: a worker process need not load Scrapy

    if key not in _shared:
        _shared[key], _users[key] = make(), 0
    _users[key] += 1

    async def let_go() -> None:
        _users[key] -= 1
        if _users[key] == 0:
            del _users[key]
            await _shared.pop(key).close()

    crawler.signals.connect(let_go, signal=scrapy_signals.spider_closed, weak=False)
    return _shared[key]


async def _start_worker() -> _Worker:
    ours, theirs = socket.socketpair()
    process = subprocess.Popen(
        [sys.executable, "-m", "govreports.crawl.workers", str(theirs.fileno())], pass_fds=[theirs.fileno()]
    )
    theirs.close()
    reader, writer = await asyncio.open_connection(sock=ours)
    return _Worker(process, reader, writer)


def serve(sock: socket.socket) -> None:
    """The worker's loop: read a call, run it, send back its result or its exception, until EOF."""
    stream = sock.makefile("rwb")
    while header := stream.read(_HEADER.size):
        (size,) = _HEADER.unpack(header)
        call_id, function, args = pickle.loads(stream.read(size))
        try:
            reply = (call_id, True, function(*args))
        except Exception as exc:
            reply = (call_id, False, exc)
        try:
            message = pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as exc:  # an exception that cannot be pickled: send what it said
            message = pickle.dumps((call_id, False, RuntimeError(repr(exc))), protocol=pickle.HIGHEST_PROTOCOL)
        stream.write(_HEADER.pack(len(message)) + message)
        stream.flush()


if __name__ == "__main__":
    # Ctrl-C reaches the whole process group: the crawl then finishes the reports it holds, which
    # needs its workers, and it ends them itself (end-of-file).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    serve(socket.socket(fileno=int(sys.argv[1])))
