package dev.clinicsync.connectors.tck;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.AbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * An slf4j {@link org.slf4j.Logger} that keeps every formatted line (all levels enabled), so
 * tests can assert that nothing secret or identifying was logged.
 */
public final class CapturingLogger extends AbstractLogger {
  private static final long serialVersionUID = 1L;

  private final List<String> lines = new ArrayList<>();

  public CapturingLogger() {
    this.name = "capturing";
  }

  /** Every line so far, as "LEVEL message [throwable class: message]". */
  public synchronized List<String> lines() {
    return List.copyOf(lines);
  }

  /** Every line joined by newlines. */
  public synchronized String text() {
    return String.join("\n", lines);
  }

  @Override
  protected String getFullyQualifiedCallerName() {
    return CapturingLogger.class.getName();
  }

  @Override
  protected synchronized void handleNormalizedLoggingCall(Level level, @Nullable Marker marker, String pattern,
      Object @Nullable [] args, @Nullable Throwable throwable) {
    String msg = MessageFormatter.basicArrayFormat(pattern, args);
    lines.add(level + " " + msg + (throwable == null ? "" : " [" + throwable + "]"));
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
