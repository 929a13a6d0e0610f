package dev.clinicsync.examples.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clinicsync.examples.demo.DemoSandboxes.Request;
import dev.clinicsync.examples.demo.DemoSandboxes.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * athenahealth's FHIR R4 API: {@code POST /athena/oauth2/v1/token} (client credentials) and
 * {@code GET /athena/fhir/r4/Appointment?ah-practice=…&date=ge…&date=lt…&_count=…} answered as
 * searchset bundles with {@code next} links carrying athena's {@code cursor}, each appointment in
 * athena's shape: the {@code ah-practice} extension, {@code meta.versionId}, the practitioner,
 * patient (with display name) and department participants, a free-text comment.
 */
final class AthenaSandbox {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX");
  private static final String FHIR = "application/fhir+json;charset=utf-8";

  private final DemoPractice practice;
  private final String base;

  AthenaSandbox(DemoPractice practice, String base) {
    this.practice = practice;
    this.base = base;
  }

  Response handle(Request r) {
    if (r.path().equals("/athena/oauth2/v1/token") && r.method().equals("POST")) {
      return Response.json(200, "{\"access_token\":\"demo-athena-access-token\",\"token_type\":\"Bearer\","
          + "\"expires_in\":3600,\"scope\":\"system/Appointment.read\"}");
    }
    if (r.path().equals("/athena/fhir/r4/metadata")) {
      return Response.of(200, FHIR, "{\"resourceType\":\"CapabilityStatement\",\"status\":\"active\",\"kind\":\"instance\","
          + "\"fhirVersion\":\"4.0.1\",\"format\":[\"json\"],\"rest\":[{\"mode\":\"server\",\"resource\":[{\"type\":"
          + "\"Appointment\",\"searchParam\":[{\"name\":\"date\",\"type\":\"date\"}]}]}]}");
    }
    if (DemoSandboxes.bearer(r).isEmpty()) {
      return outcome(401, "login", "Unauthorized");
    }
    if (!r.path().equals("/athena/fhir/r4/Appointment")) {
      return outcome(404, "not-found", "Unknown resource");
    }
    Instant from = null;
    Instant to = null;
    for (String d : r.params("date")) {
      Instant t = OffsetDateTime.parse(d.substring(2).replace(' ', '+')).toInstant();
      if (d.startsWith("ge") || d.startsWith("gt")) {
        from = t;
      } else {
        to = t;
      }
    }
    int count = r.param("_count") == null ? 100 : Integer.parseInt(r.param("_count"));
    int offset = r.param("cursor") == null ? 0 : Integer.parseInt(r.param("cursor"));
    List<DemoAppointment> matching = new ArrayList<>();
    for (DemoAppointment a : practice.appointments(DemoSource.ATHENAHEALTH)) {
      if ((from == null || a.end().isAfter(from)) && (to == null || a.start().isBefore(to))) {
        matching.add(a);
      }
    }
    matching.sort(Comparator.comparing(DemoAppointment::start).thenComparing(DemoAppointment::vendorId));
    int end = Math.min(matching.size(), offset + count);
    String practiceRef = "Organization/a-1.Practice-" + DemoPractice.ATHENA_PRACTICE;
    ObjectNode bundle = JSON.createObjectNode();
    bundle.put("resourceType", "Bundle").put("type", "searchset");
    bundle.putObject("meta").put("lastUpdated", "2026-01-06T10:00:00.000+00:00");
    bundle.put("total", matching.size());
    ArrayNode links = bundle.putArray("link");
    String self = base + "/Appointment?ah-practice=" + URLEncoder.encode(practiceRef, StandardCharsets.UTF_8);
    links.addObject().put("relation", "self").put("url", self);
    if (end < matching.size()) {
      StringBuilder next = new StringBuilder(self);
      for (String d : r.params("date")) {
        next.append("&date=").append(URLEncoder.encode(d, StandardCharsets.UTF_8));
      }
      next.append("&_count=").append(count).append("&cursor=").append(end);
      links.addObject().put("relation", "next").put("url", next.toString());
    }
    ArrayNode entries = bundle.putArray("entry");
    for (DemoAppointment a : matching.subList(offset, end)) {
      ObjectNode e = entries.addObject();
      e.put("fullUrl", base + "/Appointment/" + a.vendorId());
      e.set("resource", resource(a, practiceRef));
      e.putObject("search").put("mode", "match");
    }
    return Response.of(200, FHIR, bundle.toString());
  }

  private ObjectNode resource(DemoAppointment a, String practiceRef) {
    DemoClinician c = practice.clinician(a.clinician());
    ObjectNode o = JSON.createObjectNode();
    o.put("resourceType", "Appointment").put("id", a.vendorId());
    o.putObject("meta").put("versionId", Integer.toString(a.version()))
        .put("lastUpdated", a.version() > 1 ? "2026-01-06T09:00:00.000+00:00" : "2026-01-05T16:04:00.000+00:00");
    o.putArray("extension").addObject().put("url", "https://fhir.athena.io/StructureDefinition/ah-practice")
        .putObject("valueReference").put("reference", practiceRef);
    o.put("status", switch (a.status()) {
      case CANCELLED -> "cancelled";
      case NO_SHOW -> "noshow";
      case COMPLETED -> "fulfilled";
      case PENDING -> "pending";
      default -> "booked";
    });
    o.putObject("appointmentType").putArray("coding").addObject()
        .put("system", "http://terminology.hl7.org/CodeSystem/v2-0276").put("code", "ROUTINE");
    o.put("start", TIME.format(a.start().atZone(c.zone()).toOffsetDateTime()));
    o.put("end", TIME.format(a.end().atZone(c.zone()).toOffsetDateTime()));
    o.put("minutesDuration", java.time.Duration.between(a.start(), a.end()).toMinutes());
    o.put("comment", "Pt " + a.patientName() + " asks for a call-back at +1-555-0142 before the visit");
    ArrayNode p = o.putArray("participant");
    ObjectNode doc = p.addObject();
    doc.putObject("actor").put("reference", "Practitioner/" + c.vendorId()).put("display", c.name().toUpperCase(java.util.Locale.ROOT));
    doc.put("required", "required").put("status", "accepted");
    ObjectNode pt = p.addObject();
    pt.putObject("actor").put("reference", "Patient/" + a.patientId()).put("display", a.patientName());
    pt.put("required", "required").put("status", "accepted");
    p.addObject().put("status", "accepted").putObject("actor")
        .put("reference", "Location/a-" + DemoPractice.ATHENA_PRACTICE + ".Department-" + (c.location().equals("midtown") ? 1 : 2));
    return o;
  }

  private static Response outcome(int status, String code, String text) {
    return Response.of(status, FHIR, "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\""
        + code + "\",\"diagnostics\":\"" + text + "\"}]}");
  }
}
