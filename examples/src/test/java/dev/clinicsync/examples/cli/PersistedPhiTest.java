package dev.clinicsync.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clinicsync.core.audit.AuditAction;
import dev.clinicsync.core.audit.AuditEvent;
import dev.clinicsync.core.audit.AuditKeys;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.memory.EnvironmentSecretStore;
import dev.clinicsync.core.phi.PatientTokenizer;
import dev.clinicsync.core.phi.PhiField;
import dev.clinicsync.core.phi.PhiRecord;
import dev.clinicsync.core.store.AppointmentQuery;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.sync.AuditQuery;
import dev.clinicsync.sync.CalendarEntry;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PersistedPhiTest {
  private static final String KEY = CliSecrets.PHI_VAULT_KEY;
  private static final AppointmentQuery WEEK = AppointmentQuery.in(TimeWindow.of(
      CliFixture.MONDAY.atStartOfDay(CliFixture.NEW_YORK).toInstant(), Duration.ofDays(7)));
  private static final String KEY_VARIABLE = new EnvironmentSecretStore("CLINICSYNC_", Map.of()).variableFor(KEY);

  @TempDir
  Path dir;

  private CliFixture fx;

  @BeforeEach
  void start() throws Exception {
    fx = new CliFixture(dir);
  }

  @AfterEach
  void stop() {
    fx.close();
  }

  private Path secrets() {
    return dir.resolve("secrets.properties");
  }

  /** The titles of every synced appointment, read back through a fresh runtime's vault. */
  private List<Optional<String>> titlesReadBack(Map<String, String> environment) {
    try (CliRuntime rt = CliRuntime.open(ConfigLoader.load(fx.config), CliFixture.CLOCK, environment)) {
      List<CalendarEntry> entries = rt.coordinator().aggregatedCalendar(rt.admin(), WEEK).entries();
      return entries.stream().map(e -> rt.patientDetails(e.appointment().id()).flatMap(p -> p.get(PhiField.TITLE)))
          .toList();
    }
  }

  @Test
  @DisplayName("the first run makes a base64 32-byte PHI vault key in the owner-only secrets file")
  void keyIsMadeOnFirstUse() throws Exception {
    assertThat(fx.run("queue", "list").exit()).isZero();
    String line = Files.readAllLines(secrets()).stream().filter(l -> l.startsWith(KEY + "=")).findFirst().orElseThrow();
    String value = line.substring(KEY.length() + 1).replace("\\=", "=");
    assertThat(Base64.getDecoder().decode(value)).hasSize(32);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secrets()))).isEqualTo("rw-------");
  }

  @Test
  @DisplayName("patient details from a sync are read back by a new runtime on the same directory, through the vault")
  void detailsSurviveARestart() {
    assertThat(fx.run("sync").exit()).isZero();

    assertThat(titlesReadBack(fx.environment)).containsExactlyInAnyOrder(
        Optional.of("Demo Patient One - Psychotherapy"), Optional.of("Demo Patient Two - Intake"));
  }

  @Test
  @DisplayName("the H2 file holds the sync's data but never a patient's details in clear")
  void noClearTextInTheDatabaseFile() throws Exception {
    assertThat(fx.run("sync").exit()).isZero();
    assertThat(titlesReadBack(fx.environment)).hasSize(2).allSatisfy(t -> assertThat(t).isPresent());

    Path db = dir.resolve("data/clinicsync.mv.db");
    byte[] bytes = Files.readAllBytes(db);
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    assertThat(text).as("the scan sees the database's clear text (ids)").contains("sp-lee").contains("dr-lee");
    assertThat(text).doesNotContain("Demo Patient").doesNotContain("Psychotherapy");
    String utf16 = new String(bytes, StandardCharsets.UTF_16LE) + new String(bytes, StandardCharsets.UTF_16BE);
    assertThat(utf16).doesNotContain("Demo Patient");
    try (Stream<Path> files = Files.list(dir.resolve("data"))) {
      for (Path f : files.toList()) {
        assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).as(f.getFileName().toString())
            .doesNotContain("Demo Patient");
      }
    }
  }

  @Test
  @DisplayName("a PHI vault key in the file that is not base64 fails in one line naming the secret, file and line, not the value")
  void notBase64InTheFile() throws Exception {
    assertThat(fx.run("queue", "list").exit()).isZero();
    replaceKeyInFile("Not*Base64*Secret!Value");

    CliFixture.Run run = fx.run("queue", "list");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).matches("clinicsync: secrets\\.properties:\\d+: " + KEY + ": is not base64 [^\\n]*\\R")
        .doesNotContain("Not*Base64").doesNotContain("Secret!Value");
  }

  @Test
  @DisplayName("a PHI vault key in the file of the wrong length fails naming its length, never its value")
  void wrongLengthInTheFile() throws Exception {
    assertThat(fx.run("queue", "list").exit()).isZero();
    String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
    replaceKeyInFile(shortKey);

    CliFixture.Run run = fx.run("sync");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).startsWith("clinicsync: secrets.properties:").contains(KEY, "decodes to 16")
        .doesNotContain(shortKey);
    assertThat(run.err().strip()).doesNotContain("\n");
  }

  @Test
  @DisplayName("without a secrets file the key comes from its CLINICSYNC_ variable; a bad one names the variable")
  void fromTheEnvironment() throws Exception {
    String config = Files.readString(fx.config).replace("secrets-file: secrets.properties\n", "");
    Files.writeString(fx.config, config);
    Map<String, String> env = new HashMap<>(fx.environment);
    env.put(new EnvironmentSecretStore("CLINICSYNC_", Map.of()).variableFor(PatientTokenizer.DEFAULT_KEY_NAME),
        "patient-token-key-from-the-environment-0123456789");
    env.put(new EnvironmentSecretStore("CLINICSYNC_", Map.of()).variableFor(AuditKeys.DEFAULT_SECRET_NAME),
        "audit-key-from-the-environment-0123456789abcdef");
    env.put(KEY_VARIABLE, "c2hvcnQ=");

    assertThatThrownBy(() -> CliRuntime.open(ConfigLoader.load(fx.config), CliFixture.CLOCK, env))
        .isInstanceOf(ConfigException.class)
        .hasMessage("environment variable " + KEY_VARIABLE + ": " + KEY
            + ": must be base64 of 32 bytes (AES-256), decodes to 5");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = new ClinicSyncCli(CliFixture.CLOCK, env, new BufferedReader(new StringReader("")), false)
        .execute(new String[] {"sync", "--config", fx.config.toString()}, new PrintWriter(out, true),
            new PrintWriter(err, true));
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).startsWith("clinicsync: environment variable " + KEY_VARIABLE).doesNotContain("c2hvcnQ");

    byte[] key = new byte[32];
    key[0] = 7;
    env.put(KEY_VARIABLE, Base64.getUrlEncoder().withoutPadding().encodeToString(key));
    StringWriter err2 = new StringWriter();
    assertThat(new ClinicSyncCli(CliFixture.CLOCK, env, new BufferedReader(new StringReader("")), false)
        .execute(new String[] {"sync", "--config", fx.config.toString()}, new PrintWriter(out, true),
            new PrintWriter(err2, true))).as(err2.toString()).isZero();
    assertThat(Files.exists(secrets())).isFalse();
    assertThat(titlesReadBack(env)).contains(Optional.of("Demo Patient One - Psychotherapy"));
  }

  @Test
  @DisplayName("patient details do not show in the runtime's vault or record toString")
  void noPhiInToString() {
    assertThat(fx.run("sync").exit()).isZero();
    try (CliRuntime rt = CliRuntime.open(ConfigLoader.load(fx.config), CliFixture.CLOCK, fx.environment)) {
      CalendarEntry e = rt.coordinator().aggregatedCalendar(rt.admin(), WEEK).entries().get(0);
      PhiRecord phi = rt.patientDetails(e.appointment().id()).orElseThrow();
      assertThat(phi.toString()).doesNotContain("Demo Patient");
      assertThat(rt.secrets().toString()).doesNotContain("=");
    }
  }

  @Test
  @DisplayName("reading an appointment's patient details leaves an audit entry naming the user, VIEW_PHI and the appointment, and no patient details")
  void phiReadIsAudited() {
    assertThat(fx.run("sync").exit()).isZero();
    AppointmentId read;
    try (CliRuntime rt = CliRuntime.open(ConfigLoader.load(fx.config), CliFixture.CLOCK, fx.environment)) {
      read = rt.coordinator().aggregatedCalendar(rt.admin(), WEEK).entries().get(0).appointment().id();
      assertThat(rt.patientDetails(read).flatMap(p -> p.get(PhiField.TITLE))).as("the planted name was read")
          .hasValueSatisfying(t -> assertThat(t).startsWith("Demo Patient"));
    }

    try (CliRuntime rt = CliRuntime.open(ConfigLoader.load(fx.config), CliFixture.CLOCK, fx.environment)) {
      List<AuditEvent> trail = rt.coordinator().auditTrail(rt.admin(), AuditQuery.first(10_000)).events();
      assertThat(trail).filteredOn(e -> e.action() == AuditAction.VIEW_PHI).singleElement().satisfies(e -> {
        assertThat(e.actor()).isEqualTo("admin-1");
        assertThat(e.subject()).isEqualTo(read.value());
      });
      assertThat(trail).allSatisfy(e -> assertThat(e.details().toString() + e.subject())
          .doesNotContain("Demo Patient", "Psychotherapy", "Intake"));
    }
  }

  private void replaceKeyInFile(String value) throws Exception {
    List<String> lines = Files.readAllLines(secrets()).stream()
        .map(l -> l.startsWith(KEY + "=") ? KEY + "=" + value : l).toList();
    Files.write(secrets(), lines);
  }
}
