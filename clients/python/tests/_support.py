"""Shared helpers for the client tests: where the binary is, wire recorders, a hang guard."""

from __future__ import annotations

import asyncio
import faulthandler
import json
import os
import subprocess
import sys
import threading
import unittest
from pathlib import Path
from typing import Any, Awaitable, Callable, Dict, List, Optional, Tuple, TypeVar

HERE = Path(__file__).resolve().parent
CLIENT_ROOT = HERE.parent
REPO_ROOT = CLIENT_ROOT.parent.parent
SRC = CLIENT_ROOT / "src"

# Test the library in this tree, not an older installed copy.
if str(SRC) not in sys.path:
    sys.path.insert(0, str(SRC))

from csmigrate_client import AsyncWorker, Worker  # noqa: E402


def _binary() -> Path:
    configured = os.environ.get("CSMIGRATE_BIN")
    if configured:
        return Path(configured).expanduser().resolve()
    return REPO_ROOT / ".build" / "debug" / "csmigrate"


BIN = _binary()
HAVE_BIN = BIN.is_file() and os.access(BIN, os.X_OK)
MISSING_BIN = (
    f"csmigrate binary not found at {BIN}: build it with `swift build --product csmigrate` "
    "in the repository root, or point CSMIGRATE_BIN at it"
)
#: Set CSMIGRATE_REQUIRE_BIN=1 (CI does) to turn a missing binary into a failure instead of a skip.
REQUIRE_BIN = os.environ.get("CSMIGRATE_REQUIRE_BIN", "") not in ("", "0")

SERVE_ARGS: Tuple[str, ...] = ("serve", "--plugins", "diagnostics")
#: A test that hangs longer than this dumps every thread's stack and ends the run.
HANG_GUARD_SECONDS = 120.0

T = TypeVar("T")


class WorkerTestCase(unittest.TestCase):
    """Skips (or fails, under CSMIGRATE_REQUIRE_BIN) without the binary; kills the run if a test hangs."""

    def setUp(self) -> None:
        if not HAVE_BIN:
            if REQUIRE_BIN:
                self.fail(MISSING_BIN)
            self.skipTest(MISSING_BIN)
        faulthandler.dump_traceback_later(HANG_GUARD_SECONDS, exit=True)
        self.addCleanup(faulthandler.cancel_dump_traceback_later)

    def spawn(self, *extra: str) -> Worker:
        """A spawned worker with the diagnostics plugin, killed at the end of the test if still running."""
        worker = Worker.spawn(BIN, SERVE_ARGS + extra)
        self.addCleanup(worker.close, 5.0)
        return worker

    def spawn_recorded(self) -> Tuple[Worker, "subprocess.Popen[bytes]", "WireLog"]:
        """An attached worker whose every line, in and out, is recorded."""
        process = subprocess.Popen(
            [str(BIN), *SERVE_ARGS], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        assert process.stdin is not None and process.stdout is not None
        log = WireLog()
        worker = Worker.attach(RecordingReader(process.stdout, log), RecordingWriter(process.stdin, log))

        def cleanup() -> None:
            worker.close(5.0)
            if process.poll() is None:
                process.kill()
            process.wait()
            process.stdout.close()  # type: ignore[union-attr]

        self.addCleanup(cleanup)
        return worker, process, log

    def run_async(self, coroutine: Awaitable[T], timeout: float = 60.0) -> T:
        """Runs a coroutine in a fresh event loop, failing (not hanging) after ``timeout`` seconds."""

        async def guarded() -> T:
            return await asyncio.wait_for(coroutine, timeout)

        return asyncio.run(guarded())


def started_calls(worker: Worker, count: int) -> threading.Event:
    """An event set once ``count`` calls have gone through ``worker.start`` (each is pending from then on)."""
    started = threading.Event()
    lock = threading.Lock()
    seen = [0]
    original_start = worker.start

    def counting_start(*args: Any, **kwargs: Any) -> Any:
        call = original_start(*args, **kwargs)
        with lock:
            seen[0] += 1
            if seen[0] >= count:
                started.set()
        return call

    worker.start = counting_start  # type: ignore[method-assign]
    return started


class WireLog:
    """Every JSON message seen on the wire, in order, per direction."""

    def __init__(self) -> None:
        self._lock = threading.Condition()
        self.incoming: List[Any] = []
        self.outgoing: List[Any] = []
        self._async_waiters: List[Tuple[asyncio.AbstractEventLoop, asyncio.Event]] = []

    def add(self, direction: str, line: bytes) -> None:
        if not line.strip():
            return
        value = json.loads(line)
        items = value if isinstance(value, list) else [value]
        with self._lock:
            (self.incoming if direction == "in" else self.outgoing).extend(items)
            self._lock.notify_all()
            waiters, self._async_waiters = self._async_waiters, []
        for loop, event in waiters:
            loop.call_soon_threadsafe(event.set)

    def wait_for(self, condition: Callable[["WireLog"], Any], timeout: float = HANG_GUARD_SECONDS) -> None:
        """Blocks until ``condition(log)`` holds, re-checking it each time a message is recorded.

        The timeout only turns a hang into a failure: the wait ends on the message that makes the condition true.
        """
        with self._lock:
            if not self._lock.wait_for(lambda: condition(self), timeout):
                raise AssertionError(f"no message on the wire made the condition true within {timeout} s")

    async def wait_for_async(
        self, condition: Callable[["WireLog"], Any], timeout: float = HANG_GUARD_SECONDS
    ) -> None:
        """Like :meth:`wait_for`, for a coroutine: suspends until a recorded message makes ``condition`` true."""

        async def wait() -> None:
            loop = asyncio.get_running_loop()
            while True:
                event = asyncio.Event()
                with self._lock:
                    if condition(self):
                        return
                    self._async_waiters.append((loop, event))
                await event.wait()

        try:
            await asyncio.wait_for(wait(), timeout)
        except asyncio.TimeoutError:
            raise AssertionError(f"no message on the wire made the condition true within {timeout} s") from None

    def snapshot_in(self) -> List[Any]:
        with self._lock:
            return list(self.incoming)

    def snapshot_out(self) -> List[Any]:
        with self._lock:
            return list(self.outgoing)

    def replies_for(self, request_id: Any) -> List[Dict[str, Any]]:
        """Every reply the worker sent for ``request_id``."""
        return [m for m in self.snapshot_in() if "method" not in m and m.get("id") == request_id]

    def progress_for(self, token: Any) -> List[Dict[str, Any]]:
        return [
            m
            for m in self.snapshot_in()
            if m.get("method") == "notifications/progress" and m["params"].get("progressToken") == token
        ]

    def index_of_reply(self, request_id: Any) -> int:
        for index, message in enumerate(self.snapshot_in()):
            if "method" not in message and message.get("id") == request_id:
                return index
        raise AssertionError(f"no reply for id {request_id!r}")

    def sent(self, method: str) -> List[Dict[str, Any]]:
        return [m for m in self.snapshot_out() if m.get("method") == method]


class RecordingReader:
    def __init__(self, stream: Any, log: WireLog) -> None:
        self._stream = stream
        self._log = log

    def readline(self) -> bytes:
        line: bytes = self._stream.readline()
        self._log.add("in", line)
        return line


class RecordingWriter:
    def __init__(self, stream: Any, log: WireLog) -> None:
        self._stream = stream
        self._log = log

    def write(self, data: bytes) -> int:
        for line in data.splitlines():
            self._log.add("out", line)
        written: int = self._stream.write(data)
        return written

    def flush(self) -> None:
        self._stream.flush()

    def close(self) -> None:
        self._stream.close()


class AsyncRecordingReader:
    def __init__(self, stream: asyncio.StreamReader, log: WireLog) -> None:
        self._stream = stream
        self._log = log

    async def readline(self) -> bytes:
        line = await self._stream.readline()
        self._log.add("in", line)
        return line


class AsyncRecordingWriter:
    def __init__(self, stream: asyncio.StreamWriter, log: WireLog) -> None:
        self._stream = stream
        self._log = log

    def write(self, data: bytes) -> None:
        for line in data.splitlines():
            self._log.add("out", line)
        self._stream.write(data)

    async def drain(self) -> None:
        await self._stream.drain()

    def close(self) -> None:
        self._stream.close()

    async def wait_closed(self) -> None:
        await self._stream.wait_closed()


async def spawn_async_recorded() -> Tuple[AsyncWorker, asyncio.subprocess.Process, WireLog]:
    """An attached asyncio worker whose every line is recorded; the caller closes it."""
    process = await asyncio.create_subprocess_exec(
        str(BIN),
        *SERVE_ARGS,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.DEVNULL,
    )
    assert process.stdin is not None and process.stdout is not None
    log = WireLog()
    worker = AsyncWorker.attach(AsyncRecordingReader(process.stdout, log), AsyncRecordingWriter(process.stdin, log))
    return worker, process, log


def errors_of(messages: List[Dict[str, Any]]) -> List[Optional[int]]:
    """The error codes of replies (``None`` for a result)."""
    return [m["error"]["code"] if "error" in m else None for m in messages]
