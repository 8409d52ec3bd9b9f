"""The asyncio client against the real worker (`csmigrate serve --plugins diagnostics`)."""

from __future__ import annotations

import asyncio
import os
import signal
from typing import Any, Dict, List, Optional, Tuple

from _support import (
    BIN,
    SERVE_ARGS,
    WorkerTestCase,
    errors_of,
    spawn_async_recorded,
)

from csmigrate_client import (
    ApplicationError,
    AsyncWorker,
    InternalError,
    InvalidParams,
    JsonRpcError,
    MethodNotFound,
    PathOutsideRoot,
    RequestCancelled,
    WorkerExited,
)

SLOW_FOREVER = {"steps": 10_000, "stepMilliseconds": 50}


class AsyncBasicsTests(WorkerTestCase):
    def test_ping_initialize_echo_and_errors(self) -> None:
        async def scenario() -> None:
            async with AsyncWorker.spawn(BIN, SERVE_ARGS) as worker:
                self.assertEqual(await worker.call("ping"), {})
                await worker.ping()
                result = await worker.initialize(client_name="async-test")
                self.assertIs(worker.server, result)
                self.assertEqual(result["serverInfo"]["name"], "csmigrate")
                self.assertIn("diagnostics", [plugin["name"] for plugin in result["plugins"]])
                params = {"text": "ünïcode 🚀 \n", "list": [1, 2.5, None, True], "big": 2**62}
                self.assertEqual(await worker.call("diagnostics/echo", params), params)
                with self.assertRaises(ValueError):  # over limits.maxMessageBytes (16 MiB)
                    await worker.call("diagnostics/echo", {"blob": "x" * (16 * 1024 * 1024 + 1)})
                document = await worker.discover()
                self.assertIn("diagnostics/slow", [method["name"] for method in document["methods"]])

                cases: List[Tuple[str, Any, type, int]] = [
                    ("no/such", None, MethodNotFound, -32601),
                    ("diagnostics/slow", {"stepMilliseconds": "x"}, InvalidParams, -32602),
                    ("diagnostics/fail", {"untyped": True}, InternalError, -32603),
                    ("diagnostics/fail", {"code": 1001, "message": "outside root"}, PathOutsideRoot, 1001),
                    ("diagnostics/fail", {"code": 1500, "message": "other"}, ApplicationError, 1500),
                    ("diagnostics/fail", {"code": 17}, JsonRpcError, 17),
                ]
                for method, params_, cls, code in cases:
                    with self.assertRaises(JsonRpcError) as caught:
                        await worker.call(method, params_)
                    self.assertIs(type(caught.exception), cls)
                    self.assertEqual(caught.exception.code, code)
                with self.assertRaises(InvalidParams) as invalid:
                    await worker.call("diagnostics/slow", {"stepMilliseconds": "x"})
                self.assertEqual(invalid.exception.field, "stepMilliseconds")
                self.assertEqual(worker.pending_count, 0)
                process = worker.process
            assert process is not None
            self.assertEqual(process.returncode, 0, "async with ends the worker cleanly")

        self.run_async(scenario())

    def test_progress_callbacks_plain_and_async_in_order(self) -> None:
        async def scenario() -> None:
            worker = await AsyncWorker.spawn(BIN, SERVE_ARGS)
            try:
                seen: List[Tuple[float, Optional[float], Optional[str]]] = []
                result = await worker.call(
                    "diagnostics/slow",
                    {"steps": 3, "stepMilliseconds": 5},
                    on_progress=lambda p, t, m: seen.append((p, t, m)),
                )
                self.assertEqual(result, {"completedSteps": 3})
                self.assertEqual(
                    seen, [(1.0, 3.0, "step 1 of 3"), (2.0, 3.0, "step 2 of 3"), (3.0, 3.0, "step 3 of 3")]
                )

                awaited: List[float] = []

                async def slow_callback(progress: float, total: Optional[float], message: Optional[str]) -> None:
                    await asyncio.sleep(0)  # yields to the loop: the callback is awaited, not just called
                    awaited.append(progress)

                result = await worker.call(
                    "diagnostics/slow", {"steps": 5, "stepMilliseconds": 1}, on_progress=slow_callback
                )
                self.assertEqual(result, {"completedSteps": 5})
                self.assertEqual(awaited, [1.0, 2.0, 3.0, 4.0, 5.0])
                self.assertEqual(await worker.shutdown(), 0)
            finally:
                await worker.aclose()

        self.run_async(scenario())


class AsyncCancellationTests(WorkerTestCase):
    def test_task_cancellation_sends_cancel_and_gets_exactly_one_cancelled_reply(self) -> None:
        async def scenario() -> None:
            worker, process, log = await spawn_async_recorded()
            try:
                first_progress = asyncio.Event()
                task = asyncio.ensure_future(
                    worker.call("diagnostics/slow", SLOW_FOREVER, on_progress=lambda p, t, m: first_progress.set())
                )
                await asyncio.wait_for(first_progress.wait(), 10)
                self.assertEqual(worker.pending_count, 1)
                request_id = log.sent("diagnostics/slow")[0]["id"]
                task.cancel()
                with self.assertRaises(asyncio.CancelledError):
                    await task
                self.assertEqual(worker.pending_count, 0)
                self.assertEqual(
                    log.sent("notifications/cancelled"),
                    [{"jsonrpc": "2.0", "method": "notifications/cancelled", "params": {"requestId": request_id}}],
                )
                await log.wait_for_async(lambda log: len(log.replies_for(request_id)) >= 1)
                self.assertEqual(await worker.call("ping"), {})
                self.assertEqual(worker.pending_count, 0)
                self.assertIsNone(await worker.shutdown())
                self.assertEqual(await asyncio.wait_for(process.wait(), 10), 0)
                # The worker has ended, so its output is complete: a late result would be in the log now.
                self.assertEqual(errors_of(log.replies_for(request_id)), [-32800])
            finally:
                await worker.aclose()
                if process.returncode is None:
                    process.kill()
                    await process.wait()

        self.run_async(scenario())

    def test_cancellation_by_wait_for_and_timeout(self) -> None:
        async def scenario() -> None:
            worker, process, log = await spawn_async_recorded()
            try:
                with self.assertRaises(asyncio.TimeoutError):
                    await asyncio.wait_for(worker.call("diagnostics/slow", SLOW_FOREVER), 0.2)
                loop = asyncio.get_running_loop()
                started = loop.time()
                with self.assertRaises(TimeoutError):
                    await worker.call("diagnostics/slow", SLOW_FOREVER, timeout=0.3)
                self.assertLess(loop.time() - started, 3.0)
                self.assertGreaterEqual(loop.time() - started, 0.29)
                self.assertEqual(worker.pending_count, 0)
                ids = [message["id"] for message in log.sent("diagnostics/slow")]
                self.assertEqual(len(ids), 2)
                self.assertEqual([m["params"]["requestId"] for m in log.sent("notifications/cancelled")], ids)
                await log.wait_for_async(lambda log: all(log.replies_for(i) for i in ids))
                self.assertEqual(await worker.call("ping"), {})
                for request_id in ids:
                    self.assertEqual(errors_of(log.replies_for(request_id)), [-32800])
                # A call that finishes in time is not cancelled.
                self.assertEqual(
                    await worker.call("diagnostics/slow", {"steps": 1, "stepMilliseconds": 1}, timeout=10),
                    {"completedSteps": 1},
                )
                self.assertEqual(len(log.sent("notifications/cancelled")), 2)
            finally:
                await worker.aclose()
                if process.returncode is None:
                    process.kill()
                    await process.wait()

        self.run_async(scenario())


class AsyncConcurrencyTests(WorkerTestCase):
    def test_many_tasks_with_out_of_order_replies(self) -> None:
        async def scenario() -> None:
            worker, process, log = await spawn_async_recorded()
            finished: List[str] = []
            try:

                async def slow(index: int) -> Dict[str, Any]:
                    result: Dict[str, Any] = await worker.call(
                        "diagnostics/slow", {"steps": 3, "stepMilliseconds": 200 + index}
                    )
                    finished.append(f"slow{index}")
                    return result

                async def echo(index: int) -> Any:
                    payload = {"task": index, "data": [index] * (index % 7)}
                    result = await worker.call("diagnostics/echo", payload)
                    self.assertEqual(result, payload)
                    finished.append(f"echo{index}")
                    return result

                async def ping(index: int) -> Any:
                    result = await worker.call("ping")
                    finished.append(f"ping{index}")
                    return result

                slow_tasks = [asyncio.ensure_future(slow(index)) for index in range(20)]
                other_tasks = [asyncio.ensure_future(echo(index)) for index in range(200)]
                other_tasks += [asyncio.ensure_future(ping(index)) for index in range(50)]
                results = await asyncio.gather(*slow_tasks, *other_tasks)
                self.assertEqual(results[:20], [{"completedSteps": 3}] * 20)
                self.assertEqual(results[220:], [{}] * 50)
                self.assertEqual(len(finished), 270)
                # Every fast call was sent after the slow ones and finished before any of them.
                first_slow = min(index for index, name in enumerate(finished) if name.startswith("slow"))
                self.assertEqual(first_slow, 250, finished[:5])
                slow_ids = {message["id"] for message in log.sent("diagnostics/slow")}
                reply_ids = [m["id"] for m in log.snapshot_in() if "id" in m]
                self.assertNotEqual(reply_ids, sorted(reply_ids), "replies came in request order")
                self.assertEqual(set(reply_ids[-20:]), slow_ids)
                self.assertEqual(len(reply_ids), len(set(reply_ids)), "an id was answered twice")
                self.assertEqual(worker.pending_count, 0)
            finally:
                await worker.aclose()
                if process.returncode is None:
                    process.kill()
                    await process.wait()

        self.run_async(scenario())


class AsyncWorkerDeathTests(WorkerTestCase):
    def test_killed_worker_fails_every_pending_task_promptly(self) -> None:
        async def scenario() -> None:
            worker = await AsyncWorker.spawn(BIN, SERVE_ARGS)
            try:
                progressed = asyncio.Event()
                tasks = [
                    asyncio.ensure_future(
                        worker.call("diagnostics/slow", SLOW_FOREVER, on_progress=lambda p, t, m: progressed.set())
                    )
                    for _ in range(5)
                ]
                await asyncio.wait_for(progressed.wait(), 10)
                self.assertEqual(worker.pending_count, 5)
                process = worker.process
                assert process is not None
                loop = asyncio.get_running_loop()
                killed_at = loop.time()
                os.kill(process.pid, signal.SIGKILL)
                outcomes = await asyncio.wait_for(asyncio.gather(*tasks, return_exceptions=True), 10)
                self.assertLess(loop.time() - killed_at, 5.0)
                self.assertEqual(len(outcomes), 5)
                for outcome in outcomes:
                    self.assertIsInstance(outcome, WorkerExited)
                    assert isinstance(outcome, WorkerExited)
                    self.assertEqual(outcome.returncode, -signal.SIGKILL)
                self.assertEqual(worker.pending_count, 0)
                self.assertFalse(worker.running)
                with self.assertRaises(WorkerExited):
                    await asyncio.wait_for(worker.call("ping"), 2)
                with self.assertRaises(WorkerExited):
                    await asyncio.wait_for(worker.notify("notifications/initialized"), 2)
            finally:
                self.assertEqual(await worker.aclose(), -signal.SIGKILL)

        self.run_async(scenario())

    def test_clean_shutdown_returns_zero_and_cancels_running_requests(self) -> None:
        async def scenario() -> None:
            worker = await AsyncWorker.spawn(BIN, SERVE_ARGS)
            progressed = asyncio.Event()
            running = asyncio.ensure_future(
                worker.call("diagnostics/slow", SLOW_FOREVER, on_progress=lambda p, t, m: progressed.set())
            )
            await asyncio.wait_for(progressed.wait(), 60)
            self.assertEqual(worker.pending_count, 1)
            self.assertEqual(await worker.shutdown(timeout=10), 0)
            with self.assertRaises(RequestCancelled):
                await asyncio.wait_for(running, 5)
            self.assertEqual(worker.returncode, 0)
            self.assertEqual(await worker.shutdown(), 0)
            with self.assertRaises(WorkerExited):
                await worker.call("ping")
            self.assertEqual(await worker.aclose(), 0)

        self.run_async(scenario())
