package dev.clinicsync.connectors.tck;

/** How a connector authenticates, which decides what a 401 must lead to. */
public enum AuthStyle {
  /** OAuth-style tokens that can be refreshed: a single 401 must be survived. */
  REFRESHABLE_TOKEN,
  /** Fixed credentials or a capability URL: a 401 is an auth error (or survived). */
  STATIC_CREDENTIALS
}
