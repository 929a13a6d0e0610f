package dev.clinicsync.connectors.kit.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.DiscoverySelector;
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

  /**
   * Runs only the TCK's nested groups (by simple name, e.g. {@code Phi}) that a broken variant
   * targets: the checks asserted on below are all in them, and the rest of the TCK (its hostile
   * vendor's timeouts above all) need not run again seven times.
   */
  private static EngineExecutionResults run(Class<?> contract, String... groups) {
    DiscoverySelector[] selectors = Arrays.stream(groups)
        .map(g -> selectUniqueId("[engine:junit-jupiter]/[class:" + contract.getName() + "]/[nested-class:" + g + "]"))
        .toArray(DiscoverySelector[]::new);
    EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
        .configurationParameter(OnlyInTckSelfTest.PARAMETER, "true")
        .selectors(selectors)
        .execute();
    assertThat(results.containerEvents().started().count())
        .as("containers started for the groups %s of %s (the class, the groups)", Arrays.toString(groups),
            contract.getSimpleName())
        .isGreaterThanOrEqualTo(1 + groups.length);
    return results;
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
  @DisplayName("the reference connector yielding busy blocks passes the whole TCK, with no check skipped")
  void busyBlockReferencePasses() {
    EngineExecutionResults results = run(ReferenceBusyBlockContractTest.class);
    assertThat(failedTests(results)).isEmpty();
    assertThat(results.testEvents().skipped().count()).as("skipped checks").isZero();
    assertThat(results.testEvents().aborted().count()).as("aborted checks (failed assumptions)").isZero();
    assertThat(results.testEvents().succeeded().count()).isGreaterThan(15);
  }

  @Test
  @DisplayName("a connector leaking a planted patient name into metadata fails the PHI checks")
  void leakIsCaught() {
    List<String> failed = failedTests(run(LeakyConnectorContract.class, "Phi"));
    assertThat(failed)
        .contains("no planted PHI appears in appointments, metadata, busy blocks, echoes, issues, deletions or cursors of a full fetch")
        .contains("no planted PHI appears in an incremental change set");
  }

  @Test
  @DisplayName("a connector losing a page fails the paging checks")
  void lostPageIsCaught() {
    List<String> failed = failedTests(run(PageLosingConnectorContract.class, "Paging", "Faults"));
    assertThat(failed)
        .contains("a multi-page vendor response yields every record exactly once, as an appointment or a busy block")
        .contains("SERVER_ERROR");
  }

  @Test
  @DisplayName("a busy-block connector naming the patient in its blocks fails the PHI checks")
  void busyBlockLeakIsCaught() {
    List<String> failed = failedTests(run(LeakyBusyBlockContract.class, "Phi"));
    assertThat(failed)
        .contains("no planted PHI appears in appointments, metadata, busy blocks, echoes, issues, deletions or cursors of a full fetch")
        .contains("no planted PHI appears in an incremental change set")
        .contains("the planted PHI reaches the connector and goes to the PHI record, or is dropped with a busy block's details");
  }

  @Test
  @DisplayName("a busy-block connector losing a page fails the paging checks")
  void busyBlockLostPageIsCaught() {
    List<String> failed = failedTests(run(PageLosingBusyBlockContract.class, "Paging", "Faults"));
    assertThat(failed)
        .contains("a multi-page vendor response yields every record exactly once, as an appointment or a busy block")
        .contains("SERVER_ERROR");
  }

  @Test
  @DisplayName("a connector that allows private addresses, has no real body cap and no call bound fails the hostile-vendor checks")
  void unhardenedIsCaught() {
    List<String> failed = failedTests(run(UnhardenedConnectorContract.class, "Hostile"));
    assertThat(failed)
        .contains("http://127.0.0.1:{probe}/tck-internal", "http://localhost:{probe}/tck-internal")
        .contains("a small gzip body inflating past the body cap fails with a ResponseTooLargeException")
        .contains("a body dripping slower than the call timeout ends as a retryable timeout within the call timeout")
        .doesNotContain("http://169.254.169.254/latest/meta-data/tck-probe"); // link-local stays refused when private is allowed
  }
}
