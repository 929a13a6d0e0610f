package dev.clinicsync.connectors.icsfeed;

import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.BusyBlock;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.phi.PatientTokenizer;
import dev.clinicsync.core.phi.PhiField;
import dev.clinicsync.core.phi.PhiRecord;
import dev.clinicsync.core.connector.SourceRecord;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A keyed fingerprint of everything a record says, canonical part and PHI part alike, used as the
 * record's vendor version. Calendar feeds and exports carry no trustworthy version (feed
 * generators rarely bump SEQUENCE, and DTSTAMP changes on every download), and the coordinator
 * skips a record whose version did not change; a content fingerprint changes exactly when the
 * content does, PHI included. It is an HMAC under the patient-token key (through
 * {@link PatientTokenizer}), so it reveals nothing of the PHI it covers. The namespace is the
 * preset's ({@link IcsFeedPreset#versionNamespace()}); a vendor's other importers (SimplePractice's
 * CSV export) use the same one, so one record has one version whichever way it arrived.
 */
public final class RecordFingerprint {

  private RecordFingerprint() {}

  /**
   * The record with its fingerprint as the source version.
   *
   * @param record the record
   * @param tokenizer the keyed HMAC
   * @param namespace the preset's version namespace
   */
  public static SourceRecord versioned(SourceRecord record, PatientTokenizer tokenizer, String namespace) {
    Appointment a = record.appointment();
    String fp = of(a, record.phi(), tokenizer, namespace);
    SourceRef source = SourceRef.of(a.source().system(), a.source().externalId(), fp);
    Appointment versioned = a.toBuilder().source(source).build();
    return new SourceRecord(versioned, record.phi());
  }

  /**
   * The fingerprint of a busy block: its key, calendar, clinician, interval and all-day dates.
   *
   * @param block the block
   * @param tokenizer the keyed HMAC
   * @param namespace the preset's version namespace
   */
  public static String of(BusyBlock block, PatientTokenizer tokenizer, String namespace) {
    String s = "busy\u0000" + block.source().key() + '\u0000' + block.calendarId() + '\u0000' + block.clinicianId()
        + '\u0000' + block.start() + '\u0000' + block.end() + '\u0000' + block.allDay().map(Object::toString).orElse("");
    return "fp-" + tokenizer.tokenize(namespace, s).token().substring(0, 22);
  }

  static String of(Appointment a, Optional<PhiRecord> phi, PatientTokenizer tokenizer, String namespace) {
    StringBuilder sb = new StringBuilder()
        .append(a.source().key()).append('\u0000').append(a.clinicianId()).append('\u0000')
        .append(a.vendorProviderId().orElse("")).append('\u0000')
        .append(a.patient().map(p -> p.token()).orElse("")).append('\u0000')
        .append(a.start()).append('\u0000').append(a.end()).append('\u0000')
        .append(a.locationId().orElse("")).append('\u0000')
        .append(a.status()).append('\u0000').append(a.type()).append('\u0000')
        .append(a.sourceZone().map(Object::toString).orElse("")).append('\u0000')
        .append(new TreeMap<>(a.sourceMetadata())).append('\u0000');
    Map<PhiField, String> fields = phi.map(PhiRecord::asMap).orElse(Map.of());
    for (PhiField f : PhiField.values()) {
      String v = fields.get(f);
      if (v != null) {
        sb.append(f).append('=').append(v).append('\u0000');
      }
    }
    return "fp-" + tokenizer.tokenize(namespace, sb.toString()).token().substring(0, 22);
  }
}
