package dev.clinicsync.sync;

import static dev.clinicsync.sync.Fixtures.KIM;
import static dev.clinicsync.sync.Fixtures.LEE;
import static dev.clinicsync.sync.Fixtures.NY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.access.AccessDeniedException;
import dev.clinicsync.core.access.Principal;
import dev.clinicsync.core.audit.AuditAction;
import dev.clinicsync.core.audit.AuditEvent;
import dev.clinicsync.core.memory.InMemoryAuditSink;
import dev.clinicsync.core.memory.InMemoryBusyBlockStore;
import dev.clinicsync.core.memory.InMemoryClinicianDirectory;
import dev.clinicsync.core.model.AppointmentType;
import dev.clinicsync.core.model.Clinician;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.LocalTimeRange;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.model.WeeklyAvailability;
import dev.clinicsync.core.phi.PhiField;
import dev.clinicsync.core.phi.PhiRecord;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The coordinator's availability search")
class AvailabilitySearchTest {
  static final Principal ADMIN = Principal.admin("u-admin");
  static final Principal DESK = Principal.frontDesk("u-desk");
  static final Principal LEE_SELF = Principal.therapist("u-lee", LEE);
  static final ClinicianId PARK = ClinicianId.of("dr-park");
  static final ZoneId CHICAGO = ZoneId.of("America/Chicago");
  static final LocalDate TUESDAY = LocalDate.of(2026, 3, 3);
  static final TimeWindow TUESDAY_NY = TimeWindow.ofLocalDays(TUESDAY, TUESDAY.plusDays(1), NY);
  static final Duration HOUR = Duration.ofHours(1);

  final InMemoryAuditSink audit = new InMemoryAuditSink();
  final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T12:00:00Z"));
  final InMemoryBusyBlockStore busy = new InMemoryBusyBlockStore();
  SyncCoordinator coordinator;

  static Instant ny(int hour, int minute) {
    return ZonedDateTime.of(TUESDAY, LocalTime.of(hour, minute), NY).toInstant();
  }

  @BeforeEach
  void wire() {
    InMemoryClinicianDirectory directory = Fixtures.clinicians(); // Lee and Kim, New York, weekdays 08:00-18:00
    directory.save(Clinician.of(PARK, "Dr Park", CHICAGO,
        WeeklyAvailability.builder().weekdays(LocalTimeRange.of("08:00", "12:00")).build()));
    busy.upsert(ConnectorId.of("google-main"), Fixtures.busy("evt-lunch", KIM, ny(12, 0), 60));
    coordinator = SyncCoordinator.builder().auditSink(audit).clinicianDirectory(directory).clock(clock)
        .busyBlockStore(busy)
        .clinicianLocations(ClinicianLocations.of(Map.of("midtown", Set.of(LEE, KIM), "annex", Set.of(PARK))))
        .appointmentDuration(AppointmentType.CONSULT, Duration.ofMinutes(50))
        .build();
    coordinator.book(ADMIN, BookingRequest.builder(LEE, TimeWindow.of(ny(9, 0), HOUR))
        .phi(PhiRecord.builder().put(PhiField.PATIENT_NAME, "Jordan Example").build()).build());
  }

  static AvailabilityQuery.Builder tuesday() {
    return AvailabilityQuery.builder().window(TUESDAY_NY).duration(HOUR).step(HOUR);
  }

  static List<String> starts(AvailabilityView view) {
    return view.slots().stream().map(s -> s.slot().start().atZone(NY).toLocalTime() + " " + s.clinicians().stream()
        .map(ClinicianId::value).toList()).toList();
  }

  @Test
  @DisplayName("offers one clinician's hours minus the booked hour, on the grid in their zone")
  void oneClinician() {
    AvailabilityView view = coordinator.availability(DESK, tuesday().clinician(LEE).build());
    assertThat(starts(view)).containsExactly("08:00 [dr-lee]", "10:00 [dr-lee]", "11:00 [dr-lee]", "12:00 [dr-lee]",
        "13:00 [dr-lee]", "14:00 [dr-lee]", "15:00 [dr-lee]", "16:00 [dr-lee]", "17:00 [dr-lee]");
    assertThat(view.clinicians()).containsExactly(LEE);
    assertThat(view.duration()).isEqualTo(HOUR);
  }

  @Test
  @DisplayName("names every clinician at a location free for each slot, busy blocks and other zones included")
  void location() {
    AvailabilityView view = coordinator.availability(ADMIN, tuesday().location("midtown").build());
    assertThat(starts(view)).contains("08:00 [dr-kim, dr-lee]", "09:00 [dr-kim]", "12:00 [dr-lee]",
        "17:00 [dr-kim, dr-lee]");
    assertThat(view.clinicians()).containsExactly(KIM, LEE);
    // Park works 08:00-12:00 in Chicago: 09:00-13:00 in New York
    AvailabilityView everyone = coordinator.availability(ADMIN, tuesday().build());
    assertThat(starts(everyone)).contains("08:00 [dr-kim, dr-lee]", "09:00 [dr-kim, dr-park]", "12:00 [dr-lee, dr-park]")
        .doesNotContain("13:00 [dr-kim, dr-lee, dr-park]");
    assertThat(coordinator.availability(ADMIN, tuesday().location("nowhere").build()).slots()).isEmpty();
  }

  @Test
  @DisplayName("takes the slot length from the appointment type, and refuses a type with none configured")
  void appointmentType() {
    AvailabilityView view = coordinator.availability(DESK, AvailabilityQuery.builder().window(TUESDAY_NY)
        .clinician(LEE).appointmentType(AppointmentType.CONSULT).step(Duration.ofMinutes(15)).build());
    assertThat(view.duration()).isEqualTo(Duration.ofMinutes(50));
    assertThat(view.first()).map(s -> s.slot().end()).contains(ny(8, 50));
    // 08:15 would run into the 09:00 booking; 10:00 is the next start
    assertThat(view.slots().get(1).slot().start()).isEqualTo(ny(10, 0));
    assertThatThrownBy(() -> coordinator.availability(DESK, AvailabilityQuery.builder().window(TUESDAY_NY)
        .clinician(LEE).appointmentType(AppointmentType.FOLLOW_UP).build()))
        .isInstanceOf(ValidationException.class).hasMessageContaining("FOLLOW_UP");
  }

  @Test
  @DisplayName("starts no earlier than now plus the minimum notice, as the injected clock moves")
  void minimumNotice() {
    clock.set(ny(10, 30));
    AvailabilityView view = coordinator.availability(DESK, tuesday().clinician(LEE).minimumNotice(HOUR).build());
    assertThat(view.first()).map(s -> s.slot().start()).contains(ny(12, 0));
    assertThat(view.searched()).contains(new TimeWindow(ny(11, 30), TUESDAY_NY.end()));
    clock.set(TUESDAY_NY.end());
    AvailabilityView past = coordinator.availability(DESK, tuesday().clinician(LEE).build());
    assertThat(past.slots()).isEmpty();
    assertThat(past.searched()).isEmpty();
  }

  @Test
  @DisplayName("offers only slots that a booking can take without a conflict")
  void offeredSlotsBook() {
    AvailabilityView view = coordinator.availability(DESK, tuesday().clinician(KIM).step(Duration.ofMinutes(30)).build());
    assertThat(view.slots()).noneMatch(s -> s.slot().overlaps(TimeWindow.of(ny(12, 0), HOUR)));
    TimeWindow last = view.slots().get(view.slots().size() - 1).slot();
    AppointmentView booked = coordinator.book(DESK, BookingRequest.builder(KIM, last).build());
    assertThat(booked.conflictIds()).isEmpty();
    assertThat(coordinator.availability(DESK, tuesday().clinician(KIM).step(Duration.ofMinutes(30)).build()).slots())
        .extracting(OfferedSlot::slot).doesNotContain(last);
  }

  @Test
  @DisplayName("lets a therapist search only their own time: another clinician is refused and audited, a location narrowed")
  void therapistAccess() {
    assertThat(coordinator.availability(LEE_SELF, tuesday().build()).clinicians()).containsExactly(LEE);
    assertThat(coordinator.availability(LEE_SELF, tuesday().location("midtown").build()).clinicians())
        .containsExactly(LEE);
    AccessDeniedException e = catchThrowableOfType(
        () -> coordinator.availability(LEE_SELF, tuesday().clinician(LEE, KIM).build()), AccessDeniedException.class);
    assertThat(e).isNotNull();
    assertThat(audit.read(1, 10_000)).filteredOn(ev -> ev.action() == AuditAction.ACCESS_DENIED).singleElement()
        .satisfies(ev -> assertThat(ev.details()).containsEntry("operation", "VIEW_CALENDAR"));
    assertThatThrownBy(() -> coordinator.availability(ADMIN, tuesday().clinician(ClinicianId.of("dr-nobody")).build()))
        .isInstanceOf(ValidationException.class);
  }

  @Test
  @DisplayName("is audited as a calendar read with counts only, and shows no patient, vendor id or PHI anywhere")
  void phiFree() {
    AvailabilityView view = coordinator.availability(ADMIN, tuesday().location("midtown").build());
    AuditEvent read = audit.read(1, 10_000).stream().filter(ev -> ev.action() == AuditAction.VIEW_CALENDAR)
        .reduce((a, b) -> b).orElseThrow();
    assertThat(read.actor()).isEqualTo("u-admin");
    assertThat(read.details()).containsEntry("clinicians", "2").containsEntry("slots", Integer.toString(view.slots().size()));
    String text = view + " " + read;
    assertThat(text).doesNotContain("Jordan", "patient-token", "evt-lunch", "primary");
  }

  @Test
  @DisplayName("refuses contradictory queries, naming what is wrong")
  void validation() {
    assertThatThrownBy(() -> AvailabilityQuery.builder().duration(HOUR).build())
        .isInstanceOf(ValidationException.class).hasMessageContaining("window");
    assertThatThrownBy(() -> AvailabilityQuery.builder().window(TUESDAY_NY).build())
        .isInstanceOf(ValidationException.class).hasMessageContaining("duration");
    assertThatThrownBy(() -> AvailabilityQuery.builder().window(TUESDAY_NY).duration(HOUR).clinician(LEE)
        .location("midtown").build()).isInstanceOf(ValidationException.class).hasMessageContaining("not both");
    assertThatThrownBy(() -> SyncCoordinator.builder().appointmentDuration(AppointmentType.CONSULT, Duration.ofSeconds(90)))
        .isInstanceOf(ValidationException.class);
  }
}
