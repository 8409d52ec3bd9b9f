import EstateModel
import Foundation

/// The deployment scripts of a staged bundle, Azure CLI (`deploy.sh`) and PowerShell (`deploy.ps1`): deploy the
/// prerequisites (creating each vault only when it does not exist, so redeploying keeps the policies people
/// added), import every PFX and secret value from environment variables, then deploy the main template.
///
/// Nothing secret is in a script: values are read from the environment when it runs. The scripts expect the
/// bundle's members saved beside them as `prerequisites.json`, `template.json` and `parameters.json`.
enum ARMDeploymentScript {
  /// The steps' headings, the same in both scripts (written after each language's comment mark).
  static let headings = [
    "Deploys the extended-support resources csmigrate planned, in order: prerequisites, imports, main template.",
    "1. Prerequisites: resource groups and Key Vaults; an existing vault is kept and only updated, a soft-deleted "
      + "one recovered.",
    "2. Imports: each PFX (its thumbprint checked) and each secret value.",
    "3. The main template, reading only what the steps above made.",
  ]

  /// Why the scripts look for a deleted vault: its name stays taken for the retention period.
  static let softDeleteComment =
    "A deleted vault keeps its name for its soft-delete retention period: recover it rather than fail to create it."

  /// What a script says before it recovers a soft-deleted vault.
  static func recoveringMessage(vault: String) -> String {
    "Key Vault \(vault) was deleted and is still soft-deleted; recovering it (with the certificates and secrets "
      + "it held) instead of creating it."
  }

  /// Why a script stops when a soft-deleted vault of the name lies in another resource group.
  static func wrongGroupMessage(vault: String, group: String) -> String {
    "Key Vault \(vault) was deleted but is still soft-deleted in another resource group, so its name cannot be "
      + "used in \(group) until it is gone: purge it (az keyvault purge --name \(vault), or Remove-AzKeyVault "
      + "-VaultName \(vault) -InRemovedState) or recover it and move it to \(group), then run this script again"
  }

  /// The environment variable that carries a main-template parameter given on the command line.
  static func variable(forParameter name: String) -> String { "CSMIGRATE_" + name.uppercased() }

  /// The vaults the prerequisites create, with the name of each one's `create` parameter.
  static func vaults(_ plan: ARMPlan) -> [(vault: ARMResource, create: String)] {
    plan.resources.filter { $0.stage == .prerequisites && $0.type == ARMType.keyVault }.map { vault in
      let parameter = ARMTemplateRenderer.parameterNames(in: .string(vault.condition ?? "")).first ?? ""
      return (vault, parameter)
    }
  }

  /// Names of a template's top-level parameters.
  static func parameterNames(_ template: ARMValue) -> [String] {
    guard case .object(let members) = template["parameters"] ?? [:] else { return [] }
    return members.keys.sorted()
  }

  static func scripts(plan: ARMPlan, template: ARMValue, prerequisites: ARMValue?) -> [String: String] {
    [
      "deploy.sh": bash(plan: plan, template: template, prerequisites: prerequisites),
      "deploy.ps1": powerShell(plan: plan, template: template, prerequisites: prerequisites),
    ]
  }

  static func shellQuoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }
  static func psQuoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }

  static func bash(plan: ARMPlan, template: ARMValue, prerequisites: ARMValue?) -> String {
    let imports = plan.vaultImports ?? []
    let mainParameters = parameterNames(template)
    var lines = [
      "#!/usr/bin/env bash",
      "# " + headings[0],
      "# Needs: az (logged in to the target subscription), LOCATION (deployment location), and:",
    ]
    for item in imports {
      lines.append("#   \(item.variable): \(item.kind == .certificate ? "path of the " : "")\(item.description)")
      if item.kind == .certificate { lines.append("#   \(item.variable)_PASSWORD: its password (empty when none)") }
    }
    for name in mainParameters { lines.append("#   \(variable(forParameter: name)): value of the parameter \(name)") }
    lines += ["set -euo pipefail", "cd \"$(dirname \"$0\")\"", "location=\"${LOCATION:?set LOCATION}\""]
    if prerequisites != nil {
      lines += [
        "", "# " + headings[1],
        "operator=\"$(az ad signed-in-user show --query id -o tsv)\"",
        "args=(operatorObjectId=\"$operator\")",
      ]
      for (vault, create) in vaults(plan) {
        let name = shellQuoted(vault.name)
        let group = shellQuoted(vault.resourceGroup)
        let update =
          "az keyvault update --name \(name) --enabled-for-deployment true --enabled-for-template-deployment true "
          + "--output none"
        lines += [
          "if az keyvault show --name \(name) --query id -o tsv >/dev/null 2>&1; then",
          "  \(update)",
          "  args+=(\(create)=false)",
          "else",
          "  # \(softDeleteComment)",
          "  deleted=\"$(az keyvault show-deleted --name \(name) --query properties.vaultId -o tsv 2>/dev/null || true)\"",
          "  if [[ -n \"$deleted\" ]]; then",
          "    if [[ \"${deleted,,}\" != *\"/resourcegroups/\"\(shellQuoted(vault.resourceGroup.lowercased()))\"/\"* ]]; then",
          "      echo \(shellQuoted(wrongGroupMessage(vault: vault.name, group: vault.resourceGroup) + " (it was in "))\"$deleted)\" >&2",
          "      exit 1",
          "    fi",
          "    echo \(shellQuoted(recoveringMessage(vault: vault.name))) >&2",
          "    if [[ \"$(az group exists --name \(group))\" != true ]]; then",
          "      az group create --name \(group) --location \(shellQuoted(vault.location)) --output none",
          "    fi",
          "    az keyvault recover --name \(name) --output none",
          "    \(update)",
          "    args+=(\(create)=false)",
          "  fi",
          "fi",
        ]
      }
      lines.append(
        "az deployment sub create --name csmigrate-prerequisites --location \"$location\" "
          + "--template-file prerequisites.json --parameters \"${args[@]}\" --output none")
    }
    if !imports.isEmpty { lines += ["", "# " + headings[2]] }
    for item in imports {
      let vault = shellQuoted(item.vault)
      let name = shellQuoted(item.name)
      switch item.kind {
      case .certificate:
        lines += [
          "thumbprint=\"$(az keyvault certificate import --vault-name \(vault) --name \(name) "
            + "--file \"${\(item.variable):?set \(item.variable)}\" --password \"${\(item.variable)_PASSWORD:-}\" "
            + "--query x509ThumbprintHex -o tsv)\"",
          "if [[ \"${thumbprint^^}\" != \(shellQuoted((item.thumbprint ?? "").uppercased())) ]]; then",
          "  echo \"\(item.variable): thumbprint $thumbprint is not the .cscfg's \(item.thumbprint ?? "")\" >&2; exit 1",
          "fi",
        ]
      case .secret:
        lines.append(
          "az keyvault secret set --vault-name \(vault) --name \(name) "
            + "--value \"${\(item.variable):?set \(item.variable)}\" --output none")
      }
    }
    lines += ["", "# " + headings[3]]
    var main =
      "az deployment sub create --name csmigrate-main --location \"$location\" --template-file template.json "
      + "--parameters @parameters.json"
    for name in mainParameters {
      let env = variable(forParameter: name)
      main += " \\\n  --parameters \(name)=\"${\(env):?set \(env)}\""
    }
    lines.append(main)
    return lines.joined(separator: "\n") + "\n"
  }

  static func powerShell(plan: ARMPlan, template: ARMValue, prerequisites: ARMValue?) -> String {
    let imports = plan.vaultImports ?? []
    var lines = [
      "# " + headings[0],
      "# Needs: Az (Connect-AzAccount to the target subscription), $env:LOCATION, and the variables deploy.sh lists.",
      "$ErrorActionPreference = 'Stop'",
      "Set-Location $PSScriptRoot",
      "if (-not $env:LOCATION) { throw 'set LOCATION' }",
      "function Read-Required([string] $name) {",
      "  $value = [Environment]::GetEnvironmentVariable($name)",
      "  if ($null -eq $value) { throw \"set $name\" }",
      "  return $value",
      "}",
    ]
    if prerequisites != nil {
      lines += [
        "", "# " + headings[1],
        "$prerequisites = @{ operatorObjectId = (Get-AzADUser -SignedIn).Id }",
      ]
      for (vault, create) in vaults(plan) {
        let name = psQuoted(vault.name)
        let group = psQuoted(vault.resourceGroup)
        let location = psQuoted(vault.location)
        let update = "Set-AzKeyVaultAccessPolicy -VaultName \(name) -EnabledForDeployment -EnabledForTemplateDeployment"
        lines += [
          "if (Get-AzKeyVault -VaultName \(name) -ErrorAction SilentlyContinue) {",
          "  \(update)",
          "  $prerequisites[\(psQuoted(create))] = $false",
          "} else {",
          "  # \(softDeleteComment)",
          "  $deleted = Get-AzKeyVault -VaultName \(name) -Location \(location) -InRemovedState "
            + "-ErrorAction SilentlyContinue",
          "  if ($deleted) {",
          "    if ($deleted.ResourceId -notlike \(psQuoted("*/resourceGroups/" + vault.resourceGroup + "/*"))) {",
          "      throw (\(psQuoted(wrongGroupMessage(vault: vault.name, group: vault.resourceGroup) + " (it was in "))"
            + " + $deleted.ResourceId + ')')",
          "    }",
          "    Write-Warning \(psQuoted(recoveringMessage(vault: vault.name)))",
          "    if (-not (Get-AzResourceGroup -Name \(group) -ErrorAction SilentlyContinue)) {",
          "      New-AzResourceGroup -Name \(group) -Location \(location) | Out-Null",
          "    }",
          "    Undo-AzKeyVaultRemoval -VaultName \(name) -ResourceGroupName \(group) -Location \(location) | Out-Null",
          "    \(update)",
          "    $prerequisites[\(psQuoted(create))] = $false",
          "  }",
          "}",
        ]
      }
      lines.append(
        "New-AzSubscriptionDeployment -Name csmigrate-prerequisites -Location $env:LOCATION "
          + "-TemplateFile prerequisites.json -TemplateParameterObject $prerequisites | Out-Null")
    }
    if !imports.isEmpty { lines += ["", "# " + headings[2]] }
    for item in imports {
      let vault = psQuoted(item.vault)
      let name = psQuoted(item.name)
      switch item.kind {
      case .certificate:
        lines += [
          "$password = ConvertTo-SecureString ([string][Environment]::GetEnvironmentVariable("
            + "\(psQuoted(item.variable + "_PASSWORD")))) -AsPlainText -Force",
          "$certificate = Import-AzKeyVaultCertificate -VaultName \(vault) -Name \(name) "
            + "-FilePath (Read-Required \(psQuoted(item.variable))) -Password $password",
          "if ($certificate.Thumbprint -ne \(psQuoted((item.thumbprint ?? "").uppercased()))) { "
            + "throw \"\(item.variable): thumbprint $($certificate.Thumbprint) is not the .cscfg's\" }",
        ]
      case .secret:
        lines.append(
          "Set-AzKeyVaultSecret -VaultName \(vault) -Name \(name) -SecretValue (ConvertTo-SecureString "
            + "(Read-Required \(psQuoted(item.variable))) -AsPlainText -Force) | Out-Null")
      }
    }
    lines += ["", "# " + headings[3], "$main = @{}"]
    for name in parameterNames(template) {
      lines.append("$main[\(psQuoted(name))] = Read-Required \(psQuoted(variable(forParameter: name)))")
    }
    lines.append(
      "New-AzSubscriptionDeployment -Name csmigrate-main -Location $env:LOCATION -TemplateFile template.json "
        + "-TemplateParameterFile parameters.json -TemplateParameterObject $main | Out-Null")
    return lines.joined(separator: "\n") + "\n"
  }
}
