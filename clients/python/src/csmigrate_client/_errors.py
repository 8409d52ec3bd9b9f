"""Exceptions raised by the client.

Every error the worker sends becomes a :class:`JsonRpcError`, or the subclass
that matches its code, carrying the ``code``, ``message`` and ``data`` exactly as
sent. :class:`WorkerExited` means the worker process is gone (or stopped
writing), so no reply will come. Timeouts raise the built-in :class:`TimeoutError`
and asyncio cancellation raises :class:`asyncio.CancelledError`, as usual.
"""

from __future__ import annotations

from typing import Any, Dict, Mapping, Optional, Type

__all__ = [
    "ApplicationError",
    "ClientError",
    "Conflict",
    "InternalError",
    "InvalidInput",
    "InvalidParams",
    "InvalidRequest",
    "JsonRpcError",
    "MethodNotFound",
    "NotFound",
    "OperationNotAllowed",
    "ParseError",
    "PathOutsideRoot",
    "RequestCancelled",
    "ResourceNotFound",
    "ValidationFailed",
    "WorkerExited",
    "error_from_wire",
]


class ClientError(Exception):
    """Base class of every exception defined by ``csmigrate_client``."""


class JsonRpcError(ClientError):
    """An error reply from the worker.

    Attributes:
        code: the JSON-RPC error code (negative for protocol errors, 1000 and up for
            csmigrate's application errors).
        message: the worker's one-sentence description.
        data: the structured detail the worker attached, or ``None``.
    """

    #: The code this class stands for; ``None`` on classes that cover a range or any code.
    CODE: Optional[int] = None

    def __init__(self, code: int, message: str, data: Any = None) -> None:
        super().__init__(code, message, data)
        self.code = code
        self.message = message
        self.data = data

    @property
    def field(self) -> Optional[str]:
        """``data["field"]`` when the worker named the offending field (a JSON path), else ``None``."""
        if isinstance(self.data, Mapping):
            value = self.data.get("field")
            if isinstance(value, str):
                return value
        return None

    @property
    def reason(self) -> Optional[str]:
        """``data["reason"]`` when the worker gave one, else ``None``."""
        if isinstance(self.data, Mapping):
            value = self.data.get("reason")
            if isinstance(value, str):
                return value
        return None

    def __str__(self) -> str:
        text = f"{self.message} (code {self.code})"
        if self.data is not None:
            text += f": {self.data!r}"
        return text

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r}, message={self.message!r}, data={self.data!r})"


class ParseError(JsonRpcError):
    """-32700: the worker could not parse a line as JSON."""

    CODE = -32700


class InvalidRequest(JsonRpcError):
    """-32600: not a valid request, a duplicate in-flight id, or any request after ``shutdown``."""

    CODE = -32600


class MethodNotFound(JsonRpcError):
    """-32601: no enabled plugin provides the method (``data["method"]`` names it)."""

    CODE = -32601


class InvalidParams(JsonRpcError):
    """-32602: the params do not fit the method; :attr:`field` names the offending member."""

    CODE = -32602


class InternalError(JsonRpcError):
    """-32603: the worker failed internally; details are in its log (stderr)."""

    CODE = -32603


class ResourceNotFound(JsonRpcError):
    """-32002: ``resources/read`` named a URI that is no resource (MCP's code; ``data["uri"]``)."""

    CODE = -32002


class RequestCancelled(JsonRpcError):
    """-32800: the request was cancelled before it finished."""

    CODE = -32800


class ApplicationError(JsonRpcError):
    """A csmigrate application error: any code of 1000 or more; the codes protocol.md documents have subclasses."""


class InvalidInput(ApplicationError):
    """1000: a file or estate document could not be used; ``data`` names the field, file and line."""

    CODE = 1000


class PathOutsideRoot(ApplicationError):
    """1001: a path resolves outside the worker's ``--root``."""

    CODE = 1001


class NotFound(ApplicationError):
    """1002: an estate handle, service, deployment, resource or rule does not exist."""

    CODE = 1002


class ReplyTooLarge(ApplicationError):
    """1003: the result would be longer than the worker's ``--max-reply-bytes``; ask for less (``data["method"]``)."""

    CODE = 1003


class OperationNotAllowed(ApplicationError):
    """2000: the target's migration state does not allow the operation (``data["platformCode"]``)."""

    CODE = 2000


class Conflict(ApplicationError):
    """2001: another operation holds the target's ledger lock; retry later."""

    CODE = 2001


class ValidationFailed(ApplicationError):
    """2002: validation found blocking errors (``data["validationMessages"]``), so the operation did not run."""

    CODE = 2002


class LedgerCorrupt(ApplicationError):
    """3000: the ledger file is damaged or not a ledger (``data["file"]``)."""

    CODE = 3000


class LedgerReadOnly(ApplicationError):
    """3001: the state folder or ledger file cannot be written."""

    CODE = 3001


class LedgerFull(ApplicationError):
    """3002: the disk is full; nothing of the change was written."""

    CODE = 3002


class LedgerMissing(ApplicationError):
    """3003: the ledger existed and was deleted; it is not recreated empty."""

    CODE = 3003


class LedgerEmpty(ApplicationError):
    """3004: the ledger existed and is now empty; it is not read as empty."""

    CODE = 3004


class PluginFailed(ApplicationError):
    """4000: a process plugin could not answer (``data["plugin"]``, ``data["reason"]``); it is restarted."""

    CODE = 4000


#: Every code the worker sends (protocol.md section 3), with its class.
_BY_CODE: Dict[int, Type[JsonRpcError]] = {
    cls.CODE: cls
    for cls in (
        ParseError,
        InvalidRequest,
        MethodNotFound,
        InvalidParams,
        InternalError,
        RequestCancelled,
        ResourceNotFound,
        InvalidInput,
        PathOutsideRoot,
        NotFound,
        ReplyTooLarge,
        OperationNotAllowed,
        Conflict,
        ValidationFailed,
        LedgerCorrupt,
        LedgerReadOnly,
        LedgerFull,
        LedgerMissing,
        LedgerEmpty,
        PluginFailed,
    )
    if cls.CODE is not None
}


def error_from_wire(error: object) -> JsonRpcError:
    """Builds the exception for the ``error`` member of a reply.

    The class is chosen by code: every code protocol.md documents maps to its subclass, other
    codes of 1000 and more to :class:`ApplicationError`, anything else to :class:`JsonRpcError`.
    A malformed error object still gives a :class:`JsonRpcError` (code -32603) rather
    than failing.
    """
    if not isinstance(error, Mapping):
        return JsonRpcError(-32603, "malformed error object from the worker", error)
    raw_code = error.get("code")
    raw_message = error.get("message")
    data = error.get("data")
    if isinstance(raw_code, bool) or not isinstance(raw_code, (int, float)) or int(raw_code) != raw_code:
        return JsonRpcError(-32603, "malformed error object from the worker", dict(error))
    code = int(raw_code)
    message = raw_message if isinstance(raw_message, str) else ""
    cls = _BY_CODE.get(code)
    if cls is None:
        cls = ApplicationError if code >= 1000 else JsonRpcError
    return cls(code, message, data)


class WorkerExited(ClientError):
    """The worker process ended, or closed its stdout, so pending and later calls get no reply.

    Attributes:
        returncode: the process exit status (negative: killed by that signal), or ``None``
            when it is unknown (an attached worker, or a process still running after
            closing its stdout).
        stderr_tail: the last few kilobytes the worker wrote to stderr (empty for an
            attached worker).
    """

    def __init__(self, returncode: Optional[int], stderr_tail: str = "") -> None:
        super().__init__(returncode, stderr_tail)
        self.returncode = returncode
        self.stderr_tail = stderr_tail

    def __str__(self) -> str:
        if self.returncode is None:
            text = "the worker closed its output"
        elif self.returncode < 0:
            text = f"the worker was killed by signal {-self.returncode}"
        else:
            text = f"the worker exited with code {self.returncode}"
        tail = self.stderr_tail.strip()
        if tail:
            last = tail.splitlines()[-5:]
            text += "; last stderr lines:\n" + "\n".join(last)
        return text

    def __repr__(self) -> str:
        return f"WorkerExited(returncode={self.returncode!r}, stderr_tail={self.stderr_tail!r})"
