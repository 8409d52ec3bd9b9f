"""A client for the csmigrate worker (``csmigrate serve``): JSON-RPC 2.0 over the worker's stdin and stdout.

Blocking::

    from csmigrate_client import Worker

    with Worker.spawn("csmigrate") as worker:
        worker.initialize(client_name="my-orchestrator")
        result = worker.call("diagnostics/slow", {"steps": 3}, on_progress=print, timeout=30)

asyncio::

    from csmigrate_client import AsyncWorker

    async with AsyncWorker.spawn("csmigrate") as worker:
        result = await worker.call("ping")

Errors from the worker raise :class:`JsonRpcError` or one of its subclasses
(:class:`MethodNotFound`, :class:`InvalidParams`, :class:`RequestCancelled`,
:class:`InternalError`, :class:`ApplicationError`, ...); a worker that dies raises
:class:`WorkerExited` in every pending call; a timeout raises :class:`TimeoutError`.
"""

from ._async import AsyncByteWriter, AsyncLineReader, AsyncProgressCallback, AsyncWorker
from ._errors import (
    ApplicationError,
    ClientError,
    Conflict,
    InternalError,
    InvalidInput,
    InvalidParams,
    InvalidRequest,
    JsonRpcError,
    LedgerCorrupt,
    LedgerEmpty,
    LedgerFull,
    LedgerMissing,
    LedgerReadOnly,
    MethodNotFound,
    NotFound,
    OperationNotAllowed,
    ParseError,
    PathOutsideRoot,
    PluginFailed,
    ReplyTooLarge,
    RequestCancelled,
    ResourceNotFound,
    ValidationFailed,
    WorkerExited,
    error_from_wire,
)
from ._protocol import InitializeResult, Params, PluginInfo, ServerInfo
from ._sync import ByteReader, ByteWriter, NotificationCallback, PendingCall, ProgressCallback, Worker

__version__ = "0.1.0"

__all__ = [
    "ApplicationError",
    "AsyncByteWriter",
    "AsyncLineReader",
    "AsyncProgressCallback",
    "AsyncWorker",
    "ByteReader",
    "ByteWriter",
    "ClientError",
    "Conflict",
    "InitializeResult",
    "InternalError",
    "InvalidInput",
    "InvalidParams",
    "InvalidRequest",
    "JsonRpcError",
    "LedgerCorrupt",
    "LedgerEmpty",
    "LedgerFull",
    "LedgerMissing",
    "LedgerReadOnly",
    "MethodNotFound",
    "NotFound",
    "NotificationCallback",
    "OperationNotAllowed",
    "Params",
    "ParseError",
    "PathOutsideRoot",
    "PendingCall",
    "PluginFailed",
    "PluginInfo",
    "ProgressCallback",
    "ReplyTooLarge",
    "RequestCancelled",
    "ResourceNotFound",
    "ServerInfo",
    "ValidationFailed",
    "Worker",
    "WorkerExited",
    "__version__",
    "error_from_wire",
]
