"""csmigrate_client.plugin: the stdio loop answers the handshake, methods, rules and errors as protocol.md says."""

from __future__ import annotations

import io
import json
import unittest
from typing import Any, Dict, List

import _support  # noqa: F401  (puts this tree's library on the path)
from csmigrate_client.plugin import Plugin, PluginError, hit


def serve(plugin: Plugin, messages: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """Runs the plugin's loop over `messages` (then `exit`) and returns what it wrote, by id."""
    lines = "".join(json.dumps(message) + "\n" for message in messages + [{"jsonrpc": "2.0", "method": "exit"}])
    output = io.StringIO()
    plugin.run(io.StringIO(lines), output)
    return [json.loads(line) for line in output.getvalue().splitlines()]


class PluginHelperTests(unittest.TestCase):
    def make(self) -> Plugin:
        plugin = Plugin("demo", version="2.0.0", summary="Demo.")

        @plugin.rule("demo.NAMES", scope="cloudService", severity="Error", summary="s", message="{service} bad",
                     fix="f")
        def names(estate: Dict[str, Any], scope: Dict[str, Any]):
            for service in estate["cloudServices"]:
                yield hit("HostedService", service["name"], {"service": service["name"]}, service=service["name"])

        @plugin.method("demo/fail", summary="Fails.")
        def fail(params: Dict[str, Any], context: Any) -> Any:
            raise PluginError(1000, "Invalid input", {"field": "x"})

        return plugin

    def test_handshake_lists_methods_and_rules(self) -> None:
        replies = serve(self.make(), [{"jsonrpc": "2.0", "id": 1, "method": "plugin/initialize", "params": {}}])
        result = replies[0]["result"]
        self.assertEqual(result["protocolVersion"], 1)
        self.assertEqual([m["name"] for m in result["methods"]], ["demo/fail"])
        self.assertEqual(result["rules"][0]["id"], "demo.NAMES")

    def test_rule_hits_use_the_estate_sent_once_by_key(self) -> None:
        model = {"cloudServices": [{"name": "a"}, {"name": "b"}]}
        replies = serve(self.make(), [
            {"jsonrpc": "2.0", "id": 1, "method": "plugin/validate",
             "params": {"rule": "demo.NAMES", "estate": {"key": "k", "model": model}, "scope": {}}},
            {"jsonrpc": "2.0", "id": 2, "method": "plugin/validate",
             "params": {"rule": "demo.NAMES", "estate": {"key": "k"}, "scope": {}}},
            {"jsonrpc": "2.0", "id": 3, "method": "plugin/validate",
             "params": {"rule": "demo.NAMES", "estate": {"key": "other"}, "scope": {}}},
        ])
        by_id = {reply["id"]: reply for reply in replies}
        self.assertEqual([h["resourceName"] for h in by_id[2]["result"]["hits"]], ["a", "b"])
        self.assertEqual(by_id[1]["result"]["hits"][0]["element"], {"service": "a"})
        self.assertEqual(by_id[3]["error"]["data"]["reason"], "estate.unknown")

    def test_method_errors_and_unknown_methods(self) -> None:
        replies = serve(self.make(), [
            {"jsonrpc": "2.0", "id": 1, "method": "demo/fail", "params": {}},
            {"jsonrpc": "2.0", "id": 2, "method": "demo/none", "params": {}},
        ])
        by_id = {reply["id"]: reply for reply in replies}
        self.assertEqual(by_id[2]["error"]["code"], -32601)
        self.assertEqual(by_id[1]["error"], {"code": 1000, "message": "Invalid input", "data": {"field": "x"}})

    def test_rule_ids_must_carry_the_prefix(self) -> None:
        with self.assertRaises(ValueError):
            Plugin("demo").rule("other.X", scope="role", severity="Error", summary="", message="", fix="")


if __name__ == "__main__":
    unittest.main()
