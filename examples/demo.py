#!/usr/bin/env python3
"""csmigrate's main job on the sample estate: the whole migration lifecycle, as a readable transcript.

Spawns `csmigrate serve` rooted at the repository with its ledger in a temporary directory, then walks
the sample estate (examples/sample-estate: one cloud service with two roles in a classic VNet that has a
VPN gateway) through what a migration team does: validate, follow the fix for the blocker, prepare, look
at both sides, see a change refused while prepared, commit, and export the deployable ARM template and the
rewritten .cscfg/.csdef. Standard library only. Usage: python3 examples/demo.py [path/to/csmigrate]
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build/debug/csmigrate")
SAMPLE = {"path": "examples/sample-estate/estate.json"}
VNET = {"virtualNetwork": "contoso-vnet"}


class Worker:
    """A worker process with a blocking call helper that prints progress notifications."""

    def __init__(self, *args):
        self.process = subprocess.Popen(
            [BINARY, "serve", "--root", ROOT, *args],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)
        self.next_id = 0

    def request(self, method, params=None):
        """Returns the whole reply: `result` or `error`."""
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

    def call(self, method, params=None):
        """Returns the result, or stops the demo with the error."""
        reply = self.request(method, params)
        if "error" in reply:
            raise SystemExit(f"{method} failed: {json.dumps(reply['error'])}")
        return reply["result"]

    def close(self):
        self.call("shutdown")
        self.process.stdin.write(json.dumps({"jsonrpc": "2.0", "method": "exit"}) + "\n")
        self.process.stdin.close()
        return self.process.wait(timeout=60)


def heading(number, text):
    print(f"\n{number}. {text}")


def show_messages(messages, categories=("Error", "Warning"), limit=6):
    shown = [m for m in messages if m.get("category", m.get("severity", "").capitalize()) in categories]
    for message in shown[:limit]:
        category = message.get("category") or message["severity"].capitalize()
        print(f"    {category:8} {message['message']}")
        if message.get("fix"):
            print(f"             fix: {message['fix']}")
        if message.get("location"):
            where = message["location"]
            print(f"             at {where['file']}:{where.get('line', '?')}")
    if len(shown) > limit:
        print(f"    … and {len(shown) - limit} more")


def main():
    state = tempfile.mkdtemp(prefix="csmigrate-ledger-")
    output = tempfile.mkdtemp(prefix="csmigrate-template-")
    worker = Worker("--state", state, "--plugins", "all")
    try:
        info = worker.call("initialize", {"clientInfo": {"name": "demo.py"}})
        print(f"{info['serverInfo']['name']} {info['serverInfo']['version']}: "
              f"{', '.join(p['name'] for p in info['plugins'])}; ledger in {state}")

        heading(1, "Load the sample estate")
        loaded = worker.call("estate/load", {"estate": SAMPLE})
        summary = loaded["summary"]
        print(f"    {summary['services']} cloud service, {summary['roles']} roles, {summary['instances']} instances, "
              f"{summary['virtualNetworks']} virtual network with {summary['subnets']} subnets, "
              f"{summary['reservedIPs']} reserved IP, {summary['gateways']} gateway; "
              f"{'no problems' if not loaded['problems'] else str(len(loaded['problems'])) + ' problems'}")

        heading(2, "Validate the virtual network (the cloud service migrates with it)")
        report = worker.call("validation/run", {"estate": {"handle": loaded["handle"]}, "target": VNET})
        print(f"    {report['result']}")
        show_messages(report["validationMessages"], categories=("Error",))
        informations = sum(1 for m in report["validationMessages"] if m["category"] == "Information")
        print(f"    ({informations} Information messages say what will be migrated and how)")

        heading(3, "Import the estate into the ledger and follow the fix: remove the VPN gateway")
        imported = worker.call("estate/import", {"estate": SAMPLE})
        print(f"    imported: targets {', '.join(imported['targets'])}")
        worker.call("classic/update", {"resource": VNET, "patch": {"gateway": None}})
        print("    classic/update: contoso-vnet's gateway deleted (it is recreated after the migration)")
        validated = worker.call("migration/validate", {"target": VNET})
        print(f"    {validated['result']}")
        show_messages(validated["validationMessages"], categories=("Warning",), limit=3)

        heading(4, "Prepare: the ARM side is created and both sides are locked")
        prepared = worker.call("migration/prepare", {"target": VNET, "_meta": {"progressToken": "prepare"}})
        print(f"    state {prepared['state']}, {prepared['armResources']} ARM resources")

        heading(5, "Both sides are readable while prepared")
        deployment = worker.call("classic/get", {"resource": {"service": "contoso-shop", "slot": "Production"}})
        roles = ", ".join(role["name"] for role in deployment["resource"].get("roles", []))
        print(f"    classic: deployment {deployment['resource'].get('name')} with roles {roles}")
        for resource in worker.call("arm/list", {})["resources"]:
            print(f"    ARM:     {resource['type']:40} {resource['name']:18} in {resource['resourceGroup']}")

        heading(6, "Changes are refused while prepared, with the platform's words")
        refused = worker.request("classic/update", {
            "resource": {"service": "contoso-shop", "slot": "Production"}, "patch": {"label": "hotfix"}})
        print(f"    classic/update: {refused['error']['message']}")
        arm_id = next(r["id"] for r in worker.call("arm/list", {})["resources"]
                      if r["type"] == "Microsoft.Compute/cloudServices")
        refused = worker.request("arm/update", {"id": arm_id, "patch": {"tags": {"owner": "ops"}}})
        print(f"    arm/update:     {refused['error']['data'].get('platformCode')}: {refused['error']['message']}")

        heading(7, "Commit: the classic side is gone, the ARM side is unlocked")
        committed = worker.call("migration/commit", {"target": VNET})
        print(f"    state {committed['state']}")
        refused = worker.request("migration/abort", {"target": VNET})
        print(f"    abort afterwards: {refused['error']['message']}")
        status = worker.call("migration/status", {"target": VNET})["targets"][0]
        for deployment in status["deployments"]:
            roles = ", ".join(f"{r['name']} {r['migrationState']}" for r in deployment["roles"])
            print(f"    {deployment['service']}/{deployment['slot']}: {deployment['migrationState']} ({roles})")

        heading(8, "Export the deployable template and the rewritten artifacts")
        bundle = worker.call("arm/template", {"estate": SAMPLE, "target": {"service": "contoso-shop"}})
        with open(os.path.join(output, "azuredeploy.json"), "w") as file:
            json.dump(bundle["template"], file, indent=2, sort_keys=True)
        with open(os.path.join(output, "azuredeploy.parameters.json"), "w") as file:
            json.dump(bundle["parameters"], file, indent=2, sort_keys=True)
        rewritten = worker.call("artifacts/rewrite", {"estate": SAMPLE, "target": {"service": "contoso-shop"}})
        files = rewritten.get("files", [])
        for artifact in files:
            name = os.path.basename(artifact.get("path") or artifact.get("file") or "artifact")
            with open(os.path.join(output, name), "w") as file:
                file.write(artifact.get("rewritten") or artifact.get("text") or "")
        print(f"    template with {len(bundle['template'].get('resources', []))} top-level resources, "
              f"parameters file, and {len(files)} rewritten artifacts in {output} (removed when the demo ends)")
        diff = "\n".join(artifact.get("diff", "") for artifact in files)
        added = [line[1:].strip() for line in diff.splitlines() if line.startswith("+") and not line.startswith("+++")]
        removed = sum(1 for line in diff.splitlines() if line.startswith("-") and not line.startswith("---"))
        print(f"    the diff removes {removed} lines (plugins, RemoteAccess settings) and writes {len(added)}, such as:")
        for line in added[:3]:
            print(f"      {line[:120]}")

        heading(9, "The ledger keeps an append-only log")
        history = worker.call("migration/history", {"target": VNET})["operations"]
        print("    " + ", ".join(f"{op['operation']} {op['outcome']}" for op in history
                                   if "." not in op["operation"]))
        code = worker.close()
        print(f"\nworker exited with {code}")
        return code
    finally:
        if worker.process.poll() is None:
            worker.process.kill()
        shutil.rmtree(state, ignore_errors=True)
        shutil.rmtree(output, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
