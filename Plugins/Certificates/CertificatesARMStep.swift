import EstateModel
import PluginAPI

/// The ARM mapping step: fills `osProfile.secrets` of each cloud service from its `.cscfg` thumbprints and
/// records on the core's `KV-<service>` vault that it starts without access policies.
///
/// `certificateUrl` is a `reference()` to the secret's current version: deployable once the certificates
/// are uploaded (see `certificates/plan`), with no secret value in the template.
enum CertificatesARMStep {
  static let vaultType = "Microsoft.KeyVault/vaults"
  static let cloudServiceType = "Microsoft.Compute/cloudServices"

  /// The step.
  static let step = ARMMappingStep(id: "certificates.secrets", order: 100) { context, plan in
    for service in context.estate.cloudServices where context.services.contains(service.name) {
      fill(service: service, context: context, plan: &plan)
    }
  }

  static func fill(service: CloudService, context: ARMMappingContext, plan: inout ARMPlan) {
    guard
      let vaultIndex = plan.resources.firstIndex(where: {
        $0.type == vaultType && $0.source.kind == "certificates" && $0.source.service == service.name
      }),
      let serviceIndex = plan.resources.firstIndex(where: {
        $0.type == cloudServiceType && $0.source.service == service.name
      })
    else { return }
    let deployments = service.deployments.filter { deployment in
      let name = deployment.name ?? deployment.slot.rawValue
      return plan.resources[serviceIndex].source.name == name
    }
    guard let deployment = deployments.first else { return }
    let vault = plan.resources[vaultIndex]
    let secrets = CertificateNaming.secrets(of: deployment)
    guard !secrets.isEmpty else { return }
    let certificates: [ARMValue] = secrets.map { secret in
      let secretID =
        "resourceId('\(vault.resourceGroup)', 'Microsoft.KeyVault/vaults/secrets', '\(vault.name)', "
        + "'\(secret.secretName)')"
      return ["certificateUrl": .string("[reference(\(secretID), '2023-07-01').secretUriWithVersion]")]
    }
    let group: ARMValue = ["sourceVault": ["id": .string(vault.id)], "vaultCertificates": .array(certificates)]
    plan.resources[serviceIndex].properties[path: ["osProfile", "secrets"]] = .array([group])
    if !plan.resources[serviceIndex].dependsOn.contains(vault.id) {
      plan.resources[serviceIndex].dependsOn.append(vault.id)
    }
    plan.resources[vaultIndex].properties["enabledForDeployment"] = true
    plan.findings.append(
      ARMFinding(
        .info, "certificates.vault-no-access-policy",
        "The Key Vault \(vault.name) is created without any access policies and its \(secrets.count) certificate(s) "
          + "are stored as secrets; add access policies and upload the certificates (certificates/plan) before "
          + "deploying.", resource: vault.id))
  }
}
