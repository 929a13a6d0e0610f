package dev.clinicsync.json;

import dev.clinicsync.core.ValidationException;

/**
 * A JSON document that {@link CanonicalJson} cannot read. The message names where (a JSON path
 * such as {@code $.appointment.start}) and what was wrong, never the value found there: a document
 * may hold a patient token, times tied to it, or vendor metadata.
 */
public class CanonicalJsonException extends ValidationException {
  private static final long serialVersionUID = 1L;

  private final String path;

  CanonicalJsonException(String path, String problem) {
    super(path + ": " + problem);
    this.path = path;
  }

  /** Where in the document the problem is, as a JSON path ({@code $} is the whole document). */
  public String path() {
    return path;
  }
}
