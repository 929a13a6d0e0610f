package dev.clinicsync.connectors.icsfeed.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.Reader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.fortuna.ical4j.data.CalendarParserImpl;
import net.fortuna.ical4j.data.ContentHandler;
import net.fortuna.ical4j.data.ParserException;
import net.fortuna.ical4j.data.UnfoldingReader;
import org.jspecify.annotations.Nullable;

/**
 * Reads an iCalendar stream into {@link IcsComponent}s with ical4j's tokenizer
 * ({@link CalendarParserImpl}) and {@link UnfoldingReader} (folded lines, CRLF or LF, Outlook's
 * tab folds). It deliberately does not build ical4j's {@code Calendar} model: that model resolves
 * TZIDs through JVM-wide registries, may fall back to the default zone and can fetch time-zone
 * updates over the network. Date, zone and recurrence semantics live in this package instead.
 */
public final class IcsParser {

  private IcsParser() {}

  /**
   * Parses a whole feed held in memory. Before ical4j sees it, a body that does not start with
   * {@code BEGIN:VCALENDAR} is refused as not iCalendar; a parse that fails on a feed without an
   * {@code END:VCALENDAR} line is reported as truncated.
   *
   * @throws FeedProblem as {@link #parse(Reader, long)} does
   */
  public static IcsComponent parse(String text, long maxChars) {
    String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
    String head = body.stripLeading();
    if (!head.regionMatches(true, 0, "BEGIN:VCALENDAR", 0, "BEGIN:VCALENDAR".length())) {
      if (head.isEmpty()) {
        throw new FeedProblem(FeedProblem.Kind.TRUNCATED, "the feed is empty");
      }
      throw new FeedProblem(FeedProblem.Kind.MALFORMED, "the feed does not start with BEGIN:VCALENDAR (not iCalendar)");
    }
    boolean hasEnd = END.matcher(body).find();
    try {
      return parse(new java.io.StringReader(body), maxChars);
    } catch (FeedProblem p) {
      if (p.kind() == FeedProblem.Kind.MALFORMED && !hasEnd) {
        throw new FeedProblem(FeedProblem.Kind.TRUNCATED, "the feed ended before END:VCALENDAR");
      }
      if (p.kind() == FeedProblem.Kind.TRUNCATED && hasEnd) {
        throw new FeedProblem(FeedProblem.Kind.MALFORMED, "the feed is not well-formed iCalendar");
      }
      throw p;
    }
  }

  private static final java.util.regex.Pattern END =
      java.util.regex.Pattern.compile("(?im)^END:VCALENDAR\\s*$");

  /**
   * Parses a whole stream.
   *
   * @param in the characters (the caller decoded the bytes)
   * @param maxChars the most characters to read before failing with {@link FeedProblem.Kind#TOO_LARGE}
   * @return the first VCALENDAR, with the components of any further VCALENDARs appended
   * @throws FeedProblem when the stream is too large, truncated, malformed, or the thread was
   *     interrupted (the deadline passed)
   */
  public static IcsComponent parse(Reader in, long maxChars) {
    LimitedReader limited = new LimitedReader(in, maxChars);
    Handler handler = new Handler();
    try {
      new CalendarParserImpl(true).parse(new UnfoldingReader(limited, true), handler);
    } catch (InterruptedIOException e) {
      Thread.currentThread().interrupt();
      throw new FeedProblem(FeedProblem.Kind.DEADLINE_EXCEEDED, "parsing was cancelled at the deadline");
    } catch (IOException | ParserException | RuntimeException e) {
      // ical4j's messages quote the offending content, which may be PHI: never pass them on.
      if (limited.overLimit()) {
        throw new FeedProblem(FeedProblem.Kind.TOO_LARGE,
            "the feed is larger than the limit of " + maxChars + " characters");
      }
      if (Thread.currentThread().isInterrupted()) {
        throw new FeedProblem(FeedProblem.Kind.DEADLINE_EXCEEDED, "parsing was cancelled at the deadline");
      }
      if (limited.reachedEnd() && handler.completed == 0) {
        throw new FeedProblem(FeedProblem.Kind.TRUNCATED,
            "the feed ended before END:VCALENDAR" + lineOf(e));
      }
      throw new FeedProblem(FeedProblem.Kind.MALFORMED,
          "the feed is not well-formed iCalendar" + lineOf(e));
    }
    if (handler.completed == 0 || handler.calendar == null) {
      throw new FeedProblem(FeedProblem.Kind.TRUNCATED, "the feed has no complete VCALENDAR");
    }
    return handler.calendar;
  }

  private static String lineOf(Exception e) {
    if (e instanceof ParserException pe && pe.getLineNo() > 0) {
      return " (near line " + pe.getLineNo() + ")";
    }
    return "";
  }

  /** Builds the component tree from the parser's callbacks. */
  private static final class Handler implements ContentHandler {
    private final Deque<Builder> stack = new ArrayDeque<>();
    private @Nullable IcsComponent calendar;
    private int completed;
    private @Nullable String propertyName;
    private final Map<String, String> parameters = new LinkedHashMap<>();
    private String propertyValue = "";

    @Override
    public void startCalendar() {
      stack.clear();
      stack.push(new Builder("VCALENDAR"));
    }

    @Override
    public void endCalendar() {
      Builder b = stack.pop();
      IcsComponent done = b.build();
      if (calendar == null) {
        calendar = done;
      } else {
        List<IcsComponent> merged = new ArrayList<>(calendar.components());
        merged.addAll(done.components());
        calendar = new IcsComponent(calendar.name(), calendar.properties(), merged);
      }
      completed++;
    }

    @Override
    public void startComponent(String name) {
      stack.push(new Builder(name));
    }

    @Override
    public void endComponent(String name) {
      Builder b = stack.pop();
      Builder parent = stack.peek();
      if (parent != null) {
        parent.components.add(b.build());
      }
    }

    @Override
    public void startProperty(String name) {
      propertyName = name;
      parameters.clear();
      propertyValue = "";
    }

    @Override
    public void propertyValue(String value) {
      propertyValue = value;
    }

    @Override
    public void endProperty(String name) {
      Builder current = stack.peek();
      if (current != null && propertyName != null) {
        current.properties.add(new IcsProperty(propertyName, parameters, propertyValue));
      }
      propertyName = null;
    }

    @Override
    public void parameter(String name, String value) {
      String v = value;
      if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
        v = v.substring(1, v.length() - 1);
      }
      parameters.put(name.toUpperCase(java.util.Locale.ROOT), v);
    }
  }

  private static final class Builder {
    final String name;
    final List<IcsProperty> properties = new ArrayList<>();
    final List<IcsComponent> components = new ArrayList<>();

    Builder(String name) {
      this.name = name;
    }

    IcsComponent build() {
      return new IcsComponent(name, properties, components);
    }
  }
}
