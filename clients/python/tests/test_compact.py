"""The compact validation report: the client expands it to exactly the full form."""

from __future__ import annotations

import json
import unittest

from _support import REPO_ROOT, WorkerTestCase

from csmigrate_client import InvalidParams
from csmigrate_client._compact import expand_report, is_compact_report
from csmigrate_client._protocol import decode_line

CORPUS = REPO_ROOT.parent / "shared" / "corpus"


class ExpansionTest(unittest.TestCase):
    """protocol.md's expansion on a hand-written compact report."""

    def test_templates_arguments_and_own_texts(self) -> None:
        compact = {
            "detail": "compact",
            "result": "r",
            "rulesRevision": "2024-07",
            "rules": {
                "A": {"message": "Role {role} of {service} {", "fix": "Fix {role}{missing}.", "docs": "d-a"},
                "B": {"fix": "f-b", "docs": "d-b"},
            },
            "validationMessages": [
                {"ruleId": "A", "arguments": {"role": "W{x}", "service": "s"}, "category": "Error"},
                {"ruleId": "A", "category": "Error"},
                {"ruleId": "B", "message": "Own {role}", "category": "Warning"},
                {"ruleId": "B", "message": "m", "fix": "other", "docs": "d-other", "category": "Warning"},
            ],
        }
        line = json.dumps({"jsonrpc": "2.0", "id": 1, "result": compact}).encode()
        [reply] = decode_line(line)
        assert reply.outcome is not None
        self.assertEqual(
            reply.outcome.result,
            {
                "result": "r",
                "rulesRevision": "2024-07",
                "validationMessages": [
                    {"ruleId": "A", "category": "Error", "message": "Role W{x} of s {", "fix": "Fix W{x}{missing}.",
                     "docs": "d-a"},
                    {"ruleId": "A", "category": "Error", "message": "Role {role} of {service} {",
                     "fix": "Fix {role}{missing}.", "docs": "d-a"},
                    {"ruleId": "B", "category": "Warning", "message": "Own {role}", "fix": "f-b", "docs": "d-b"},
                    {"ruleId": "B", "category": "Warning", "message": "m", "fix": "other", "docs": "d-other"},
                ],
            },
        )

    def test_other_results_are_left_alone(self) -> None:
        for result in ({"detail": "compact"}, {"rules": {}}, [1], "compact", None):
            self.assertFalse(is_compact_report(result))
            [reply] = decode_line(json.dumps({"jsonrpc": "2.0", "id": 1, "result": result}).encode())
            assert reply.outcome is not None
            self.assertEqual(reply.outcome.result, result)
        self.assertEqual(expand_report({"detail": "compact", "rules": {}, "result": "x"}),
                         {"result": "x", "validationMessages": []})


class CompactFromTheWorkerTest(WorkerTestCase):
    """validation/run with detail compact, through a real worker, equals the full form."""

    def check(self, root: str, estate: dict, target: dict) -> None:
        worker = self.spawn("--root", root)
        for revision in ("2021-02", "2024-07"):
            params = {"estate": estate, "target": target, "rulesRevision": revision}
            full = worker.call("validation/run", params, timeout=60)
            self.assertGreater(len(full["validationMessages"]), 0)
            self.assertEqual(worker.call("validation/run", {**params, "detail": "compact"}, timeout=60), full)
            self.assertEqual(worker.call("validation/run", {**params, "detail": "full"}, timeout=60), full)
        with self.assertRaises(InvalidParams) as raised:
            worker.call("validation/run", {**params, "detail": "compact", "format": "sarif"}, timeout=60)
        self.assertEqual(raised.exception.data.get("field"), "detail")

    def test_sample_estate(self) -> None:
        self.check(str(REPO_ROOT), {"path": "examples/sample-estate/estate.json"}, {"virtualNetwork": "contoso-vnet"})

    def test_corpus_estate(self) -> None:
        folder = "cloud-services/025-avranju--Piczy"
        document = {"version": 1, "services": [{"name": "corpus", "region": "West Europe", "deployments": {
            "production": {"name": "corpus-prod", "csdef": f"{folder}/ServiceDefinition.csdef",
                           "cscfg": f"{folder}/ServiceConfiguration.Local.cscfg"}}}]}
        self.check(str(CORPUS), {"document": document}, {"service": "corpus"})


if __name__ == "__main__":
    unittest.main()
