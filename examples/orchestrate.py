#!/usr/bin/env python3
"""Validate every migration target of an estate and prepare those without blockers.

Usage: orchestrate.py [ESTATE] [--root DIR] [--csmigrate PATH]

ESTATE is an estate document (default: examples/sample-estate/estate.json), relative to --root
(default: the current directory). The targets are what the platform migrates: every classic virtual
network (with the cloud services in it) and every deployment outside a named virtual network. Each is
validated with validation/run; the estate is imported into a throwaway ledger (a temporary directory);
targets without Error findings are prepared, the others are reported with their blockers.

Uses the csmigrate_client library: installed (`pip install ./clients/python`) or found next to this
script in ../clients/python/src. Exits 0 when the run completed (whatever the verdicts), 1 otherwise.
"""
import argparse
import os
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "clients", "python", "src"))

from csmigrate_client import JsonRpcError, Worker  # noqa: E402


def targets_of(model):
    """The estate's migration targets as (label, target) pairs, networks first, in a stable order."""
    targets = [(f"vnet {network['name']}", {"virtualNetwork": network["name"]})
               for network in sorted(model.get("virtualNetworks", []), key=lambda n: n["name"])]
    for service in sorted(model.get("cloudServices", []), key=lambda s: s["name"]):
        for deployment in service.get("deployments", []):
            membership = deployment.get("virtualNetwork") or {}
            if membership.get("kind") == "named":
                continue  # migrates with its network
            slot = deployment.get("slot", "Production")
            targets.append((f"{service['name']}/{slot}", {"service": service["name"], "slot": slot}))
    return targets


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("estate", nargs="?", default="examples/sample-estate/estate.json")
    parser.add_argument("--root", default=os.getcwd())
    parser.add_argument("--csmigrate", default="csmigrate", help="the csmigrate binary (default: on PATH)")
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="csmigrate-ledger-") as ledger, \
            Worker.spawn(options.csmigrate, args=("serve", "--root", options.root, "--state", ledger)) as worker:
        estate = {"path": options.estate}
        loaded = worker.call("estate/load", {"estate": estate, "includeModel": True})
        targets = targets_of(loaded.get("estate") or {})
        print(f"estate {options.estate}: {len(targets)} target(s)")

        verdicts = []
        for label, target in targets:
            report = worker.call("validation/run", {"estate": estate, "target": target})
            messages = report["validationMessages"]
            errors = [m for m in messages if m["category"] == "Error"]
            warnings = [m for m in messages if m["category"] == "Warning"]
            verdicts.append((label, target, errors, warnings))

        worker.call("estate/import", {"estate": estate})
        for label, target, errors, warnings in verdicts:
            if errors:
                print(f"  {label}: blocked, {len(errors)} error(s), {len(warnings)} warning(s)")
                for message in errors:
                    where = message.get("location") or {}
                    at = f" ({where['file']}:{where.get('line')})" if "file" in where else ""
                    print(f"    {message['ruleId']}: {message['message']}{at}")
                continue
            try:
                result = worker.call("migration/prepare", {"target": target}, timeout=300)
                print(f"  {label}: {result['state']} ({result['armResources']} ARM resources, "
                      f"{len(warnings)} warning(s))")
            except JsonRpcError as error:
                print(f"  {label}: prepare refused, {error.code}: {error.message}")

        prepared = [t for t in worker.call("migration/status")["targets"] if t["state"] == "Prepared"]
        print(f"prepared {len(prepared)} of {len(targets)} target(s); ledger discarded")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (JsonRpcError, OSError) as error:
        print(f"orchestrate.py: {error}", file=sys.stderr)
        sys.exit(1)
