package dev.clinicsync.connectors.kit.reference;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** The fake vendor's wire format, with PHI planted in every record. */
final class FakeVendorFixtures {
  static final ZoneId VENDOR_ZONE = ZoneId.of("America/New_York");
  static final String PATIENT_NAME = "Philippa Plantedname";
  static final String BIRTH_DATE = "1979-11-23";
  static final String PHONE = "555-867-5309";
  static final String NOTES = "PLANTED-NOTE panic attacks, prefers mornings";
  static final Set<String> PLANTED = Set.of(PATIENT_NAME, BIRTH_DATE, PHONE, NOTES, "P-PLANTED-7731");

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private FakeVendorFixtures() {}

  /** A vendor appointment with its start in the vendor's zone and PHI planted. */
  static ObjectNode appointment(String id, @Nullable LocalDateTime start, @Nullable LocalDateTime end, String status, String type) {
    ObjectNode a = JSON.objectNode();
    a.put("id", id);
    if (start != null) {
      a.put("start", start.toString());
    }
    if (end != null) {
      a.put("end", end.toString());
    }
    a.put("time_zone", VENDOR_ZONE.getId());
    a.put("status", status);
    a.put("type", type);
    a.put("provider_id", "pr-1");
    a.put("location_id", "lo-main");
    a.put("notes", NOTES);
    ObjectNode p = a.putObject("patient");
    p.put("id", "P-PLANTED-7731");
    p.put("name", PATIENT_NAME);
    p.put("dob", BIRTH_DATE);
    p.put("phone", PHONE);
    return a;
  }

  /** A response page. */
  static String page(List<ObjectNode> items, List<String> deleted, @Nullable String nextPageToken, @Nullable String nextCursor) {
    ObjectNode root = JSON.objectNode();
    ArrayNode arr = root.putArray("appointments");
    items.forEach(arr::add);
    ArrayNode del = root.putArray("deleted");
    deleted.forEach(del::add);
    if (nextPageToken != null) {
      root.put("next_page_token", nextPageToken);
    }
    if (nextCursor != null) {
      root.put("next_cursor", nextCursor);
    }
    return root.toString();
  }
}
