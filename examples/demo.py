#!/usr/bin/env python3
"""csmigrate's main job on the sample estate, as a readable transcript.

Spawns `csmigrate serve` rooted at the repository and walks the sample estate
(examples/sample-estate) through what the worker offers. Standard library only.
Usage: python3 examples/demo.py [path/to/csmigrate]
"""
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build/debug/csmigrate")
SAMPLE = {"path": "examples/sample-estate/estate.json"}


class Worker:
    """A worker process and a blocking call helper that prints progress notifications."""

    def __init__(self, *args):
        self.process = subprocess.Popen(
            [BINARY, "serve", "--root", ROOT, *args],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)
        self.next_id = 0

    def call(self, method, params=None):
        self.next_id += 1
        message = {"jsonrpc": "2.0", "id": self.next_id, "method": method}
        if params is not None:
            message["params"] = params
        self.process.stdin.write(json.dumps(message) + "\n")
        self.process.stdin.flush()
        for line in self.process.stdout:
            reply = json.loads(line)
            if reply.get("method") == "notifications/progress":
                p = reply["params"]
                print(f"    … {p.get('message', p['progress'])}")
                continue
            if reply.get("id") == self.next_id:
                return reply
        raise SystemExit("the worker closed its output")

    def close(self):
        self.call("shutdown")
        self.process.stdin.write(json.dumps({"jsonrpc": "2.0", "method": "exit"}) + "\n")
        self.process.stdin.close()
        return self.process.wait(timeout=60)


def heading(text):
    print(f"\n== {text}")


def show_problems(problems, limit=5):
    for problem in problems[:limit]:
        where = f"{problem.get('file', '')}:{problem.get('line', '')}" if problem.get("file") else problem.get("path", "")
        print(f"    {problem['severity']:7} {problem['code']}  {where}  {problem['message']}")
    if len(problems) > limit:
        print(f"    … and {len(problems) - limit} more")


def main():
    state = tempfile.mkdtemp(prefix="csmigrate-demo-")
    worker = Worker("--plugins", "all")
    info = worker.call("initialize", {"clientInfo": {"name": "demo.py"}})["result"]
    heading(f"{info['serverInfo']['name']} {info['serverInfo']['version']}")
    for plugin in info["plugins"]:
        print(f"  plugin {plugin['name']:12} {len(plugin['methods'])} methods")

    heading("Load the sample estate")
    loaded = worker.call("estate/load", {"estate": SAMPLE})["result"]
    summary = loaded["summary"]
    print(f"  handle {loaded['handle']}: {summary['services']} service, {summary['roles']} roles, "
          f"{summary['instances']} instances, {summary['virtualNetworks']} VNet, {summary['subnets']} subnets, "
          f"{summary['reservedIPs']} reserved IP, {summary['gateways']} gateway")
    show_problems(loaded["problems"])
    print(f"  loaded {'cleanly' if loaded['succeeded'] else 'with errors'}")

    heading("Progress and cancellation (diagnostics plugin)")
    slow = worker.call("diagnostics/slow", {"steps": 3, "stepMilliseconds": 20, "_meta": {"progressToken": "demo"}})
    print(f"  finished: {slow['result']}")

    code = worker.close()
    heading(f"worker exited with {code}")
    os.rmdir(state)
    return code


if __name__ == "__main__":
    sys.exit(main())
