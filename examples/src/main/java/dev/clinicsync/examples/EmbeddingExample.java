package dev.clinicsync.examples;

import dev.clinicsync.core.access.AccessPolicy;
import dev.clinicsync.core.access.Operation;
import dev.clinicsync.core.access.Principal;
import dev.clinicsync.core.memory.InMemoryAppointmentStore;
import dev.clinicsync.core.memory.InMemorySecretStore;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.phi.PatientTokenizer;
import dev.clinicsync.core.spi.AppointmentQuery;
import dev.clinicsync.core.spi.AppointmentStore;
import dev.clinicsync.core.spi.Secret;
import dev.clinicsync.core.spi.SecretStore;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The embedding example quoted in the README (the region between the tags is kept identical to
 * the README by {@code ReadmeExampleTest}). Run it with the README's demo command.
 */
public final class EmbeddingExample {
  private EmbeddingExample() {}

  public static void main(String[] args) {
    run(System.out);
  }

  /** Runs the example, printing to {@code out}; returns the week's appointments. */
  static List<Appointment> run(PrintStream out) {
    // tag::embed[]
    SecretStore secrets = new InMemorySecretStore(); // or your vault, behind the SecretStore SPI
    secrets.put(PatientTokenizer.DEFAULT_KEY_NAME, Secret.of("a-32-byte-or-longer-hmac-key-from-your-vault"));
    PatientTokenizer patients = PatientTokenizer.fromSecretStore(secrets);
    AppointmentStore store = new InMemoryAppointmentStore(); // or JDBC, or your own store

    Appointment visit = Appointment.builder()
        .source(SourceRef.of(SourceSystem.ZOCDOC, "zd-1001", "v3"))
        .clinicianId(ClinicianId.of("dr-lee"))
        .patient(patients.tokenize("zocdoc", "patient-778")) // a token, never a name
        .start(Instant.parse("2026-03-02T14:00:00Z"))
        .end(Instant.parse("2026-03-02T14:50:00Z"))
        .build();
    store.upsertBySource(visit); // idempotent: the same record twice is UNCHANGED

    Principal desk = Principal.frontDesk("front-desk-1");
    AccessPolicy.DEFAULT.check(desk, Operation.VIEW_CALENDAR, visit.clinicianId());
    TimeWindow week = TimeWindow.of(Instant.parse("2026-03-02T00:00:00Z"), Duration.ofDays(7));
    List<Appointment> appointments = store.find(AppointmentQuery.in(week));
    appointments.forEach(out::println);
    // end::embed[]
    return appointments;
  }
}
