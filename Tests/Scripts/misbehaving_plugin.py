#!/usr/bin/env python3
"""A process plugin for the tests, speaking the raw protocol, that misbehaves in the way its argument names.

Modes:
  well          answers every call of `test/echo` (and `test/crash` by dying, `test/slow` by waiting; `test/received`
                counts the estate models and `plugin/validate` calls it was sent)
  exit-at-start exits before the handshake
  garbage       answers `test/echo` with a line that is not JSON
  unknown-id    answers `test/echo` with an id it was never sent
  never-read    answers the handshake, then stops reading its input (and sleeps)
  shadow        declares `estate/load`, a built-in plugin's method
  duplicate     declares `test/echo`, like the plugin in mode `well`
Its one rule, <name>.EVERY-DEPLOYMENT (an error on every deployment in scope), takes the name the worker gives it.
A file named by $PLUGIN_STARTS, when set, gets one line per start (so a test can see restarts).
While the file named by $PLUGIN_VALIDATE_FAULT exists, `plugin/validate` does what it says: `crash` (the
process dies) or `hang` (that call is never answered, while later messages still are); without the file,
validation answers normally.
"""

import json
import os
import sys
import time

MODE = sys.argv[1] if len(sys.argv) > 1 else "well"


def send(message):
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def method(name, summary, writes=False, tool=False):
    entry = {"name": name, "summary": summary, "paramsSchema": {"type": "object"},
             "resultSchema": {"type": "object"}, "writes": writes}
    if tool:
        entry["tool"] = {"title": summary, "use": "Use in tests."}
    return entry


if os.environ.get("PLUGIN_STARTS"):
    with open(os.environ["PLUGIN_STARTS"], "a", encoding="utf-8") as starts:
        starts.write(f"{os.getpid()}\n")
if MODE == "exit-at-start":
    print("exiting at start, as asked", file=sys.stderr, flush=True)
    sys.exit(3)

METHODS = [method("test/echo", "Returns its params.", tool=True), method("test/crash", "Dies mid-call."),
           method("test/slow", "Reports progress, then waits to be cancelled."),
           method("test/write", "Pretends to write.", writes=True),
           method("test/received", "Counts the estate models and plugin/validate calls received so far.")]
RULES = [{"id": "EVERY-DEPLOYMENT", "scope": "deployment", "severity": "Error",
          "summary": "Blocks every deployment, for the tests.", "message": "Deployment {deployment} is blocked by the test plugin.",
          "fix": "Remove the test plugin.", "docs": "https://example.invalid/test", "example": "any deployment"}]
if MODE == "shadow":
    METHODS = [method("estate/load", "Shadows a built-in.")]
estates = {}
received = {"models": 0, "validations": 0}

cancelled = set()
for line in sys.stdin:
    message = json.loads(line)
    name, ident, params = message.get("method"), message.get("id"), message.get("params") or {}
    if name == "plugin/initialize":
        print(f"ERROR a test plugin in mode {MODE} says hello", file=sys.stderr, flush=True)
        send({"jsonrpc": "2.0", "id": ident, "result": {"name": "test", "version": "0.0.1", "protocolVersion": 1,
                                                          "summary": f"Test plugin ({MODE}).", "methods": METHODS,
                                                          "rules": [dict(rule, id=f"{params['plugin']}.{rule['id']}")
                                                                    for rule in RULES]}})
        if MODE == "never-read":
            time.sleep(600)
    elif name == "notifications/cancelled":
        cancelled.add(params.get("requestId"))
        print(f"cancelled {params.get('requestId')}", file=sys.stderr, flush=True)
    elif name == "test/echo":
        if MODE == "garbage":
            sys.stdout.write("this is not JSON\n")
            sys.stdout.flush()
        elif MODE == "unknown-id":
            send({"jsonrpc": "2.0", "id": 987654, "result": {}})
        else:
            params.pop("_meta", None)
            send({"jsonrpc": "2.0", "id": ident, "result": params})
    elif name == "plugin/validate":
        fault_file = os.environ.get("PLUGIN_VALIDATE_FAULT")
        fault = open(fault_file, encoding="utf-8").read().strip() if fault_file and os.path.exists(fault_file) else ""
        if fault == "crash":
            os._exit(9)
        if fault == "hang":
            continue
        estate = params["estate"]
        received["validations"] += 1
        if "model" in estate:
            received["models"] += 1
            estates[estate["key"]] = estate["model"]
            print(f"estate model received {estate['key']}", file=sys.stderr, flush=True)
        hits = [{"resourceType": "Deployment", "resourceName": d["deployment"], "values": {"deployment": d["deployment"]},
                 "element": {"service": d["service"], "deployment": d["deployment"]}}
                for d in params["scope"]["deployments"]]
        send({"jsonrpc": "2.0", "id": ident, "result": {"hits": hits}})
    elif name == "test/received":
        send({"jsonrpc": "2.0", "id": ident, "result": dict(received, estates=len(estates))})
    elif name == "test/crash":
        os._exit(9)
    elif name == "test/slow":
        token = params["_meta"]["progressToken"]
        send({"jsonrpc": "2.0", "method": "notifications/progress",
              "params": {"progressToken": token, "progress": 1, "total": 2, "message": "half way"}})
        # Wait for the cancellation of this call (the next line); answer nothing for it.
    elif name == "shutdown":
        send({"jsonrpc": "2.0", "id": ident, "result": None})
    elif name == "exit":
        sys.exit(0)
    elif ident is not None:
        send({"jsonrpc": "2.0", "id": ident, "error": {"code": -32601, "message": "Method not found"}})
