#!/usr/bin/env python3
"""An MCP session against csmigrate with the official MCP Python SDK as the client.

Usage: mcp_session.py BINARY ROOT
Initializes, lists the tools, loads the sample estate through `tools/call` and checks the structured
result. Prints one line per step; exits non-zero (with the reason) on the first mismatch.
"""
import asyncio
import sys

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client


def field(obj, snake, camel):
    """Reads an attribute under its SDK 2.x (snake_case) or 1.x (camelCase) name."""
    return getattr(obj, snake) if hasattr(obj, snake) else getattr(obj, camel)


def check(condition, message):
    if not condition:
        print(f"FAILED: {message}")
        sys.exit(1)


async def main(binary, root):
    server = StdioServerParameters(command=binary, args=["serve", "--root", root, "--plugins", "all"])
    async with stdio_client(server) as (read, write):
        async with ClientSession(read, write) as session:
            init = await session.initialize()
            info = field(init, "server_info", "serverInfo")
            check(info.name == "csmigrate", f"serverInfo {info}")
            check(init.capabilities.tools is not None, "no tools capability")
            print(f"initialized: protocol {field(init, 'protocol_version', 'protocolVersion')}")

            tools = (await session.list_tools()).tools
            names = [tool.name for tool in tools]
            check("estate_load" in names, f"tools {names}")
            print(f"tools: {', '.join(names)}")

            result = await session.call_tool(
                "estate_load", {"estate": {"path": "examples/sample-estate/estate.json"}})
            check(not field(result, "is_error", "isError"), f"estate_load failed: {result.content}")
            structured = field(result, "structured_content", "structuredContent")
            check(structured["succeeded"] is True, f"structured {structured}")
            check(structured["summary"]["roles"] == 2, f"summary {structured['summary']}")
            print(f"estate_load: {result.content[0].text}")

            failed = await session.call_tool("diagnostics_fail", {"code": 1234, "message": "boom"})
            check(field(failed, "is_error", "isError"), "a failing tool did not report isError")
            print(f"diagnostics_fail: isError={field(failed, 'is_error', 'isError')}")
    print("ok")


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2]))
