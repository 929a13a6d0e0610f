package dev.clinicsync.connectors.kit.reference;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs the deliberately broken contract variants only when {@link TckSelfTest} launches them
 * through the JUnit Platform test kit (which sets {@value #PARAMETER}); a normal build reports
 * them as skipped, since they are meant to fail.
 */
final class OnlyInTckSelfTest implements ExecutionCondition {
  static final String PARAMETER = "clinicsync.tck.self-test";

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    return context.getConfigurationParameter(PARAMETER).map(Boolean::parseBoolean).orElse(false)
        ? ConditionEvaluationResult.enabled("launched by TckSelfTest")
        : ConditionEvaluationResult.disabled("a deliberately broken connector: run only by TckSelfTest");
  }
}
