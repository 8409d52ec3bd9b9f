import EstateModel

/// The core mapping of one deployment at a time into a growing plan.
struct ARMPlanBuilder {
  let estate: Estate
  let options: ARMPlanOptions
  let subscriptionID: String
  let sourceTexts: ARMSourceTexts
  var plan: ARMPlan

  init(estate: Estate, options: ARMPlanOptions, subscriptionID: String, sourceTexts: @escaping ARMSourceTexts) {
    self.estate = estate
    self.options = options
    self.subscriptionID = subscriptionID
    self.sourceTexts = sourceTexts
    self.plan = ARMPlan(subscriptionID: subscriptionID, naming: options.effectiveNaming)
  }

  func id(_ type: String, _ name: String, in group: String) -> String {
    ARMResource.id(subscriptionID: subscriptionID, resourceGroup: group, type: type, name: name)
  }

  /// Maps one deployment and everything it needs.
  mutating func mapDeployment(service: CloudService, deployment: Deployment) {
    let network = mapNetwork(service: service, deployment: deployment)
    let location = network.location
    let group = options.name(for: PlatformNames.serviceResourceGroup(service.name))
    plan.addResourceGroup(
      ARMResourceGroup(
        name: group, location: location,
        source: ARMClassicSource(kind: "cloudService", name: service.name, location: service.location)))
    let frontends = mapFrontends(service: service, deployment: deployment, group: group, network: network)
    let vault = mapKeyVault(service: service, deployment: deployment, group: group, location: location)
    mapCloudService(
      service: service, deployment: deployment, group: group, network: network, frontends: frontends, vault: vault)
  }

  /// The region of a service: its own, its VNet's, the caller's, the subscription's default.
  func location(service: CloudService, network: VirtualNetwork?) -> String? {
    (service.region ?? network?.region ?? options.location ?? estate.subscription?.defaultRegion)
      .map(ARMPlanOptions.armLocation)
  }

  // MARK: - Key Vault

  /// `KV-<service>` when any role has certificates.
  mutating func mapKeyVault(service: CloudService, deployment: Deployment, group: String, location: String)
    -> String?
  {
    let hasCertificates = deployment.roles.contains { !($0.configuration?.certificates.isEmpty ?? true) }
    guard hasCertificates else { return nil }
    let name = options.name(for: PlatformNames.keyVault(service.name))
    let properties: ARMValue = [
      "tenantId": "[subscription().tenantId]",
      "sku": ["family": "A", "name": "standard"],
      "accessPolicies": [],
      "enabledForDeployment": true,
    ]
    let resource = ARMResource(
      subscriptionID: subscriptionID, type: ARMType.keyVault, apiVersion: ARMType.apiVersion(ARMType.keyVault),
      name: name, resourceGroup: group, location: location, properties: properties,
      source: ARMClassicSource(kind: "certificates", name: service.name, service: service.name))
    plan.upsert(resource)
    return resource.id
  }
}
