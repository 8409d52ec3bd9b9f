import EstateModel

extension GatewayTemplate {
  /// The template, its parameters file and the findings, for a built plan.
  ///
  /// Shared keys are required `securestring` parameters with no value in the parameters file: the operator gives
  /// them at deployment time (the runbook names the Key Vault secret each one is kept in).
  func bundle(for plan: ARMPlan) -> ARMTemplateBundle {
    let renderer = ARMTemplateRenderer(
      plan: plan, deploymentPrefix: "csmigrate-gateways-", outputTypes: [Kind.gateway], knownValues: knownValues)
    let template = renderer.template(stage: nil)
    return ARMTemplateBundle(
      template: template, parameters: renderer.parametersFile(for: template), findings: plan.findings)
  }
}
