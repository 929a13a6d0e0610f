package dev.clinicsync.examples.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clinicsync.core.model.AppointmentStatus;
import dev.clinicsync.examples.demo.DemoSandboxes.Request;
import dev.clinicsync.examples.demo.DemoSandboxes.Response;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Zocdoc's developer API: {@code POST /zocdoc/oauth/token} (client credentials) and
 * {@code GET /zocdoc/v1/appointments} filtered by {@code start_time_utc_min}/{@code _max},
 * {@code provider_ids} and {@code location_ids}, zero-indexed pages of at most 100 with
 * {@code total_count}; {@code GET /zocdoc/v1/appointments/{id}}. Items carry the patient block
 * and notes as Zocdoc sends them.
 */
final class ZocdocSandbox {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final DemoPractice practice;

  ZocdocSandbox(DemoPractice practice) {
    this.practice = practice;
  }

  Response handle(Request r) {
    if (r.path().equals("/zocdoc/oauth/token") && r.method().equals("POST")) {
      return Response.json(200, "{\"access_token\":\"eyJhbGciOiJSUzI1NiJ9.demo\",\"token_type\":\"Bearer\","
          + "\"expires_in\":86400,\"scope\":\"external.appointment.read\"}");
    }
    if (DemoSandboxes.bearer(r).isEmpty()) {
      return error(401, "unauthorized", "Missing bearer token");
    }
    if (r.path().startsWith("/zocdoc/v1/appointments/")) {
      String id = r.path().substring("/zocdoc/v1/appointments/".length());
      return practice.appointments(DemoSource.ZOCDOC).stream().filter(a -> a.vendorId().equals(id)).findFirst()
          .map(a -> {
            ObjectNode body = JSON.createObjectNode();
            body.set("data", item(a));
            return Response.json(200, body.toString());
          }).orElseGet(() -> error(404, "not_found", "Appointment not found"));
    }
    if (!r.path().equals("/zocdoc/v1/appointments")) {
      return error(404, "not_found", "Not found");
    }
    int page = Integer.parseInt(orElse(r.param("page"), "0"));
    int size = Integer.parseInt(orElse(r.param("page_size"), "10"));
    if (page < 0 || page > 10 || size < 1 || size > 100) {
      return error(400, "invalid_request", "page must be 0-10 and page_size 1-100");
    }
    Instant min = r.param("start_time_utc_min") == null ? null : Instant.parse(r.param("start_time_utc_min"));
    Instant max = r.param("start_time_utc_max") == null ? null : Instant.parse(r.param("start_time_utc_max"));
    String provider = r.param("provider_ids");
    String location = r.param("location_ids");
    List<DemoAppointment> matching = new ArrayList<>();
    for (DemoAppointment a : practice.appointments(DemoSource.ZOCDOC)) {
      String[] pl = practice.clinician(a.clinician()).zocdocId().split("\\|");
      if ((min == null || !a.start().isBefore(min)) && (max == null || !a.start().isAfter(max))
          && (provider == null || List.of(provider.split(",")).contains(pl[0]))
          && (location == null || List.of(location.split(",")).contains(pl[1]))) {
        matching.add(a);
      }
    }
    matching.sort(Comparator.comparing(DemoAppointment::start).thenComparing(DemoAppointment::vendorId));
    List<DemoAppointment> capped = matching.subList(0, Math.min(1000, matching.size()));
    int from = Math.min(capped.size(), page * size);
    int to = Math.min(capped.size(), from + size);
    ObjectNode body = JSON.createObjectNode();
    ArrayNode data = body.putArray("data");
    capped.subList(from, to).forEach(a -> data.add(item(a)));
    body.put("page", page).put("page_size", size).put("total_count", matching.size());
    return Response.json(200, body.toString());
  }

  private ObjectNode item(DemoAppointment a) {
    DemoClinician c = practice.clinician(a.clinician());
    ObjectNode o = JSON.createObjectNode();
    o.put("appointment_id", a.vendorId());
    o.put("appointment_status", switch (a.status()) {
      case CANCELLED -> "cancelled";
      case NO_SHOW -> "no_show";
      case PENDING -> "pending_booking";
      default -> "confirmed";
    });
    DateTimeFormatter f = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
    o.put("start_time", f.format(a.start().atZone(c.zone()).toOffsetDateTime()));
    o.put("end_time", f.format(a.end().atZone(c.zone()).toOffsetDateTime()));
    o.put("time_zone", c.zone().getId());
    o.put("provider_location_id", c.zocdocId());
    o.put("visit_reason_id", "pc_FRO-18leckytNKtruw5dLR");
    o.put("patient_type", a.status() == AppointmentStatus.CONFIRMED && a.version() > 1 ? "new" : "existing");
    o.put("created_time_utc", "2026-01-05T15:22:07.391Z");
    o.put("last_modified_time_utc", a.version() > 1 ? "2026-01-06T09:00:00.000Z" : "2026-01-05T15:22:07.391Z");
    o.put("booked_by", "patient");
    o.put("notes", "Booked online by " + a.patientName() + ": first visit, insurance card on file");
    ObjectNode p = o.putObject("patient");
    p.put("developer_patient_id", "dp-" + a.patientId());
    p.put("patient_id", a.patientId());
    String[] name = a.patientName().split(" ", 2);
    p.put("first_name", name[0]);
    p.put("last_name", name.length > 1 ? name[1] : "");
    p.put("date_of_birth", "1987-04-12");
    p.put("phone_number", "2125550187");
    p.put("email_address", a.patientName().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z]+", ".") + "@mail.example");
    return o;
  }

  private static String orElse(@org.jspecify.annotations.Nullable String v, String dflt) {
    return v == null ? dflt : v;
  }

  private static Response error(int status, String code, String message) {
    return Response.json(status, "{\"errors\":[{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}]}");
  }
}
