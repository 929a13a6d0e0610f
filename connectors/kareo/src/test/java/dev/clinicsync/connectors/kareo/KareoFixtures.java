package dev.clinicsync.connectors.kareo;

import dev.clinicsync.core.model.Clinician;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.ExternalIdentity;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.WeeklyAvailability;
import dev.clinicsync.core.store.ClinicianDirectory;
import dev.clinicsync.core.store.Secret;
import dev.clinicsync.core.store.SecretStore;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Credentials, clinicians, configuration and rows shared by the Kareo tests. */
final class KareoFixtures {
  /** A customer key and password that must never appear in a log line or message. */
  static final String CUSTOMER_KEY = "ck-7Hq2-Zr91-LEAKCANARY-key";
  static final String USER = "api.sync@northside-therapy.example";
  /** Holds XML-special characters: the envelope writer must escape them, never break on them. */
  static final String PASSWORD = "p<a>ss&'\"]]>-LEAKCANARY-pw";
  static final Set<String> PLANTED_PHI = Set.of("Jordan Testpatient", "Avery Q. Sample", "PT-884213",
      "Marisol Dunleavy-Okafor");
  private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

  private KareoFixtures() {}

  static void credentialsAndClinicians(SecretStore secrets, ClinicianDirectory clinicians) {
    secrets.put("kareo/customer-key", Secret.of(CUSTOMER_KEY));
    secrets.put("kareo/user", Secret.of(USER));
    secrets.put("kareo/password", Secret.of(PASSWORD));
    clinicians.save(Clinician.of(ClinicianId.of("dr-okafor"), "Dr. Okafor", ZoneId.of("America/New_York"),
        WeeklyAvailability.builder().build()).withExternalIds(Set.of(ExternalIdentity.of(SourceSystem.KAREO, "101"))));
    clinicians.save(Clinician.of(ClinicianId.of("dr-lindqvist"), "Dr. Lindqvist", ZoneId.of("America/New_York"),
        WeeklyAvailability.builder().build()).withExternalIds(Set.of(ExternalIdentity.of(SourceSystem.KAREO, "102"))));
  }

  static Map<String, String> properties() {
    return Map.of(
        KareoSettings.Keys.PRACTICE_ZONE, "America/New_York",
        KareoSettings.Keys.CUSTOMER_KEY_SECRET, "kareo/customer-key",
        KareoSettings.Keys.USER_SECRET, "kareo/user",
        KareoSettings.Keys.PASSWORD_SECRET, "kareo/password");
  }

  static String iso(LocalDateTime t) {
    return t.format(ISO);
  }

  /** One AppointmentData row as the connector flags it, with planted PHI; a null start is sent as i:nil. */
  static Map<String, String> row(String id, @Nullable String start, String end, String status, String resource) {
    Map<String, String> row = new LinkedHashMap<>();
    row.put("ID", id);
    row.put("StartDate", start);
    row.put("EndDate", end);
    row.put("ConfirmationStatus", status);
    row.put("PatientID", "PT-884213");
    row.put("PatientFullName", Integer.parseInt(id) % 2 == 0 ? "Jordan Testpatient" : "Avery Q. Sample");
    row.put("ResourceID1", resource);
    row.put("Type", "Patient");
    row.put("LastModifiedDate", "2/27/2026 4:12:09 PM");
    return row;
  }
}
