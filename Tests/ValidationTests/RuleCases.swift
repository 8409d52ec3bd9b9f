import EstateModel
import PluginAPI

/// For every rule: a case that triggers it and a near-identical one that does not.
enum RuleCases {
  static let deploymentTarget = MigrationTarget.deployment(service: "contoso", slot: "Production", deployment: nil)
  static let existing = MigrationDestination(
    kind: "Existing", resourceGroup: "rg", virtualNetwork: "vnet1", subnet: "web")

  static func outsideVNet(_ membership: VirtualNetworkMembership?) -> Case {
    Case(mutate: { $0.production { $0.virtualNetwork = membership } }, target: deploymentTarget)
  }

  static func destination(_ destination: MigrationDestination) -> Case {
    Case(
      mutate: { $0.production { $0.virtualNetwork = .hiddenDefault } }, target: deploymentTarget,
      destination: destination)
  }

  static func size(_ size: String, _ revision: RulesRevision = .preview2021) -> Case {
    Case(mutate: { $0.webRole { $0.definition?.vmSizeAttribute = size } }, revision: revision)
  }

  static func tenant(_ kind: String, _ revision: RulesRevision = .preview2021) -> Case {
    Case(mutate: { $0.addTenant(kind) }, revision: revision)
  }

  static let base = Case()

  static let pairs: [String: (trigger: Case, clean: Case)] = [
    "CS-ERR-NOT-IN-VNET": (outsideVNet(VirtualNetworkMembership.none), outsideVNet(.hiddenDefault)),
    "CS-ERR-NO-SUBNET": (Case(mutate: { $0.webRole { $0.subnets = [] } }), base),
    "CS-ERR-TWO-SLOTS": (Case(mutate: { $0.addStaging() }), base),
    "CS-ERR-INTERMEDIATE-STATE": (Case(mutate: { $0.production { $0.status = .runningTransitioning } }), base),
    "CS-ERR-VM-UPDATING": (
      Case(mutate: { $0.webRole { $0.instances = [RoleInstance(name: "Web_IN_0", status: "BusyRole")] } }),
      Case(mutate: { $0.webRole { $0.instances = [RoleInstance(name: "Web_IN_0", status: "ReadyRole")] } })
    ),
    "CS-ERR-RESERVED-IP-NO-NAME": (
      Case(mutate: { $0.production { $0.reservedIPName = "" } }),
      Case(mutate: { $0.production { $0.reservedIPName = "ip1" } })
    ),
    "CS-ERR-RESERVED-IP-NO-ENDPOINT": (
      Case(mutate: {
        $0.production { $0.reservedIPName = "ip1" }; $0.webRole { $0.definition?.endpoints = [] }
      }),
      Case(mutate: { $0.production { $0.reservedIPName = "ip1" } })
    ),
    "CS-ERR-NONVNET-FEATURE": (
      {
        var trigger = outsideVNet(VirtualNetworkMembership.none)
        trigger.phase = .prepare
        return trigger
      }(), outsideVNet(VirtualNetworkMembership.none)
    ),
    "CS-ERR-DEST-VNET-EMPTY": (
      destination(MigrationDestination(kind: "Existing", resourceGroup: "rg", virtualNetwork: "", subnet: "web")),
      destination(existing)
    ),
    "CS-ERR-DEST-SUBNET-EMPTY": (
      destination(MigrationDestination(kind: "Existing", resourceGroup: "rg", virtualNetwork: "vnet1")),
      destination(existing)
    ),
    "CS-ERR-DEST-INVALID": (
      destination(MigrationDestination(kind: "Shared")), destination(MigrationDestination(kind: "New"))
    ),
    "CS-ERR-DEST-DEFAULT": (
      destination(MigrationDestination(kind: "Default")), destination(MigrationDestination(kind: "New"))
    ),
    "CS-ERR-SUBNET-REGION": (Case(mutate: { $0.virtualNetworks[0].region = "North Europe" }), base),
    "CS-ERR-BELONGS-TO-VNET": (Case(target: deploymentTarget), base),
    "CS-ERR-QUOTA": (Case(mutate: { $0.quotas[0].used = 99 }), Case(mutate: { $0.quotas[0].used = 98 })),
    "CS-PREP-NETWORK-QUOTA": (
      Case(
        mutate: {
          $0.quotas.append(
            decode(#"{"region": "West Europe", "resource": "publicIPAddresses", "limit": 10, "used": 10}"#))
        },
        phase: .prepare),
      Case(
        mutate: {
          $0.quotas.append(
            decode(#"{"region": "West Europe", "resource": "publicIPAddresses", "limit": 10, "used": 9}"#))
        },
        phase: .prepare)
    ),
    "CS-PREP-LOAD-BALANCER-RULES": (
      Case(
        mutate: {
          $0.webRole {
            $0.definition?.endpoints.append(Endpoint(name: "again", kind: .input, protocol: "tcp", port: 80))
          }
        },
        phase: .prepare),
      Case(
        mutate: {
          $0.webRole {
            $0.definition?.endpoints.append(Endpoint(name: "again", kind: .input, protocol: "tcp", port: 81))
          }
        },
        phase: .prepare)
    ),
    "CS-PREP-PRIVATE-IP-CONFLICT": (
      Case(
        mutate: {
          $0.webRole {
            $0.instances = [
              RoleInstance(name: "Web_IN_0", ipAddress: "10.0.0.4"),
              RoleInstance(name: "Web_IN_1", ipAddress: "10.0.0.4"),
            ]
          }
        }, phase: .prepare),
      Case(
        mutate: {
          $0.webRole {
            $0.instances = [
              RoleInstance(name: "Web_IN_0", ipAddress: "10.0.0.4"),
              RoleInstance(name: "Web_IN_1", ipAddress: "10.0.0.5"),
            ]
          }
        }, phase: .prepare)
    ),
    "CS-ERR-SERVICE-NAME-MISMATCH": (Case(mutate: { $0.production { $0.configuration?.serviceName = "other" } }), base),
    "CS-ERR-SERVICE-NAMED-LIKE-ROLE": (Case(mutate: { $0.webRole { $0.name = "contoso" } }), base),
    "CS-UNSUP-LEGACY-SIZE-RENAMED": (size("Small"), size("Standard_A1_v2")),
    "CS-UNSUP-LEGACY-SIZE": (size("Small", .current2024), size("Standard_A1_v2", .current2024)),
    "CS-UNSUP-DEPRECATED-SIZE": (size("A8"), size("Standard_A8_v2")),
    "CS-UNSUP-NONVNET-UNKNOWN": (outsideVNet(nil), outsideVNet(.hiddenDefault)),
    "CS-UNSUP-TWO-SLOTS-RESERVED-IP": (
      Case(mutate: { $0.addStaging(reservedIP: "ip1") }), Case(mutate: { $0.addStaging() })
    ),
    "CS-UNSUP-TWO-SLOTS-DIFFERENT-VNET": (
      Case(mutate: { $0.addStaging(vnet: "vnet2") }), Case(mutate: { $0.addStaging() })
    ),
    "CS-UNSUP-EMPTY-SERVICE": (
      Case(
        mutate: { $0.cloudServices.append(CloudService(name: "empty")) },
        target: .deployment(service: "empty", slot: nil, deployment: nil)),
      Case(
        mutate: {
          $0.cloudServices.append(
            CloudService(name: "empty", deployments: [Deployment(slot: .production, virtualNetwork: .hiddenDefault)]))
        },
        target: .deployment(service: "empty", slot: nil, deployment: nil))
    ),
    "CS-UNSUP-RDP-PLUGIN-AND-EXTENSION": (
      Case(mutate: {
        $0.webRole {
          $0.definition?.imports = [PluginImport(moduleName: "RemoteAccess")];
          $0.extensions = [RoleExtension(name: "RDP-web", type: "RDP")]
        }
      }),
      Case(mutate: {
        $0.webRole {
          $0.definition?.imports = [PluginImport(moduleName: "RemoteAccess")];
          $0.extensions = [RoleExtension(name: "RDP-web", type: "RDP", enabled: false)]
        }
      })
    ),
    "CS-UNSUP-PAAS-AND-IAAS": (tenant("iaas-vm"), base),
    "CS-UNSUP-DIFFERENT-VNET": (
      Case(
        target: deploymentTarget,
        destination: MigrationDestination(kind: "Existing", resourceGroup: "rg", virtualNetwork: "other", subnet: "s")),
      Case(target: deploymentTarget, destination: existing)
    ),
    "CS-UNSUP-AUTOSCALE": (
      Case(mutate: {
        $0.cloudServices[0].autoscaleRules = [decode(#"{"role": "Web", "metric": "cpu", "enabled": true}"#)]
      }), base
    ),
    "CS-UNSUP-ALERTS": (
      Case(mutate: { $0.cloudServices[0].alerts = [decode(#"{"name": "a", "metric": "cpu", "enabled": true}"#)] }), base
    ),
    "CS-UNSUP-VPN-GATEWAY": (
      Case(mutate: { $0.virtualNetworks[0].gateway = Gateway(type: .vpn) }),
      Case(mutate: { $0.virtualNetworks[0].gateway = Gateway(type: .expressRoute) })
    ),
    "CS-UNSUP-EXPRESSROUTE-GATEWAY": (
      Case(mutate: { $0.virtualNetworks[0].gateway = Gateway(type: .expressRoute) }),
      Case(mutate: { $0.virtualNetworks[0].gateway = Gateway(type: .vpn) })
    ),
    "CS-UNSUP-QUOTA-UNKNOWN": (Case(mutate: { $0.quotas = [] }), base),
    "CS-UNSUP-AFFINITY-GROUP": (Case(mutate: { $0.cloudServices[0].affinityGroup = "ag1" }), base),
    "CS-UNSUP-PEERING": (
      Case(mutate: {
        $0.virtualNetworkPeerings = [
          decode(#"{"name": "p", "virtualNetwork": "vnet1", "remoteVirtualNetwork": "hub"}"#)
        ]
      }),
      Case(mutate: {
        $0.virtualNetworkPeerings = [
          decode(#"{"name": "p", "virtualNetwork": "vnet2", "remoteVirtualNetwork": "hub"}"#)
        ]
      })
    ),
    "CS-UNSUP-APP-SERVICE-ENVIRONMENT": (tenant("app-service-environment"), base),
    "CS-UNSUP-BATCH": (tenant("batch", .current2024), tenant("batch", .preview2021)),
    "CS-UNSUP-HDINSIGHT": (tenant("hdinsight"), base),
    "CS-UNSUP-API-MANAGEMENT": (tenant("api-management"), base),
    "CS-UNSUP-APPLICATION-GATEWAY": (tenant("application-gateway"), base),
    "CS-UNSUP-EXPRESSROUTE-CIRCUIT": (
      Case(
        mutate: { $0.expressRouteCircuits = [decode(#"{"name": "er", "linkedVirtualNetworks": ["vnet1"]}"#)] },
        phase: .prepare),
      Case(
        mutate: {
          $0.expressRouteCircuits = [
            decode(#"{"name": "er", "linkedVirtualNetworks": ["vnet1"], "resourceManagerId": "/subscriptions/s/x/er"}"#)
          ]
        }, phase: .prepare)
    ),
    "CS-UNSUP-RBAC": (
      Case(mutate: { $0.rbacAssignments = [decode(#"{"principal": "p", "role": "Reader", "scope": "/x/contoso"}"#)] }),
      Case(mutate: { $0.rbacAssignments = [decode(#"{"principal": "p", "role": "Reader", "scope": "/x/other"}"#)] })
    ),
  ]
}
