#!/usr/bin/env python3
"""A minimal orchestrator for csmigrate, standard library only.

It spawns `csmigrate serve`, then walks through what every client does:
initialize, discovery, ping, a long request with progress, and a cancelled one.
Run it as `python3 examples/orchestrator.py [path/to/csmigrate]`.
"""
import json
import subprocess
import sys
import threading
import queue

binary = sys.argv[1] if len(sys.argv) > 1 else ".build/debug/csmigrate"
worker = subprocess.Popen(
    [binary, "serve", "--plugins", "diagnostics"],
    stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1,
)
incoming: "queue.Queue[dict]" = queue.Queue()
threading.Thread(target=lambda: [incoming.put(json.loads(line)) for line in worker.stdout], daemon=True).start()


def send(message: dict) -> None:
    worker.stdin.write(json.dumps(message) + "\n")
    worker.stdin.flush()


def reply_to(request_id, on_notification=None) -> dict:
    """Reads messages until the reply for request_id, handing notifications to a callback."""
    while True:
        message = incoming.get(timeout=30)
        if "id" in message and message["id"] == request_id and "method" not in message:
            return message
        if on_notification:
            on_notification(message)


send({"jsonrpc": "2.0", "id": 1, "method": "initialize",
      "params": {"protocolVersion": "2025-06-18", "clientInfo": {"name": "orchestrator.py", "version": "1"}}})
info = reply_to(1)["result"]
print(f"initialize: {info['serverInfo']['name']} {info['serverInfo']['version']}, "
      f"plugins {[p['name'] for p in info['plugins']]}")

send({"jsonrpc": "2.0", "id": 2, "method": "rpc.discover"})
methods = [m["name"] for m in reply_to(2)["result"]["methods"]]
print(f"rpc.discover: {len(methods)} methods, e.g. {', '.join(methods[:4])}")

send({"jsonrpc": "2.0", "id": 3, "method": "ping"})
print(f"ping: {reply_to(3)['result']}")

send({"jsonrpc": "2.0", "id": 4, "method": "diagnostics/slow",
      "params": {"steps": 3, "stepMilliseconds": 50, "_meta": {"progressToken": "job-4"}}})
result = reply_to(4, lambda n: print(f"  progress {n['params']['progress']:.0f}/{n['params']['total']:.0f}: "
                                     f"{n['params']['message']}"))
print(f"diagnostics/slow: {result['result']}")

send({"jsonrpc": "2.0", "id": 5, "method": "diagnostics/slow", "params": {"steps": 1000, "stepMilliseconds": 50}})
send({"jsonrpc": "2.0", "method": "notifications/cancelled", "params": {"requestId": 5, "reason": "demo"}})
print(f"cancelled request: {reply_to(5)['error']}")

send({"jsonrpc": "2.0", "id": 6, "method": "shutdown"})
reply_to(6)
send({"jsonrpc": "2.0", "method": "exit"})
worker.stdin.close()
code = worker.wait(timeout=30)
print(f"worker exited with {code}")
sys.exit(code)
