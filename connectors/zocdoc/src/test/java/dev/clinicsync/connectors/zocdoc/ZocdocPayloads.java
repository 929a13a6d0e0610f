package dev.clinicsync.connectors.zocdoc;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Zocdoc payloads in the recorded shape of {@code GET /v1/appointments/{id}}'s {@code data} (the
 * list items are assumed to be the same objects), with the mess real ones carry: offsets that are
 * not UTC, the patient block with every identifying field, insurance, free-text notes, fields we
 * do not read. Every fixture plants the same PHI, which the PHI checks then look for.
 */
final class ZocdocPayloads {
  static final String PROVIDER = "pr_Xq3hT0aB9kLmN2pQ";
  static final String LOCATION = "lo_7JvR2sW4cD1eF6gH";
  static final String COMPOSITE = PROVIDER + "|" + LOCATION;
  static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  static final String FIRST = "Jordan";
  static final String LAST = "Testpatient";
  static final String DOB = "1984-07-19";
  static final String PHONE = "2125550187";
  static final String EMAIL = "jordan.testpatient@example.com";
  static final String NOTE = "anxious about needles, prefers Dr. Quincy";
  static final String STREET = "41 Mercer Street Apt 5";
  static final Set<String> PHI = Set.of(FIRST + " " + LAST, LAST, DOB, PHONE, EMAIL, NOTE, STREET);

  private static final DateTimeFormatter OFFSET = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

  private ZocdocPayloads() {}

  /** A confirmed 30-minute appointment at {@code start}, written in New York's offset. */
  static ObjectNode appointment(String id, Instant start) {
    return appointment(id, start, Duration.ofMinutes(30), "confirmed");
  }

  static ObjectNode appointment(String id, Instant start, Duration length, String status) {
    ObjectNode a = JsonNodeFactory.instance.objectNode();
    a.put("appointment_id", id);
    a.put("appointment_status", status);
    a.put("start_time", OFFSET.format(ZonedDateTime.ofInstant(start, NEW_YORK).toOffsetDateTime()));
    a.put("end_time", OFFSET.format(ZonedDateTime.ofInstant(start.plus(length), NEW_YORK).toOffsetDateTime()));
    a.put("time_zone", "America/New_York");
    a.put("provider_location_id", COMPOSITE);
    a.put("visit_reason_id", "pc_FRO-18leckytNKtruw5dLR");
    a.put("patient_type", "existing");
    a.put("created_time_utc", "2026-02-11T15:22:07.391Z");
    a.put("last_modified_time_utc", "2026-02-20T14:03:11.204Z");
    a.put("booked_by", "m2m");
    a.put("notes", NOTE);
    ObjectNode p = a.putObject("patient");
    p.put("developer_patient_id", "dp-" + id.substring(0, Math.min(8, id.length())));
    p.put("patient_id", "pt-884120");
    p.put("first_name", FIRST);
    p.put("last_name", LAST);
    p.put("date_of_birth", DOB);
    p.put("sex_at_birth", "female");
    p.put("phone_number", PHONE);
    p.put("email_address", EMAIL);
    ObjectNode addr = p.putObject("patient_address");
    addr.put("address1", STREET);
    addr.putNull("address2");
    addr.put("city", "New York");
    addr.put("state", "NY");
    addr.put("zip_code", "10013");
    ObjectNode ins = p.putObject("insurance");
    ins.put("insurance_plan_id", "ip_2231");
    ins.put("member_id", "XQH123456789");
    p.putArray("gender").add("woman");
    return a;
  }

  /** A list page: {@code data} and, when given, {@code total_count}. */
  static String page(List<ObjectNode> items, int page, int pageSize, Long total) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    ArrayNode data = body.putArray("data");
    items.forEach(data::add);
    body.put("page", page);
    body.put("page_size", pageSize);
    if (total != null) {
      body.put("total_count", total);
    }
    return body.toString();
  }

  /** {@code GET /v1/appointments/{id}}: the appointment under {@code data}. */
  static String single(ObjectNode item) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.set("data", item);
    return body.toString();
  }

  static String token() {
    return "{\"access_token\":\"eyJhbGciOiJSUzI1NiJ9.tck\",\"token_type\":\"Bearer\",\"expires_in\":86400,"
        + "\"scope\":\"external.appointment.read\"}";
  }

  static String id(int n) {
    return String.format(Locale.ROOT, "d04b049a-41b1-4aba-9268-%012d", n);
  }
}
