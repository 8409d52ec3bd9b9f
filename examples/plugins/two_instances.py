"""No service without two instances: a csmigrate rule in one Python file (protocol.md, "Writing a plugin")."""
from csmigrate_client.plugin import Plugin, hit

plugin = Plugin("sla", version="1.0.0", summary="Every role of a migrated service runs at least two instances.")

@plugin.rule("sla.TWO-INSTANCES", scope="role", severity="Warning", summary="Every role runs two instances or more.",
             message="Role {role} of {deployment} runs {count} instance(s); the SLA needs two.",
             fix="Set <Instances count=\"2\" /> or more for {role} in its .cscfg.")
def two_instances(estate, scope):
    wanted = {(d["service"], d["deployment"]) for d in scope["deployments"]}
    for service in estate["cloudServices"]:
        for deployment in (d for d in service.get("deployments", []) if (service["name"], d["name"]) in wanted):
            for role in deployment.get("roles", []):
                config = role.get("configuration") or {}
                if config.get("instanceCount", 2) < 2:
                    yield hit("Role", role["name"], {"role": role["name"], "deployment": deployment["name"],
                                                     "count": config["instanceCount"]}, location=config.get("location"))

plugin.run()
