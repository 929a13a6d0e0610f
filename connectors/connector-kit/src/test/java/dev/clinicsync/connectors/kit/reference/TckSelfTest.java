package dev.clinicsync.connectors.kit.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/** Proves the TCK can fail: it runs on broken connectors through the JUnit Platform test kit. */
class TckSelfTest {

  private static EngineExecutionResults run(Class<?> contract) {
    return EngineTestKit.engine("junit-jupiter")
        .configurationParameter(OnlyInTckSelfTest.PARAMETER, "true")
        .selectors(selectClass(contract))
        .execute();
  }

  private static List<String> failedTests(EngineExecutionResults results) {
    return results.testEvents().failed().stream()
        .map(Event::getTestDescriptor)
        .map(d -> d.getDisplayName())
        .collect(Collectors.toList());
  }

  @Test
  @DisplayName("the reference connector passes the whole TCK when launched the same way")
  void referencePasses() {
    EngineExecutionResults results = run(ReferenceConnectorContractTest.class);
    assertThat(failedTests(results)).isEmpty();
    assertThat(results.testEvents().succeeded().count()).isGreaterThan(15);
  }

  @Test
  @DisplayName("a connector leaking a planted patient name into metadata fails the PHI checks")
  void leakIsCaught() {
    List<String> failed = failedTests(run(LeakyConnectorContract.class));
    assertThat(failed)
        .contains("no planted PHI appears in appointments, metadata, issues, deletions or cursors of a full fetch")
        .contains("no planted PHI appears in an incremental change set");
  }

  @Test
  @DisplayName("a connector losing a page fails the paging checks")
  void lostPageIsCaught() {
    List<String> failed = failedTests(run(PageLosingConnectorContract.class));
    assertThat(failed)
        .contains("a multi-page vendor response yields every record exactly once")
        .contains("SERVER_ERROR");
  }
}
