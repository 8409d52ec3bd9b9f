/// Resource types and API versions the mapper emits.
enum ARMType {
  static let cloudService = "Microsoft.Compute/cloudServices"
  static let virtualNetwork = "Microsoft.Network/virtualNetworks"
  static let publicIP = "Microsoft.Network/publicIPAddresses"
  static let networkSecurityGroup = "Microsoft.Network/networkSecurityGroups"
  static let routeTable = "Microsoft.Network/routeTables"
  static let loadBalancer = "Microsoft.Network/loadBalancers"
  static let frontend = "Microsoft.Network/loadBalancers/frontendIPConfigurations"
  static let keyVault = "Microsoft.KeyVault/vaults"
  static let keyVaultSecret = "Microsoft.KeyVault/vaults/secrets"
  static let keyVaultAccessPolicies = "Microsoft.KeyVault/vaults/accessPolicies"
  static let resourceGroup = "Microsoft.Resources/resourceGroups"
  static let deployment = "Microsoft.Resources/deployments"

  /// API version per type; cloud services use the version of the official schema in `shared/schemas`.
  static let apiVersions: [String: String] = [
    cloudService: "2022-09-04",
    virtualNetwork: "2023-09-01",
    publicIP: "2023-09-01",
    networkSecurityGroup: "2023-09-01",
    routeTable: "2023-09-01",
    keyVault: "2023-07-01",
    resourceGroup: "2022-09-01",
    deployment: "2022-09-01",
  ]

  static func apiVersion(_ type: String) -> String { apiVersions[type] ?? "2023-09-01" }
}

/// The cscfg/csdef texts of a deployment, looked up by the file a source location names.
public typealias ARMSourceTexts = @Sendable (_ file: String) -> String?
