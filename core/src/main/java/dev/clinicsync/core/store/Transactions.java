package dev.clinicsync.core.store;

import dev.clinicsync.core.Checks;
import java.util.function.Supplier;

/**
 * Runs work so that every store write inside it commits together or not at all: a sync's upserts,
 * its audit events and its outbox jobs; a booking's check, save and audit event. Stores that share
 * one database (the JDBC stores) join the transaction of the calling thread; a call made inside
 * {@link #inTransaction} joins the outer one rather than starting its own.
 *
 * <p>The in-memory stores have nothing to roll back: {@link #direct()} runs the work as it is, and
 * each store call stays atomic on its own.
 */
public interface Transactions {

  /**
   * Runs {@code work} in one transaction, committing when it returns and rolling back when it
   * throws (the exception is rethrown unchanged).
   *
   * @return what {@code work} returned
   */
  <T> T inTransaction(Supplier<T> work);

  /** Runs {@code work} in one transaction, like {@link #inTransaction(Supplier)}. */
  default void run(Runnable work) {
    Checks.notNull(work, "transaction work");
    inTransaction(() -> {
      work.run();
      return null;
    });
  }

  /** Runs work directly, without a transaction: the default for stores that cannot roll back. */
  static Transactions direct() {
    return Direct.INSTANCE;
  }

  /** The {@link #direct()} implementation. */
  enum Direct implements Transactions {
    INSTANCE;

    @Override
    public <T> T inTransaction(Supplier<T> work) {
      return Checks.notNull(work, "transaction work").get();
    }
  }
}
