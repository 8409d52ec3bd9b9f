#!/usr/bin/env python3
"""Validates ARM templates produced by csmigrate.

Usage: check_arm_template.py <schema-dir> <template.json>...

Every Microsoft.Compute/cloudServices resource, wherever it sits (top level or inside nested deployments),
is validated against resourceDefinitions.cloudServices of Microsoft.Compute.2022-09-04.json. That schema
refers to https://schema.management.azure.com/schemas/common/definitions.json by URL; both files carry an
"id" with their URL, so they are registered under those URLs and resolved offline.
The template envelope is checked too ($schema, contentVersion, resources with type/apiVersion/name).
Prints a JSON object {file: [error, ...]} and exits 1 when any file has errors.
"""
import json
import sys

import jsonschema
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4


def load(path):
    with open(path, encoding="utf-8-sig") as handle:
        return json.load(handle)


def registry(schema_dir):
    compute = load(f"{schema_dir}/Microsoft.Compute.2022-09-04.json")
    common = load(f"{schema_dir}/common-definitions.json")
    resources = []
    for document in (compute, common):
        uri = document["id"].rstrip("#")
        resources.append((uri, Resource.from_contents(document, default_specification=DRAFT4)))
    return Registry().with_resources(resources), compute["id"].rstrip("#")


def resources_of(template):
    for resource in template.get("resources", []):
        yield resource
        inner = resource.get("properties", {}).get("template")
        if isinstance(inner, dict):
            yield from resources_of(inner)


def check(template, reg, compute_uri):
    errors = []
    for key in ("$schema", "contentVersion", "resources"):
        if key not in template:
            errors.append(f"template has no {key}")
    schema = {"$ref": f"{compute_uri}#/resourceDefinitions/cloudServices"}
    validator = jsonschema.Draft4Validator(schema, registry=reg)
    count = 0
    for resource in resources_of(template):
        for key in ("type", "apiVersion", "name"):
            if key not in resource:
                errors.append(f"resource without {key}: {json.dumps(resource)[:80]}")
        if resource.get("type") == "Microsoft.Compute/cloudServices":
            count += 1
            for error in validator.iter_errors(resource):
                path = "/".join(str(part) for part in error.absolute_path)
                errors.append(f"{resource.get('name')}: {path}: {error.message[:300]}")
    if count == 0:
        errors.append("no Microsoft.Compute/cloudServices resource")
    return errors


def main():
    reg, compute_uri = registry(sys.argv[1])
    report = {path: check(load(path), reg, compute_uri) for path in sys.argv[2:]}
    print(json.dumps(report, sort_keys=True))
    sys.exit(1 if any(report.values()) else 0)


if __name__ == "__main__":
    main()
