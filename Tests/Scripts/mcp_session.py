#!/usr/bin/env python3
"""An MCP session against csmigrate with the official MCP Python SDK as the client.

Usage: mcp_session.py BINARY ROOT
Initializes; lists every tool and checks its schemas and hints; calls every tool with valid arguments (the
SDK checks each structured result against the tool's outputSchema) and, where the tool takes any, with
invalid ones (an isError result that says what to do, without structuredContent); reads every resource and
gets the prompt; sees progress and cancels a call; and takes the sample estate from validation through the
gateway fix to commit, through tools only. Prints one line per step; exits non-zero (with the reason) on the
first mismatch, and prints "ok" at the end.
"""
import asyncio
import base64
import json
import os
import subprocess
import sys
import tempfile

from jsonschema import Draft202012Validator
from mcp import ClientSession, MCPError, StdioServerParameters
from mcp.client.stdio import stdio_client

SAMPLE = {"path": "examples/sample-estate/estate.json"}
SOLO = {"path": "examples/solo-estate/estate.json"}
VNET = {"virtualNetwork": "contoso-vnet"}
SHOP = {"service": "contoso-shop"}
HINTS = ("readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint")


def field(obj, snake, camel):
    """Reads an attribute under its SDK 2.x (snake_case) or 1.x (camelCase) name."""
    return getattr(obj, snake) if hasattr(obj, snake) else getattr(obj, camel)


def check(condition, message):
    if not condition:
        print(f"FAILED: {message}")
        sys.exit(1)


def certificate_base64():
    """A fresh self-signed certificate (DER, base64) made with the openssl command."""
    with tempfile.TemporaryDirectory() as folder:
        key, cert = os.path.join(folder, "key.pem"), os.path.join(folder, "cert.der")
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
             "-outform", "DER", "-days", "30", "-subj", "/CN=contoso.example"],
            check=True, capture_output=True)
        with open(cert, "rb") as handle:
            return base64.b64encode(handle.read()).decode()


class Session:
    def __init__(self, session):
        self.session = session
        self.schemas = {}
        self.called = set()

    async def call(self, name, arguments, **options):
        """A successful call: its structured content (the SDK has checked it against outputSchema)."""
        self.called.add(name)
        result = await self.session.call_tool(name, arguments, **options)
        text = result.content[0].text if result.content else ""
        check(not field(result, "is_error", "isError"), f"{name} {arguments} failed: {text}")
        structured = field(result, "structured_content", "structuredContent")
        check(structured is not None or "outputSchema" not in self.schemas[name], f"{name}: no structuredContent")
        # The text: a summary first, then the complete result as JSON, equal to the structured content.
        summary, _, json_text = text.partition("\n\n")
        check(summary and json_text, f"{name}: text is not summary + JSON: {text[:200]}")
        full = json.loads(json_text[json_text.index("{"):] if not json_text.startswith("{") else json_text)
        if structured is not None:
            check(full == structured, f"{name}: the JSON text differs from structuredContent")
        return structured

    async def fail(self, name, arguments, expect):
        """A failing call: isError, no structuredContent, a text naming the problem and what to do."""
        self.called.add(name)
        result = await self.session.call_tool(name, arguments)
        text = result.content[0].text if result.content else ""
        check(field(result, "is_error", "isError"), f"{name} {arguments} did not fail: {text[:200]}")
        check(field(result, "structured_content", "structuredContent") is None, f"{name}: structuredContent on error")
        check(text.startswith("Error ") and "What to do: " in text, f"{name}: error text {text!r}")
        check(expect in text, f"{name}: {expect!r} not in {text!r}")
        return text


async def check_tools(session):
    tools = (await session.session.list_tools()).tools
    names = [tool.name for tool in tools]
    for tool in tools:
        raw = tool.model_dump(by_alias=True, exclude_none=True)
        check(raw["inputSchema"].get("type") == "object", f"{tool.name}: inputSchema {raw['inputSchema']}")
        Draft202012Validator.check_schema(raw["inputSchema"])
        if "outputSchema" in raw:
            check(raw["outputSchema"].get("type") == "object", f"{tool.name}: outputSchema")
            Draft202012Validator.check_schema(raw["outputSchema"])
        check(raw.get("title") and raw.get("description"), f"{tool.name}: title and description")
        hints = raw.get("annotations", {})
        check(all(isinstance(hints.get(hint), bool) for hint in HINTS), f"{tool.name}: annotations {hints}")
        check(hints["openWorldHint"] is False, f"{tool.name}: openWorldHint")
        check("/" not in raw["description"].replace("://", "").replace(".csdef/.cscfg", "")
              or not any(f"{m.replace('_', '/', 1)}" in raw["description"] for m in names),
              f"{tool.name}: its description names a method: {raw['description']}")
        session.schemas[tool.name] = raw
    commit = session.schemas["migration_commit"]["annotations"]
    check(commit["destructiveHint"] and not commit["readOnlyHint"], f"migration_commit hints {commit}")
    check(session.schemas["validation_run"]["annotations"]["readOnlyHint"], "validation_run is not read-only")
    print(f"tools: {len(names)}: {', '.join(names)}")
    return names


async def scenario(session):
    """The sample estate from validation through the gateway fix to commit, through tools only."""
    loaded = await session.call("estate_load", {"estate": SAMPLE})
    check(loaded["succeeded"] and loaded["summary"]["gateways"] == 1, f"estate_load {loaded['summary']}")
    handle = {"handle": loaded["handle"]}
    report = await session.call("validation_run", {"estate": handle, "target": VNET})
    errors = [m for m in report["validationMessages"] if m["category"] == "Error"]
    check(any(m["ruleId"] == "CS-UNSUP-VPN-GATEWAY" for m in errors), f"no gateway blocker in {errors}")
    print(f"validation_run: {report['result']} ({len(errors)} errors)")
    rule = await session.call("validation_explain", {"ruleId": "CS-UNSUP-VPN-GATEWAY"})
    check("gateways/plan" not in json.dumps(rule), f"the rule names a method: {rule}")
    runbook = await session.call("gateways_plan", {"estate": handle, "virtualNetwork": "contoso-vnet"})
    check(any(step["action"] == "commit" for step in runbook["steps"]), "runbook without commit")
    await session.call("arm_plan", {"estate": handle, "target": SHOP})
    not_imported = await session.fail("migration_validate", {"target": VNET}, "estate_import")
    check("estate/import" not in not_imported, f"the error names the method: {not_imported}")
    imported = await session.call("estate_import", {"estate": SAMPLE})
    check("virtualNetwork:contoso-vnet" in imported["targets"], f"targets {imported['targets']}")
    vnet = await session.call("classic_get", {"resource": VNET})
    check(vnet["resource"].get("gateway"), "the classic VNet has no gateway to remove")
    blocked = await session.fail("migration_prepare", {"target": VNET}, "Error 2002")
    check("What to do:" in blocked, blocked)
    await session.call("migration_abort", {"target": VNET})  # a failed Prepare leaves the target locked
    await session.call("classic_update", {"resource": VNET, "patch": {"gateway": None}})
    validated = await session.call("migration_validate", {"target": VNET})
    check(validated["failed"] is False, f"migration_validate {validated}")
    progress = []

    async def on_progress(value, total, message):
        progress.append(value)

    prepared = await session.call("migration_prepare", {"target": VNET}, progress_callback=on_progress)
    check(prepared["state"] == "Prepared" and progress, f"prepare {prepared}, progress {progress}")
    status = await session.call("migration_status", {"target": VNET})
    check(status["targets"][0]["state"] == "Prepared", f"status {status}")
    arm = await session.call("arm_list", {})
    cloud_service = next(r["id"] for r in arm["resources"] if r["type"] == "Microsoft.Compute/cloudServices")
    await session.call("arm_get", {"id": cloud_service})
    await session.fail("arm_update", {"id": cloud_service, "patch": {"tags": {"owner": "ops"}}}, "Error 2000")
    committed = await session.call("migration_commit", {"target": VNET})
    check(committed["state"] == "Committed", f"commit {committed}")
    await session.fail("migration_abort", {"target": VNET}, "Error 2000")
    print(f"scenario: validated, gateway removed, prepared ({len(progress)} progress), committed")
    await session.call("arm_update", {"id": cloud_service, "patch": {"tags": {"owner": "ops"}}})
    history = await session.call("migration_history", {"target": VNET})
    check(any(op["operation"] == "migration_commit" or op["operation"] == "commit" for op in history["operations"]),
          f"history {history}")
    await session.call("gateways_recreate", {"estate": handle, "virtualNetwork": "contoso-vnet"})
    await session.call("arm_delete", {"id": cloud_service})
    # The solo estate: import, prepare, abort, delete a classic deployment.
    await session.call("estate_import", {"estate": SOLO})
    await session.call("classic_list", {})
    solo = {"service": "contoso-jobs"}
    await session.call("migration_prepare", {"target": solo})
    aborted = await session.call("migration_abort", {"target": solo})
    check(aborted["state"] != "Prepared", f"abort {aborted}")
    await session.call("classic_delete", {"resource": {"service": "contoso-jobs", "slot": "Production"}})
    return handle


async def every_other_tool(session, handle, names):
    """The read-only tools the scenario did not call, with valid and invalid arguments."""
    plan = await session.call("arm_plan", {"estate": handle, "target": SHOP})
    await session.call("arm_template", {"estate": handle, "target": SHOP})
    await session.call("artifacts_rewrite", {"estate": handle, "target": SHOP})
    diff = await session.call("arm_diff", {"before": plan, "after": plan})
    check(diff["added"] == [] and diff["changed"] == [], f"arm_diff {diff}")
    await session.call("estate_parse", {"kind": "cscfg", "path": "examples/sample-estate/ServiceConfiguration.Cloud.cscfg"})
    await session.call("validation_rules", {})
    discovered = await session.call("estate_discover", {"path": "examples/MyCloudService"})
    check(discovered["document"].get("services"), f"estate_discover {discovered}")
    report = await session.call("report_html", {"estate": handle})
    check("<html" in report["html"], "report_html gave no page")
    await session.call("extensions_inventory", {"estate": handle})
    await session.call("extensions_convert", {"estate": handle, "target": SHOP})
    await session.call("gateways_inventory", {"estate": handle})
    certificate = [{"base64": certificate_base64()}]
    await session.call("certificates_inspect", {"files": certificate})
    await session.call("certificates_match", {"estate": handle, "files": certificate})
    await session.call("certificates_plan", {"estate": handle, "target": SHOP})
    await session.call("diagnostics_slow", {"steps": 1, "stepMilliseconds": 0})
    await session.fail("diagnostics_fail", {"code": 1234, "message": "boom"}, "Error 1234: boom")

    invalid = {
        "estate_load": ({}, "field: estate"),
        "estate_parse": ({"kind": "nonsense", "text": "x"}, "field: kind"),
        "estate_discover": ({}, "field: path"),
        "report_html": ({"estate": handle, "target": {"service": "nope"}}, "field: target.service"),
        "validation_run": ({"estate": handle}, "field: target"),
        "validation_rules": ({"rulesRevision": 5}, "field: rulesRevision"),
        "validation_explain": ({"ruleId": "NO-SUCH-RULE"}, "Error 1002"),
        "arm_plan": ({"estate": handle, "target": {"service": "nope"}}, "field: target.service"),
        "arm_template": ({"estate": handle}, "field: target"),
        "artifacts_rewrite": ({"estate": {"path": "../x.json"}, "target": SHOP}, "Error 1001"),
        "arm_diff": ({"before": {}}, "Error -32602"),
        "extensions_inventory": ({"estate": {"handle": "e-0"}}, "Error 1002"),
        "extensions_convert": ({"estate": handle}, "field: target"),
        "gateways_inventory": ({"estate": handle, "virtualNetwork": "nope"}, "field: virtualNetwork"),
        "gateways_plan": ({"estate": handle}, "field: virtualNetwork"),
        "gateways_recreate": ({"estate": handle}, "field: virtualNetwork"),
        "certificates_inspect": ({"files": [{"base64": "bm90IGEgY2VydA=="}]}, "Error 1000"),
        "certificates_match": ({"estate": handle}, "field: files"),
        "certificates_plan": ({"estate": handle, "target": SHOP, "vaultName": "-"}, "field: vaultName"),
        "estate_import": ({"estate": {"path": "no-such.json"}}, "Error 1000"),
        "migration_validate": ({"target": {"virtualNetwork": "nope"}}, "Error 1002"),
        "migration_prepare": ({}, "Error -32602"),
        "migration_abort": ({"target": 5}, "Error -32602"),
        "migration_commit": ({"target": {"service": "nope"}}, "Error 1002"),
        "migration_status": ({"target": 5}, "Error -32602"),
        "migration_history": ({"limit": "many"}, "field: limit"),
        "classic_get": ({"resource": {"service": "nope"}}, "Error 1002"),
        "classic_update": ({"resource": VNET}, "Error"),
        "classic_delete": ({}, "Error -32602"),
        "arm_get": ({"id": "/nope"}, "Error 1002"),
        "arm_list": ({"type": 5}, "Error -32602"),
        "arm_update": ({"id": "/nope", "patch": {}}, "Error 1002"),
        "arm_delete": ({"id": "/nope"}, "Error 1002"),
        "diagnostics_slow": ({"steps": 0}, "field: steps"),
        "diagnostics_fail": ({"code": 1500}, "Error 1500"),
    }
    for name, (arguments, expect) in invalid.items():
        await session.fail(name, arguments, expect)
    missing = sorted(set(names) - session.called)
    check(not missing, f"tools never called: {missing}")
    # A tool that takes no arguments has no invalid form (its arguments are ignored).
    no_arguments = {name for name in names if not session.schemas[name]["inputSchema"].get("properties")}
    untried = sorted(set(names) - set(invalid) - no_arguments)
    check(not untried, f"tools never called with invalid arguments: {untried}")
    print(f"every tool called with valid and invalid arguments ({len(invalid)} invalid calls)")


async def resources_and_prompts(session, handle):
    listed = (await session.session.list_resources()).resources
    uris = [str(resource.uri) for resource in listed]
    check("csmigrate://rules" in uris and f"csmigrate://estates/{handle['handle']}" in uris, f"resources {uris}")
    for uri in uris:
        contents = (await session.session.read_resource(uri)).contents
        check(field(contents[0], "mime_type", "mimeType") == "application/json", f"{uri} mimeType")
        json.loads(contents[0].text)
    templates = (await session.session.list_resource_templates()).resource_templates
    check({field(t, "uri_template", "uriTemplate") for t in templates}
          == {"csmigrate://estates/{handle}", "csmigrate://rules/{ruleId}"}, f"templates {templates}")
    rule = json.loads((await session.session.read_resource("csmigrate://rules/CS-UNSUP-VPN-GATEWAY")).contents[0].text)
    check(rule["id"] == "CS-UNSUP-VPN-GATEWAY", f"rule {rule}")
    try:
        await session.session.read_resource("csmigrate://nothing")
        check(False, "an unknown resource was read")
    except MCPError as error:
        check(error.error.code == -32002, f"unknown resource: {error.error}")
    print(f"resources: {len(uris)} read, {len(templates)} templates")

    prompts = (await session.session.list_prompts()).prompts
    check([prompt.name for prompt in prompts] == ["migrate_estate"], f"prompts {prompts}")
    prompt = await session.session.get_prompt("migrate_estate", {"estate": SAMPLE["path"]})
    text = prompt.messages[0].content.text
    for step in ("validation_run", "validation_explain", "arm_plan", "migration_prepare", "migration_commit", "confirm"):
        check(step in text, f"the prompt does not mention {step}")
    try:
        await session.session.get_prompt("migrate_estate", {})
        check(False, "a prompt without its required argument was given")
    except MCPError as error:
        check(error.error.code == -32602, f"missing argument: {error.error}")
    print("prompts: migrate_estate")


async def cancellation(session):
    try:
        await session.session.call_tool("diagnostics_slow", {"steps": 1000, "stepMilliseconds": 50},
                                         read_timeout_seconds=0.5)
        check(False, "a slow call was not cancelled")
    except MCPError as error:
        print(f"cancelled: {error.error.message}")
    await session.session.send_ping()
    result = await session.session.call_tool("diagnostics_slow", {"steps": 1, "stepMilliseconds": 0})
    check(not field(result, "is_error", "isError"), "the worker did not go on after a cancellation")


async def main(binary, root):
    state = tempfile.mkdtemp(prefix="csmigrate-mcp-")
    server = StdioServerParameters(
        command=binary, args=["serve", "--root", root, "--plugins", "all", "--state", state])
    async with stdio_client(server) as (read, write):
        async with ClientSession(read, write) as client:
            init = await client.initialize()
            info = field(init, "server_info", "serverInfo")
            check(info.name == "csmigrate", f"serverInfo {info}")
            capabilities = init.capabilities
            check(capabilities.tools and capabilities.resources and capabilities.prompts, f"capabilities {capabilities}")
            print(f"initialized: protocol {field(init, 'protocol_version', 'protocolVersion')}")
            session = Session(client)
            names = await check_tools(session)
            handle = await scenario(session)
            await every_other_tool(session, handle, names)
            await resources_and_prompts(session, handle)
            await cancellation(session)
    print("ok")


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2]))
