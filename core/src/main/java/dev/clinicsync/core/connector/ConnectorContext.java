package dev.clinicsync.core.connector;

import dev.clinicsync.core.store.ClinicianDirectory;
import dev.clinicsync.core.store.SecretStore;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.phi.PatientTokenizer;
import java.time.Clock;

/**
 * What the SDK hands a connector when it builds one: the clock (connectors never read the system
 * clock), the host's secrets, its clinician directory (to map vendor provider ids to clinicians)
 * and the patient tokenizer.
 *
 * @param clock the clock
 * @param secrets where credentials come from
 * @param clinicians the clinician directory
 * @param patients turns vendor patient ids into pseudonymous tokens
 */
public record ConnectorContext(Clock clock, SecretStore secrets, ClinicianDirectory clinicians, PatientTokenizer patients) {
  public ConnectorContext {
    Checks.notNull(clock, "connector context clock");
    Checks.notNull(secrets, "connector context secret store");
    Checks.notNull(clinicians, "connector context clinician directory");
    Checks.notNull(patients, "connector context patient tokenizer");
  }
}
