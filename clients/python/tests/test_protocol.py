"""Client-side pieces that need no worker: error mapping, message encoding, an attached stream that ends."""

from __future__ import annotations

import asyncio
import json
import pickle
import unittest
from typing import List

import _support  # noqa: F401 - puts the in-tree package on sys.path

from csmigrate_client import (
    ApplicationError,
    AsyncWorker,
    ClientError,
    InternalError,
    InvalidParams,
    InvalidRequest,
    Conflict,
    InvalidInput,
    JsonRpcError,
    MethodNotFound,
    NotFound,
    OperationNotAllowed,
    PathOutsideRoot,
    ResourceNotFound,
    ValidationFailed,
    ParseError,
    RequestCancelled,
    WorkerExited,
    error_from_wire,
)
from csmigrate_client._protocol import decode_line, encode, request_message


class ErrorFromWireTests(unittest.TestCase):
    def test_codes_map_to_classes(self) -> None:
        expected = {
            -32700: ParseError,
            -32600: InvalidRequest,
            -32601: MethodNotFound,
            -32602: InvalidParams,
            -32603: InternalError,
            -32800: RequestCancelled,
            -32002: ResourceNotFound,
            1000: InvalidInput,
            1001: PathOutsideRoot,
            1002: NotFound,
            2000: OperationNotAllowed,
            2001: Conflict,
            2002: ValidationFailed,
            1999: ApplicationError,
            -32004: JsonRpcError,
            999: JsonRpcError,
            -32000: JsonRpcError,
        }
        for code, cls in expected.items():
            error = error_from_wire({"code": code, "message": "m", "data": {"field": "a.b"}})
            self.assertIs(type(error), cls, code)
            self.assertIsInstance(error, JsonRpcError)
            self.assertIsInstance(error, ClientError)
            self.assertEqual((error.code, error.message, error.data, error.field), (code, "m", {"field": "a.b"}, "a.b"))

    def test_malformed_error_objects_still_give_an_error(self) -> None:
        for raw in (None, "text", {"message": "no code"}, {"code": "1", "message": "x"}, {"code": True}):
            error = error_from_wire(raw)
            self.assertIs(type(error), JsonRpcError)
            self.assertEqual(error.code, -32603)

    def test_errors_pickle_and_print(self) -> None:
        error = error_from_wire({"code": -32602, "message": "Invalid params", "data": {"field": "steps"}})
        copy = pickle.loads(pickle.dumps(error))
        self.assertIs(type(copy), InvalidParams)
        self.assertEqual((copy.code, copy.message, copy.data), (error.code, error.message, error.data))
        self.assertIn("-32602", str(error))
        exited = pickle.loads(pickle.dumps(WorkerExited(-9, "line1\nfatal: boom\n")))
        self.assertEqual((exited.returncode, exited.stderr_tail), (-9, "line1\nfatal: boom\n"))
        self.assertIn("signal 9", str(exited))
        self.assertIn("fatal: boom", str(exited))
        self.assertIn("exited with code 3", str(WorkerExited(3)))
        self.assertIn("closed its output", str(WorkerExited(None)))


class EncodingTests(unittest.TestCase):
    def test_one_compact_line_per_message(self) -> None:
        data = encode(request_message(7, "diagnostics/echo", {"text": "a\nb\u2028ü"}, progress=True))
        self.assertTrue(data.endswith(b"\n"))
        self.assertEqual(data.count(b"\n"), 1)
        self.assertEqual(
            json.loads(data),
            {
                "jsonrpc": "2.0",
                "id": 7,
                "method": "diagnostics/echo",
                "params": {"text": "a\nb\u2028ü", "_meta": {"progressToken": 7}},
            },
        )

    def test_batch_replies_and_junk_are_classified(self) -> None:
        kinds = [m.kind for m in decode_line(b'[{"jsonrpc":"2.0","id":1,"result":{}},{"jsonrpc":"2.0","id":2,"error":{"code":-32601,"message":"x"}}]\n')]
        self.assertEqual(kinds, ["reply", "reply"])
        self.assertEqual(decode_line(b"not json\n"), [])
        self.assertEqual([m.kind for m in decode_line(b'{"jsonrpc":"2.0","method":"log","params":{}}')], ["notification"])


class _CollectingWriter:
    def __init__(self) -> None:
        self.data: List[bytes] = []
        self.changed = asyncio.Event()

    def write(self, data: bytes) -> None:
        self.data.append(data)
        self.changed.set()

    async def written(self, count: int) -> None:
        """Waits until ``count`` chunks were written (woken by each write, not by a timer)."""
        while len(self.data) < count:
            self.changed.clear()
            await self.changed.wait()

    async def drain(self) -> None:
        pass

    def close(self) -> None:
        pass


class AsyncAttachedEndTests(unittest.TestCase):
    def test_end_of_output_fails_pending_calls_with_worker_exited(self) -> None:
        async def scenario() -> None:
            reader = asyncio.StreamReader()
            writer = _CollectingWriter()
            worker = AsyncWorker.attach(reader, writer)
            call = asyncio.ensure_future(worker.call("diagnostics/slow", {"steps": 1}))
            await writer.written(1)
            self.assertEqual(json.loads(writer.data[0])["method"], "diagnostics/slow")
            # A reply for another id, then a notification, then the end of the stream.
            reader.feed_data(b'{"jsonrpc":"2.0","id":999,"result":{}}\n{"jsonrpc":"2.0","method":"x"}\n')
            reader.feed_eof()
            with self.assertRaises(WorkerExited) as caught:
                await asyncio.wait_for(call, 5)
            self.assertIsNone(caught.exception.returncode)
            self.assertEqual(worker.pending_count, 0)
            self.assertIsNone(await worker.aclose(1.0))

        asyncio.run(asyncio.wait_for(scenario(), 30))

    def test_replies_are_matched_by_id_in_any_order(self) -> None:
        async def scenario() -> None:
            reader = asyncio.StreamReader()
            writer = _CollectingWriter()
            notes: List[str] = []
            worker = AsyncWorker.attach(reader, writer, on_notification=lambda method, params: notes.append(method))
            first = asyncio.ensure_future(worker.call("a"))
            second = asyncio.ensure_future(worker.call("b"))
            await writer.written(2)
            ids = [json.loads(chunk)["id"] for chunk in writer.data]
            reader.feed_data(
                b'{"jsonrpc":"2.0","method":"notifications/message","params":{}}\n'
                + json.dumps([{"jsonrpc": "2.0", "id": ids[1], "result": "B"}]).encode()
                + b"\n"
                + json.dumps({"jsonrpc": "2.0", "id": ids[0], "result": "A"}).encode()
                + b"\n"
            )
            self.assertEqual(await asyncio.wait_for(asyncio.gather(first, second), 5), ["A", "B"])
            self.assertEqual(notes, ["notifications/message"])
            reader.feed_eof()
            await worker.aclose(1.0)

        asyncio.run(asyncio.wait_for(scenario(), 30))
