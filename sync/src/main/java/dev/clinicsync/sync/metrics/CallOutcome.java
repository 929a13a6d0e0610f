package dev.clinicsync.sync.metrics;

/** How a connector call ended, as metrics count it. */
public enum CallOutcome {
  /** The call returned an answer. */
  SUCCESS("success"),
  /**
   * The call threw, or a mirror write answered that its outcome is unknown (a timeout): the vendor
   * did not give an answer.
   */
  ERROR("error");

  private final String tag;

  CallOutcome(String tag) {
    this.tag = tag;
  }

  /** The outcome as a metric tag value. */
  public String tag() {
    return tag;
  }
}
