package dev.clinicsync.core.phi;

import dev.clinicsync.core.Checks;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The identifying part of a vendor record. Deliberately not a record: {@link #toString()} reveals
 * nothing but the number of fields, so a PhiRecord that slips into a log line or an exception
 * message leaks nothing.
 */
public final class PhiRecord {
  private static final PhiRecord EMPTY = new PhiRecord(new EnumMap<>(PhiField.class));

  private final Map<PhiField, String> fields;

  private PhiRecord(EnumMap<PhiField, String> fields) {
    this.fields = Collections.unmodifiableMap(fields);
  }

  public static PhiRecord empty() {
    return EMPTY;
  }

  public static Builder builder() {
    return new Builder();
  }

  public static PhiRecord of(Map<PhiField, String> fields) {
    Builder b = builder();
    fields.forEach(b::put);
    return b.build();
  }

  public Optional<String> get(PhiField field) {
    return Optional.ofNullable(fields.get(field));
  }

  public Set<PhiField> fields() {
    return fields.keySet();
  }

  /** Every field and value. Handle with care: this is the PHI. */
  public Map<PhiField, String> asMap() {
    return fields;
  }

  public boolean isEmpty() {
    return fields.isEmpty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PhiRecord p && fields.equals(p.fields);
  }

  @Override
  public int hashCode() {
    return fields.hashCode();
  }

  /** Never the content: only how many fields there are. */
  @Override
  public String toString() {
    return "PhiRecord[" + fields.size() + " fields, redacted]";
  }

  /** Builds a {@link PhiRecord}; blank values are dropped. */
  public static final class Builder {
    private final EnumMap<PhiField, String> fields = new EnumMap<>(PhiField.class);

    private Builder() {}

    /** Sets a field; a null or blank value is ignored (nothing to protect). */
    public Builder put(PhiField field, @org.jspecify.annotations.Nullable String value) {
      Checks.notNull(field, "PHI field");
      if (value != null && !value.isBlank()) {
        fields.put(field, value);
      }
      return this;
    }

    public PhiRecord build() {
      return fields.isEmpty() ? EMPTY : new PhiRecord(fields.clone());
    }
  }
}
