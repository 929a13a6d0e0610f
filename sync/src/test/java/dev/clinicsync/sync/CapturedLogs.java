package dev.clinicsync.sync;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.AbstractLogger;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * Every line the SDK logs while the sync tests run, at every level, so a test can assert that a
 * value never reached a log line. Installed as the tests' slf4j provider through
 * {@code META-INF/services/org.slf4j.spi.SLF4JServiceProvider}; keeps the newest lines only.
 */
public final class CapturedLogs {
  private static final int KEPT = 50_000;
  private static final Deque<String> LINES = new ArrayDeque<>();

  private CapturedLogs() {}

  /** Forgets every line so far. */
  public static synchronized void clear() {
    LINES.clear();
  }

  /** The lines since the last {@link #clear()}, each "LEVEL logger message [throwable]". */
  public static synchronized List<String> lines() {
    return List.copyOf(LINES);
  }

  /** Whether the provider is the one slf4j bound (so that an empty capture means nothing was logged). */
  public static boolean installed() {
    return org.slf4j.LoggerFactory.getILoggerFactory() instanceof Factory;
  }

  private static synchronized void add(String line) {
    if (LINES.size() == KEPT) {
      LINES.removeFirst();
    }
    LINES.addLast(line);
  }

  private static final class Factory implements ILoggerFactory {
    private final ConcurrentHashMap<String, Logger> loggers = new ConcurrentHashMap<>();

    @Override
    public Logger getLogger(String name) {
      return loggers.computeIfAbsent(name, Capturing::new);
    }
  }

  /** A logger with every level enabled that keeps each formatted line. */
  private static final class Capturing extends AbstractLogger {
    private static final long serialVersionUID = 1L;

    Capturing(String name) {
      this.name = name;
    }

    @Override
    protected String getFullyQualifiedCallerName() {
      return Capturing.class.getName();
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, @Nullable Marker marker, String pattern,
        Object @Nullable [] args, @Nullable Throwable throwable) {
      add(level + " " + name + " " + MessageFormatter.basicArrayFormat(pattern, args)
          + (throwable == null ? "" : " [" + throwable + "]"));
    }

    @Override
    public boolean isTraceEnabled() {
      return true;
    }

    @Override
    public boolean isTraceEnabled(Marker marker) {
      return true;
    }

    @Override
    public boolean isDebugEnabled() {
      return true;
    }

    @Override
    public boolean isDebugEnabled(Marker marker) {
      return true;
    }

    @Override
    public boolean isInfoEnabled() {
      return true;
    }

    @Override
    public boolean isInfoEnabled(Marker marker) {
      return true;
    }

    @Override
    public boolean isWarnEnabled() {
      return true;
    }

    @Override
    public boolean isWarnEnabled(Marker marker) {
      return true;
    }

    @Override
    public boolean isErrorEnabled() {
      return true;
    }

    @Override
    public boolean isErrorEnabled(Marker marker) {
      return true;
    }
  }

  /** The slf4j provider the sync tests run with. */
  public static final class Provider implements SLF4JServiceProvider {
    private final ILoggerFactory factory = new Factory();
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new NOPMDCAdapter();

    @Override
    public ILoggerFactory getLoggerFactory() {
      return factory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
      return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
      return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
      return "2.0.99";
    }

    @Override
    public void initialize() {}
  }
}
