package dev.clinicsync.connectors.tck;

/** Bad payload values a connector must turn into a per-record issue. */
public enum BadValue {
  /** The record has no start time. */
  MISSING_START,
  /** The record ends before it starts. */
  END_BEFORE_START,
  /** The record names a time zone that does not exist. */
  UNKNOWN_ZONE,
  /** The record's dates are absurd (year 0001, 9999…). */
  ABSURD_DATE
}
