package dev.clinicsync.connectors.kit.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The SDK's version, read from a resource that Maven filters at build time. */
public final class ClinicSyncVersion {
  private static final String RESOURCE = "/dev/clinicsync/connectors/kit/clinicsync-version.properties";

  private ClinicSyncVersion() {}

  /** The version, or {@code "unknown"} when the resource is missing or unfiltered. */
  public static String current() {
    try (InputStream in = ClinicSyncVersion.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      String v = p.getProperty("version", "unknown").strip();
      return v.isEmpty() || v.contains("${") ? "unknown" : v;
    } catch (IOException e) {
      return "unknown";
    }
  }
}
