package dev.clinicsync.sync;

/** What an accepted push notification led to. */
public enum PushOutcome {
  /** The vendor's handshake when a channel opens (Google's {@code sync} state): nothing to do. */
  HANDSHAKE,
  /** An incremental sync of the notified calendar's connector was queued. */
  SYNC_QUEUED,
  /** A sync of that calendar was already queued: this notification joins it (bursts coalesce). */
  COALESCED
}
