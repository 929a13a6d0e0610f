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
    this(file.getFileName() + (line > 0 ? ":" + line : "") + ": " + (field.isEmpty() ? "" : field + ": ") + problem,
        file, line, field);
  }

  private ConfigException(String message, Path file, int line, String field) {
    super(message);
    this.file = file;
    this.line = line;
    this.field = field;
  }

  /**
   * A value from an environment variable the CLI cannot use: names the variable and the field (a
   * secret's name), never the value. Its {@link #file()} is the variable's name and its line 0.
   *
   * @param variable the environment variable, such as {@code CLINICSYNC_CLINICSYNC_PHI_VAULT_KEY}
   * @param field what the variable holds, such as the secret's name
   * @param problem what is wrong, without the value
   */
  public static ConfigException fromEnvironment(String variable, String field, String problem) {
    return new ConfigException("environment variable " + variable + ": " + field + ": " + problem,
        Path.of(variable), 0, field);
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
