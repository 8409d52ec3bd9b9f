#!/usr/bin/env python3
"""A csmigrate process plugin written against the raw protocol, without the helper library.

csmigrate starts this file, sends one JSON-RPC 2.0 message per line on its stdin and reads one per line
from its stdout; stderr goes to csmigrate's log. It serves one method, `raw/wordcount`, that counts the
words of `params.text`, reporting progress when asked to. Run it with:

    csmigrate serve --plugin 'raw=python3 examples/plugins/raw_plugin.py'
"""

import json
import sys


def reply(message):
    sys.stdout.write(json.dumps(message, separators=(",", ":")) + "\n")
    sys.stdout.flush()


DESCRIPTION = {
    "name": "raw",
    "version": "1.0.0",
    "protocolVersion": 1,
    "summary": "Counts words; written without the helper, to show the raw protocol.",
    "methods": [
        {
            "name": "raw/wordcount",
            "summary": "Counts the words of params.text.",
            "paramsSchema": {"type": "object", "required": ["text"], "properties": {"text": {"type": "string"}}},
            "resultSchema": {"type": "object", "properties": {"words": {"type": "integer"}}},
            "writes": False,
            "tool": {"title": "Count words", "use": "Use to count the words of a text."},
        }
    ],
}

for line in sys.stdin:
    if not line.strip():
        continue
    message = json.loads(line)
    method, request_id = message.get("method"), message.get("id")
    params = message.get("params") or {}
    if method == "plugin/initialize":
        print(f"raw plugin starting for csmigrate {params.get('workerVersion')}", file=sys.stderr, flush=True)
        reply({"jsonrpc": "2.0", "id": request_id, "result": DESCRIPTION})
    elif method == "raw/wordcount":
        text = params.get("text")
        if not isinstance(text, str):
            error = {"code": -32602, "message": "Invalid params", "data": {"field": "text", "reason": "must be a string"}}
            reply({"jsonrpc": "2.0", "id": request_id, "error": error})
            continue
        token = (params.get("_meta") or {}).get("progressToken")
        if token is not None:
            reply({"jsonrpc": "2.0", "method": "notifications/progress",
                   "params": {"progressToken": token, "progress": 1, "total": 1, "message": "counted"}})
        reply({"jsonrpc": "2.0", "id": request_id, "result": {"words": len(text.split())}})
    elif method == "shutdown":
        reply({"jsonrpc": "2.0", "id": request_id, "result": None})
    elif method == "exit":
        break
    elif request_id is not None:
        reply({"jsonrpc": "2.0", "id": request_id, "error": {"code": -32601, "message": "Method not found"}})
