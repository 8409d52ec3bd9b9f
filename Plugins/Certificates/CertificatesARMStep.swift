import EstateModel
import PluginAPI

/// The ARM mapping step: fills `osProfile.secrets` of each cloud service from its `.cscfg` thumbprints, reading
/// the core's prerequisite `KV-<service>` vault, and lists each certificate for the deployment script to import.
///
/// `certificateUrl` is a `reference()` to the secret's current version: the script imports the PFX (checking its
/// thumbprint) before the main template runs, so the reference names something that exists by then.
enum CertificatesARMStep {
  static let vaultType = "Microsoft.KeyVault/vaults"
  static let cloudServiceType = "Microsoft.Compute/cloudServices"

  /// The step.
  static let step = ARMMappingStep(id: "certificates.secrets", order: 100) { context, plan in
    let found = PlannedServices(plan)
    for service in context.servicesInScope {
      guard let vault = found.vaults[service.name], let serviceIndex = found.cloudServices[service.name] else {
        continue
      }
      fill(service: service, vault: vault, serviceIndex: serviceIndex, plan: &plan)
    }
  }

  /// Each service's certificate vault and cloud service position in a plan, found in one pass (first wins).
  struct PlannedServices {
    var vaults: [String: ARMResource] = [:]
    var cloudServices: [String: Int] = [:]

    init(_ plan: ARMPlan) {
      for (position, resource) in plan.resources.enumerated() {
        guard let service = resource.source.service else { continue }
        if resource.type == vaultType, resource.source.kind == "certificates", vaults[service] == nil {
          vaults[service] = resource
        } else if resource.type == cloudServiceType, cloudServices[service] == nil {
          cloudServices[service] = position
        }
      }
    }
  }

  /// Fills one service's `osProfile.secrets` from its vault and records the imports the script makes.
  static func fill(service: CloudService, vault: ARMResource, serviceIndex: Int, plan: inout ARMPlan) {
    let deployments = service.deployments.filter { deployment in
      let name = deployment.name ?? deployment.slot.rawValue
      return plan.resources[serviceIndex].source.name == name
    }
    guard let deployment = deployments.first else { return }
    let secrets = CertificateNaming.secrets(of: deployment)
    guard !secrets.isEmpty else { return }
    let certificates: [ARMValue] = secrets.map { secret in
      let secretID =
        "resourceId(\(ARMExpression.literal(vault.resourceGroup)), 'Microsoft.KeyVault/vaults/secrets', "
        + "\(ARMExpression.literal(vault.name)), \(ARMExpression.literal(secret.secretName)))"
      return ["certificateUrl": .string("[reference(\(secretID), '2023-07-01').secretUriWithVersion]")]
    }
    let group: ARMValue = ["sourceVault": ["id": .string(vault.id)], "vaultCertificates": .array(certificates)]
    plan.updateResource(at: serviceIndex) { $0.properties[path: ["osProfile", "secrets"]] = .array([group]) }
    for secret in secrets {
      plan.addVaultImport(
        ARMVaultImport(
          kind: .certificate, vault: vault.name, resourceGroup: vault.resourceGroup, name: secret.secretName,
          thumbprint: secret.thumbprint, variable: "CSMIGRATE_PFX_" + secret.thumbprint.uppercased(),
          description: "PFX of the certificate with thumbprint \(secret.thumbprint) (\(service.name))"))
    }
    plan.findings.append(
      ARMFinding(
        .info, "certificates.vault-import",
        "The \(secrets.count) certificate(s) of \(service.name) are imported into the Key Vault \(vault.name) by the "
          + "deployment script between the prerequisites and the main template; the PFX files and their passwords "
          + "come from you.", resource: vault.id))
  }
}
