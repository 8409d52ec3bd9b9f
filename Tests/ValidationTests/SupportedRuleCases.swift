import EstateModel
import PluginAPI

/// Trigger and clean cases for the Information rules of the supported tables.
enum SupportedRuleCases {
  static let base = Case()
  static let elsewhere = Case(mutate: { $0.production { $0.virtualNetwork = .named("vnet2") } })

  static let pairs: [String: (trigger: Case, clean: Case)] = [
    "CS-SUP-DEPLOYMENT": (base, elsewhere),
    "CS-SUP-DNS-NAME": (base, elsewhere),
    "CS-SUP-VIRTUAL-NETWORK": (
      base, Case(mutate: { $0.production { $0.virtualNetwork = .hiddenDefault } }, target: RuleCases.deploymentTarget)
    ),
    "CS-SUP-NSG": (Case(mutate: { $0.virtualNetworks[0].subnets[0].networkSecurityGroup = "nsg1" }), base),
    "CS-SUP-ROUTE-TABLE": (Case(mutate: { $0.virtualNetworks[0].subnets[0].routeTable = "rt1" }), base),
    "CS-SUP-RESERVED-IP": (Case(mutate: { $0.production { $0.reservedIPName = "ip1" } }), base),
    "CS-SUP-DYNAMIC-IP": (base, Case(mutate: { $0.production { $0.reservedIPName = "ip1" } })),
    "CS-SUP-LOAD-BALANCER": (base, Case(mutate: { $0.webRole { $0.definition?.endpoints = [] } })),
    "CS-SUP-INTERNAL-LOAD-BALANCER": (
      Case(mutate: { deployment in
        var network = ConfigurationNetwork()
        network.loadBalancers = [
          InternalLoadBalancer(name: "ilb", frontendType: "Private", subnet: "web", staticAddress: nil)
        ]
        deployment.production { $0.configuration?.network = network }
      }), base
    ),
    "CS-SUP-ENDPOINT": (base, Case(mutate: { $0.webRole { $0.definition?.endpoints = [] } })),
    "CS-SUP-ENDPOINT-ACL": (
      Case(mutate: { deployment in
        var network = ConfigurationNetwork()
        network.endpointAcls = [EndpointAcl(role: "Web", endpoint: "http", accessControl: "office")]
        deployment.production { $0.configuration?.network = network }
      }), base
    ),
    "CS-SUP-NETWORK-TRAFFIC-RULES": (
      Case(mutate: {
        $0.production {
          $0.definition?.networkTrafficRules = [
            NetworkTrafficRule(
              destinations: [RoleEndpointRef(roleName: "Web", endpointName: "http")], allowAllTraffic: true,
              fromRoles: [])
          ]
        }
      }), base
    ),
    "CS-SUP-CERTIFICATES": (
      Case(mutate: {
        $0.webRole { $0.configuration?.certificates = [ConfiguredCertificate(name: "ssl", thumbprint: "AB")] }
      }), base
    ),
    "CS-SUP-PLUGINS-EXTENSIONS": (
      Case(mutate: { $0.webRole { $0.definition?.imports = [PluginImport(moduleName: "Diagnostics")] } }), base
    ),
    "CS-SUP-STARTUP-TASKS": (
      Case(mutate: { $0.webRole { $0.definition?.startupTasks = [StartupTask(commandLine: "setup.cmd")] } }), base
    ),
    "CS-SUP-ACCELERATED-NETWORKING": (RuleCases.size("Standard_D2_v2"), base),
    "CS-SUP-STORAGE-ACCOUNT": (
      Case(mutate: {
        $0.webRole {
          $0.configuration?.settings = [
            ConfiguredSetting(
              name: "Storage", value: ConfigValue("DefaultEndpointsProtocol=https;AccountName=acct", isSecret: false))
          ]
        }
      }),
      Case(mutate: {
        $0.webRole {
          $0.configuration?.settings = [
            ConfiguredSetting(name: "Storage", value: ConfigValue("UseDevelopmentStorage=true", isSecret: false))
          ]
        }
      })
    ),
    "CS-SUP-ENTRA-DOMAIN-SERVICES": (RuleCases.tenant("entra-domain-services"), base),
    "CS-SUP-SINGLE-SLOT": (base, Case(mutate: { $0.production { $0.slot = .staging } })),
    "CS-SUP-STAGING-ONLY": (Case(mutate: { $0.production { $0.slot = .staging } }), base),
    "CS-SUP-DEFAULT-VNET": (
      RuleCases.outsideVNet(.hiddenDefault), RuleCases.outsideVNet(VirtualNetworkMembership.none)
    ),
    "CS-SUP-XML-EXTENSIONS": (
      Case(mutate: { $0.webRole { $0.extensions = [RoleExtension(name: "BGInfo")] } }),
      Case(mutate: { $0.webRole { $0.extensions = [RoleExtension(name: "BGInfo", enabled: false)] } })
    ),
    "CS-SUP-MULTIPLE-SERVICES": (
      Case(mutate: { estate in
        var other = estate.cloudServices[0]
        other.name = "fabrikam"
        estate.cloudServices.append(other)
      }), base
    ),
    "CS-SUP-PORTAL-VNET": (
      Case(
        mutate: {
          $0.virtualNetworks[0].name = "Group rg1 vnet1";
          $0.production { $0.virtualNetwork = .named("Group rg1 vnet1") }
        },
        target: .virtualNetwork("Group rg1 vnet1")), base
    ),
    "CS-SUP-ROLES-IN-SUBNETS": (
      Case(mutate: { estate in
        estate.production { deployment in
          var second = deployment.roles[0]
          second.name = "Api"
          second.subnets = ["app"]
          deployment.roles.append(second)
        }
      }),
      Case(mutate: { estate in
        estate.production { deployment in
          var second = deployment.roles[0]
          second.name = "Api"
          deployment.roles.append(second)
        }
      })
    ),
  ]
}
