"""Wire helpers shared by the blocking and the asyncio client: encoding, decoding, routing."""

from __future__ import annotations

import collections
import json
import logging
import threading
from typing import Any, Deque, Dict, List, Mapping, Optional, Sequence, TypedDict, Union

from ._compact import expand_result
from ._errors import JsonRpcError, error_from_wire

logger = logging.getLogger("csmigrate_client")

#: Params a request may carry: a JSON object or a JSON array (or nothing).
Params = Optional[Union[Mapping[str, Any], Sequence[Any]]]

#: Bytes of stderr kept for :class:`~csmigrate_client.WorkerExited`.
STDERR_TAIL_BYTES = 16 * 1024


class ServerInfo(TypedDict):
    """``serverInfo`` in the ``initialize`` result."""

    name: str
    version: str


class PluginInfo(TypedDict):
    """One entry of ``plugins`` in the ``initialize`` result."""

    name: str
    version: str
    summary: str
    methods: List[str]


class InitializeResult(TypedDict, total=False):
    """The ``initialize`` result: protocol version, server, capabilities, plugins and limits."""

    protocolVersion: str
    serverInfo: ServerInfo
    capabilities: Dict[str, Any]
    plugins: List[PluginInfo]
    limits: Dict[str, int]


class Progress:
    """One progress notification, queued for the caller that owns the request."""

    __slots__ = ("progress", "total", "message")

    def __init__(self, progress: float, total: Optional[float], message: Optional[str]) -> None:
        self.progress = progress
        self.total = total
        self.message = message


class Outcome:
    """The end of a request: a result, or an exception to raise."""

    __slots__ = ("result", "error")

    def __init__(self, result: Any = None, error: Optional[BaseException] = None) -> None:
        self.result = result
        self.error = error

    def unwrap(self) -> Any:
        """Returns the result or raises the error."""
        if self.error is not None:
            raise self.error
        return self.result


def encode(message: Mapping[str, Any]) -> bytes:
    """Encodes one message as a compact UTF-8 JSON line ending in ``\\n``.

    Raises:
        ValueError: for NaN or infinite floats, which JSON cannot carry.
        TypeError: for values JSON cannot represent.
    """
    text = json.dumps(message, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.encode("utf-8") + b"\n"


def check_size(data: bytes, limit: Optional[int], method: str) -> None:
    """Refuses a line longer than the worker's ``maxMessageBytes``.

    The worker answers an over-long line with an error whose id is ``null`` (it cannot
    read the id), which no caller could be matched to, so such a call would wait forever.

    Raises:
        ValueError: when ``data`` (without its newline) exceeds ``limit``.
    """
    if limit is not None and len(data) - 1 > limit:
        raise ValueError(
            f"{method}: the message is {len(data) - 1} bytes, more than the worker's maxMessageBytes ({limit})"
        )


def message_limit(result: object) -> Optional[int]:
    """``limits.maxMessageBytes`` from an ``initialize`` result, if present."""
    if isinstance(result, dict):
        limits = result.get("limits")
        if isinstance(limits, dict):
            value = limits.get("maxMessageBytes")
            if isinstance(value, int) and not isinstance(value, bool) and value > 0:
                return value
    return None


def request_message(request_id: int, method: str, params: Params, progress: bool) -> Dict[str, Any]:
    """Builds a request, adding ``_meta.progressToken`` (the request id) when progress is wanted."""
    if not isinstance(method, str):
        raise TypeError(f"method must be a string, not {type(method).__name__}")
    message: Dict[str, Any] = {"jsonrpc": "2.0", "id": request_id, "method": method}
    body = normalize_params(params)
    if progress:
        if body is None:
            body = {}
        if not isinstance(body, dict):
            raise TypeError("on_progress needs params to be a JSON object (or None), not an array")
        meta = body.get("_meta")
        merged: Dict[str, Any] = dict(meta) if isinstance(meta, Mapping) else {}
        merged["progressToken"] = request_id
        body = dict(body)
        body["_meta"] = merged
    if body is not None:
        message["params"] = body
    return message


def notification_message(method: str, params: Params) -> Dict[str, Any]:
    """Builds a notification (a message without an id)."""
    if not isinstance(method, str):
        raise TypeError(f"method must be a string, not {type(method).__name__}")
    message: Dict[str, Any] = {"jsonrpc": "2.0", "method": method}
    body = normalize_params(params)
    if body is not None:
        message["params"] = body
    return message


def normalize_params(params: Params) -> Union[Dict[str, Any], List[Any], None]:
    """Checks that params are an object or an array and copies them into a dict or list."""
    if params is None:
        return None
    if isinstance(params, Mapping):
        return dict(params)
    if isinstance(params, (str, bytes, bytearray)):
        raise TypeError("params must be a mapping (JSON object) or a sequence (JSON array), not a string")
    if isinstance(params, Sequence):
        return list(params)
    raise TypeError(f"params must be a mapping or a sequence, not {type(params).__name__}")


class Incoming:
    """What one decoded message from the worker means for the client."""

    __slots__ = ("kind", "request_id", "outcome", "progress_token", "progress", "method", "params")

    def __init__(self, kind: str) -> None:
        #: "reply", "progress", "notification", "request" or "junk".
        self.kind = kind
        self.request_id: Any = None
        self.outcome: Optional[Outcome] = None
        self.progress_token: Any = None
        self.progress: Optional[Progress] = None
        self.method: str = ""
        self.params: Any = None


def decode_line(line: bytes) -> List[Incoming]:
    """Decodes one line from the worker into zero or more classified messages (a batch reply gives several)."""
    stripped = line.strip()
    if not stripped:
        return []
    try:
        value = json.loads(stripped)
    except (ValueError, UnicodeDecodeError):
        logger.warning("ignored a line from the worker that is not JSON: %r", stripped[:200])
        return []
    items = value if isinstance(value, list) else [value]
    return [classify(item) for item in items]


def _number(value: object) -> Optional[float]:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def classify(value: object) -> Incoming:
    """Classifies one JSON value from the worker."""
    if not isinstance(value, dict):
        logger.warning("ignored a message from the worker that is not an object: %r", value)
        return Incoming("junk")
    if "method" in value:
        method = value.get("method")
        params = value.get("params")
        if "id" in value:
            incoming = Incoming("request")
            incoming.request_id = value.get("id")
            incoming.method = method if isinstance(method, str) else ""
            incoming.params = params
            return incoming
        if method == "notifications/progress" and isinstance(params, dict):
            progress = _number(params.get("progress"))
            if progress is not None:
                incoming = Incoming("progress")
                incoming.progress_token = params.get("progressToken")
                message = params.get("message")
                incoming.progress = Progress(
                    progress, _number(params.get("total")), message if isinstance(message, str) else None
                )
                return incoming
        incoming = Incoming("notification")
        incoming.method = method if isinstance(method, str) else ""
        incoming.params = params
        return incoming
    if "id" in value and ("result" in value or "error" in value):
        incoming = Incoming("reply")
        incoming.request_id = value.get("id")
        if "error" in value:
            incoming.outcome = Outcome(error=error_from_wire(value.get("error")))
        else:
            incoming.outcome = Outcome(result=expand_result(value.get("result")))
        return incoming
    logger.warning("ignored a message from the worker that is neither a reply nor a notification: %r", value)
    return Incoming("junk")


def own_id(value: object) -> Optional[int]:
    """The request id if it is one this client could have generated (a plain int), else ``None``."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return None


def orphan_error(incoming: Incoming) -> None:
    """Logs a reply that matches no pending request (a late reply after a timeout, or an id of ``null``)."""
    outcome = incoming.outcome
    if incoming.request_id is None and outcome is not None and isinstance(outcome.error, JsonRpcError):
        logger.warning("the worker reported an error for no request: %r", outcome.error)
    else:
        logger.debug("dropped a reply for id %r, which is no longer pending", incoming.request_id)


def method_not_found_reply(request_id: Any, method: str) -> Dict[str, Any]:
    """The reply to a request the worker sends to the client (the client serves no methods)."""
    return {
        "jsonrpc": "2.0",
        "id": request_id,
        "error": {"code": -32601, "message": "Method not found", "data": {"method": method}},
    }


class StderrTail:
    """Keeps the last :data:`STDERR_TAIL_BYTES` bytes the worker wrote to stderr (thread safe)."""

    def __init__(self, limit: int = STDERR_TAIL_BYTES) -> None:
        self._chunks: Deque[bytes] = collections.deque()
        self._size = 0
        self._limit = limit
        self._lock = threading.Lock()

    def add(self, chunk: bytes) -> None:
        """Appends bytes, dropping the oldest beyond the limit."""
        if not chunk:
            return
        with self._lock:
            self._chunks.append(chunk)
            self._size += len(chunk)
            while self._size > self._limit and len(self._chunks) > 1:
                self._size -= len(self._chunks.popleft())

    def text(self) -> str:
        """The kept bytes, decoded as UTF-8 (invalid bytes replaced)."""
        with self._lock:
            data = b"".join(self._chunks)
        return data[-self._limit :].decode("utf-8", errors="replace")
