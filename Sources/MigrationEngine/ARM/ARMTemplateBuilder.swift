import EstateModel

/// Turns a plan into the staged deployment: the prerequisites template (resource groups and Key Vaults), the
/// imports and scripts that fill the vaults, then the main subscription-scope template, which reads only what the
/// earlier steps made.
///
/// Secrets are never inlined: secret settings are read by the nested deployments from the vaults, and SAS URLs
/// are required `securestring` parameters the script passes on the command line.
enum ARMTemplateBuilder {
  static func bundle(for plan: ARMPlan) -> ARMTemplateBundle {
    let renderer = ARMTemplateRenderer(
      plan: plan, deploymentPrefix: "csmigrate-", outputTypes: [ARMType.cloudService, ARMType.keyVault])
    let template = renderer.template(stage: nil)
    let hasPrerequisites = plan.resources.contains { $0.stage == .prerequisites }
    let prerequisites = hasPrerequisites ? renderer.template(stage: .prerequisites) : nil
    return ARMTemplateBundle(
      template: template, parameters: renderer.parametersFile(for: template), findings: plan.findings,
      prerequisites: prerequisites, imports: plan.vaultImports,
      scripts: ARMDeploymentScript.scripts(plan: plan, template: template, prerequisites: prerequisites))
  }
}
