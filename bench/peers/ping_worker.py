#!/usr/bin/env python3
"""An NDJSON JSON-RPC 2.0 ping worker written the way a Python user writes one.

One JSON text per line on stdin; one reply per request on stdout, flushed at once.
`ping` answers {"jsonrpc":"2.0","id":<id>,"result":{}}; any other method is -32601.
Deliberately plain: the `json` module, `for line in sys.stdin`, write + flush per reply.
"""

import json
import sys


def reply_to(message):
    if not isinstance(message, dict) or "id" not in message:
        return None  # a notification (or junk without an id): no reply
    if message.get("method") == "ping":
        return {"jsonrpc": "2.0", "id": message["id"], "result": {}}
    return {
        "jsonrpc": "2.0",
        "id": message["id"],
        "error": {"code": -32601, "message": "Method not found"},
    }


def main():
    out = sys.stdout
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            message = json.loads(line)
        except ValueError:
            reply = {"jsonrpc": "2.0", "id": None, "error": {"code": -32700, "message": "Parse error"}}
        else:
            reply = reply_to(message)
            if reply is None:
                continue
        out.write(json.dumps(reply, separators=(",", ":")) + "\n")
        out.flush()


if __name__ == "__main__":
    main()
