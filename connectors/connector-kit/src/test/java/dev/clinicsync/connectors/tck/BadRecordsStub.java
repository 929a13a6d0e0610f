package dev.clinicsync.connectors.tck;

import java.util.Map;
import java.util.Set;

/**
 * What a connector's test stubbed for the bad-values scenario: one page holding good records and
 * one bad record per {@link BadValue} the vendor's format can express.
 *
 * @param goodIds external ids of the good records, which must come through
 * @param badIds the external id of the record carrying each bad value
 */
public record BadRecordsStub(Set<String> goodIds, Map<BadValue, String> badIds) {
  public BadRecordsStub {
    goodIds = Set.copyOf(goodIds);
    badIds = Map.copyOf(badIds);
    if (goodIds.isEmpty() || badIds.isEmpty()) {
      throw new IllegalArgumentException("stub at least one good and one bad record");
    }
  }
}
