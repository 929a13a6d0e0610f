package dev.clinicsync.examples.demo;

import dev.clinicsync.examples.demo.DemoSandboxes.Request;
import dev.clinicsync.examples.demo.DemoSandboxes.Response;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kareo/Tebra's SOAP 2.1 service at {@code /kareo/services/soap/2.1/KareoServices.svc}:
 * {@code GetAppointments} answered in the shape WCF writes (an {@code s:} envelope, a
 * default-namespace result, {@code i:nil} empties, the security and error blocks), times
 * practice-local without an offset, the appointments whose start falls in the request's filter.
 */
final class KareoSandbox {
  private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");
  private static final Pattern FILTER = Pattern.compile("<(?:\\w+:)?(StartDate|EndDate)>([^<]*)</");
  private static final ZoneId PRACTICE = DemoPractice.NEW_YORK;

  private final DemoPractice practice;

  KareoSandbox(DemoPractice practice) {
    this.practice = practice;
  }

  Response handle(Request r) {
    if (!r.method().equals("POST") || !r.path().equals("/kareo/services/soap/2.1/KareoServices.svc")) {
      return Response.of(404, "text/html", "<html><body>Endpoint not found.</body></html>");
    }
    LocalDateTime from = null;
    LocalDateTime to = null;
    Matcher m = FILTER.matcher(r.body());
    while (m.find()) {
      String v = m.group(2).strip();
      if (v.isEmpty() || v.equals("true") || v.equals("false")) {
        continue;
      }
      LocalDateTime t = parse(v);
      if (m.group(1).equals("StartDate")) {
        from = t;
      } else {
        to = t;
      }
    }
    StringBuilder sb = new StringBuilder();
    sb.append("<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>")
        .append("<GetAppointmentsResponse xmlns=\"http://www.kareo.com/api/schemas/\">")
        .append("<GetAppointmentsResult xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\">")
        .append("<ErrorResponse><ErrorMessage i:nil=\"true\"/><IsError>false</IsError><StackTrace i:nil=\"true\"/></ErrorResponse>")
        .append("<SecurityResponse><Authenticated>true</Authenticated><Authorized>true</Authorized>")
        .append("<CustomerKeyValid>true</CustomerKeyValid><PermissionGranted>true</PermissionGranted>")
        .append("<SecurityResult>Success</SecurityResult><SecurityResultSuccess>true</SecurityResultSuccess></SecurityResponse>")
        .append("<Appointments>");
    for (DemoAppointment a : practice.appointments(DemoSource.KAREO)) {
      LocalDateTime start = LocalDateTime.ofInstant(a.start(), PRACTICE);
      if ((from != null && start.isBefore(from)) || (to != null && !start.isBefore(to))) {
        continue;
      }
      DemoClinician c = practice.clinician(a.clinician());
      sb.append("<AppointmentData>");
      el(sb, "ID", a.vendorId());
      el(sb, "StartDate", ISO.format(start));
      el(sb, "EndDate", ISO.format(LocalDateTime.ofInstant(a.end(), PRACTICE)));
      el(sb, "ConfirmationStatus", switch (a.status()) {
        case CANCELLED -> "Cancelled";
        case NO_SHOW -> "No-Show";
        case COMPLETED -> "Check-out";
        case CONFIRMED -> "Confirmed";
        case PENDING -> "Tentative";
        default -> "Scheduled";
      });
      el(sb, "PatientID", a.patientId());
      el(sb, "PatientFullName", a.patientName());
      el(sb, "ResourceID1", c.vendorId());
      el(sb, "Type", "Patient");
      el(sb, "LastModifiedDate", a.version() > 1 ? "1/6/2026 9:00:00 AM" : "1/5/2026 3:22:07 PM");
      sb.append("<AppointmentReason1/><Notes/><PracticeName/><ServiceLocationName/>");
      sb.append("</AppointmentData>");
    }
    sb.append("</Appointments></GetAppointmentsResult></GetAppointmentsResponse></s:Body></s:Envelope>");
    return Response.of(200, "text/xml; charset=utf-8", sb.toString());
  }

  private static LocalDateTime parse(String v) {
    String t = v.length() > 19 ? v.substring(0, 19) : v;
    return LocalDateTime.parse(t.length() == 10 ? t + "T00:00:00" : t);
  }

  private static void el(StringBuilder sb, String name, String value) {
    sb.append('<').append(name).append('>')
        .append(value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))
        .append("</").append(name).append('>');
  }
}
