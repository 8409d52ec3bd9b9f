"""Runs every ```python example in clients/python/README.md against the real worker."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from typing import List

from _support import BIN, CLIENT_ROOT, SRC, WorkerTestCase

README = CLIENT_ROOT / "README.md"


def python_blocks() -> List[str]:
    return re.findall(r"^```python\n(.*?)^```", README.read_text(encoding="utf-8"), flags=re.M | re.S)


class ReadmeExampleTests(WorkerTestCase):
    def test_readme_has_the_sync_async_and_error_examples(self) -> None:
        blocks = python_blocks()
        self.assertGreaterEqual(len(blocks), 3)
        self.assertTrue(any("AsyncWorker" in block for block in blocks))
        self.assertTrue(any("WorkerExited" in block for block in blocks))

    def test_every_python_example_runs(self) -> None:
        env = dict(os.environ)
        env["PATH"] = str(BIN.parent) + os.pathsep + env.get("PATH", "")
        env["PYTHONPATH"] = str(SRC) + os.pathsep + env.get("PYTHONPATH", "")
        expected_output = ["completedSteps", "cancelled", "-32602 steps expected an integer"]
        outputs = []
        for index, block in enumerate(python_blocks()):
            with self.subTest(example=index), tempfile.TemporaryDirectory() as directory:
                completed = subprocess.run(
                    [sys.executable, "-c", block],
                    cwd=directory,
                    env=env,
                    capture_output=True,
                    text=True,
                    timeout=60,
                )
                self.assertEqual(completed.returncode, 0, f"example {index} failed:\n{block}\n{completed.stderr}")
                outputs.append(completed.stdout)
        everything = "\n".join(outputs)
        for text in expected_output:
            self.assertIn(text, everything)
