package dev.clinicsync.examples.harbor;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Harbor's wire format as the tests serve it, with PHI planted in every visit for the TCK to hunt. */
final class HarborFixtures {
  static final ZoneId PRACTICE_ZONE = ZoneId.of("America/Chicago");
  static final String CLIENT_NAME = "Rosalind Plantedclient";
  static final String BIRTH_DATE = "1984-02-29";
  static final String PHONE = "+1 312 555 0188";
  static final String MEMO = "PLANTED-MEMO grief counselling, second session";
  static final String CLIENT_ID = "CL-PLANTED-4410";
  static final Set<String> PLANTED = Set.of(CLIENT_NAME, BIRTH_DATE, PHONE, MEMO, CLIENT_ID);

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private HarborFixtures() {}

  /** A visit of provider {@code hb-7}, its times wall-clock in the practice's zone. */
  static ObjectNode visit(String id, @Nullable LocalDateTime start, @Nullable LocalDateTime end, String state, String service) {
    ObjectNode v = JSON.objectNode();
    v.put("id", id);
    v.put("provider", "hb-7");
    if (start != null) {
      v.put("local_start", start.toString());
    }
    if (end != null) {
      v.put("local_end", end.toString());
    }
    v.put("zone", PRACTICE_ZONE.getId());
    v.put("state", state);
    v.put("service", service);
    v.put("room", "room-2");
    v.put("memo", MEMO);
    ObjectNode c = v.putObject("client");
    c.put("id", CLIENT_ID);
    c.put("name", CLIENT_NAME);
    c.put("birth_date", BIRTH_DATE);
    c.put("phone", PHONE);
    return v;
  }

  /** A response page: visits, removed ids, the next page's cursor or, on the last page, the change token. */
  static String page(List<ObjectNode> visits, List<String> removed, @Nullable String nextCursor, @Nullable String changeToken) {
    ObjectNode root = JSON.objectNode();
    ArrayNode arr = root.putArray("visits");
    visits.forEach(arr::add);
    ArrayNode gone = root.putArray("removed");
    removed.forEach(gone::add);
    root.put("next_cursor", nextCursor);
    if (changeToken != null) {
      root.put("change_token", changeToken);
    }
    return root.toString();
  }
}
