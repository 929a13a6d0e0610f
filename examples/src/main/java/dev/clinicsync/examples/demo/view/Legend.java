package dev.clinicsync.examples.demo.view;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.ValidationException;
import java.util.regex.Pattern;

/**
 * One source of the legend and the colour its appointments are drawn in.
 *
 * @param source the source system label, as on the items ({@code "simplepractice"}, {@code "google"})
 * @param colour a CSS colour {@code #rrggbb}
 */
public record Legend(String source, String colour) {
  private static final Pattern COLOUR = Pattern.compile("#[0-9a-fA-F]{6}");

  public Legend {
    Checks.notBlank(source, "legend source");
    Checks.notBlank(colour, "legend colour");
    if (!COLOUR.matcher(colour).matches()) {
      throw new ValidationException("legend colour must be #rrggbb (length " + colour.length() + ")");
    }
  }
}
