import EstateModel

/// The core mapping of one deployment at a time into a growing plan.
struct ARMPlanBuilder {
  let estate: Estate
  let options: ARMPlanOptions
  let subscriptionID: String
  let sourceTexts: ARMSourceTexts
  /// Whether the cloud service's `.cscfg` is read and rewritten into the template (`false` for a plan made for
  /// its findings alone: the rewrite adds no finding validation reports, and reading the files is most of the cost).
  var rewritesArtifacts = true
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
    let group = armName(PlatformNames.serviceResourceGroup(service.name), type: ARMType.resourceGroup)
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

  /// `KV-<service>` when any role has certificates or secret settings: a prerequisite-stage vault (created only
  /// when it does not exist yet) and an `accessPolicies/add` for the operator, which keeps every other policy.
  mutating func mapKeyVault(service: CloudService, deployment: Deployment, group: String, location: String)
    -> ARMResourceID?
  {
    let hasCertificates = deployment.roles.contains { role in
      role.configuration?.certificates.contains { !ArtifactRewriter.removedCertificates.contains($0.name) } ?? false
    }
    let hasSecrets = deployment.roles.contains { role in
      role.configuration?.settings.contains { setting in
        !ArtifactRewriter.isRemovedSetting(setting.name)
          && (setting.value.isSecret || SecretPolicy.isSecret(settingName: setting.name))
      } ?? false
    }
    guard hasCertificates || hasSecrets else { return nil }
    let name = armName(PlatformNames.keyVault(service.name), type: ARMType.keyVault)
    let create = parameterName(name, "create")
    plan.addParameter(
      ARMParameter(
        name: create, type: "bool",
        description: "Whether to create the Key Vault \(name); the deployment script passes false when it exists",
        resourceGroup: group, defaultValue: true))
    plan.addParameter(
      ARMParameter(
        name: "operatorObjectId", type: "string",
        description: "Object ID of the user or service principal that imports certificates and secrets "
          + "(az ad signed-in-user show --query id)", resourceGroup: group))
    let properties: ARMValue = [
      "tenantId": "[subscription().tenantId]",
      "sku": ["family": "A", "name": "standard"],
      "accessPolicies": [],
      "enabledForDeployment": true,
      "enabledForTemplateDeployment": true,
      "enableRbacAuthorization": false,
      "softDeleteRetentionInDays": 90,
    ]
    let source = ARMClassicSource(kind: "certificates", name: service.name, service: service.name)
    let vault = ARMResource(
      subscriptionID: subscriptionID, type: ARMType.keyVault, apiVersion: ARMType.apiVersion(ARMType.keyVault),
      name: name, resourceGroup: group, location: location, properties: properties, source: source,
      stage: .prerequisites, condition: "[parameters('\(create)')]")
    plan.upsert(vault)
    let policy: ARMValue = [
      "tenantId": "[subscription().tenantId]", "objectId": "[parameters('operatorObjectId')]",
      "permissions": [
        "certificates": ["get", "list", "import"], "secrets": ["get", "list", "set"],
      ],
    ]
    plan.upsert(
      ARMResource(
        subscriptionID: subscriptionID, type: ARMType.keyVaultAccessPolicies,
        apiVersion: ARMType.apiVersion(ARMType.keyVault), name: name + "/add", resourceGroup: group, location: "",
        properties: ["accessPolicies": [policy]], dependsOn: [vault.id], source: source, stage: .prerequisites))
    return ARMResourceID(resourceGroup: group, type: ARMType.keyVault, name: name)
  }

  /// The name to emit for what the platform names `platformName`: the caller's name for it under the custom
  /// profile, else the platform's name fitted to the type's rule (``ARMPlan/fittedName(_:type:)``).
  mutating func armName(_ platformName: String, type: String) -> String {
    plan.fittedName(options.name(for: platformName), type: type)
  }
}
