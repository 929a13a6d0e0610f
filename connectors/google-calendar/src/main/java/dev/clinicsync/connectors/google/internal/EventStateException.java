package dev.clinicsync.connectors.google.internal;

import dev.clinicsync.core.PermanentConnectorException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Google answered a call about one resource with a status that describes the resource's state
 * rather than a fault: it does not exist (404), was deleted (410), the client-chosen id is taken
 * (409 to an insert), or it changed since the version sent in {@code If-Match} (412). Classified
 * by {@link GoogleErrorRules}; permanent for callers that do not expect it, and turned into an
 * outcome (empty, {@code Gone}, {@code Conflict}, a read-back) by the calls that do. Callers tell
 * the states apart by {@link #state()}, never by the message.
 */
public final class EventStateException extends PermanentConnectorException {
  private static final long serialVersionUID = 1L;

  /** What Google said about the resource. */
  public enum State {
    /** 404: it does not exist. */
    NOT_FOUND("does not exist"),
    /** 410: it was deleted. */
    DELETED("was deleted"),
    /** 409 to an insert: the client-chosen id is taken. */
    ID_TAKEN("id is already taken"),
    /** 412: it changed since the version the request was conditional on. */
    STALE("changed since the expected version");

    private final String description;

    State(String description) {
      this.description = description;
    }

    /** The state a status stands for, for a request of {@code method}; empty for any other status. */
    static Optional<State> of(int status, String method) {
      switch (status) {
        case 404:
          return Optional.of(NOT_FOUND);
        case 410:
          return Optional.of(DELETED);
        case 409:
          return "POST".equals(method) ? Optional.of(ID_TAKEN) : Optional.empty();
        case 412:
          return Optional.of(STALE);
        default:
          return Optional.empty();
      }
    }
  }

  private final State state;

  public EventStateException(String connectorId, State state, int httpStatus, @Nullable String vendorRequestId) {
    super(connectorId, "Google: the resource " + state.description, httpStatus, vendorRequestId, null);
    this.state = state;
  }

  public State state() {
    return state;
  }

  /** Whether the resource is gone: not found or deleted. */
  public boolean isGone() {
    return state == State.NOT_FOUND || state == State.DELETED;
  }
}
