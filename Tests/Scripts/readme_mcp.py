#!/usr/bin/env python3
"""Runs the README's MCP configuration with the official MCP Python SDK as the editor would.

Usage: readme_mcp.py CONFIG.json ROOT
CONFIG.json is the README snippet ({"mcpServers": {"csmigrate": {"command", "args"}}}). The server is
launched with exactly that command and those args (the command found on PATH), except that the value
after --root becomes ROOT. Initializes, lists the tools, validates the sample estate's virtual network
through tools/call and reads the structured result. Prints one line per step and "ok" at the end.
"""
import asyncio
import json
import shutil
import sys

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client

from mcp_session import check, field  # this folder's MCP session check: the same two helpers


async def main(config_path, root):
    with open(config_path, encoding="utf-8") as handle:
        server = json.load(handle)["mcpServers"]["csmigrate"]
    command = shutil.which(server["command"])
    check(command is not None, f"{server['command']} is not on PATH")
    args = list(server["args"])
    check("--root" in args, f"no --root in {args}")
    args[args.index("--root") + 1] = root
    print(f"launch: {server['command']} {' '.join(server['args'])}")
    async with stdio_client(StdioServerParameters(command=command, args=args)) as (read, write):
        async with ClientSession(read, write) as session:
            await session.initialize()
            names = [tool.name for tool in (await session.list_tools()).tools]
            check("validation_run" in names, f"tools {names}")
            print(f"tools: {', '.join(names)}")
            result = await session.call_tool("validation_run", {
                "estate": {"path": "examples/sample-estate/estate.json"},
                "target": {"virtualNetwork": "contoso-vnet"}})
            check(not field(result, "is_error", "isError"), f"validation_run failed: {result.content}")
            structured = field(result, "structured_content", "structuredContent")
            rules = sorted({m["ruleId"] for m in structured["validationMessages"] if m["category"] == "Error"})
            check(rules == ["CS-UNSUP-VPN-GATEWAY"], f"errors {rules}")
            print(f"validation_run: {result.content[0].text}")
    print("ok")


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2]))
