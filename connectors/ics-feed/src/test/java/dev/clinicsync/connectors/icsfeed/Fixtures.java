package dev.clinicsync.connectors.icsfeed;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Test fixtures and the fake PHI planted in them. */
public final class Fixtures {

  /** Every piece of fake PHI planted in the fixtures; none may appear outside a PhiRecord. */
  public static final List<String> PLANTED_PHI = List.of(
      "Jordan", "Testpatient", "Casey", "Examplename", "Riley", "Samplefolk", "Morgan",
      "1984-02-29", "1990-07-04", "02/29/1984", "555-0142", "555-0199", "555-0177",
      "telehealth.example.com", "8f3k2", "jordan.testpatient@example.com", "divorce",
      "panic attacks", "Anxiety", "Intake", "CL-40021", "CL-40022", "Psychotherapy");

  private Fixtures() {}

  public static byte[] bytes(String resource) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/" + resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + resource);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String text(String resource) {
    return new String(bytes(resource), StandardCharsets.UTF_8);
  }
}
