"""Every error code protocol.md documents, produced by a real worker and mapped to its exception class.

The codes come from the table in protocol.md section 3, so a code documented there without a reply here (or
a class that maps it wrongly) fails the test. Each reply is a real one (no ``diagnostics/fail``, except for
-32603, which only a faulty handler produces).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
import unittest
from pathlib import Path
from typing import Any, Dict, List

from _support import BIN, REPO_ROOT, WorkerTestCase

from csmigrate_client import ApplicationError, JsonRpcError, error_from_wire
from csmigrate_client._errors import _BY_CODE

SAMPLE = {"path": "examples/sample-estate/estate.json"}
VNET = {"virtualNetwork": "contoso-vnet"}
#: Codes no worker gives on this machine without privileges: a read-only state folder does not stop root, and a
#: full disk needs a file system to fill. LedgerFailureTests (Swift) produces both; here only their classes are checked.
NOT_PRODUCED_HERE = {3001, 3002}


def documented_codes() -> List[int]:
    """The codes in the first column of protocol.md's error table."""
    text = (REPO_ROOT / "protocol.md").read_text(encoding="utf-8")
    section = text[text.index("## 3. Errors"):text.index("## 4.")]
    return [int(code) for code in re.findall(r"^\| (-?\d+) \|", section, re.MULTILINE)]


class RawWorker:
    """`csmigrate serve` spoken to line by line, without the client library (so -32700 can be sent)."""

    def __init__(self, *args: str) -> None:
        self.process = subprocess.Popen(
            [str(BIN), "serve", "--root", str(REPO_ROOT), *args],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, bufsize=1)
        self.next_id = 0

    def send(self, line: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()

    def read(self) -> Dict[str, Any]:
        assert self.process.stdout is not None
        while True:
            line = self.process.stdout.readline()
            if not line:
                raise AssertionError("the worker closed its output")
            message = json.loads(line)
            if "id" in message:
                return message

    def request(self, method: str, params: Any = None) -> Dict[str, Any]:
        self.next_id += 1
        message: Dict[str, Any] = {"jsonrpc": "2.0", "id": self.next_id, "method": method}
        if params is not None:
            message["params"] = params
        self.send(json.dumps(message))
        return self.read()

    def close(self) -> None:
        if self.process.stdin:
            self.process.stdin.close()
        self.process.wait(timeout=30)
        if self.process.stdout:
            self.process.stdout.close()


class ErrorCodeTests(WorkerTestCase):
    def test_every_documented_code_comes_from_a_worker_and_maps_to_its_class(self) -> None:
        replies: Dict[int, Dict[str, Any]] = {}
        worker = RawWorker("--state", ":memory:", "--plugins", "+diagnostics")
        self.addCleanup(worker.close)

        worker.send("{not json")
        replies[-32700] = worker.read()
        worker.send('{"jsonrpc":"1.0","id":1,"method":"ping"}')
        replies[-32600] = worker.read()
        replies[-32601] = worker.request("no/such")
        replies[-32602] = worker.request("estate/load", {})
        replies[-32603] = worker.request("diagnostics/fail", {"untyped": True})
        replies[-32002] = worker.request("resources/read", {"uri": "csmigrate://nothing"})
        replies[1000] = worker.request("estate/load", {"estate": {"path": "no-such-estate.json"}})
        replies[1001] = worker.request("estate/load", {"estate": {"path": "../outside.json"}})
        replies[1002] = worker.request("estate/load", {"estate": {"handle": "e-0000000000000000"}})
        self.assertNotIn("error", worker.request("estate/import", {"estate": SAMPLE}))
        replies[2000] = worker.request("migration/commit", {"target": VNET})
        replies[2002] = worker.request("migration/prepare", {"target": VNET})  # the VPN gateway blocks it
        worker.send('{"jsonrpc":"2.0","id":"slow","method":"diagnostics/slow","params":{"steps":1000}}')
        worker.send('{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":"slow"}}')
        replies[-32800] = worker.read()
        replies[2001] = self.conflict_reply()
        limited = RawWorker("--state", ":memory:", "--max-reply-bytes", "1024")
        self.addCleanup(limited.close)
        replies[1003] = limited.request("estate/load", {"estate": SAMPLE, "includeModel": True})
        replies.update(self.ledger_replies())
        plugin = RawWorker("--state", ":memory:", "--plugin",
                           f"test=python3 {REPO_ROOT / 'Tests/Scripts/misbehaving_plugin.py'} well")
        self.addCleanup(plugin.close)
        replies[4000] = plugin.request("test/crash", {})  # the plugin process dies mid-call

        codes = documented_codes()
        self.assertGreaterEqual(len(codes), 13)
        for code in codes:
            with self.subTest(code=code):
                if code in NOT_PRODUCED_HERE:
                    self.assertTrue(issubclass(_BY_CODE[code], ApplicationError))
                    self.assertEqual(_BY_CODE[code].CODE, code)
                    continue
                self.assertIn(code, replies, "documented, but no worker reply produced here")
                error = replies[code].get("error")
                self.assertIsNotNone(error, replies[code])
                self.assertEqual(error["code"], code, error)
                exception = error_from_wire(error)
                self.assertIs(type(exception), _BY_CODE[code])
                self.assertEqual(type(exception).CODE, code)
                self.assertEqual(exception.message, error["message"])
        # The client knows no code the worker does not send.
        self.assertEqual(sorted(_BY_CODE), sorted(codes))
        self.assertTrue(all(issubclass(_BY_CODE[code], ApplicationError) for code in codes if code >= 1000))
        self.assertTrue(all(issubclass(cls, JsonRpcError) for cls in _BY_CODE.values()))

    def ledger_replies(self) -> Dict[int, Dict[str, Any]]:
        """3000, 3003, 3004: a ledger written by one worker, then damaged, deleted or emptied, read by another."""
        state = tempfile.mkdtemp(prefix="csmigrate-ledger-")
        self.addCleanup(shutil.rmtree, state, True)
        writer = RawWorker("--state", state)
        self.assertNotIn("error", writer.request("estate/import", {"estate": SAMPLE}))
        writer.close()
        damages = {
            3000: lambda ledger: ledger.write_bytes(b"not a ledger at all " * 8),
            3003: lambda ledger: ledger.unlink(),
            3004: lambda ledger: ledger.write_bytes(b""),
        }
        replies: Dict[int, Dict[str, Any]] = {}
        for code, damage in damages.items():
            copy = tempfile.mkdtemp(prefix="csmigrate-ledger-")
            self.addCleanup(shutil.rmtree, copy, True)
            shutil.copytree(state, copy, dirs_exist_ok=True)
            folder = Path(copy)
            for journal in folder.glob("ledger.sqlite-*"):
                journal.unlink()
            damage(folder / "ledger.sqlite")
            reader = RawWorker("--state", copy)
            self.addCleanup(reader.close)
            replies[code] = reader.request("migration/status", {})
        return replies

    def conflict_reply(self) -> Dict[str, Any]:
        """2001: a second worker on the same ledger asks to prepare while the first one holds the target."""
        state = tempfile.mkdtemp(prefix="csmigrate-conflict-")
        self.addCleanup(shutil.rmtree, state, True)
        # The holder's Prepare stops after its first step until it is cancelled (below), so the other worker's
        # request arrives while the target is held, however slow the machine.
        holder = RawWorker("--state", state, "--lifecycle-hold-after-steps", "1")
        other = RawWorker("--state", state)
        try:
            self.assertNotIn("error", holder.request("estate/import", {"estate": SAMPLE}))
            self.assertNotIn("error", holder.request(
                "classic/update", {"resource": VNET, "patch": {"gateway": None}}))
            holder.send(json.dumps({"jsonrpc": "2.0", "id": "hold", "method": "migration/prepare",
                                    "params": {"target": VNET, "_meta": {"progressToken": "p"}}}))
            assert holder.process.stdout is not None
            first = json.loads(holder.process.stdout.readline())  # a progress notification: the lock is held
            self.assertEqual(first.get("method"), "notifications/progress", first)
            return other.request("migration/prepare", {"target": VNET})
        finally:
            holder.send('{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":"hold"}}')
            holder.close()
            other.close()


if __name__ == "__main__":
    unittest.main()
