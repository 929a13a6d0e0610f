package dev.clinicsync.core;

/**
 * An optimistic-concurrency check failed: the record changed (or appeared, or vanished) since
 * the caller read it. Re-read and retry; never overwrite blindly.
 */
public class StorageConflictException extends StorageException {
  private static final long serialVersionUID = 1L;

  private final String recordId;
  private final long expectedRevision;
  private final long actualRevision;

  /**
   * @param recordId the id of the contested record (an id, never PHI)
   * @param expectedRevision the revision the caller read; 0 for "expected absent"
   * @param actualRevision the revision found; 0 for "absent"
   */
  public StorageConflictException(String recordId, long expectedRevision, long actualRevision) {
    super("record " + recordId + " is at revision " + actualRevision
        + " but the write expected revision " + expectedRevision);
    this.recordId = recordId;
    this.expectedRevision = expectedRevision;
    this.actualRevision = actualRevision;
  }

  /** A conflict on something other than the revision, e.g. a duplicate source key. */
  public StorageConflictException(String recordId, String message) {
    super(message);
    this.recordId = recordId;
    this.expectedRevision = -1;
    this.actualRevision = -1;
  }

  public String recordId() {
    return recordId;
  }

  /** The revision the writer expected, or -1 when the conflict was not about revisions. */
  public long expectedRevision() {
    return expectedRevision;
  }

  /** The revision found in the store (0 when absent), or -1 when not about revisions. */
  public long actualRevision() {
    return actualRevision;
  }
}
