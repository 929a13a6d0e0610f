package dev.clinicsync.connectors.kareo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clinicsync.connectors.kit.RedactingLoggingInterceptor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Reads what the connector's HTTP logging really writes: the build runs this module's tests with
 * slf4j-simple and the kit's HTTP logger at TRACE (see the module's surefire configuration).
 */
@DisplayName("Kareo connector: logging")
class KareoLoggingTest extends KareoTestBase {

  @Test
  @DisplayName("logs the call at its most verbose without the password, customer key, user or any body")
  void noCredentialsInLogs() {
    assertThat(LoggerFactory.getLogger(RedactingLoggingInterceptor.LOGGER_NAME).isTraceEnabled())
        .as("the HTTP logger runs at TRACE in this test").isTrue();
    serve(200, KareoXml.file("get-appointments-week.xml"));
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.err;
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      fetch(connector(), WEEK);
      serve(200, KareoXml.file("security-failure.xml"));
      clock.advance(java.time.Duration.ofMinutes(5));
      org.assertj.core.api.Assertions.catchThrowable(() -> fetch(connector(), WEEK));
    } finally {
      System.setErr(original);
    }
    String log = captured.toString(StandardCharsets.UTF_8);
    assertThat(log).as("the call was logged").contains("POST").contains(KareoSettings.SERVICE_PATH).contains("-> 200");
    assertThat(log).doesNotContain("LEAKCANARY").doesNotContain(KareoFixtures.USER).doesNotContain("RequestHeader")
        .doesNotContain("Envelope").doesNotContain("Jordan").doesNotContain("Marisol").doesNotContain("PT-884213")
        .doesNotContain("KareoServices/GetAppointments");
  }
}
