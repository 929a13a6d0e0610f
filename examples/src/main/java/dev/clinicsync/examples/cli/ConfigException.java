package dev.clinicsync.examples.cli;

import dev.clinicsync.core.ValidationException;
import java.nio.file.Path;

/**
 * A configuration file the CLI cannot use: names the file, the line and the field, never the
 * value found there (a configuration may hold secret references and addresses).
 */
public final class ConfigException extends ValidationException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final int line;
  private final String field;

  /**
   * @param file the configuration file
   * @param line the 1-based line, or 0 when unknown
   * @param field the field's path, such as {@code clinicians[1].zone}; empty for the whole file
   * @param problem what is wrong, without the value
   */
  public ConfigException(Path file, int line, String field, String problem) {
    super(file.getFileName() + (line > 0 ? ":" + line : "") + ": " + (field.isEmpty() ? "" : field + ": ") + problem);
    this.file = file;
    this.line = line;
    this.field = field;
  }

  /** The configuration file. */
  public Path file() {
    return file;
  }

  /** The 1-based line of the problem; 0 when unknown. */
  public int line() {
    return line;
  }

  /** The field's path, such as {@code clinicians[1].zone}; empty for the whole file. */
  public String field() {
    return field;
  }
}
