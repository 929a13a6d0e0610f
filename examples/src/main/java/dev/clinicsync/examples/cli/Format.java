package dev.clinicsync.examples.cli;

/** How a command prints its result. */
public enum Format {
  /** Aligned columns for people. */
  TABLE,
  /** One JSON document, stable and documented in the examples README, for scripts. */
  JSON
}
