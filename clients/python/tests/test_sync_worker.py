"""The blocking client against the real worker (`csmigrate serve --plugins diagnostics`)."""

from __future__ import annotations

import os
import signal
import threading
import time
from typing import Any, Dict, List, Optional, Tuple, Type

from _support import BIN, SERVE_ARGS, WorkerTestCase, errors_of, started_calls

from csmigrate_client import (
    ApplicationError,
    InternalError,
    InvalidParams,
    JsonRpcError,
    MethodNotFound,
    PendingCall,
    RequestCancelled,
    Worker,
    WorkerExited,
)

SLOW_FOREVER = {"steps": 10_000, "stepMilliseconds": 50}  # 500 s unless cancelled


class BasicsTests(WorkerTestCase):
    def test_ping(self) -> None:
        worker = self.spawn()
        self.assertEqual(worker.call("ping"), {})
        worker.ping()
        self.assertEqual(worker.pending_count, 0)

    def test_initialize_reports_server_and_plugins_and_sends_client_info(self) -> None:
        worker = self.spawn("--log-level", "info")
        result = worker.initialize(client_name="unit-test-orchestrator", client_version="9.9")
        self.assertIs(worker.server, result)
        self.assertEqual(result["serverInfo"]["name"], "csmigrate")
        self.assertIsInstance(result["serverInfo"]["version"], str)
        self.assertIsInstance(result["protocolVersion"], str)
        self.assertTrue(result["capabilities"]["cancellation"])
        self.assertTrue(result["capabilities"]["progress"])
        plugins = {plugin["name"]: plugin for plugin in result["plugins"]}
        self.assertIn("diagnostics", plugins)
        self.assertIn("diagnostics/slow", plugins["diagnostics"]["methods"])
        self.assertGreater(result["limits"]["maxMessageBytes"], 0)
        # The worker logs the client's name at info level: proof that clientInfo arrived. Once it has exited,
        # its whole log is in.
        self.assertEqual(worker.close(10), 0)
        self.assertIn("unit-test-orchestrator", worker.stderr_tail())

    def test_initialize_with_a_known_protocol_version_echoes_it(self) -> None:
        worker = self.spawn()
        self.assertEqual(worker.initialize(protocol_version="2024-11-05")["protocolVersion"], "2024-11-05")

    def test_call_with_params_round_trips_through_echo(self) -> None:
        worker = self.spawn()
        params: Dict[str, Any] = {
            "text": "héllo \u2028 \"quoted\" \\ \n newline 🚀",
            "big": 9007199254740993,
            "negative": -42,
            "float": 0.1,
            "flags": [True, False, None],
            "nested": {"deep": [{"a": 1}, [], {}]},
        }
        self.assertEqual(worker.call("diagnostics/echo", params), params)
        self.assertEqual(worker.call("diagnostics/echo", [1, "two", {"three": 3}]), [1, "two", {"three": 3}])
        self.assertEqual(worker.call("diagnostics/echo"), {})

    def test_progress_token_is_added_to_params_keeping_other_meta(self) -> None:
        worker = self.spawn()
        seen: List[Tuple[float, Optional[float], Optional[str]]] = []
        call = worker.start(
            "diagnostics/echo",
            {"x": 1, "_meta": {"traceId": "abc"}},
            on_progress=lambda p, t, m: seen.append((p, t, m)),
        )
        result = call.result(10)
        self.assertEqual(result, {"x": 1, "_meta": {"traceId": "abc", "progressToken": call.id}})
        self.assertEqual(seen, [])

    def test_bad_params_are_refused_before_sending(self) -> None:
        worker = self.spawn()
        with self.assertRaises(TypeError):
            worker.call("diagnostics/echo", "not an object")
        with self.assertRaises(ValueError):
            worker.call("diagnostics/echo", {"x": float("nan")})
        with self.assertRaises(TypeError):
            worker.call("diagnostics/echo", [1], on_progress=lambda p, t, m: None)
        self.assertEqual(worker.pending_count, 0)
        self.assertEqual(worker.call("ping"), {})

    def test_messages_over_the_worker_limit_are_refused_locally_after_initialize(self) -> None:
        worker = self.spawn("--max-message-bytes", "1024")
        self.assertEqual(worker.initialize()["limits"]["maxMessageBytes"], 1024)
        with self.assertRaises(ValueError) as caught:
            worker.call("diagnostics/echo", {"blob": "x" * 2000}, timeout=5)
        self.assertIn("maxMessageBytes", str(caught.exception))
        with self.assertRaises(ValueError):
            worker.notify("diagnostics/echo", {"blob": "x" * 2000})
        self.assertEqual(worker.pending_count, 0)
        self.assertEqual(worker.call("diagnostics/echo", {"blob": "x" * 900}, timeout=5), {"blob": "x" * 900})

    def test_spawning_a_missing_executable_raises_file_not_found(self) -> None:
        with self.assertRaises(FileNotFoundError):
            Worker.spawn(str(BIN) + "-does-not-exist", SERVE_ARGS)


class ErrorMappingTests(WorkerTestCase):
    def assert_error(
        self, worker: Worker, method: str, params: Any, cls: Type[JsonRpcError], code: int
    ) -> JsonRpcError:
        with self.assertRaises(JsonRpcError) as caught:
            worker.call(method, params, timeout=10)
        error = caught.exception
        self.assertIs(type(error), cls, f"{method} {params}: {error!r}")
        self.assertEqual(error.code, code)
        return error

    def test_each_error_code_maps_to_its_class(self) -> None:
        worker = self.spawn()
        error = self.assert_error(worker, "no/such/method", None, MethodNotFound, -32601)
        self.assertEqual(error.message, "Method not found")
        self.assertEqual(error.data, {"method": "no/such/method"})

        error = self.assert_error(worker, "diagnostics/slow", {"steps": "many"}, InvalidParams, -32602)
        self.assertEqual(error.field, "steps")
        self.assertEqual(error.data["field"], "steps")
        self.assertEqual(error.reason, "expected an integer")

        error = self.assert_error(worker, "diagnostics/slow", {"steps": 0}, InvalidParams, -32602)
        self.assertEqual(error.field, "steps")

        error = self.assert_error(worker, "diagnostics/fail", {"untyped": True}, InternalError, -32603)
        self.assertIsNone(error.field)

        error = self.assert_error(
            worker, "diagnostics/fail", {"code": 1998, "message": "validation failed"}, ApplicationError, 1998
        )
        self.assertEqual(error.message, "validation failed")
        self.assertEqual(error.field, "code")
        self.assertIn("validation failed", str(error))

        self.assert_error(worker, "diagnostics/fail", {"code": 1999}, ApplicationError, 1999)
        # Codes are mapped by value, whoever sends them.
        self.assert_error(worker, "diagnostics/fail", {"code": -32800}, RequestCancelled, -32800)
        self.assert_error(worker, "diagnostics/fail", {"code": 999}, JsonRpcError, 999)
        self.assert_error(worker, "diagnostics/fail", {"code": -32000}, JsonRpcError, -32000)
        self.assertEqual(worker.pending_count, 0)


class ProgressTests(WorkerTestCase):
    def test_progress_arrives_in_order_with_values_before_the_result(self) -> None:
        worker = self.spawn()
        seen: List[Tuple[float, Optional[float], Optional[str]]] = []
        threads: List[int] = []

        def on_progress(progress: float, total: Optional[float], message: Optional[str]) -> None:
            seen.append((progress, total, message))
            threads.append(threading.get_ident())

        result = worker.call(
            "diagnostics/slow", {"steps": 4, "stepMilliseconds": 10}, on_progress=on_progress, timeout=30
        )
        self.assertEqual(result, {"completedSteps": 4})
        self.assertEqual(
            seen,
            [(1.0, 4.0, "step 1 of 4"), (2.0, 4.0, "step 2 of 4"), (3.0, 4.0, "step 3 of 4"), (4.0, 4.0, "step 4 of 4")],
        )
        self.assertEqual(set(threads), {threading.get_ident()}, "callbacks run in the calling thread")

    def test_without_a_callback_no_progress_is_requested(self) -> None:
        worker, _, log = self.spawn_recorded()
        self.assertEqual(worker.call("diagnostics/slow", {"steps": 2, "stepMilliseconds": 1}), {"completedSteps": 2})
        self.assertNotIn("_meta", log.sent("diagnostics/slow")[0]["params"])
        self.assertEqual([m for m in log.snapshot_in() if m.get("method") == "notifications/progress"], [])

    def test_a_failing_callback_cancels_the_request_and_raises(self) -> None:
        worker, _, log = self.spawn_recorded()

        def explode(progress: float, total: Optional[float], message: Optional[str]) -> None:
            raise RuntimeError("callback failed")

        call = worker.start("diagnostics/slow", SLOW_FOREVER, on_progress=explode)
        with self.assertRaises(RuntimeError):
            call.result(30)
        self.assertEqual(worker.pending_count, 0)
        self.assertEqual(log.sent("notifications/cancelled"), [
            {"jsonrpc": "2.0", "method": "notifications/cancelled", "params": {"requestId": call.id}}
        ])
        log.wait_for(lambda log: len(log.replies_for(call.id)) >= 1)
        self.assertEqual(errors_of(log.replies_for(call.id)), [-32800])


class CancellationAndTimeoutTests(WorkerTestCase):
    def test_cancel_yields_exactly_one_cancelled_reply_and_no_leak(self) -> None:
        worker, _, log = self.spawn_recorded()
        progress: List[float] = []
        call = worker.start("diagnostics/slow", SLOW_FOREVER, on_progress=lambda p, t, m: progress.append(p))
        log.wait_for(lambda log: len(log.progress_for(call.id)) >= 2)
        self.assertEqual(worker.pending_count, 1)
        started = time.monotonic()
        worker.cancel(call)
        with self.assertRaises(RequestCancelled) as caught:
            call.result(timeout=10)
        self.assertLess(time.monotonic() - started, 5.0)
        self.assertEqual(caught.exception.code, -32800)
        self.assertTrue(call.done())
        self.assertEqual(worker.pending_count, 0)
        self.assertGreaterEqual(len(progress), 2)
        self.assertEqual(progress, sorted(progress))
        self.assertEqual(worker.call("ping"), {})
        self.assertEqual(len(log.sent("notifications/cancelled")), 1)
        # A second cancel of a finished request sends nothing.
        worker.cancel(call)
        call.cancel()
        self.assertEqual(len(log.sent("notifications/cancelled")), 1)
        with self.assertRaises(RequestCancelled):
            call.result()
        # Once the worker has ended, its whole output is in: the request id was never answered twice, and no
        # progress followed the reply, whatever the cancelled handler did after it.
        self.assertIsNone(worker.shutdown())
        self.assertEqual(errors_of(log.replies_for(call.id)), [-32800])
        reply_at = log.index_of_reply(call.id)
        later = log.snapshot_in()[reply_at + 1 :]
        self.assertFalse([m for m in later if m.get("params", {}).get("progressToken") == call.id])

    def test_cancel_from_another_thread_interrupts_a_blocking_call(self) -> None:
        worker = self.spawn()
        calls: List[PendingCall] = []
        errors: List[BaseException] = []
        original_start = worker.start

        def recording_start(*args: Any, **kwargs: Any) -> PendingCall:
            call = original_start(*args, **kwargs)
            calls.append(call)
            return call

        worker.start = recording_start  # type: ignore[method-assign]
        started = started_calls(worker, 1)

        def run() -> None:
            try:
                worker.call("diagnostics/slow", SLOW_FOREVER)
            except BaseException as error:  # noqa: BLE001 - recorded for the assertion
                errors.append(error)

        thread = threading.Thread(target=run)
        thread.start()
        self.assertTrue(started.wait(60), "the call never started")
        self.assertEqual(worker.pending_count, 1)
        worker.cancel(calls[0].id)
        thread.join(10)
        self.assertFalse(thread.is_alive(), "the cancelled call did not return")
        self.assertEqual(len(errors), 1)
        self.assertIsInstance(errors[0], RequestCancelled)
        self.assertEqual(worker.pending_count, 0)

    def test_timeout_raises_and_cancels_the_request(self) -> None:
        worker, _, log = self.spawn_recorded()
        started = time.monotonic()
        with self.assertRaises(TimeoutError):
            worker.call("diagnostics/slow", SLOW_FOREVER, timeout=0.3)
        elapsed = time.monotonic() - started
        self.assertGreaterEqual(elapsed, 0.29)
        self.assertLess(elapsed, 3.0)
        self.assertEqual(worker.pending_count, 0)
        request_id = log.sent("diagnostics/slow")[0]["id"]
        self.assertEqual(
            log.sent("notifications/cancelled"),
            [{"jsonrpc": "2.0", "method": "notifications/cancelled", "params": {"requestId": request_id}}],
        )
        # The worker answers the cancelled request once, with -32800, and the client stays usable.
        log.wait_for(lambda log: len(log.replies_for(request_id)) >= 1)
        self.assertEqual(worker.call("ping", timeout=5), {})
        self.assertEqual(worker.pending_count, 0)
        # After the worker has ended (its output is complete), still exactly one reply.
        self.assertIsNone(worker.shutdown())
        self.assertEqual(errors_of(log.replies_for(request_id)), [-32800])

    def test_a_call_that_finishes_in_time_is_not_cancelled(self) -> None:
        worker, _, log = self.spawn_recorded()
        self.assertEqual(
            worker.call("diagnostics/slow", {"steps": 2, "stepMilliseconds": 10}, timeout=10), {"completedSteps": 2}
        )
        self.assertEqual(log.sent("notifications/cancelled"), [])


class ConcurrencyTests(WorkerTestCase):
    def test_threads_get_their_own_replies_while_replies_come_out_of_order(self) -> None:
        worker, _, log = self.spawn_recorded()
        slow_done = threading.Event()
        results: Dict[str, Any] = {}
        failures: List[BaseException] = []
        fast_finished_before_slow: List[bool] = []

        def slow() -> None:
            try:
                results["slow"] = worker.call("diagnostics/slow", {"steps": 8, "stepMilliseconds": 150}, timeout=30)
            except BaseException as error:  # noqa: BLE001
                failures.append(error)
            finally:
                slow_done.set()

        def fast(index: int) -> None:
            try:
                for round_ in range(25):
                    payload = {"thread": index, "round": round_, "blob": "x" * (index * 37 + round_)}
                    echoed = worker.call("diagnostics/echo", payload, timeout=30)
                    if echoed != payload:
                        raise AssertionError(f"thread {index} got {echoed!r} for {payload!r}")
                    if worker.call("ping", timeout=30) != {}:
                        raise AssertionError("ping did not return {}")
                fast_finished_before_slow.append(not slow_done.is_set())
                results[f"fast{index}"] = True
            except BaseException as error:  # noqa: BLE001
                failures.append(error)

        slow_thread = threading.Thread(target=slow)
        slow_thread.start()
        log.wait_for(lambda log: log.sent("diagnostics/slow"))
        threads = [threading.Thread(target=fast, args=(index,)) for index in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads + [slow_thread]:
            thread.join(60)
            self.assertFalse(thread.is_alive())
        self.assertEqual(failures, [])
        self.assertEqual(results["slow"], {"completedSteps": 8})
        self.assertEqual(sum(1 for key in results if key.startswith("fast")), 8)
        self.assertTrue(any(fast_finished_before_slow), "no fast thread finished while the slow call ran")
        # Out of order on the wire: the slow request went first, but later requests were answered before it.
        slow_id = log.sent("diagnostics/slow")[0]["id"]
        slow_reply_at = log.index_of_reply(slow_id)
        earlier_replies = [m for m in log.snapshot_in()[:slow_reply_at] if "id" in m]
        self.assertTrue(any(m["id"] > slow_id for m in earlier_replies))
        self.assertEqual(worker.pending_count, 0)
        self.assertEqual(len(log.sent("diagnostics/echo")), 200)


class WorkerDeathTests(WorkerTestCase):
    def test_killed_worker_fails_every_pending_call_promptly(self) -> None:
        worker = self.spawn()
        process = worker.process
        assert process is not None
        progressed = threading.Event()
        outcomes: List[Tuple[Optional[BaseException], float]] = []
        lock = threading.Lock()

        def run(with_progress: bool) -> None:
            try:
                worker.call(
                    "diagnostics/slow",
                    SLOW_FOREVER,
                    on_progress=(lambda p, t, m: progressed.set()) if with_progress else None,
                )
                error: Optional[BaseException] = None
            except BaseException as caught:  # noqa: BLE001
                error = caught
            with lock:
                outcomes.append((error, time.monotonic()))

        started = started_calls(worker, 3)
        threads = [threading.Thread(target=run, args=(index == 0,)) for index in range(3)]
        for thread in threads:
            thread.start()
        self.assertTrue(progressed.wait(60), "the slow call never reported progress")
        self.assertTrue(started.wait(60), "not every call started")
        self.assertEqual(worker.pending_count, 3)
        killed_at = time.monotonic()
        os.kill(process.pid, signal.SIGKILL)
        for thread in threads:
            thread.join(10)
            self.assertFalse(thread.is_alive(), "a pending call hung after the worker died")
        self.assertEqual(len(outcomes), 3)
        for error, finished_at in outcomes:
            self.assertIsInstance(error, WorkerExited)
            assert isinstance(error, WorkerExited)
            self.assertEqual(error.returncode, -signal.SIGKILL)
            self.assertIn("signal 9", str(error))
            self.assertLess(finished_at - killed_at, 5.0)
        self.assertEqual(worker.pending_count, 0)
        self.assertFalse(worker.running)
        started = time.monotonic()
        with self.assertRaises(WorkerExited) as caught:
            worker.call("ping")
        self.assertEqual(caught.exception.returncode, -signal.SIGKILL)
        with self.assertRaises(WorkerExited):
            worker.notify("notifications/initialized")
        self.assertLess(time.monotonic() - started, 1.0)
        self.assertEqual(worker.close(), -signal.SIGKILL)

    def test_output_closed_under_an_attached_client_fails_pending_calls(self) -> None:
        # A stand-in worker: we hold the far ends of both pipes and close its output mid-request.
        to_client_r, to_client_w = os.pipe()
        to_worker_r, to_worker_w = os.pipe()
        with open(to_client_r, "rb") as reader, open(to_worker_w, "wb") as writer, open(
            to_worker_r, "rb"
        ) as worker_in:
            worker = Worker.attach(reader, writer)
            call = worker.start("diagnostics/slow", {"steps": 1})
            self.assertIn(b'"method":"diagnostics/slow"', worker_in.readline())
            os.close(to_client_w)
            with self.assertRaises(WorkerExited) as caught:
                call.result(timeout=5)
            self.assertIsNone(caught.exception.returncode)
            self.assertEqual(worker.pending_count, 0)
            self.assertIsNone(worker.close(1.0))


class ShutdownTests(WorkerTestCase):
    def test_clean_shutdown_returns_zero(self) -> None:
        worker = self.spawn()
        self.assertEqual(worker.call("ping"), {})
        self.assertEqual(worker.shutdown(timeout=10), 0)
        process = worker.process
        assert process is not None
        self.assertEqual(process.returncode, 0)
        self.assertFalse(worker.running)
        self.assertEqual(worker.shutdown(), 0, "a second shutdown reports the same code")
        with self.assertRaises(WorkerExited):
            worker.call("ping")

    def test_shutdown_answers_running_requests_as_cancelled(self) -> None:
        worker = self.spawn()
        errors: List[BaseException] = []

        progressed = threading.Event()

        def run() -> None:
            try:
                worker.call("diagnostics/slow", SLOW_FOREVER, on_progress=lambda p, t, m: progressed.set())
            except BaseException as error:  # noqa: BLE001
                errors.append(error)

        thread = threading.Thread(target=run)
        thread.start()
        self.assertTrue(progressed.wait(60), "the slow call never reported progress")
        self.assertEqual(worker.pending_count, 1)
        self.assertEqual(worker.shutdown(timeout=10), 0)
        thread.join(10)
        self.assertFalse(thread.is_alive())
        self.assertEqual(len(errors), 1)
        self.assertIsInstance(errors[0], RequestCancelled)

    def test_context_manager_shuts_down_cleanly(self) -> None:
        with Worker.spawn(BIN, SERVE_ARGS) as worker:
            self.assertEqual(worker.call("ping"), {})
            process = worker.process
        assert process is not None
        self.assertEqual(process.returncode, 0)
        assert process.stdout is not None
        self.assertTrue(process.stdout.closed)

    def test_context_manager_on_an_exception_still_ends_the_worker(self) -> None:
        with self.assertRaises(KeyError):
            with Worker.spawn(BIN, SERVE_ARGS) as worker:
                process = worker.process
                raise KeyError("boom")
        assert process is not None
        self.assertEqual(process.returncode, 0)
