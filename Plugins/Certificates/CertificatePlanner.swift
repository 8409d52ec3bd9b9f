import EstateModel
import PluginAPI

/// The vault, secrets, `osProfile.secrets` and upload steps for one cloud service of a target.
struct ServiceCertificatePlan: Encodable, Sendable {
  struct Vault: Encodable, Sendable {
    var name: String
    var id: String
    var resourceGroup: String
    var location: String
    var nameFrom: String
    var nameProblem: String?
  }

  struct Secret: Encodable, Sendable {
    var secretName: String
    var thumbprint: String
    var uses: [PlannedSecret.Use]
    var certificateUrl: String
    var file: String?
    var hasPrivateKey: Bool?
  }

  struct UploadStep: Encodable, Sendable {
    var step: String
    var azureCli: String
    var powerShell: String
  }

  var service: String
  var deployment: String
  var keyVault: Vault
  var secrets: [Secret]
  var osProfile: ARMValue
  var uploadSteps: [UploadStep]
}

/// Builds ``ServiceCertificatePlan``s from the core's ARM plan and the supplied files.
enum CertificatePlanner {
  static let vaultType = "Microsoft.KeyVault/vaults"

  static func plan(
    deployments: [ScopedDeployment], armPlan: ARMPlan, vaultName: String?, inventory: CertificateInventory
  ) -> [ServiceCertificatePlan] {
    deployments.compactMap { scoped in
      let secrets = CertificateNaming.secrets(of: scoped.deployment)
      guard !secrets.isEmpty,
        let core = armPlan.resources.first(where: {
          $0.type == vaultType && $0.source.kind == "certificates" && $0.source.service == scoped.service.name
        })
      else { return nil }
      let name = vaultName ?? core.name
      let id = ARMResource.id(
        subscriptionID: armPlan.subscriptionID, resourceGroup: core.resourceGroup, type: vaultType, name: name)
      let problem = ARMNameRule.rule(for: vaultType)?.violation(of: name)
      let vault = ServiceCertificatePlan.Vault(
        name: name, id: id, resourceGroup: core.resourceGroup, location: core.location,
        nameFrom: vaultName == nil ? "platform" : "caller", nameProblem: problem)
      let planned = secrets.map { secret in
        let found = inventory.match(secret.thumbprint)
        return ServiceCertificatePlan.Secret(
          secretName: secret.secretName, thumbprint: secret.thumbprint, uses: secret.uses,
          certificateUrl: CertificateNaming.certificateURL(vault: name, secret: secret.secretName),
          file: found?.file.source, hasPrivateKey: found?.certificate.hasPrivateKey)
      }
      let osProfile: ARMValue = [
        "secrets": [
          [
            "sourceVault": ["id": .string(id)],
            "vaultCertificates": .array(planned.map { ["certificateUrl": .string($0.certificateUrl)] }),
          ]
        ]
      ]
      return ServiceCertificatePlan(
        service: scoped.service.name, deployment: scoped.deploymentName, keyVault: vault, secrets: planned,
        osProfile: osProfile, uploadSteps: steps(vault: vault, secrets: planned))
    }
  }

  /// Command lines a person runs; every secret is a placeholder in angle brackets.
  static func steps(vault: ServiceCertificatePlan.Vault, secrets: [ServiceCertificatePlan.Secret])
    -> [ServiceCertificatePlan.UploadStep]
  {
    var steps = [
      ServiceCertificatePlan.UploadStep(
        step: "Let the cloud service platform read the vault's secrets at deployment",
        azureCli:
          "az keyvault update --name \(vault.name) --resource-group \(vault.resourceGroup) --enabled-for-deployment true",
        powerShell: "Set-AzKeyVaultAccessPolicy -VaultName \(vault.name) -ResourceGroupName \(vault.resourceGroup) "
          + "-EnabledForDeployment"),
      ServiceCertificatePlan.UploadStep(
        step: "Give the people who manage the certificates an access policy (the vault starts with none)",
        azureCli: "az keyvault set-policy --name \(vault.name) --upn <user@contoso.com> --certificate-permissions get "
          + "list import --secret-permissions get list",
        powerShell: "Set-AzKeyVaultAccessPolicy -VaultName \(vault.name) -UserPrincipalName <user@contoso.com> "
          + "-PermissionsToCertificates get,list,import -PermissionsToSecrets get,list"),
    ]
    for secret in secrets {
      let file = secret.file ?? "<\(secret.thumbprint).pfx>"
      steps.append(
        ServiceCertificatePlan.UploadStep(
          step: "Upload the certificate \(secret.thumbprint) as \(secret.secretName)",
          azureCli: "az keyvault certificate import --vault-name \(vault.name) --name \(secret.secretName) "
            + "--file \"\(file)\" --password \"<pfx-password>\"",
          powerShell: "Import-AzKeyVaultCertificate -VaultName \(vault.name) -Name \(secret.secretName) "
            + "-FilePath \"\(file)\" -Password (Read-Host -AsSecureString -Prompt 'PFX password')"))
    }
    return steps
  }
}
