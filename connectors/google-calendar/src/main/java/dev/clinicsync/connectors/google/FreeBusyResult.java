package dev.clinicsync.connectors.google;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.model.TimeWindow;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The answer of a free/busy query over one window for several calendars, merged from Google's
 * requests of at most 50 calendars and 90 days each. A calendar Google could not answer for (in
 * any chunk) carries its errors — a 200 response may hold per-calendar errors, and they are
 * surfaced here rather than read as "free".
 *
 * @param window the queried window
 * @param calendars per calendar id, in the order asked
 */
public record FreeBusyResult(TimeWindow window, Map<String, CalendarFreeBusy> calendars) {
  /** Google's documented free/busy error reasons; any other value is kept as {@code unrecognized}. */
  static final Set<String> KNOWN_REASONS = Set.of("groupTooBig", "tooManyCalendarsRequested", "notFound",
      "internalError", "backendError", "forbidden", "notACalendarUser", "quotaExceeded", "rateLimitExceeded",
      "userRateLimitExceeded", "timeRangeEmpty", "invalid", "missingFromResponse");
  /** Google's error domains; any other value is kept as {@code unrecognized}. */
  static final Set<String> KNOWN_DOMAINS = Set.of("global", "calendar", "usageLimits", "clinicsync");

  public FreeBusyResult {
    Checks.notNull(window, "free/busy window");
    Checks.notNull(calendars, "free/busy calendars");
    calendars = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(calendars));
  }

  /** A reason as a result may show it: a known code, {@code unknown} when absent, else {@code unrecognized}. */
  static String shownReason(String reason) {
    return reason.isBlank() ? "unknown" : KNOWN_REASONS.contains(reason) ? reason : "unrecognized";
  }

  /** A domain as a result may show it: a known one, empty when absent, else {@code unrecognized}. */
  static String shownDomain(String domain) {
    return domain.isBlank() || KNOWN_DOMAINS.contains(domain) ? domain : "unrecognized";
  }

  /** The answer for one calendar. */
  public Optional<CalendarFreeBusy> calendar(String calendarId) {
    return Optional.ofNullable(calendars.get(calendarId));
  }

  /** Whether every calendar was answered in full. */
  public boolean complete() {
    return calendars.values().stream().allMatch(CalendarFreeBusy::complete);
  }

  /**
   * One calendar's busy intervals and errors.
   *
   * @param calendarId the calendar
   * @param busy its busy intervals, sorted by start (from the chunks that succeeded)
   * @param errors what Google reported for it; when not empty, {@code busy} may be incomplete
   */
  public record CalendarFreeBusy(String calendarId, List<TimeWindow> busy, List<FreeBusyError> errors) {
    public CalendarFreeBusy {
      Checks.notBlank(calendarId, "free/busy calendar id");
      busy = List.copyOf(Checks.notNull(busy, "free/busy busy intervals"));
      errors = List.copyOf(Checks.notNull(errors, "free/busy errors"));
    }

    /** Whether Google answered for the whole window without an error. */
    public boolean complete() {
      return errors.isEmpty();
    }
  }

  /**
   * One error Google reported for a calendar ({@code notFound}, {@code internalError},
   * {@code tooManyCalendarsRequested}, {@code groupTooBig} ...).
   *
   * @param domain Google's error domain, when it is one of the documented ones ({@code unrecognized} else)
   * @param reason Google's reason code, when it is one of the documented ones ({@code unrecognized} else)
   * @param chunk the part of the window the error concerns
   */
  public record FreeBusyError(String domain, String reason, TimeWindow chunk) {
    public FreeBusyError {
      Checks.notNull(domain, "free/busy error domain");
      Checks.notBlank(reason, "free/busy error reason");
      Checks.notNull(chunk, "free/busy error chunk");
    }
  }
}
