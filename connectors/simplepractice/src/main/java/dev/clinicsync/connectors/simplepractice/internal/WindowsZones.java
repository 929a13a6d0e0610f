package dev.clinicsync.connectors.simplepractice.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Maps Windows time-zone names ("Eastern Standard Time"), as Outlook and Exchange write them into
 * TZIDs, to IANA zones. The table is {@code windows-zones.properties} beside this class: the
 * territory-001 ("golden zone") mapping of CLDR's {@code windowsZones.xml}, which is the authority
 * for this mapping. A second table, {@code windows-display-names.properties}, maps the display
 * names Outlook sometimes writes instead ("(UTC-05:00) Eastern Time (US &amp; Canada)") to Windows
 * names; the "(UTC±hh:mm)" or "(GMT±hh:mm)" prefix is ignored when matching. Lookups ignore case.
 */
public final class WindowsZones {
  private static final Map<String, String> WINDOWS = load("windows-zones.properties");
  private static final Map<String, String> DISPLAY = load("windows-display-names.properties");

  private WindowsZones() {}

  /** The IANA zone of a Windows zone name. */
  public static Optional<ZoneId> forWindowsName(String name) {
    return Optional.ofNullable(WINDOWS.get(key(name))).map(ZoneId::of);
  }

  /** The Windows zone name of an Outlook display name such as "(UTC-05:00) Eastern Time (US &amp; Canada)". */
  public static Optional<String> windowsNameForDisplayName(String displayName) {
    String k = key(displayName.replaceFirst("^\\s*\\((UTC|GMT)\\s*([+-]\\d{1,2}:\\d{2})?\\)\\s*", ""));
    return Optional.ofNullable(DISPLAY.get(k));
  }

  /** Every Windows name in the table (for tests). */
  public static Map<String, String> table() {
    return WINDOWS;
  }

  /** Every display name in the table (for tests). */
  public static Map<String, String> displayNames() {
    return DISPLAY;
  }

  private static String key(String s) {
    return s.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
  }

  private static Map<String, String> load(String resource) {
    Properties p = new Properties();
    try (InputStream in = WindowsZones.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> out = new TreeMap<>();
    p.stringPropertyNames().forEach(k -> out.put(key(k), p.getProperty(k).strip()));
    return Map.copyOf(out);
  }
}
