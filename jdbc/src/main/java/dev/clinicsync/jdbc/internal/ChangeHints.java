package dev.clinicsync.jdbc.internal;

import dev.clinicsync.core.store.AppointmentChanges;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL's change hints: one daemon thread holds a connection of its own that {@code LISTEN}s
 * on {@link dev.clinicsync.jdbc.AppointmentChanges#NOTIFY_CHANNEL} and calls the hint when a notification arrives, and
 * once after each (re)connect, since notifications sent while it was away are lost. A lost
 * connection is opened again after a pause; closing the subscription ends the thread.
 */
final class ChangeHints implements AppointmentChanges.Subscription, Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(ChangeHints.class);
  private static final AtomicInteger THREADS = new AtomicInteger();
  /** How long one wait for notifications lasts, so that closing is noticed. */
  static final int WAIT_MILLIS = 500;
  /** The pause before connecting again after a failure. */
  static final long RECONNECT_MILLIS = 1_000;

  private final DataSource dataSource;
  private final Runnable hint;
  private final Thread thread;
  private volatile boolean closed;
  private @Nullable Connection connection;

  private ChangeHints(DataSource dataSource, Runnable hint) {
    this.dataSource = dataSource;
    this.hint = hint;
    this.thread = new Thread(this, "clinicsync-change-hints-" + THREADS.incrementAndGet());
    this.thread.setDaemon(true);
  }

  /** Starts listening; the hint runs on the listening thread, so it should only hand work off. */
  static ChangeHints start(DataSource dataSource, Runnable hint) {
    ChangeHints h = new ChangeHints(dataSource, hint);
    h.thread.start();
    return h;
  }

  @Override
  public void run() {
    while (!closed) {
      try {
        PGConnection pg = listening();
        PGNotification[] received = pg.getNotifications(WAIT_MILLIS);
        if (received != null && received.length > 0 && !closed) {
          hint.run();
        }
      } catch (SQLException | RuntimeException e) {
        if (closed) {
          break;
        }
        LOG.warn("listening for change hints failed ({}, SQL state {}); polling alone until it reconnects",
            e.getClass().getSimpleName(), e instanceof SQLException s ? s.getSQLState() : "none");
        dropConnection();
        pause();
      }
    }
    dropConnection();
  }

  /** The listening connection, opened (and a hint given, for what was missed) when there is none. */
  private PGConnection listening() throws SQLException {
    Connection c = connection;
    if (c == null) {
      c = dataSource.getConnection();
      connection = c;
      c.setAutoCommit(true);
      try (Statement st = c.createStatement()) {
        st.execute("LISTEN " + ChangeLog.CHANNEL);
      }
      hint.run();
    }
    return c.unwrap(PGConnection.class);
  }

  private void dropConnection() {
    Connection c = connection;
    connection = null;
    if (c != null) {
      try {
        c.close();
      } catch (SQLException e) {
        // the connection is gone either way
      }
    }
  }

  private synchronized void pause() {
    try {
      wait(RECONNECT_MILLIS); // woken early by close()
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed = true;
    }
  }

  @Override
  public void close() {
    closed = true;
    synchronized (this) {
      notifyAll();
    }
  }
}
