package dev.clinicsync.connectors.icsfeed.internal;

import dev.clinicsync.core.phi.PatientTokenizer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The key of a VEVENT that has no {@code UID} (OWA exports write none): a keyed hash of the
 * event's own times and recurrence — {@code DTSTART}, {@code DTEND}, {@code DURATION},
 * {@code RRULE}, {@code RDATE}, {@code EXDATE}, {@code RECURRENCE-ID}, each with its {@code TZID}
 * and {@code VALUE} — and of nothing else: never its summary, description, location or attendees,
 * which are PHI. The hash is an HMAC through the host's patient-token key ({@link PatientTokenizer})
 * under a namespace naming the connector, so it reveals nothing and differs per connector. The key
 * is stable while those times are; moving such an event makes it a new record (the old one is
 * deleted), which is why the reader reports every derived key as a {@code FALLBACK} issue.
 */
public final class UidKeys {
  private static final List<String> KEYED = List.of("DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE",
      "RECURRENCE-ID");
  private static final UidKeys REFUSING = new UidKeys(null, "", "");

  private final @Nullable PatientTokenizer tokenizer;
  private final String prefix;
  private final String namespace;

  private UidKeys(@Nullable PatientTokenizer tokenizer, String prefix, String namespace) {
    this.tokenizer = tokenizer;
    this.prefix = prefix;
    this.namespace = namespace;
  }

  /** Events without a UID are refused (a {@code SKIPPED} issue each). */
  public static UidKeys refusing() {
    return REFUSING;
  }

  /**
   * Events without a UID are kept under {@code prefix} + a keyed hash.
   *
   * @param tokenizer the keyed HMAC
   * @param prefix what every derived key starts with
   * @param namespace the HMAC namespace, naming the connector
   */
  public static UidKeys derived(PatientTokenizer tokenizer, String prefix, String namespace) {
    return new UidKeys(tokenizer, prefix, namespace);
  }

  /** Whether keys are derived at all. */
  public boolean derives() {
    return tokenizer != null;
  }

  /** The derived key of an event; empty when keys are not derived or the event has no DTSTART to key by. */
  public Optional<String> derive(IcsComponent event) {
    if (tokenizer == null || event.property("DTSTART").isEmpty()) {
      return Optional.empty();
    }
    StringBuilder sb = new StringBuilder();
    for (String name : KEYED) {
      for (IcsProperty p : event.all(name)) {
        Map<String, String> params = new TreeMap<>();
        p.parameter("TZID").ifPresent(v -> params.put("TZID", v));
        p.parameter("VALUE").ifPresent(v -> params.put("VALUE", v.toUpperCase(java.util.Locale.ROOT)));
        p.parameter("RANGE").ifPresent(v -> params.put("RANGE", v.toUpperCase(java.util.Locale.ROOT)));
        sb.append(name).append(params).append(':').append(p.value().strip()).append('\n');
      }
    }
    return Optional.of(prefix + tokenizer.tokenize(namespace, sb.toString()).token().substring(0, 26));
  }

  @Override
  public String toString() {
    return derives() ? "UidKeys[derived]" : "UidKeys[refusing]";
  }
}
