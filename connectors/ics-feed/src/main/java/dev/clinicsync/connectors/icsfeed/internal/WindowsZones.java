package dev.clinicsync.connectors.icsfeed.internal;

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
import java.util.regex.Pattern;

/**
 * Maps Windows time-zone ids ("Eastern Standard Time"), as Outlook and Exchange write them into
 * TZIDs, to IANA zones, and the display names Outlook and OWA write instead
 * ("(UTC-05:00) Eastern Time (US &amp; Canada)") to Windows ids. Both tables are generated from
 * Unicode CLDR's {@code windowsZones.xml}, the authority for this mapping:
 * {@code windows-zones.properties} holds its territory-001 ("golden zone") row of every Windows id
 * (a test checks each against ICU4J's {@code TimeZone.getIDForWindowsID}), and
 * {@code windows-display-names.properties} pairs the display name CLDR records above each block
 * (the Windows registry's) with that block's id, plus earlier Windows spellings of a few names.
 *
 * <p>Display names are matched in their historic spellings too: with or without the
 * {@code (UTC±hh:mm)}, {@code (GMT±hh:mm)}, {@code (UTC)} or {@code (GMT)} prefix, "&amp;" or "and",
 * "Co-ordinated" or "Coordinated", any case and spacing. Windows ids ignore case and spacing.
 */
public final class WindowsZones {
  private static final Pattern PREFIX =
      Pattern.compile("^\\s*\\(\\s*(?:UTC|GMT)\\s*(?:[+\\-\u2212]\\s*\\d{1,2}(?:[:.]?\\d{2})?)?\\s*\\)\\s*", Pattern.CASE_INSENSITIVE);
  private static final Map<String, String> WINDOWS = load("windows-zones.properties", WindowsZones::key);
  private static final Map<String, String> DISPLAY = load("windows-display-names.properties", WindowsZones::displayKey);

  private WindowsZones() {}

  /** The IANA zone of a Windows zone id. */
  public static Optional<ZoneId> forWindowsName(String name) {
    return Optional.ofNullable(WINDOWS.get(key(name))).map(ZoneId::of);
  }

  /** The Windows zone id of an Outlook display name such as "(UTC-05:00) Eastern Time (US &amp; Canada)". */
  public static Optional<String> windowsNameForDisplayName(String displayName) {
    return Optional.ofNullable(DISPLAY.get(displayKey(displayName)));
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

  /** A display name without its offset prefix, folded: "&amp;" = "and", "co-ordinated" = "coordinated", no spacing or dots. */
  static String displayKey(String s) {
    String k = PREFIX.matcher(s.strip()).replaceFirst("").toLowerCase(Locale.ROOT)
        .replace("&", " and ").replace("co-ordinated", "coordinated");
    StringBuilder out = new StringBuilder(k.length());
    for (int i = 0; i < k.length(); i++) {
      char c = k.charAt(i);
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '-') {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static Map<String, String> load(String resource, java.util.function.UnaryOperator<String> keyOf) {
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
    p.stringPropertyNames().forEach(k -> out.put(keyOf.apply(k), p.getProperty(k).strip()));
    return Map.copyOf(out);
  }
}
