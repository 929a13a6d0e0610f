package dev.clinicsync.core;

import java.util.List;

/**
 * A value, configuration or vendor record broke an invariant. The message names what was wrong
 * and where; {@link #problems()} lists every problem when several were found at once.
 */
public class ValidationException extends ClinicSyncException {
  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  public ValidationException(String message) {
    super(message);
    this.problems = List.of(message);
  }

  /** One exception naming every problem found, e.g. by a builder validating a whole configuration. */
  public ValidationException(String summary, List<String> problems) {
    super(summary + ": " + String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  /** Every problem found, in the order found; never empty. */
  public List<String> problems() {
    return problems;
  }
}
