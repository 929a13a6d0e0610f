package dev.clinicsync.connectors.google.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clinicsync.connectors.google.OwnedEvents;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.BusyBlock;
import dev.clinicsync.core.model.BusyBlock.DateSpan;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.connector.FetchPage;
import dev.clinicsync.core.connector.RecordIssue;
import dev.clinicsync.core.connector.WriteEcho;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Sorts the items of one {@code events.list} page into what they are for the SDK, reading the
 * raw JSON item by item so that one bad item becomes a {@link RecordIssue} and the rest of the
 * page still comes through:
 * <ul>
 *   <li>{@code status=cancelled}: a deletion of the event id (a tombstone deletes the event; a
 *       cancelled instance, with {@code recurringEventId} and {@code originalStartTime}, hides
 *       that one occurrence, whose instance id is what the block was keyed by). A cancelled event
 *       that still carries our marker is reported as a cancelled echo instead.
 *   <li>events carrying our private marker: {@link WriteEcho}s, never busy blocks;
 *   <li>a series master (an item carrying {@code recurrence}; the connector asks for single events,
 *       but a proxy or cached response may not honour that): a {@code SKIPPED} issue naming the
 *       field {@code recurrence}, never one block at the series' first instance;
 *   <li>transparent events, events the therapist declined, zero-length events: no time is
 *       blocked (in an incremental sync they are deletions, since they may have blocked before);
 *   <li>everything else: a {@link BusyBlock} keyed by {@code google:<eventId>} with only its
 *       times — no title, description, attendees or location is read at all. On a calendar
 *       configured as receiving a practice system's own calendar sync ({@link PageContext#copyOf}),
 *       the block is marked {@link BusyBlock#copyOf} that system: the engine links it to the
 *       session it copies when the times match. The marking comes from configuration, never from
 *       the event's text.
 * </ul>
 * Issues name the event id and the field, never a value.
 *
 * <p>Every keyed change goes through the {@link FetchPage.Builder}, which reports a source key seen
 * twice in one page as a {@link RecordIssue} and keeps neither copy. Echoes are not keyed there, so
 * an event id that a page repeats is reported to the builder as its bare key for every copy, echo
 * or not (as a busy-block deletion, which the builder then drops with both copies): a repeated id
 * yields the builder's issue and retention and nothing else, whatever its copies would have been.
 */
public final class EventMapper {

  /** Everything the mapper needs to know about the page it is mapping. */
  public record PageContext(
      String calendarId,
      ClinicianId clinicianId,
      Optional<ZoneId> calendarZone,
      Supplier<Optional<ZoneId>> fallbackZone,
      String provenance,
      TimeWindow window,
      boolean incremental,
      Optional<SourceSystem> copyOf) {

    /** A page of a calendar that receives no practice system's calendar sync. */
    public PageContext(String calendarId, ClinicianId clinicianId, Optional<ZoneId> calendarZone,
        Supplier<Optional<ZoneId>> fallbackZone, String provenance, TimeWindow window, boolean incremental) {
      this(calendarId, clinicianId, calendarZone, fallbackZone, provenance, window, incremental, Optional.empty());
    }
  }

  private final PageContext ctx;
  private final FetchPage.Builder out;
  private boolean fallbackZoneReported;
  private String currentId = "-";

  public EventMapper(PageContext ctx, FetchPage.Builder out) {
    this.ctx = ctx;
    this.out = out;
  }

  /** Maps every item of a page. */
  public void mapAll(JsonNode items) {
    if (items == null || items.isMissingNode() || items.isNull()) {
      return;
    }
    Map<String, Integer> copies = new HashMap<>();
    for (JsonNode item : items) {
      String id = text(item, "id");
      if (id != null) {
        copies.merge(id, 1, Integer::sum);
      }
    }
    int position = 0;
    for (JsonNode item : items) {
      String id = text(item, "id");
      if (id != null && copies.getOrDefault(id, 1) > 1) { // every id read is counted above
        out.deleteBusyBlock(SourceRef.of(SourceSystem.GOOGLE, id)); // the builder reports the repeated key
        position++;
        continue;
      }
      map(item, position++);
    }
  }

  /**
   * The interval of a timed event (a mirror ClinicSync wrote): {@code start.dateTime} and
   * {@code end.dateTime} with their offsets, or local with their {@code timeZone}; empty for
   * all-day, unreadable or zero-length times.
   */
  public static Optional<TimeWindow> dateTimeWindow(JsonNode event) {
    Optional<Instant> start = dateTime(event.path("start"));
    Optional<Instant> end = dateTime(event.path("end"));
    if (start.isEmpty() || end.isEmpty() || !end.get().isAfter(start.get())) {
      return Optional.empty();
    }
    return Optional.of(new TimeWindow(start.get(), end.get()));
  }

  private static Optional<Instant> dateTime(JsonNode node) {
    String value = text(node, "dateTime");
    if (value == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(OffsetDateTime.parse(value).toInstant());
    } catch (DateTimeException withoutOffset) {
      String tz = text(node, "timeZone");
      try {
        return tz == null ? Optional.empty() : Optional.of(LocalDateTime.parse(value).atZone(ZoneId.of(tz)).toInstant());
      } catch (DateTimeException e) {
        return Optional.empty();
      }
    }
  }

  void map(JsonNode item, int position) {
    String id = text(item, "id");
    if (id == null) {
      // not the calendar id: that is often its owner's email address
      out.issue(RecordIssue.skipped("item#" + position, "id", "event without an id"));
      return;
    }
    currentId = id;
    SourceRef ref = ref(id, text(item, "etag"));
    String status = Optional.ofNullable(text(item, "status")).orElse("confirmed");
    Optional<Owned> owned;
    try {
      owned = owned(item);
    } catch (BadEvent e) {
      out.issue(RecordIssue.skipped(id, e.field, e.reason));
      return;
    }
    if ("cancelled".equals(status)) {
      if (owned.isPresent()) {
        out.echo(new WriteEcho(owned.get().appointmentId(), ref, readableWindow(item), true, owned.get().provenance()));
      } else {
        out.deleteBusyBlock(SourceRef.of(SourceSystem.GOOGLE, id));
      }
      return;
    }
    if (owned.isPresent()) {
      Optional<TimeWindow> window;
      try {
        window = Optional.ofNullable(times(item, id)).map(Times::window); // zero-length: no window, as readableWindow
      } catch (BadEvent e) {
        out.issue(RecordIssue.fallback(id, e.field, e.reason + "; reported without its times"));
        window = Optional.empty();
      }
      out.echo(new WriteEcho(owned.get().appointmentId(), ref, window, false, owned.get().provenance()));
      return;
    }
    if (isSeriesMaster(item)) {
      // the connector asks for single events; a master arriving anyway (a proxy, a cached response,
      // another request path) is not one block at its first instance: refused, never read as a one-off
      out.issue(RecordIssue.skipped(id, "recurrence",
          "a recurring series master (it carries recurrence) is not read as one event; "
              + "only expanded instances (singleEvents=true) are read"));
      return;
    }
    if ("transparent".equals(text(item, "transparency")) || declinedBySelf(item)) {
      noLongerBusy(id);
      return;
    }
    Times t;
    try {
      t = times(item, id);
    } catch (BadEvent e) {
      out.issue(RecordIssue.skipped(id, e.field, e.reason));
      return;
    }
    if (t == null) {
      noLongerBusy(id); // zero-length: blocks no time
      return;
    }
    if (!t.window().overlaps(ctx.window())) {
      noLongerBusy(id); // incremental results may lie outside the window of interest
      return;
    }
    SourceRef blockRef = SourceRef.of(SourceSystem.GOOGLE, id);
    if (t.allDay() != null) {
      out.busyBlock(BusyBlock.allDay(blockRef, ctx.calendarId(), ctx.clinicianId(), t.allDay(), t.zone())
          .withCopyOf(ctx.copyOf()));
    } else {
      out.busyBlock(BusyBlock.timed(blockRef, ctx.calendarId(), ctx.clinicianId(), t.window().start(), t.window().end())
          .withCopyOf(ctx.copyOf()));
    }
  }

  private void noLongerBusy(String id) {
    if (ctx.incremental()) {
      out.deleteBusyBlock(SourceRef.of(SourceSystem.GOOGLE, id));
    }
  }

  private static SourceRef ref(String id, @Nullable String etag) {
    return etag == null ? SourceRef.of(SourceSystem.GOOGLE, id) : SourceRef.of(SourceSystem.GOOGLE, id, etag);
  }

  private record Owned(AppointmentId appointmentId, String provenance) {}

  /** Our marker with this installation's provenance; a malformed marker is an issue, not a busy block. */
  private Optional<Owned> owned(JsonNode item) {
    JsonNode props = item.path("extendedProperties").path("private");
    String appointment = text(props, OwnedEvents.APPOINTMENT_ID_PROPERTY);
    String provenance = text(props, OwnedEvents.PROVENANCE_PROPERTY);
    if (appointment == null || provenance == null || !provenance.equals(ctx.provenance())) {
      return Optional.empty();
    }
    try {
      return Optional.of(new Owned(AppointmentId.of(appointment), provenance));
    } catch (ValidationException e) {
      throw new BadEvent("extendedProperties.private." + OwnedEvents.APPOINTMENT_ID_PROPERTY,
          "the ClinicSync marker does not hold a valid appointment id");
    }
  }

  private Optional<TimeWindow> readableWindow(JsonNode item) {
    if (!item.has("start") || !item.has("end")) {
      return Optional.empty();
    }
    try {
      Times t = times(item, "");
      return t == null ? Optional.empty() : Optional.of(t.window());
    } catch (BadEvent e) {
      return Optional.empty();
    }
  }

  /** Whether the item is a series master: it carries a {@code recurrence} list (instances never do). */
  private static boolean isSeriesMaster(JsonNode item) {
    JsonNode r = item.get("recurrence");
    return r != null && !r.isNull() && !(r.isArray() && r.isEmpty());
  }

  private static boolean declinedBySelf(JsonNode item) {
    for (JsonNode a : item.path("attendees")) {
      if (a.path("self").asBoolean(false) && "declined".equals(text(a, "responseStatus"))) {
        return true;
      }
    }
    return false;
  }

  /** An event's interval; {@code allDay} set for date-only events; null for zero-length events. */
  private record Times(TimeWindow window, @Nullable DateSpan allDay, ZoneId zone) {}

  private @Nullable Times times(JsonNode item, String id) {
    JsonNode start = item.get("start");
    JsonNode end = item.get("end");
    if (start == null || !start.isObject()) {
      throw new BadEvent("start", "event without a start");
    }
    if (end == null || !end.isObject()) {
      throw new BadEvent("end", "event without an end");
    }
    boolean startDate = start.hasNonNull("date");
    boolean endDate = end.hasNonNull("date");
    if (startDate != endDate) {
      throw new BadEvent("end", "start and end mix a date and a date-time");
    }
    if (startDate) {
      LocalDate first = date(start, "start.date");
      LocalDate last = date(end, "end.date");
      if (!last.isAfter(first)) {
        throw new BadEvent("end.date", "the all-day event ends before it starts (the end date is exclusive)");
      }
      ZoneId zone = allDayZone(id);
      DateSpan span = new DateSpan(first, last);
      return new Times(span.in(zone), span, zone);
    }
    Instant s = instant(start, "start");
    Instant e = instant(end, "end");
    if (e.isBefore(s)) {
      throw new BadEvent("end", "the event ends before it starts");
    }
    if (e.equals(s)) {
      return null;
    }
    return new Times(new TimeWindow(s, e), null, ZoneId.of("UTC"));
  }

  private ZoneId allDayZone(String id) {
    if (ctx.calendarZone().isPresent()) {
      return ctx.calendarZone().get();
    }
    Optional<ZoneId> fallback = ctx.fallbackZone().get();
    if (fallback.isEmpty()) {
      throw new BadEvent("timeZone", "the calendar has no valid time zone and the clinician none either, "
          + "so the all-day event cannot be placed");
    }
    if (!fallbackZoneReported) {
      fallbackZoneReported = true;
      out.issue(RecordIssue.fallback(id, "timeZone",
          "the calendar has no valid time zone; all-day events of this page use the clinician's zone"));
    }
    return fallback.get();
  }

  private static LocalDate date(JsonNode node, String field) {
    try {
      return LocalDate.parse(node.get("date").asText());
    } catch (DateTimeException e) {
      throw new BadEvent(field, "not a yyyy-mm-dd date");
    }
  }

  private Instant instant(JsonNode node, String field) {
    String value = text(node, "dateTime");
    if (value == null) {
      throw new BadEvent(field + ".dateTime", "neither a date nor a date-time");
    }
    String tz = text(node, "timeZone");
    Optional<ZoneId> zone = Optional.empty();
    boolean badZone = false;
    if (tz != null) {
      try {
        zone = Optional.of(ZoneId.of(tz));
      } catch (DateTimeException e) {
        badZone = true;
      }
    }
    try {
      Instant at = OffsetDateTime.parse(value).toInstant();
      if (badZone) {
        out.issue(RecordIssue.fallback(currentId, field + ".timeZone",
            "unknown time zone ignored; the date-time's own offset was used"));
      }
      return at;
    } catch (DateTimeException withoutOffset) {
      LocalDateTime local;
      try {
        local = LocalDateTime.parse(value);
      } catch (DateTimeException e) {
        throw new BadEvent(field + ".dateTime", "not an RFC 3339 date-time");
      }
      if (badZone) {
        throw new BadEvent(field + ".timeZone", "unknown time zone and no UTC offset");
      }
      if (zone.isEmpty()) {
        throw new BadEvent(field + ".dateTime", "a date-time without a UTC offset needs a timeZone");
      }
      return local.atZone(zone.get()).toInstant();
    }
  }

  private static @Nullable String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || !v.isValueNode() || v.isNull()) {
      return null;
    }
    String s = v.asText();
    return s.isBlank() ? null : s;
  }

  /** One field of one event is unusable; {@code reason} is PHI-free. */
  private static final class BadEvent extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String field;
    final String reason;

    BadEvent(String field, String reason) {
      super(reason, null, false, false);
      this.field = field;
      this.reason = reason;
    }
  }
}
