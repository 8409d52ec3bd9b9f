"""The blocking client: :class:`Worker` and :class:`PendingCall`.

One reader thread per worker reads every line from the worker's stdout and routes
it: a reply goes to the :class:`PendingCall` with that id, a progress notification
to the call whose id is its ``progressToken``. Each call owns a queue, so progress
callbacks run in the thread that waits for the result, in the order the worker
sent them, and always before the call returns.
"""

from __future__ import annotations

import itertools
import os
import queue
import subprocess
import threading
import time
from types import TracebackType
from typing import IO, Any, Callable, Dict, Optional, Protocol, Sequence, Type, Union

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

__all__ = ["ByteReader", "ByteWriter", "NotificationCallback", "PendingCall", "ProgressCallback", "Worker"]

#: ``on_progress(progress, total, message)``: called for every progress notification of a call.
ProgressCallback = Callable[[float, Optional[float], Optional[str]], object]
#: ``on_notification(method, params)``: called for notifications other than progress.
NotificationCallback = Callable[[str, Any], object]

#: How long the reader waits for the process to exit after its stdout closed.
_EXIT_WAIT_SECONDS = 2.0


class ByteReader(Protocol):
    """What :meth:`Worker.attach` reads from: any binary stream with ``readline``."""

    def readline(self) -> bytes:
        """Returns one line including its ``\\n``, or ``b""`` at end of file."""
        ...


class ByteWriter(Protocol):
    """What :meth:`Worker.attach` writes to: any binary stream with ``write``, ``flush`` and ``close``."""

    def write(self, __data: bytes) -> object:
        """Writes all the bytes (or raises)."""
        ...

    def flush(self) -> object:
        """Pushes buffered bytes to the worker."""
        ...

    def close(self) -> object:
        """Closes the stream; the worker sees end of file."""
        ...


class PendingCall:
    """A request in flight, returned by :meth:`Worker.start`.

    Wait for it with :meth:`result`, cancel it with :meth:`cancel`. Call :meth:`result`
    from one thread at a time: progress callbacks run in that thread.
    """

    def __init__(self, worker: Worker, request_id: int, method: str, on_progress: Optional[ProgressCallback]) -> None:
        self._worker = worker
        #: The JSON-RPC id of the request (also its progress token).
        self.id = request_id
        #: The method called.
        self.method = method
        self._on_progress = on_progress
        self._events: queue.SimpleQueue[Union[Progress, Outcome]] = queue.SimpleQueue()
        self._outcome: Optional[Outcome] = None
        self._answered = threading.Event()

    def __repr__(self) -> str:
        state = "done" if self.done() else "pending"
        return f"<PendingCall id={self.id} method={self.method!r} {state}>"

    def done(self) -> bool:
        """Whether the reply (or the news that the worker exited) has arrived."""
        return self._answered.is_set()

    def cancel(self) -> None:
        """Asks the worker to cancel this request; :meth:`result` then raises
        :class:`~csmigrate_client.RequestCancelled`, unless the request finished first."""
        self._worker.cancel(self)

    def result(self, timeout: Optional[float] = None) -> Any:
        """Waits for the reply and returns its result, running ``on_progress`` for each progress report first.

        Args:
            timeout: seconds to wait, or ``None`` to wait as long as it takes. When it
                runs out, the request is cancelled in the worker and forgotten here.

        Raises:
            JsonRpcError: (or a subclass) when the worker answered with an error.
            WorkerExited: when the worker ended before answering.
            TimeoutError: when ``timeout`` ran out (the request is then cancelled).
        """
        if self._outcome is not None:
            return self._outcome.unwrap()
        deadline = None if timeout is None else time.monotonic() + timeout
        try:
            while True:
                if deadline is None:
                    event = self._events.get()
                else:
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        raise self._timeout_error(timeout)
                    try:
                        event = self._events.get(timeout=remaining)
                    except queue.Empty:
                        raise self._timeout_error(timeout) from None
                if isinstance(event, Progress):
                    if self._on_progress is not None:
                        self._on_progress(event.progress, event.total, event.message)
                    continue
                self._outcome = event
                break
        except BaseException as error:
            # A timeout, a failing progress callback or KeyboardInterrupt: nobody will
            # read the reply, so cancel the request and drop its entry now.
            if self._outcome is None:
                self._worker._abandon(self)
                self._outcome = Outcome(error=error)
            raise
        return self._outcome.unwrap()

    def _timeout_error(self, timeout: Optional[float]) -> TimeoutError:
        return TimeoutError(
            f"{self.method} (id {self.id}) got no reply within {timeout} s; the request was cancelled"
        )

    def _deliver(self, event: Union[Progress, Outcome]) -> None:
        self._events.put(event)
        if isinstance(event, Outcome):
            self._answered.set()


class Worker:
    """A blocking client for one ``csmigrate serve`` worker.

    Make one with :meth:`spawn` (starts the process) or :meth:`attach` (uses given
    pipes). Every method is thread safe: many threads may call at once, and replies
    are matched to callers by id whatever order the worker answers in.

    Use it as a context manager, which shuts the worker down on exit::

        with Worker.spawn() as worker:
            worker.initialize()
            print(worker.call("ping"))
    """

    def __init__(
        self,
        reader: ByteReader,
        writer: ByteWriter,
        *,
        on_notification: Optional[NotificationCallback] = None,
        process: Optional[subprocess.Popen[bytes]] = None,
    ) -> None:
        """Starts the reader thread over ``reader``; prefer :meth:`spawn` or :meth:`attach`.

        Args:
            reader: the worker's stdout.
            writer: the worker's stdin.
            on_notification: called on the reader thread as ``on_notification(method, params)``
                for every notification except progress. It must return quickly and must
                not wait for a reply from this worker.
            process: the worker process, when this client started it (its stderr pipe, if
                any, is drained into :meth:`stderr_tail`).
        """
        self._reader = reader
        self._writer = writer
        self._process = process
        self._on_notification = on_notification
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._write_lock = threading.Lock()
        self._pending: Dict[int, PendingCall] = {}
        self._exited: Optional[WorkerExited] = None
        self._writer_closed = False
        self._closed = False
        self._shutdown_done = False
        self._reader_done = threading.Event()
        #: The ``initialize`` result, once :meth:`initialize` has run.
        self.server: Optional[InitializeResult] = None
        self._max_message_bytes: Optional[int] = None
        self._stderr = StderrTail()
        self._stderr_thread: Optional[threading.Thread] = None
        name = f"csmigrate-worker-{process.pid}" if process is not None else "csmigrate-worker"
        if process is not None and process.stderr is not None:
            self._stderr_thread = threading.Thread(
                target=self._drain_stderr, args=(process.stderr,), name=f"{name}-stderr", daemon=True
            )
            self._stderr_thread.start()
        self._reader_thread = threading.Thread(target=self._read_loop, name=f"{name}-reader", daemon=True)
        self._reader_thread.start()

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
    ) -> Worker:
        """Starts ``executable *args`` with pipes for stdin, stdout and stderr, and returns its client.

        Args:
            executable: the ``csmigrate`` binary, looked up on ``PATH`` unless it is a path.
            args: the arguments; ``("serve", "--plugins", "diagnostics")`` adds the test methods.
            env: the whole environment of the process (as for :class:`subprocess.Popen`);
                ``None`` inherits this process's environment.
            cwd: the working directory of the process; ``None`` keeps the current one.
            on_notification: see :class:`Worker`.

        Raises:
            OSError: when the executable cannot be started (``FileNotFoundError`` if missing).
        """
        process = subprocess.Popen(
            [os.fspath(executable), *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            cwd=cwd,
        )
        assert process.stdout is not None and process.stdin is not None
        return cls(process.stdout, process.stdin, on_notification=on_notification, process=process)

    @classmethod
    def attach(
        cls, reader: ByteReader, writer: ByteWriter, *, on_notification: Optional[NotificationCallback] = None
    ) -> Worker:
        """Returns a client for a worker that is already running, given its stdout (``reader``) and stdin (``writer``).

        Both are binary streams (a pipe from :func:`os.pipe` opened with ``open(fd, "rb")``,
        a socket's ``makefile("rwb")``, a :class:`subprocess.Popen`'s pipes, ...).
        :meth:`shutdown` and :meth:`close` close ``writer``; the exit code is not known.
        """
        return cls(reader, writer, on_notification=on_notification)

    # ------------------------------------------------------------------ public API

    @property
    def process(self) -> Optional[subprocess.Popen[bytes]]:
        """The worker process when :meth:`spawn` started it, else ``None``."""
        return self._process

    @property
    def returncode(self) -> Optional[int]:
        """The exit code once the spawned process has ended (negative: killed by that signal), else ``None``."""
        return self._process.poll() if self._process is not None else None

    @property
    def pending_count(self) -> int:
        """How many requests are waiting for a reply."""
        with self._lock:
            return len(self._pending)

    @property
    def running(self) -> bool:
        """Whether the worker can still be called (its output is open and shutdown has not run)."""
        return self._exited is None and not self._writer_closed

    def stderr_tail(self) -> str:
        """The last kilobytes the spawned worker wrote to stderr (its log)."""
        return self._stderr.text()

    def start(
        self, method: str, params: Params = None, *, on_progress: Optional[ProgressCallback] = None
    ) -> PendingCall:
        """Sends a request and returns at once; wait with :meth:`PendingCall.result`.

        Args:
            method: the JSON-RPC method, e.g. ``"diagnostics/slow"``.
            params: a mapping (JSON object), a sequence (JSON array) or ``None``.
            on_progress: ``on_progress(progress, total, message)`` for each progress report;
                when given, ``_meta.progressToken`` is added to the params (which must then
                be a mapping or ``None``).

        Raises:
            WorkerExited: when the worker has already ended.
            TypeError, ValueError: when the params cannot be sent as JSON, or (once
                :meth:`initialize` has reported the limit) the message is longer than the
                worker's ``maxMessageBytes``: the worker could not say which request it refused.
        """
        request_id = next(self._ids)
        data = encode(request_message(request_id, method, params, on_progress is not None))
        check_size(data, self._max_message_bytes, method)
        call = PendingCall(self, request_id, method, on_progress)
        with self._lock:
            if self._exited is not None:
                raise self._exit_error()
            self._pending[request_id] = call
        try:
            self._write(data)
        except BaseException:
            with self._lock:
                self._pending.pop(request_id, None)
            raise
        return call

    def call(
        self,
        method: str,
        params: Params = None,
        *,
        timeout: Optional[float] = None,
        on_progress: Optional[ProgressCallback] = None,
    ) -> Any:
        """Sends a request and waits for its result.

        Args:
            method: the JSON-RPC method.
            params: a mapping (JSON object), a sequence (JSON array) or ``None``.
            timeout: seconds to wait; when they run out the request is cancelled in the
                worker and :class:`TimeoutError` is raised. ``None`` waits as long as it takes.
            on_progress: ``on_progress(progress, total, message)``, called in this thread
                for each progress report, in order, before this method returns.

        Returns:
            The ``result`` member of the reply, decoded from JSON.

        Raises:
            JsonRpcError: (or a subclass such as :class:`~csmigrate_client.InvalidParams`)
                when the worker answered with an error.
            WorkerExited: when the worker ended before answering.
            TimeoutError: when ``timeout`` ran out.
            TypeError, ValueError: as for :meth:`start`.
        """
        return self.start(method, params, on_progress=on_progress).result(timeout)

    def notify(self, method: str, params: Params = None) -> None:
        """Sends a notification (no reply comes).

        Raises:
            WorkerExited: when the worker has ended.
        """
        data = encode(notification_message(method, params))
        check_size(data, self._max_message_bytes, method)
        self._write(data)

    def cancel(self, request: Union[PendingCall, int]) -> None:
        """Sends ``notifications/cancelled`` for a request still waiting for its reply.

        The worker then answers it once with -32800, so its :meth:`PendingCall.result`
        raises :class:`~csmigrate_client.RequestCancelled`, unless it had already
        finished. A request that is no longer pending is left alone.
        """
        request_id = request.id if isinstance(request, PendingCall) else request
        with self._lock:
            if request_id not in self._pending or self._exited is not None:
                return
        try:
            self.notify("notifications/cancelled", {"requestId": request_id})
        except WorkerExited:
            pass  # the pending call gets WorkerExited from the reader

    def initialize(
        self,
        client_name: str = "csmigrate_client",
        client_version: Optional[str] = None,
        *,
        protocol_version: Optional[str] = None,
        timeout: Optional[float] = 30.0,
    ) -> InitializeResult:
        """Runs the optional ``initialize`` handshake and returns (and keeps in :attr:`server`) its result.

        From then on, messages longer than the worker's ``limits.maxMessageBytes`` are
        refused locally with :class:`ValueError`.

        Args:
            client_name: reported to the worker as ``clientInfo.name`` (it appears in its log).
            client_version: ``clientInfo.version``; defaults to this library's version.
            protocol_version: a protocol version to ask for; the worker answers with the one it uses.
            timeout: seconds to wait.
        """
        from . import __version__

        params: Dict[str, Any] = {
            "clientInfo": {"name": client_name, "version": client_version or __version__},
        }
        if protocol_version is not None:
            params["protocolVersion"] = protocol_version
        result: InitializeResult = self.call("initialize", params, timeout=timeout)
        self.server = result
        self._max_message_bytes = message_limit(result)
        return result

    def ping(self, *, timeout: Optional[float] = 30.0) -> None:
        """Checks that the worker answers (``ping`` returns ``{}``)."""
        self.call("ping", timeout=timeout)

    def discover(self, *, timeout: Optional[float] = 30.0) -> Dict[str, Any]:
        """Returns the worker's OpenRPC document (``rpc.discover``)."""
        result: Dict[str, Any] = self.call("rpc.discover", timeout=timeout)
        return result

    def shutdown(self, timeout: Optional[float] = 30.0) -> Optional[int]:
        """Shuts the worker down cleanly: ``shutdown``, then ``exit``, then waits for the process to end.

        Requests still running when ``exit`` arrives are answered as cancelled.

        Returns:
            The process exit code (0 for a clean shutdown), or ``None`` for an attached worker.

        Raises:
            WorkerExited: when the worker had already ended before the shutdown.
            TimeoutError: when the worker did not answer or end within ``timeout`` seconds.
        """
        if self._shutdown_done:
            return self.returncode
        deadline = None if timeout is None else time.monotonic() + timeout
        self.call("shutdown", timeout=timeout)
        self.notify("exit")
        self._shutdown_done = True
        self._close_writer()
        return self.wait(None if deadline is None else max(0.0, deadline - time.monotonic()))

    def wait(self, timeout: Optional[float] = None) -> Optional[int]:
        """Waits until the worker has ended and its output is read, and returns its exit code.

        Raises:
            TimeoutError: when it is still running after ``timeout`` seconds.
        """
        deadline = None if timeout is None else time.monotonic() + timeout
        if self._process is not None:
            try:
                self._process.wait(timeout)
            except subprocess.TimeoutExpired:
                raise TimeoutError(f"the worker did not exit within {timeout} s") from None
        remaining = None if deadline is None else max(0.0, deadline - time.monotonic())
        if not self._reader_done.wait(remaining):
            raise TimeoutError(f"the worker's output did not end within {timeout} s")
        return self.returncode

    def kill(self) -> None:
        """Kills a spawned worker at once (SIGKILL); pending calls raise :class:`~csmigrate_client.WorkerExited`."""
        if self._process is not None and self._process.poll() is None:
            self._process.kill()

    def close(self, timeout: float = 10.0) -> Optional[int]:
        """Ends the worker and frees its pipes and threads; safe to call more than once.

        Tries :meth:`shutdown` first and kills a spawned worker that does not end in time.

        Returns:
            The exit code of a spawned worker, else ``None``.
        """
        if self._closed:
            return self.returncode
        self._closed = True
        try:
            if self.running:
                self.shutdown(timeout)
        except (ClientError, TimeoutError, OSError) as error:
            logger.debug("clean shutdown failed (%s); killing the worker", error)
            self.kill()
        finally:
            self._close_writer()
            if self._process is not None:
                try:
                    self._process.wait(timeout)
                except subprocess.TimeoutExpired:
                    self._process.kill()
                    self._process.wait()
            self._reader_thread.join(timeout)
            if self._stderr_thread is not None:
                self._stderr_thread.join(timeout)
            if self._process is not None:
                for stream in (self._process.stdout, self._process.stderr):
                    if stream is not None:
                        stream.close()
        return self.returncode

    def __enter__(self) -> Worker:
        return self

    def __exit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        pid = f" pid={self._process.pid}" if self._process is not None else ""
        state = "running" if self.running else "ended"
        return f"<Worker{pid} {state} pending={self.pending_count}>"

    # ------------------------------------------------------------------ internals

    def _exit_error(self) -> WorkerExited:
        """A fresh exception describing how the worker ended (one per raise, for clean tracebacks)."""
        exited = self._exited
        if exited is None:
            return WorkerExited(self.returncode, self._stderr.text())
        return WorkerExited(exited.returncode, exited.stderr_tail)

    def _write(self, data: bytes) -> None:
        with self._write_lock:
            if self._exited is None and not self._writer_closed:
                try:
                    self._writer.write(data)
                    self._writer.flush()
                    return
                except (OSError, ValueError) as error:  # broken pipe, or the stream was closed
                    logger.debug("writing to the worker failed: %s", error)
        # The worker is gone (or its input is closed): let the reader finish, then report how it ended.
        if self._exited is None and not self._writer_closed:
            self._reader_done.wait(_EXIT_WAIT_SECONDS + 1.0)
        raise self._exit_error()

    def _close_writer(self) -> None:
        with self._write_lock:
            if self._writer_closed:
                return
            self._writer_closed = True
            try:
                self._writer.close()
            except (OSError, ValueError) as error:
                logger.debug("closing the worker's input failed: %s", error)

    def _abandon(self, call: PendingCall) -> None:
        """Forgets a call nobody will wait for, and cancels it in the worker."""
        with self._lock:
            pending = self._pending.pop(call.id, None)
        if pending is not None and self._exited is None:
            try:
                self.notify("notifications/cancelled", {"requestId": call.id})
            except WorkerExited:
                pass

    def _drain_stderr(self, stream: IO[bytes]) -> None:
        try:
            fd = stream.fileno()
            while True:
                chunk = os.read(fd, 65536)
                if not chunk:
                    break
                self._stderr.add(chunk)
        except (OSError, ValueError):
            pass

    def _read_loop(self) -> None:
        try:
            while True:
                line = self._reader.readline()
                if not line:
                    break
                for incoming in decode_line(line):
                    self._dispatch(incoming)
        except (OSError, ValueError) as error:
            logger.debug("reading from the worker stopped: %s", error)
        except BaseException:  # pragma: no cover - a bug here must not leave callers hanging
            logger.exception("the reader thread failed")
        finally:
            self._finish()

    def _dispatch(self, incoming: Incoming) -> None:
        if incoming.kind == "reply":
            request_id = own_id(incoming.request_id)
            with self._lock:
                call = self._pending.pop(request_id, None) if request_id is not None else None
            if call is None or incoming.outcome is None:
                orphan_error(incoming)
                return
            call._deliver(incoming.outcome)
        elif incoming.kind == "progress":
            request_id = own_id(incoming.progress_token)
            with self._lock:
                call = self._pending.get(request_id) if request_id is not None else None
            if call is not None and incoming.progress is not None:
                call._deliver(incoming.progress)
        elif incoming.kind == "notification":
            if self._on_notification is not None:
                try:
                    self._on_notification(incoming.method, incoming.params)
                except Exception:
                    logger.exception("on_notification failed for %s", incoming.method)
        elif incoming.kind == "request":
            logger.warning("ignored a request from the worker: %s", incoming.method)

    def _finish(self) -> None:
        """Runs when the worker's output ends: fails every pending call with :class:`WorkerExited`."""
        returncode: Optional[int] = None
        if self._process is not None:
            try:
                returncode = self._process.wait(_EXIT_WAIT_SECONDS)
            except subprocess.TimeoutExpired:
                returncode = None  # it closed stdout but keeps running
        if self._stderr_thread is not None:
            self._stderr_thread.join(1.0)
        tail = self._stderr.text()
        with self._lock:
            self._exited = WorkerExited(returncode, tail)
            calls = list(self._pending.values())
            self._pending.clear()
        for call in calls:
            call._deliver(Outcome(error=WorkerExited(returncode, tail)))
        self._reader_done.set()
