package dev.clinicsync.connectors.icsfeed.internal;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One content line of an iCalendar stream as ical4j's parser reported it: the name, the
 * parameters (names upper-cased, surrounding quotes removed) and the raw, still escaped value.
 * Values may be PHI: this type's {@link #toString()} shows the name only.
 *
 * @param name the property name, upper-case
 * @param parameters the parameters, names upper-case
 * @param value the raw value
 */
public record IcsProperty(String name, Map<String, String> parameters, String value) {

  public IcsProperty {
    name = name.toUpperCase(Locale.ROOT);
    parameters = Map.copyOf(parameters);
  }

  /** A parameter's value, if present and not blank. */
  public Optional<String> parameter(String parameterName) {
    return Optional.ofNullable(parameters.get(parameterName.toUpperCase(Locale.ROOT)))
        .map(String::strip)
        .filter(v -> !v.isEmpty());
  }

  /** The value with RFC 5545 TEXT escapes ({@code \n \, \; \\}) resolved. */
  public String text() {
    StringBuilder out = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\\' && i + 1 < value.length()) {
        char n = value.charAt(++i);
        switch (n) {
          case 'n', 'N' -> out.append('\n');
          default -> out.append(n);
        }
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return "IcsProperty[" + name + "]";
  }
}
