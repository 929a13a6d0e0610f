package dev.clinicsync.json;

/**
 * A document that is not valid JSON, or not a canonical document of its schema version: a field
 * missing, of the wrong type, unknown, or a value the model refuses (a bad instant, an end before
 * its start). Names the JSON path, never the value.
 */
public final class MalformedDocumentException extends CanonicalJsonException {
  private static final long serialVersionUID = 1L;

  MalformedDocumentException(String path, String problem) {
    super(path, problem);
  }

  MalformedDocumentException(String path, String problem, Throwable cause) {
    super(path, problem);
    initCause(cause);
  }
}
