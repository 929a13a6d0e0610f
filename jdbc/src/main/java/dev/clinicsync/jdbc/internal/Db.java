package dev.clinicsync.jdbc.internal;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.StorageConflictException;
import dev.clinicsync.core.StorageException;
import dev.clinicsync.core.store.Transactions;
import dev.clinicsync.jdbc.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The connections of the JDBC stores: one per thread while a {@link #inTransaction transaction}
 * is open, which every store call on that thread joins, or else one per store call, committed when
 * the call returns. SQL failures become the SDK's storage exceptions, whose messages name the
 * operation and the SQL state only: a database's own message can quote the values of a row.
 */
public final class Db implements Transactions {

  /** Work on a connection. */
  @FunctionalInterface
  public interface Work<T> {
    T apply(Connection connection) throws SQLException;
  }

  /** Work on a connection that answers nothing. */
  @FunctionalInterface
  public interface Step {
    void apply(Connection connection) throws SQLException;
  }

  /** The SQL state of a unique or primary key violation, in H2 and PostgreSQL alike. */
  static final String UNIQUE_VIOLATION = "23505";

  private final DataSource dataSource;
  private final Dialect dialect;
  private final ThreadLocal<@Nullable Connection> bound = new ThreadLocal<>();
  /** Work to run on a connection right before it commits, in order; dropped on rollback. */
  private final Map<Connection, List<Work<?>>> beforeCommit = Collections.synchronizedMap(new IdentityHashMap<>());

  public Db(DataSource dataSource, Dialect dialect) {
    this.dataSource = Checks.notNull(dataSource, "data source");
    this.dialect = Checks.notNull(dialect, "dialect");
  }

  public Dialect dialect() {
    return dialect;
  }

  /** The stores' data source, for a connection held apart from the stores' (a LISTEN). */
  public DataSource dataSource() {
    return dataSource;
  }

  @Override
  public <T> T inTransaction(Supplier<T> work) {
    Checks.notNull(work, "transaction work");
    if (bound.get() != null) {
      return work.get(); // joins the transaction already open on this thread
    }
    Connection c = open("transaction");
    bound.set(c);
    try {
      T result = work.get();
      try {
        commit(c);
      } catch (SQLException e) {
        throw translate("transaction commit", e);
      }
      return result;
    } catch (RuntimeException | Error e) {
      rollbackQuietly(c, e);
      throw e;
    } finally {
      bound.remove();
      closeQuietly(c);
    }
  }

  /** Whether this thread has a transaction open. */
  public boolean inTransaction() {
    return bound.get() != null;
  }

  /** Like {@link #call}, for a store call that answers nothing. */
  public void run(String what, Step step) {
    call(what, c -> {
      step.apply(c);
      return Boolean.TRUE; // call's result is non-null; a step has none to give
    });
  }

  /**
   * Runs one store call: on this thread's transaction when one is open, else in a transaction of
   * its own that commits when the call returns.
   */
  public <T> T call(String what, Work<T> work) {
    Connection joined = bound.get();
    if (joined != null) {
      try {
        return work.apply(joined);
      } catch (SQLException e) {
        throw translate(what, e);
      }
    }
    Connection c = open(what);
    try {
      T result = work.apply(c);
      commit(c);
      return result;
    } catch (SQLException e) {
      rollbackQuietly(c, e);
      throw translate(what, e);
    } catch (RuntimeException | Error e) {
      rollbackQuietly(c, e);
      throw e;
    } finally {
      closeQuietly(c);
    }
  }

  /**
   * Registers work to run on {@code c} right before its transaction commits (after every other
   * write of the transaction), such as numbering the transaction's changes. Dropped on rollback.
   */
  public void beforeCommit(Connection c, Work<?> hook) {
    hooks(c).add(hook);
  }

  /** The live list of work {@link #beforeCommit registered} on {@code c}'s transaction. */
  List<Work<?>> hooks(Connection c) {
    return beforeCommit.computeIfAbsent(c, k -> new ArrayList<>());
  }

  private void commit(Connection c) throws SQLException {
    List<Work<?>> hooks = beforeCommit.remove(c);
    if (hooks != null) {
      for (Work<?> hook : hooks) {
        hook.apply(c);
      }
    }
    c.commit();
  }

  /**
   * Runs {@code work} under a savepoint, so that a failing statement (a lost insert race) leaves
   * the surrounding transaction usable: PostgreSQL refuses every statement after an error until
   * the transaction or a savepoint is rolled back.
   */
  public static <T> T savepoint(Connection c, Work<T> work) throws SQLException {
    Savepoint sp = c.setSavepoint();
    T result;
    try {
      result = work.apply(c);
    } catch (SQLException | RuntimeException e) {
      c.rollback(sp);
      throw e;
    }
    c.releaseSavepoint(sp);
    return result;
  }

  /** Whether a failure is a unique or primary key violation. */
  public static boolean isUniqueViolation(SQLException e) {
    return UNIQUE_VIOLATION.equals(e.getSQLState());
  }

  private Connection open(String what) {
    try {
      Connection c = dataSource.getConnection();
      try {
        c.setAutoCommit(false);
        if (c.getTransactionIsolation() != Connection.TRANSACTION_READ_COMMITTED) {
          c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        }
      } catch (SQLException e) {
        closeQuietly(c);
        throw e;
      }
      return c;
    } catch (SQLException e) {
      throw translate(what + " (connecting)", e);
    }
  }

  /**
   * The SDK's exception for a SQL failure. Conflicts (unique violations, deadlocks, serialization
   * failures) are {@link StorageConflictException}s. The database's message is never copied, and
   * the SQL exception is kept as the cause only when its class of state cannot quote row values
   * (connection and resource failures, not data or constraint errors).
   */
  public static StorageException translate(String what, SQLException e) {
    String state = e.getSQLState() == null ? "unknown" : e.getSQLState();
    String text = what + " failed (SQL state " + state + ", vendor code " + e.getErrorCode() + ")";
    if (UNIQUE_VIOLATION.equals(state)) {
      return new StorageConflictException(what, what + " conflicts with a stored record (a unique key is taken)");
    }
    if (state.equals("23P01")) {
      return new StorageConflictException(what, what + " overlaps a stored record (an exclusion constraint refused it)");
    }
    if (state.equals("40001") || state.equals("40P01")) {
      return new StorageConflictException(what, what + " lost to a concurrent transaction (SQL state " + state + ")");
    }
    boolean mayQuoteValues = state.startsWith("22") || state.startsWith("23") || state.startsWith("P0")
        || state.startsWith("42") || state.equals("unknown");
    return mayQuoteValues ? new StorageException(text) : new StorageException(text, e);
  }

  private void rollbackQuietly(Connection c, Throwable failure) {
    beforeCommit.remove(c);
    try {
      c.rollback();
    } catch (SQLException e) {
      failure.addSuppressed(translate("rollback", e));
    }
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException e) {
      // the work is done or rolled back; a failing close changes nothing for the caller
    }
  }
}
