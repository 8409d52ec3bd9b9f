"""A naming-policy rule pack for csmigrate: one rule and one method, with csmigrate_client.plugin."""

import re

from csmigrate_client.plugin import Plugin, hit

plugin = Plugin("naming", version="1.0.0", summary="Our naming policy for roles.")


@plugin.rule("naming.ROLE-DIGIT", scope="role", severity="Warning", summary="Role names do not end with a digit.",
             message="Role {role} of {deployment} ends with a digit.", fix="Rename {role} for what it does.")
def role_digit(estate, scope):
    for service in estate["cloudServices"]:
        for deployment in service.get("deployments", []):
            for role in deployment.get("roles", []):
                if re.search(r"\d$", role["name"]):
                    yield hit("Role", role["name"], {"role": role["name"], "deployment": deployment["name"]},
                              service=service["name"], deployment=deployment["name"], role=role["name"])


@plugin.method("naming/suggest", summary="Suggests a role name without a trailing digit.",
               tool=("Suggest a role name", "Use to rename a role that naming.ROLE-DIGIT reports."))
def suggest(params, context):
    return {"name": re.sub(r"\d+$", "", params["name"]) or params["name"]}


if __name__ == "__main__":
    plugin.run()
