#!/usr/bin/env python3
"""Reads csmigrate's templates as ARM would run them and reports what would fail.

Usage: check_arm_semantics.py <bundle.json>...

A bundle is {"template": ..., "parameters": ..., "existing": [{"type", "resourceGroup", "name"}...]}: "existing"
lists what the earlier stages made (the prerequisite vaults, the imported secrets, the migrated VNet of a gateway
template). Checks, for every template and nested template:
- every expression ("[...]") parses and calls only known functions;
- every resourceId()/subscriptionResourceId() has one name per type segment and, with literal arguments, names a
  resource of the template or an existing one; every reference() names one, and one the same deployment creates
  only with a dependsOn on it (so it exists first); every dependsOn names a resource of the same deployment;
- no string holds a literal resource ID or subscription GUID;
- literal names fit their type's rule: resources (a child's name segment by segment), the groups nested
  deployments go to, a cloud service's load balancers and frontends, and Key Vault secret references;
- secure parameters have no default value and no value in the parameters file; secret-looking properties are
  parameters.
Prints {file: [error, ...]} and exits 1 when any bundle has errors.
"""
import json
import re
import sys

FUNCTIONS = {
    "resourceId", "subscriptionResourceId", "reference", "parameters", "variables", "subscription", "resourceGroup",
    "replace", "format", "concat", "uniqueString", "toLower", "toUpper", "string", "int", "bool", "not", "and",
    "or", "equals", "if", "empty", "length", "substring", "deployment", "guid", "base64",
}
SECRET_KEYS = re.compile(r"(password|sharedkey|secret|privatekey|protectedsettings)$", re.I)
GUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
NETWORK_NAME = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9_.-]{0,78}[A-Za-z0-9_])?$")
# Microsoft's "Naming rules and restrictions for Azure resources", per type; a child's name is checked segment by
# segment against its own type and each parent's.
NAME_RULES = {
    "microsoft.keyvault/vaults": re.compile(r"^[A-Za-z](?!.*--)[A-Za-z0-9-]{1,22}[A-Za-z0-9]$"),
    "microsoft.keyvault/vaults/secrets": re.compile(r"^[A-Za-z0-9-]{1,127}$"),
    "microsoft.resources/resourcegroups": re.compile(r"^[-\w._()]{0,89}[-\w_()]$"),
    "microsoft.network/virtualnetworks": re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}[A-Za-z0-9_]$"),
    "microsoft.network/virtualnetworks/subnets": NETWORK_NAME,
    "microsoft.network/publicipaddresses": NETWORK_NAME,
    "microsoft.network/networksecuritygroups": NETWORK_NAME,
    "microsoft.network/routetables": NETWORK_NAME,
    "microsoft.network/loadbalancers": NETWORK_NAME,
    "microsoft.network/loadbalancers/frontendipconfigurations": NETWORK_NAME,
    "microsoft.network/virtualnetworkgateways": NETWORK_NAME,
    "microsoft.network/localnetworkgateways": NETWORK_NAME,
    "microsoft.network/connections": NETWORK_NAME,
    "microsoft.compute/cloudservices": re.compile(r"^[A-Za-z0-9]([A-Za-z0-9_.-]{0,62}[A-Za-z0-9_])?$"),
    "microsoft.resources/deployments": re.compile(r"^[-\w._()]{1,64}$"),
}


def name_errors(rtype, name):
    """Why a literal name breaks its type's rule (each segment of a child's name against its own type's rule)."""
    parts = rtype.lower().split("/")
    segments = name.split("/")
    errors = []
    for index, segment in enumerate(segments):
        segment_type = "/".join(parts[:2 + index]) if len(segments) == len(parts) - 1 else rtype.lower()
        rule = NAME_RULES.get(segment_type)
        if rule and not rule.match(segment):
            errors.append(f"name {segment} breaks the {segment_type} rule")
    return errors


def embedded_names(resource):
    """(type, name) of the names a resource gives things inside it: a cloud service's load balancers and frontends."""
    if (resource.get("type") or "").lower() != "microsoft.compute/cloudservices":
        return
    props = resource.get("properties") if isinstance(resource.get("properties"), dict) else {}
    for balancer in (props.get("networkProfile") or {}).get("loadBalancerConfigurations") or []:
        yield "Microsoft.Network/loadBalancers", balancer.get("name", "")
        for frontend in (balancer.get("properties") or {}).get("frontendIpConfigurations") or []:
            yield "Microsoft.Network/loadBalancers/frontendIPConfigurations", frontend.get("name", "")


class Call:
    def __init__(self, name, args):
        self.name, self.args = name, args


def parse(text):
    """Parses an ARM expression body into nested Call/str/int values; raises ValueError."""
    pos = 0

    def skip():
        nonlocal pos
        while pos < len(text) and text[pos] == " ":
            pos += 1

    def value():
        nonlocal pos
        skip()
        if pos >= len(text):
            raise ValueError("unexpected end")
        if text[pos] == "'":
            pos += 1
            out = ""
            while True:
                if pos >= len(text):
                    raise ValueError("unterminated string")
                if text[pos] == "'":
                    if text[pos + 1:pos + 2] == "'":
                        out += "'"
                        pos += 2
                        continue
                    pos += 1
                    break
                out += text[pos]
                pos += 1
            result = out
        elif text[pos].isdigit() or text[pos] == "-":
            match = re.match(r"-?\d+", text[pos:])
            pos += len(match.group(0))
            result = int(match.group(0))
        else:
            match = re.match(r"[A-Za-z_][A-Za-z0-9_.]*", text[pos:])
            if not match:
                raise ValueError(f"unexpected {text[pos]!r} at {pos}")
            name = match.group(0)
            pos += len(name)
            skip()
            if pos >= len(text) or text[pos] != "(":
                raise ValueError(f"{name} is not a call")
            pos += 1
            args = []
            skip()
            if text[pos:pos + 1] == ")":
                pos += 1
            else:
                while True:
                    args.append(value())
                    skip()
                    if text[pos:pos + 1] == ",":
                        pos += 1
                        continue
                    if text[pos:pos + 1] == ")":
                        pos += 1
                        break
                    raise ValueError(f"expected , or ) at {pos}")
            result = Call(name, args)
        while pos < len(text) and text[pos] in ".[":
            if text[pos] == ".":
                match = re.match(r"\.[A-Za-z_][A-Za-z0-9_]*", text[pos:])
                if not match:
                    raise ValueError(f"bad property access at {pos}")
                pos += len(match.group(0))
            else:
                pos += 1
                value()
                skip()
                if text[pos:pos + 1] != "]":
                    raise ValueError(f"expected ] at {pos}")
                pos += 1
        return result

    result = value()
    skip()
    if pos != len(text):
        raise ValueError(f"trailing text at {pos}")
    return result


def calls(node):
    if isinstance(node, Call):
        yield node
        for arg in node.args:
            yield from calls(arg)


def literal(node):
    if isinstance(node, str):
        return node
    if isinstance(node, Call) and node.name == "format" and all(isinstance(a, str) for a in node.args):
        pattern, values = node.args[0], node.args[1:]
        return re.sub(r"\{(\d+)\}", lambda m: values[int(m.group(1))], pattern)
    return None


def resource_target(call, current_group):
    """(group or None for subscription level, type, names) of a resourceId-like call, or an error string."""
    args = call.args
    type_index = next((i for i, a in enumerate(args) if isinstance(a, str) and "/" in a), None)
    if type_index is None:
        return "no literal resource type"
    rtype = args[type_index]
    names = args[type_index + 1:]
    segments = len(rtype.split("/")) - 1
    if len(names) != segments:
        return f"{rtype} takes {segments} name(s), got {len(names)}"
    if call.name == "subscriptionResourceId":
        return (None, rtype, names)
    before = args[:type_index]
    group = current_group
    if len(before) >= 1:
        group = before[-1] if isinstance(before[-1], str) else None
        if group is None:
            return "resource group is not a literal"
    return (group, rtype, names)


def strings(value, path=""):
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from strings(item, f"{path}[{index}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings(item, f"{path}.{key}" if path else key)


def keyed(value, path=""):
    if isinstance(value, dict):
        for key, item in value.items():
            yield key, item, f"{path}.{key}"
            yield from keyed(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from keyed(item, f"{path}[{index}]")


def declared(template, group, out):
    """Adds (group, type lower, name lower) of every resource of a template and its nested templates."""
    for resource in template.get("resources", []):
        name = resource.get("name", "")
        if isinstance(name, str) and name.startswith("["):
            try:
                name = literal(parse(name[1:-1])) or name
            except ValueError:
                pass
        rtype = resource.get("type", "")
        if rtype.lower() == "microsoft.resources/resourcegroups":
            out.add((None, rtype.lower(), name.lower()))
        elif rtype.lower() == "microsoft.resources/deployments" and resource.get("resourceGroup"):
            out.add((resource["resourceGroup"].lower(), rtype.lower(), name.lower()))
        else:
            out.add(((group or "").lower() or None, rtype.lower(), name.lower()))
        inner = (resource.get("properties") or {}).get("template")
        if isinstance(inner, dict):
            declared(inner, resource.get("resourceGroup", group), out)


def check_template(template, group, known, where, errors, secure_outer):
    parameters = template.get("parameters", {})
    secure = {n for n, p in parameters.items() if str(p.get("type", "")).lower().startswith("secure")}
    for name in secure:
        if "defaultValue" in parameters[name]:
            errors.append(f"{where}: secure parameter {name} has a default value")
    local = set()
    for resource in template.get("resources", []):
        name = resource.get("name", "")
        if isinstance(name, str) and name.startswith("["):
            name = literal(parse(name[1:-1])) or name
        local.add((resource.get("type", "").lower(), name.lower()))
    for index, resource in enumerate(template.get("resources", [])):
        rwhere = f"{where}/resources/{index} ({resource.get('type')})"
        rtype = resource.get("type", "").lower()
        rgroup = resource.get("resourceGroup", group)
        name = resource.get("name", "")
        if isinstance(name, str) and not name.startswith("["):
            errors.extend(f"{rwhere}: {message}" for message in name_errors(rtype, name))
        if rtype == "microsoft.resources/deployments" and isinstance(rgroup, str) and not rgroup.startswith("["):
            errors.extend(f"{rwhere}: resourceGroup: {message}"
                          for message in name_errors("Microsoft.Resources/resourceGroups", rgroup))
        for etype, ename in embedded_names(resource):
            if isinstance(ename, str) and not ename.startswith("["):
                errors.extend(f"{rwhere}: {message}" for message in name_errors(etype, ename))
        depends = set()
        for entry in resource.get("dependsOn", []) if isinstance(resource.get("dependsOn"), list) else []:
            try:
                for call in calls(parse(entry[1:-1])) if isinstance(entry, str) and entry.startswith("[") else []:
                    target = resource_target(call, None) if call.name == "resourceId" else None
                    if isinstance(target, tuple):
                        depends.add((target[1].lower(), "/".join(target[2]).lower()))
            except ValueError:
                pass
        body = {k: v for k, v in resource.items() if k != "properties" or not isinstance(v, dict)}
        props = resource.get("properties") if isinstance(resource.get("properties"), dict) else {}
        body["properties"] = {k: v for k, v in props.items() if k != "template"}
        for path, text in strings(body):
            if path == "$schema":
                continue
            if text.startswith("/subscriptions/") or GUID.search(text) and not text.startswith("["):
                errors.append(f"{rwhere}: {path}: literal resource ID or subscription: {text[:80]}")
            if not (text.startswith("[") and not text.startswith("[[")):
                continue
            try:
                tree = parse(text[1:-1])
            except ValueError as error:
                errors.append(f"{rwhere}: {path}: expression does not parse: {error}")
                continue
            for call in calls(tree):
                if call.name not in FUNCTIONS:
                    errors.append(f"{rwhere}: {path}: unknown function {call.name}")
                if call.name in ("resourceId", "subscriptionResourceId"):
                    target = resource_target(call, (rgroup or "").lower() or None)
                    if isinstance(target, str):
                        errors.append(f"{rwhere}: {path}: malformed {call.name}: {target}")
                        continue
                    tgroup, ttype, tnames = target
                    key = ((tgroup or "").lower() or None, ttype.lower(), "/".join(tnames).lower())
                    if key not in known:
                        errors.append(f"{rwhere}: {path}: {call.name} names {ttype} {'/'.join(tnames)} "
                                      f"in {tgroup}, which neither this deployment nor an earlier stage creates")
                    if path.startswith("dependsOn") and (tgroup or "").lower() != (rgroup or "").lower() \
                            and rtype != "microsoft.resources/deployments" and call.name == "resourceId" \
                            and (ttype.lower(), "/".join(tnames).lower()) not in local:
                        errors.append(f"{rwhere}: {path}: dependsOn names a resource outside this deployment")
                if call.name == "reference" and call.args and isinstance(call.args[0], Call):
                    target = resource_target(call.args[0], (rgroup or "").lower() or None)
                    if isinstance(target, tuple) and (target[0] or "").lower() == (rgroup or "").lower():
                        key = (target[1].lower(), "/".join(target[2]).lower())
                        if key in local and key not in depends:
                            errors.append(f"{rwhere}: {path}: reference() to {target[1]} {'/'.join(target[2])}, "
                                          "which this deployment creates, without a dependsOn on it")
                if call.name == "parameters" and call.args and isinstance(call.args[0], str):
                    if call.args[0] not in parameters:
                        errors.append(f"{rwhere}: {path}: undeclared parameter {call.args[0]}")
        for key, value, path in keyed(body.get("properties", {})):
            if SECRET_KEYS.search(key) and isinstance(value, str) and value and not value.startswith("[parameters("):
                errors.append(f"{rwhere}: {path}: secret-looking property is inline")
        if rtype == "microsoft.resources/deployments":
            inner = props.get("template")
            passed = props.get("parameters", {})
            for pname, pvalue in passed.items():
                kv = (pvalue.get("reference") or {}).get("keyVault") if isinstance(pvalue, dict) else None
                secret_name = (pvalue.get("reference") or {}).get("secretName") if kv else None
                if isinstance(secret_name, str) and not secret_name.startswith("["):
                    errors.extend(f"{rwhere}: parameter {pname}: {message}"
                                  for message in name_errors("Microsoft.KeyVault/vaults/secrets", secret_name))
                if kv:
                    try:
                        target = resource_target(next(calls(parse(kv["id"][1:-1]))), None)
                    except (ValueError, StopIteration, KeyError):
                        errors.append(f"{rwhere}: parameter {pname}: vault ID is not a resourceId()")
                        continue
                    if isinstance(target, str) or target[1].lower() != "microsoft.keyvault/vaults":
                        errors.append(f"{rwhere}: parameter {pname}: reference to something that is not a vault")
                        continue
                    key = ((target[0] or "").lower(), target[1].lower(), "/".join(target[2]).lower())
                    if key not in known.get("__earlier__", set()):
                        errors.append(f"{rwhere}: parameter {pname}: Key Vault reference to a vault no earlier "
                                      "stage creates")
            if isinstance(inner, dict):
                check_template(inner, rgroup, known, rwhere + "/template", errors, secure)


class Known(set):
    def get(self, key, default):
        return self.earlier if key == "__earlier__" else default


def check(bundle):
    errors = []
    template = bundle["template"]
    known = Known()
    declared(template, None, known)
    known.earlier = set()
    for item in bundle.get("existing", []):
        entry = ((item.get("resourceGroup") or "").lower() or None, item["type"].lower(), item["name"].lower())
        known.add(entry)
        known.earlier.add(entry)
    check_template(template, None, known, "template", errors, set())
    top = template.get("parameters", {})
    for name, value in (bundle.get("parameters") or {}).get("parameters", {}).items():
        if name not in top:
            errors.append(f"parameters file: {name} is not a template parameter")
        elif str(top[name].get("type", "")).lower().startswith("secure") and "value" in value:
            errors.append(f"parameters file: secure parameter {name} has an inline value")
        secret_name = ((value.get("reference") or {}).get("secretName")) if isinstance(value, dict) else None
        if isinstance(secret_name, str):
            errors.extend(f"parameters file: {name}: {message}"
                          for message in name_errors("Microsoft.KeyVault/vaults/secrets", secret_name))
    return errors


def main():
    report = {}
    for path in sys.argv[1:]:
        with open(path, encoding="utf-8") as handle:
            report[path] = check(json.load(handle))
    print(json.dumps(report, sort_keys=True))
    sys.exit(1 if any(report.values()) else 0)


if __name__ == "__main__":
    main()
