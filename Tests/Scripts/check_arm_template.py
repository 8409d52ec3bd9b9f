#!/usr/bin/env python3
"""Validates ARM templates and parameters files produced by csmigrate against Microsoft's schemas.

Usage: check_arm_template.py <schema-dir> <file.json>...

<schema-dir> is shared/schemas: arm/ keeps the layout of Azure/azure-resource-manager-schemas under schemas/,
so every document is registered under its "id" URL and $refs resolve offline (see SOURCES.txt there).
- A parameters file is validated against 2019-04-01/deploymentParameters.json.
- A template is validated against its own $schema (subscriptionDeploymentTemplate or deploymentTemplate), with
  one waiver: the schemas' resource union names provider files that are not stored, so each resource is checked
  against the definition of its own type and apiVersion instead (SOURCES.txt says to). Nested templates
  (properties.template) are validated the same way.
Prints {"waivers": [...], "files": {file: [error, ...]}} and exits 1 when any file has errors.
"""
import copy
import glob
import json
import os
import sys

import jsonschema
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

WAIVERS = [
    "Microsoft.Compute/cloudServices 2022-09-04 extensionProfile.extensions[].properties.settings and "
    "protectedSettings: the schema says object, but extended support takes the classic XML configuration as a "
    "string, as Microsoft's own templates do (shared/corpus/arm/001 and 004: rdpPublicConfig and "
    "wadPublicConfig_* are string parameters, rdpPrivateConfig and wadPrivateConfig_* securestring ones); "
    "string values there are accepted",
    "Microsoft.Resources 2022-09-01 DeploymentParameter.value is oneOf [{}, expression]: an expression matches both, "
    "so no nested deployment could pass \"[parameters('x')]\" as Microsoft documents (azure-docs "
    "articles/azure-resource-manager/templates/deploy-to-subscription.md, nested templates with inner scope); "
    "validated as anyOf instead",
    "template resources: the deployment template schemas' resource union refers to provider files not stored in "
    "shared/schemas (SOURCES.txt); each resource is validated against its own type and apiVersion definition instead",
]


def load(path):
    with open(path, encoding="utf-8-sig") as handle:
        return json.load(handle)


def documents(schema_dir):
    for path in sorted(glob.glob(os.path.join(schema_dir, "arm", "**", "*.json"), recursive=True)):
        yield path, load(path)


def registry(schema_dir):
    resources = []
    by_id = {}
    for _, document in documents(schema_dir):
        uri = document["id"].rstrip("#")
        by_id[uri] = document
    for uri, document in list(by_id.items()):
        if uri.endswith("deploymentTemplate.json") or uri.endswith("subscriptionDeploymentTemplate.json"):
            waived = copy.deepcopy(document)
            waived["definitions"]["resource"] = {"$ref": "#/definitions/resourceBase"}
            by_id[uri] = waived
        if uri.endswith("/2022-09-01/Microsoft.Resources.json"):
            patched = copy.deepcopy(document)
            value = patched["definitions"]["DeploymentParameter"]["properties"]["value"]
            value["anyOf"] = value.pop("oneOf")
            by_id[uri] = patched
    for uri, document in by_id.items():
        resources.append((uri, Resource.from_contents(document, default_specification=DRAFT4)))
    return Registry().with_resources(resources), by_id


def definition_ref(by_id, resource, scope):
    rtype = resource.get("type", "")
    version = resource.get("apiVersion", "")
    namespace, _, rest = rtype.partition("/")
    key = rest.replace("/", "_")
    for uri, document in by_id.items():
        if f"/schemas/{version}/{namespace}." not in uri:
            continue
        sections = ["subscription_resourceDefinitions", "resourceDefinitions"] if scope == "subscription" else [
            "resourceDefinitions", "subscription_resourceDefinitions"]
        for section in sections:
            if key in document.get(section, {}):
                return f"{uri}#/{section}/{key}"
    return None


def describe(error):
    """The most specific reason under oneOf/anyOf failures, with its path."""
    while error.context:
        error = max(error.context, key=lambda sub: (len(sub.absolute_path), -len(sub.context or [])))
    path = "/".join(str(part) for part in error.absolute_path)
    return f"{path}: {error.message[:300]}"


def waived(resource):
    """A copy with the first waiver applied: XML string extension settings of a cloud service become {}."""
    if resource.get("type") != "Microsoft.Compute/cloudServices":
        return resource
    copied = copy.deepcopy(resource)
    extensions = (((copied.get("properties") or {}).get("extensionProfile") or {}).get("extensions")) or []
    for extension in extensions if isinstance(extensions, list) else []:
        properties = extension.get("properties") if isinstance(extension, dict) else None
        for key in ("settings", "protectedSettings"):
            if isinstance(properties, dict) and isinstance(properties.get(key), str):
                properties[key] = {}
    return copied


def check_template(template, reg, by_id, where, scope, errors):
    schema_uri = template.get("$schema", "").rstrip("#")
    if schema_uri not in by_id:
        errors.append(f"{where}: unknown $schema {template.get('$schema')}")
        return
    validator = jsonschema.Draft4Validator({"$ref": schema_uri + "#"}, registry=reg)
    for error in validator.iter_errors(template):
        errors.append(f"{where}: {describe(error)}")
    for index, resource in enumerate(template.get("resources", [])):
        name = f"{where}/resources/{index} ({resource.get('type')} {resource.get('name')})"
        ref = definition_ref(by_id, resource, scope)
        if ref is None:
            errors.append(f"{name}: no schema for {resource.get('type')} {resource.get('apiVersion')}")
            continue
        resource_validator = jsonschema.Draft4Validator({"$ref": ref}, registry=reg)
        for error in resource_validator.iter_errors(waived(resource)):
            errors.append(f"{name}: {describe(error)}")
        inner = resource.get("properties", {}).get("template") if isinstance(resource.get("properties"), dict) else None
        if isinstance(inner, dict):
            check_template(inner, reg, by_id, name + "/template", "resourceGroup", errors)


def check(document, reg, by_id):
    errors = []
    schema = document.get("$schema", "")
    if "deploymentParameters" in schema:
        validator = jsonschema.Draft4Validator({"$ref": schema.rstrip("#") + "#"}, registry=reg)
        for error in validator.iter_errors(document):
            errors.append(f"parameters: {describe(error)}")
        return errors
    scope = "subscription" if "subscriptionDeploymentTemplate" in schema else "resourceGroup"
    check_template(document, reg, by_id, "template", scope, errors)
    return errors


def main():
    reg, by_id = registry(sys.argv[1])
    report = {path: check(load(path), reg, by_id) for path in sys.argv[2:]}
    print(json.dumps({"waivers": WAIVERS, "files": report}, sort_keys=True))
    sys.exit(1 if any(report.values()) else 0)


if __name__ == "__main__":
    main()
