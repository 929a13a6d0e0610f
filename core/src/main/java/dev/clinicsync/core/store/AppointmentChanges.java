package dev.clinicsync.core.store;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.ValidationException;
import java.util.List;

/**
 * The stores' change sequence of appointment writes: the truth from which each node's in-memory
 * conflict index catches up with what other nodes wrote to the same stores. Change ids become
 * visible in increasing order, so a reader that has seen change {@code N} misses nothing when it
 * next asks for {@code since(N)}; ids may have gaps.
 *
 * <p>A store may also offer {@link #onHint hints}: a call when new changes were committed (on
 * PostgreSQL, a {@code NOTIFY}), so that a node reads now rather than at its next poll. Hints can
 * be lost; the sequence cannot, so readers poll it regardless.
 *
 * <p>Stores kept in one process have no other node to catch up with: {@link #none()}.
 */
public interface AppointmentChanges {

  /**
   * Up to {@code limit} changes with ids above {@code afterChangeId}, in id order.
   *
   * @throws ValidationException for a negative id or limit
   */
  List<AppointmentChange> since(long afterChangeId, int limit);

  /** The newest change id; 0 before the first write. */
  long latest();

  /**
   * Calls {@code hint} (on a thread of the store's choosing) whenever changes may have been
   * committed, until the returned subscription is closed. The default offers no hints.
   */
  default Subscription onHint(Runnable hint) {
    Checks.notNull(hint, "change hint");
    return () -> { };
  }

  /** A subscription to {@link #onHint hints}; closing it stops them. */
  @FunctionalInterface
  interface Subscription extends AutoCloseable {
    @Override
    void close();
  }

  /** An empty sequence, for stores with no other writer. */
  static AppointmentChanges none() {
    return None.INSTANCE;
  }

  /** The {@link #none()} implementation. */
  enum None implements AppointmentChanges {
    INSTANCE;

    @Override
    public List<AppointmentChange> since(long afterChangeId, int limit) {
      if (afterChangeId < 0 || limit < 0) {
        throw new ValidationException("changes since needs a change id >= 0 and a limit >= 0");
      }
      return List.of();
    }

    @Override
    public long latest() {
      return 0;
    }
  }
}
