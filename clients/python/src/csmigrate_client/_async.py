"""The asyncio client: :class:`AsyncWorker`.

One reader task per worker reads the worker's stdout and routes replies and
progress to per-call queues; each :meth:`AsyncWorker.call` waits on its own queue,
so progress callbacks run in the calling task, in order, before it returns.
Cancelling the task that awaits a call sends ``notifications/cancelled`` for it.
"""

from __future__ import annotations

import asyncio
import inspect
import itertools
import os
from types import TracebackType
from typing import Any, Awaitable, Callable, Dict, Generator, Optional, Protocol, Sequence, Type, Union

from ._errors import ClientError, WorkerExited
from ._protocol import (
    InitializeResult,
    Incoming,
    Outcome,
    Params,
    Progress,
    StderrTail,
    check_size,
    decode_line,
    encode,
    logger,
    message_limit,
    notification_message,
    orphan_error,
    own_id,
    request_message,
)

__all__ = ["AsyncLineReader", "AsyncByteWriter", "AsyncProgressCallback", "AsyncWorker"]

#: ``on_progress(progress, total, message)``: a plain function, or one returning an awaitable (``async def``).
AsyncProgressCallback = Callable[[float, Optional[float], Optional[str]], Optional[Awaitable[object]]]
#: ``on_notification(method, params)``: called in the reader task for notifications other than progress.
NotificationCallback = Callable[[str, Any], object]

#: The longest line accepted from a spawned worker (asyncio's ``StreamReader`` limit).
DEFAULT_LINE_LIMIT = 1 << 30
_EXIT_WAIT_SECONDS = 2.0


class AsyncLineReader(Protocol):
    """What :meth:`AsyncWorker.attach` reads from, e.g. an :class:`asyncio.StreamReader`."""

    async def readline(self) -> bytes:
        """Returns one line including its ``\\n``, or ``b""`` at end of file."""
        ...


class AsyncByteWriter(Protocol):
    """What :meth:`AsyncWorker.attach` writes to, e.g. an :class:`asyncio.StreamWriter`."""

    def write(self, __data: bytes) -> object:
        """Queues bytes for the worker."""
        ...

    async def drain(self) -> None:
        """Waits until the queue is small enough."""
        ...

    def close(self) -> object:
        """Closes the stream; the worker sees end of file."""
        ...


class _TimedOut:
    """Queued by a call's timer when its timeout runs out."""


_TIMED_OUT = _TimedOut()


class _Call:
    __slots__ = ("id", "method", "events")

    def __init__(self, request_id: int, method: str) -> None:
        self.id = request_id
        self.method = method
        self.events: asyncio.Queue[Union[Progress, Outcome, _TimedOut]] = asyncio.Queue()


class AsyncWorker:
    """An asyncio client for one ``csmigrate serve`` worker.

    Make one with ``await AsyncWorker.spawn(...)`` (or ``async with AsyncWorker.spawn(...) as worker``)
    or :meth:`attach`. Use it from the event loop it was made in; any number of tasks
    may call at once.
    """

    def __init__(
        self,
        reader: AsyncLineReader,
        writer: AsyncByteWriter,
        *,
        on_notification: Optional[NotificationCallback] = None,
        process: Optional[asyncio.subprocess.Process] = None,
    ) -> None:
        """Starts the reader task; must run inside the event loop. Prefer :meth:`spawn` or :meth:`attach`."""
        self._loop = asyncio.get_running_loop()
        self._reader = reader
        self._writer = writer
        self._process = process
        self._on_notification = on_notification
        self._ids = itertools.count(1)
        self._pending: Dict[int, _Call] = {}
        self._exited: Optional[WorkerExited] = None
        self._writer_closed = False
        self._closed = False
        self._shutdown_done = False
        self._drain_lock = asyncio.Lock()
        #: The ``initialize`` result, once :meth:`initialize` has run.
        self.server: Optional[InitializeResult] = None
        self._max_message_bytes: Optional[int] = None
        self._stderr = StderrTail()
        self._stderr_task: Optional[asyncio.Task[None]] = None
        if process is not None and process.stderr is not None:
            self._stderr_task = self._loop.create_task(self._drain_stderr(process.stderr))
        self._reader_task: asyncio.Task[None] = self._loop.create_task(self._read_loop())

    # ------------------------------------------------------------------ construction

    @classmethod
    def spawn(
        cls,
        executable: Union[str, "os.PathLike[str]"] = "csmigrate",
        args: Sequence[str] = ("serve",),
        env: Optional[Dict[str, str]] = None,
        cwd: Optional[Union[str, "os.PathLike[str]"]] = None,
        *,
        on_notification: Optional[NotificationCallback] = None,
        line_limit: int = DEFAULT_LINE_LIMIT,
    ) -> _Spawning:
        """Starts ``executable *args`` with pipes and returns its client.

        Await it (``worker = await AsyncWorker.spawn()``) or use it directly as an async
        context manager (``async with AsyncWorker.spawn() as worker:``), which shuts the
        worker down at the end.

        Args:
            executable: the ``csmigrate`` binary, looked up on ``PATH`` unless it is a path.
            args: the arguments; ``("serve", "--plugins", "diagnostics")`` adds the test methods.
            env: the whole environment of the process; ``None`` inherits this one's.
            cwd: the working directory of the process; ``None`` keeps the current one.
            on_notification: called in the reader task as ``on_notification(method, params)``
                for notifications other than progress; it must not block.
            line_limit: the longest reply line accepted, in bytes.
        """

        async def start() -> AsyncWorker:
            process = await asyncio.create_subprocess_exec(
                os.fspath(executable),
                *args,
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
                env=env,
                cwd=cwd,
                limit=line_limit,
            )
            assert process.stdout is not None and process.stdin is not None
            return cls(process.stdout, process.stdin, on_notification=on_notification, process=process)

        return _Spawning(start)

    @classmethod
    def attach(
        cls,
        reader: AsyncLineReader,
        writer: AsyncByteWriter,
        *,
        on_notification: Optional[NotificationCallback] = None,
    ) -> AsyncWorker:
        """Returns a client for a running worker, given streams on its stdout (``reader``) and stdin (``writer``).

        Call it inside the running event loop. The exit code of an attached worker is not known.
        """
        return cls(reader, writer, on_notification=on_notification)

    # ------------------------------------------------------------------ public API

    @property
    def process(self) -> Optional[asyncio.subprocess.Process]:
        """The worker process when :meth:`spawn` started it, else ``None``."""
        return self._process

    @property
    def returncode(self) -> Optional[int]:
        """The exit code once the spawned process has ended (negative: killed by that signal), else ``None``."""
        return self._process.returncode if self._process is not None else None

    @property
    def pending_count(self) -> int:
        """How many requests are waiting for a reply."""
        return len(self._pending)

    @property
    def running(self) -> bool:
        """Whether the worker can still be called."""
        return self._exited is None and not self._writer_closed

    def stderr_tail(self) -> str:
        """The last kilobytes the spawned worker wrote to stderr (its log)."""
        return self._stderr.text()

    async def call(
        self,
        method: str,
        params: Params = None,
        *,
        timeout: Optional[float] = None,
        on_progress: Optional[AsyncProgressCallback] = None,
    ) -> Any:
        """Sends a request and waits for its result.

        Cancelling the task that awaits this sends ``notifications/cancelled`` for the
        request and raises :class:`asyncio.CancelledError` as usual; the worker's -32800
        reply that follows is dropped.

        Args:
            method: the JSON-RPC method.
            params: a mapping (JSON object), a sequence (JSON array) or ``None``.
            timeout: seconds to wait; when they run out the request is cancelled in the
                worker and :class:`TimeoutError` is raised. ``None`` waits as long as it takes.
            on_progress: ``on_progress(progress, total, message)`` for each progress report,
                run in this task, in order, before the call returns; it may be ``async``.

        Returns:
            The ``result`` member of the reply.

        Raises:
            JsonRpcError: (or a subclass) when the worker answered with an error.
            WorkerExited: when the worker ended before answering.
            TimeoutError: when ``timeout`` ran out.
            TypeError, ValueError: when the params cannot be sent as JSON, or (after
                :meth:`initialize`) the message exceeds the worker's ``maxMessageBytes``.
        """
        request_id = next(self._ids)
        data = encode(request_message(request_id, method, params, on_progress is not None))
        check_size(data, self._max_message_bytes, method)
        if self._exited is not None:
            raise self._exit_error()
        call = _Call(request_id, method)
        self._pending[request_id] = call
        timer: Optional[asyncio.TimerHandle] = None
        try:
            await self._write(data)
            if timeout is not None:
                timer = self._loop.call_later(timeout, call.events.put_nowait, _TIMED_OUT)
            while True:
                event = await call.events.get()
                if isinstance(event, Progress):
                    if on_progress is not None:
                        maybe = on_progress(event.progress, event.total, event.message)
                        if maybe is not None and inspect.isawaitable(maybe):
                            await maybe
                    continue
                if isinstance(event, _TimedOut):
                    raise TimeoutError(
                        f"{method} (id {request_id}) got no reply within {timeout} s; the request was cancelled"
                    )
                return event.unwrap()
        except BaseException:
            # Cancelled, timed out or a failing callback: if no reply came, nobody will
            # read it, so cancel the request in the worker and forget it here.
            if self._pending.pop(request_id, None) is not None:
                self._send_cancel_nowait(request_id)
            raise
        finally:
            if timer is not None:
                timer.cancel()

    async def notify(self, method: str, params: Params = None) -> None:
        """Sends a notification (no reply comes).

        Raises:
            WorkerExited: when the worker has ended.
        """
        data = encode(notification_message(method, params))
        check_size(data, self._max_message_bytes, method)
        await self._write(data)

    async def initialize(
        self,
        client_name: str = "csmigrate_client",
        client_version: Optional[str] = None,
        *,
        protocol_version: Optional[str] = None,
        timeout: Optional[float] = 30.0,
    ) -> InitializeResult:
        """Runs the optional ``initialize`` handshake; see :meth:`csmigrate_client.Worker.initialize`."""
        from . import __version__

        params: Dict[str, Any] = {"clientInfo": {"name": client_name, "version": client_version or __version__}}
        if protocol_version is not None:
            params["protocolVersion"] = protocol_version
        result: InitializeResult = await self.call("initialize", params, timeout=timeout)
        self.server = result
        self._max_message_bytes = message_limit(result)
        return result

    async def ping(self, *, timeout: Optional[float] = 30.0) -> None:
        """Checks that the worker answers."""
        await self.call("ping", timeout=timeout)

    async def discover(self, *, timeout: Optional[float] = 30.0) -> Dict[str, Any]:
        """Returns the worker's OpenRPC document (``rpc.discover``)."""
        result: Dict[str, Any] = await self.call("rpc.discover", timeout=timeout)
        return result

    async def shutdown(self, timeout: Optional[float] = 30.0) -> Optional[int]:
        """Sends ``shutdown`` then ``exit`` and waits for the process to end.

        Returns:
            The exit code (0 for a clean shutdown), or ``None`` for an attached worker.

        Raises:
            WorkerExited: when the worker had already ended.
            TimeoutError: when it did not answer or end within ``timeout`` seconds.
        """
        if self._shutdown_done:
            return self.returncode
        deadline = None if timeout is None else self._loop.time() + timeout
        await self.call("shutdown", timeout=timeout)
        await self.notify("exit")
        self._shutdown_done = True
        await self._close_writer()
        return await self.wait(None if deadline is None else max(0.0, deadline - self._loop.time()))

    async def wait(self, timeout: Optional[float] = None) -> Optional[int]:
        """Waits until the worker has ended and its output is read; returns the exit code.

        Raises:
            TimeoutError: when it is still running after ``timeout`` seconds.
        """

        async def ended() -> None:
            if self._process is not None:
                await self._process.wait()
            await asyncio.shield(self._reader_task)

        try:
            await asyncio.wait_for(ended(), timeout)
        except asyncio.TimeoutError:
            raise TimeoutError(f"the worker did not exit within {timeout} s") from None
        return self.returncode

    def kill(self) -> None:
        """Kills a spawned worker at once (SIGKILL); pending calls raise :class:`~csmigrate_client.WorkerExited`."""
        if self._process is not None and self._process.returncode is None:
            try:
                self._process.kill()
            except ProcessLookupError:
                pass

    async def aclose(self, timeout: float = 10.0) -> Optional[int]:
        """Ends the worker (:meth:`shutdown`, or a kill if that fails) and frees its pipes and tasks.

        Safe to call more than once. Returns the exit code of a spawned worker, else ``None``.
        """
        if self._closed:
            return self.returncode
        self._closed = True
        try:
            if self.running:
                await self.shutdown(timeout)
        except BaseException as error:
            logger.debug("clean shutdown failed (%r); killing the worker", error)
            self.kill()
            if not isinstance(error, (ClientError, TimeoutError, asyncio.TimeoutError, OSError)):
                raise
        finally:
            await self._close_writer()
            if self._process is not None:
                try:
                    await asyncio.wait_for(self._process.wait(), timeout)
                except asyncio.TimeoutError:
                    self.kill()
                    await self._process.wait()
            for task in (self._reader_task, self._stderr_task):
                if task is None:
                    continue
                try:
                    await asyncio.wait_for(asyncio.shield(task), timeout)
                except asyncio.TimeoutError:
                    task.cancel()
        return self.returncode

    async def __aenter__(self) -> AsyncWorker:
        return self

    async def __aexit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        await self.aclose()

    def __repr__(self) -> str:
        pid = f" pid={self._process.pid}" if self._process is not None else ""
        state = "running" if self.running else "ended"
        return f"<AsyncWorker{pid} {state} pending={self.pending_count}>"

    # ------------------------------------------------------------------ internals

    def _exit_error(self) -> WorkerExited:
        exited = self._exited
        if exited is None:
            return WorkerExited(self.returncode, self._stderr.text())
        return WorkerExited(exited.returncode, exited.stderr_tail)

    async def _write(self, data: bytes) -> None:
        if self._exited is None and not self._writer_closed:
            try:
                self._writer.write(data)
                async with self._drain_lock:
                    await self._writer.drain()
                return
            except (ConnectionError, OSError, RuntimeError) as error:
                logger.debug("writing to the worker failed: %s", error)
                try:  # let the reader see the end and collect the exit code
                    await asyncio.wait_for(asyncio.shield(self._reader_task), _EXIT_WAIT_SECONDS + 1.0)
                except asyncio.TimeoutError:
                    pass
        raise self._exit_error()

    def _send_cancel_nowait(self, request_id: int) -> None:
        """Queues ``notifications/cancelled`` without waiting (usable while being cancelled)."""
        if self._exited is not None or self._writer_closed:
            return
        try:
            self._writer.write(encode(notification_message("notifications/cancelled", {"requestId": request_id})))
        except (ConnectionError, OSError, RuntimeError) as error:
            logger.debug("could not send the cancellation of %s: %s", request_id, error)

    async def _close_writer(self) -> None:
        if self._writer_closed:
            return
        self._writer_closed = True
        try:
            self._writer.close()
            wait_closed = getattr(self._writer, "wait_closed", None)
            if wait_closed is not None:
                await asyncio.wait_for(wait_closed(), _EXIT_WAIT_SECONDS)
        except (ConnectionError, OSError, RuntimeError, asyncio.TimeoutError) as error:
            logger.debug("closing the worker's input failed: %s", error)

    async def _drain_stderr(self, stream: asyncio.StreamReader) -> None:
        try:
            while True:
                chunk = await stream.read(65536)
                if not chunk:
                    break
                self._stderr.add(chunk)
        except (ConnectionError, OSError) as error:
            logger.debug("reading the worker's stderr stopped: %s", error)

    async def _read_loop(self) -> None:
        returncode: Optional[int] = None
        try:
            try:
                while True:
                    line = await self._reader.readline()
                    if not line:
                        break
                    for incoming in decode_line(line):
                        self._dispatch(incoming)
            except (ConnectionError, OSError, ValueError, asyncio.IncompleteReadError) as error:
                # ValueError: a line longer than the limit; the stream cannot be trusted any more.
                logger.error("reading from the worker stopped: %s", error)
                self.kill()
            if self._process is not None:
                try:
                    returncode = await asyncio.wait_for(self._process.wait(), _EXIT_WAIT_SECONDS)
                except asyncio.TimeoutError:
                    returncode = None  # it closed stdout but keeps running
            if self._stderr_task is not None:
                try:
                    await asyncio.wait_for(asyncio.shield(self._stderr_task), 1.0)
                except asyncio.TimeoutError:
                    pass
        finally:
            self._fail_pending(returncode)

    def _dispatch(self, incoming: Incoming) -> None:
        if incoming.kind == "reply":
            request_id = own_id(incoming.request_id)
            call = self._pending.pop(request_id, None) if request_id is not None else None
            if call is None or incoming.outcome is None:
                orphan_error(incoming)
                return
            call.events.put_nowait(incoming.outcome)
        elif incoming.kind == "progress":
            request_id = own_id(incoming.progress_token)
            call = self._pending.get(request_id) if request_id is not None else None
            if call is not None and incoming.progress is not None:
                call.events.put_nowait(incoming.progress)
        elif incoming.kind == "notification":
            if self._on_notification is not None:
                try:
                    self._on_notification(incoming.method, incoming.params)
                except Exception:
                    logger.exception("on_notification failed for %s", incoming.method)
        elif incoming.kind == "request":
            logger.warning("ignored a request from the worker: %s", incoming.method)

    def _fail_pending(self, returncode: Optional[int]) -> None:
        tail = self._stderr.text()
        self._exited = WorkerExited(returncode, tail)
        calls = list(self._pending.values())
        self._pending.clear()
        for call in calls:
            call.events.put_nowait(Outcome(error=WorkerExited(returncode, tail)))


class _Spawning:
    """What :meth:`AsyncWorker.spawn` returns: await it for the worker, or ``async with`` it."""

    def __init__(self, start: Callable[[], Awaitable[AsyncWorker]]) -> None:
        self._start = start
        self._worker: Optional[AsyncWorker] = None

    def __await__(self) -> Generator[Any, None, AsyncWorker]:
        return self._start().__await__()

    async def __aenter__(self) -> AsyncWorker:
        self._worker = await self._start()
        return self._worker

    async def __aexit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        if self._worker is not None:
            await self._worker.aclose()
