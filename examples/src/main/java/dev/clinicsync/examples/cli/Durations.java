package dev.clinicsync.examples.cli;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people type them: {@code 50m}, {@code 1h30m}, {@code 45s}, or ISO-8601 {@code PT50M}. */
final class Durations {
  private static final Pattern SHORT = Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");

  private Durations() {}

  /** The duration, or empty when the text is neither form (or is zero-length text). */
  static Optional<Duration> parse(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    if (t.isEmpty()) {
      return Optional.empty();
    }
    if (t.startsWith("pt") || t.startsWith("p")) {
      try {
        return Optional.of(Duration.parse(t.toUpperCase(Locale.ROOT)));
      } catch (java.time.format.DateTimeParseException e) {
        return Optional.empty();
      }
    }
    Matcher m = SHORT.matcher(t);
    if (!m.matches()) {
      return Optional.empty();
    }
    Duration d = Duration.ZERO;
    String h = m.group(1);
    String min = m.group(2);
    String s = m.group(3);
    if (h != null) {
      d = d.plusHours(Long.parseLong(h));
    }
    if (min != null) {
      d = d.plusMinutes(Long.parseLong(min));
    }
    if (s != null) {
      d = d.plusSeconds(Long.parseLong(s));
    }
    return h == null && min == null && s == null ? Optional.empty() : Optional.of(d);
  }

  /** The duration as the short form, {@code 1h30m}. */
  static String format(Duration d) {
    StringBuilder b = new StringBuilder();
    long h = d.toHours();
    int m = d.toMinutesPart();
    int s = d.toSecondsPart();
    if (h > 0) {
      b.append(h).append('h');
    }
    if (m > 0) {
      b.append(m).append('m');
    }
    if (s > 0 || b.length() == 0) {
      b.append(s).append('s');
    }
    return b.toString();
  }
}
