package dev.clinicsync.connectors.kit;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.connector.RecordIssue;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * One connector's table from vendor codes (statuses, visit types) to canonical values, with an
 * explicit fallback: an undocumented code maps to {@code fallback(code)} and is reported as a
 * {@link RecordIssue.Severity#FALLBACK} issue, never silently folded in. Codes are matched
 * case-insensitively after trimming.
 *
 * <pre>{@code
 * static final MappingTable<AppointmentStatus> STATUS = MappingTable.of("status",
 *     Map.of("pending_booking", PENDING, "confirmed", CONFIRMED, "cancelled", CANCELLED),
 *     code -> AppointmentStatus.SCHEDULED);
 * AppointmentStatus s = STATUS.map(appointmentId, vendorStatus, issues::add);
 * }</pre>
 *
 * @param <T> the canonical type
 */
public final class MappingTable<T> {
  private static final Pattern CODE = Pattern.compile("[A-Za-z0-9_.:/ -]{1,64}");

  private final String field;
  private final Map<String, T> table;
  private final Function<String, T> fallback;

  private MappingTable(String field, Map<String, T> table, Function<String, T> fallback) {
    this.field = Checks.notBlank(field, "mapping field");
    Map<String, T> normalized = new TreeMap<>();
    Checks.notNull(table, "mapping table").forEach((k, v) -> normalized.put(normalize(k), Checks.notNull(v, "mapping of " + k)));
    this.table = Map.copyOf(normalized);
    this.fallback = Checks.notNull(fallback, "mapping fallback");
  }

  /**
   * A table for one field.
   *
   * @param field the vendor field, named in issues ("status", "appointment_type")
   * @param table every documented vendor code and its canonical value
   * @param fallback the value of an undocumented code (for types: {@code AppointmentType::other})
   */
  public static <T> MappingTable<T> of(String field, Map<String, T> table, Function<String, T> fallback) {
    return new MappingTable<>(field, table, fallback);
  }

  /** The canonical value of a documented code. */
  public Optional<T> lookup(String vendorCode) {
    return Optional.ofNullable(table.get(normalize(vendorCode)));
  }

  /** Every documented code (normalized). */
  public java.util.Set<String> documentedCodes() {
    return table.keySet();
  }

  /**
   * Maps a code; an undocumented or missing one maps to the fallback and reports a FALLBACK issue
   * naming the vendor record and the field (and the code itself only when it looks like a code).
   */
  public T map(String vendorRecordId, @org.jspecify.annotations.Nullable String vendorCode, Consumer<RecordIssue> issues) {
    if (vendorCode == null || vendorCode.isBlank()) {
      T value = fallback.apply("missing");
      issues.accept(RecordIssue.fallback(vendorRecordId, field, "no " + field + "; mapped to " + value));
      return value;
    }
    Optional<T> known = lookup(vendorCode);
    if (known.isPresent()) {
      return known.get();
    }
    String code = vendorCode.strip();
    boolean looksLikeCode = CODE.matcher(code).matches();
    T value = fallback.apply(code);
    String shown = looksLikeCode ? "'" + code + "'" : "(not a code, " + code.length() + " characters)";
    // the fallback value may carry the vendor's text (AppointmentType.other(code)): name it only for codes
    String mapped = looksLikeCode ? String.valueOf(value) : "the fallback";
    issues.accept(RecordIssue.fallback(vendorRecordId, field, "undocumented " + field + " " + shown + "; mapped to " + mapped));
    return value;
  }

  private static String normalize(String code) {
    return code.strip().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return "MappingTable[" + field + ", " + table.size() + " codes]";
  }
}
