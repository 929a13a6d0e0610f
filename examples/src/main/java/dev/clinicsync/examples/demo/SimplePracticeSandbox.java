package dev.clinicsync.examples.demo;

import dev.clinicsync.examples.demo.DemoSandboxes.Request;
import dev.clinicsync.examples.demo.DemoSandboxes.Response;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * SimplePractice's calendar subscription feeds, one per clinician at
 * {@code /sp/calendar/<clinician>.ics}: the shape SimplePractice publishes (CRLF lines folded at 75
 * octets, {@code TZID} times, the client's name in {@code SUMMARY}, notes and a telehealth link in
 * {@code DESCRIPTION}, an {@code ATTENDEE}), with weekly recurring sessions written as one
 * {@code RRULE} with an {@code EXDATE} and a {@code RECURRENCE-ID} override.
 */
final class SimplePracticeSandbox {
  private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss");
  private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneId.of("UTC"));

  private final DemoPractice practice;

  SimplePracticeSandbox(DemoPractice practice) {
    this.practice = practice;
  }

  Response handle(Request r) {
    String prefix = "/sp/calendar/";
    if (!r.method().equals("GET") || !r.path().startsWith(prefix) || !r.path().endsWith(".ics")) {
      return Response.of(404, "text/plain", "Not Found");
    }
    String id = r.path().substring(prefix.length(), r.path().length() - ".ics".length());
    DemoClinician c = practice.clinicians().stream()
        .filter(x -> x.id().equals(id) && x.primary() == DemoSource.SIMPLEPRACTICE).findFirst().orElse(null);
    if (c == null) {
      return Response.of(404, "text/plain", "Not Found");
    }
    return Response.of(200, "text/calendar; charset=utf-8", feed(c));
  }

  String feed(DemoClinician c) {
    StringBuilder ics = new StringBuilder();
    line(ics, "BEGIN:VCALENDAR");
    line(ics, "VERSION:2.0");
    line(ics, "PRODID:-//SimplePractice//Calendar Feed//EN");
    line(ics, "CALSCALE:GREGORIAN");
    line(ics, "X-WR-CALNAME:" + c.name() + " - SimplePractice");
    line(ics, "X-WR-TIMEZONE:" + c.zone().getId());
    String stamp = UTC.format(practice.today().atStartOfDay(c.zone()).toInstant());
    for (DemoAppointment a : practice.appointments()) {
      if (a.clinician().equals(c.id()) && a.source() == DemoSource.SIMPLEPRACTICE) {
        line(ics, "BEGIN:VEVENT");
        line(ics, "UID:" + a.vendorId());
        line(ics, "DTSTAMP:" + stamp);
        line(ics, "DTSTART;TZID=" + c.zone().getId() + ":" + local(a.start(), c.zone()));
        line(ics, "DTEND;TZID=" + c.zone().getId() + ":" + local(a.end(), c.zone()));
        phi(ics, a.patientName());
        line(ics, "SEQUENCE:" + (a.version() - 1));
        line(ics, "STATUS:" + (a.status() == dev.clinicsync.core.model.AppointmentStatus.CANCELLED ? "CANCELLED" : "CONFIRMED"));
        line(ics, "END:VEVENT");
      }
    }
    for (DemoSeries s : practice.series()) {
      if (!s.clinician().equals(c.id())) {
        continue;
      }
      String tz = ";TZID=" + c.zone().getId() + ":";
      line(ics, "BEGIN:VEVENT");
      line(ics, "UID:" + s.uid());
      line(ics, "DTSTAMP:" + stamp);
      line(ics, "DTSTART" + tz + LOCAL.format(s.first()));
      line(ics, "DTEND" + tz + LOCAL.format(s.first().plus(s.length())));
      line(ics, "RRULE:FREQ=WEEKLY;BYDAY=" + s.first().getDayOfWeek().name().substring(0, 2) + ";COUNT=" + s.count());
      line(ics, "EXDATE" + tz + LOCAL.format(s.occurrence(s.skipped())));
      phi(ics, s.patientName());
      line(ics, "SEQUENCE:1");
      line(ics, "STATUS:CONFIRMED");
      line(ics, "END:VEVENT");
      line(ics, "BEGIN:VEVENT");
      line(ics, "UID:" + s.uid());
      line(ics, "RECURRENCE-ID" + tz + LOCAL.format(s.occurrence(s.moved())));
      line(ics, "DTSTAMP:" + stamp);
      line(ics, "DTSTART" + tz + LOCAL.format(s.movedTo()));
      line(ics, "DTEND" + tz + LOCAL.format(s.movedTo().plus(s.length())));
      line(ics, "SUMMARY:" + s.patientName() + " (moved)");
      line(ics, "DESCRIPTION:Rescheduled by client, lunch hour this week.");
      line(ics, "SEQUENCE:2");
      line(ics, "STATUS:CONFIRMED");
      line(ics, "END:VEVENT");
    }
    line(ics, "END:VCALENDAR");
    return ics.toString();
  }

  private static void phi(StringBuilder ics, String patient) {
    line(ics, "SUMMARY:" + patient + " - Psychotherapy 53 min");
    line(ics, "DESCRIPTION:Client " + patient + ". Follow-up re: sleep and work stress. Telehealth: https://telehealth.s"
        + "implepractice.example/room/" + Integer.toHexString(patient.hashCode()) + " Phone: +1-555-0142");
    line(ics, "LOCATION:https://telehealth.simplepractice.example/room/" + Integer.toHexString(patient.hashCode()));
    line(ics, "ATTENDEE;CN=" + patient + ";ROLE=REQ-PARTICIPANT:mailto:" + patient.toLowerCase(java.util.Locale.ROOT)
        .replaceAll("[^a-z]+", ".") + "@mail.example");
  }

  private static String local(Instant t, ZoneId zone) {
    return LOCAL.format(ZonedDateTime.ofInstant(t, zone));
  }

  /** Appends a content line folded at 75 octets (RFC 5545), CRLF-terminated. */
  private static void line(StringBuilder ics, String text) {
    int max = 75;
    String rest = text;
    boolean first = true;
    while (rest.length() > (first ? max : max - 1)) {
      int n = first ? max : max - 1;
      ics.append(first ? "" : " ").append(rest, 0, n).append("\r\n");
      rest = rest.substring(n);
      first = false;
    }
    ics.append(first ? "" : " ").append(rest).append("\r\n");
  }
}
