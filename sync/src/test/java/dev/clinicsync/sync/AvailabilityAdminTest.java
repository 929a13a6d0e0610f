package dev.clinicsync.sync;

import static dev.clinicsync.sync.Fixtures.KIM;
import static dev.clinicsync.sync.Fixtures.LEE;
import static dev.clinicsync.sync.Fixtures.NY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.clinicsync.conflict.ConflictKind;
import dev.clinicsync.core.StorageException;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.access.AccessDeniedException;
import dev.clinicsync.core.access.AccessPolicy;
import dev.clinicsync.core.access.Operation;
import dev.clinicsync.core.access.Principal;
import dev.clinicsync.core.audit.AuditAction;
import dev.clinicsync.core.audit.AuditEvent;
import dev.clinicsync.core.memory.InMemoryClinicianDirectory;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.AvailabilityException;
import dev.clinicsync.core.model.Clinician;
import dev.clinicsync.core.model.LocalTimeRange;
import dev.clinicsync.core.model.OverrideReason;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.model.WeeklyAvailability;
import dev.clinicsync.core.phi.PhiField;
import dev.clinicsync.core.phi.PhiRecord;
import dev.clinicsync.core.store.AppointmentQuery;
import dev.clinicsync.core.testkit.MutableClock;
import dev.clinicsync.sync.internal.AvailabilityRules;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Admin editing of clinicians' availability")
class AvailabilityAdminTest {
  static final Principal ADMIN = Principal.admin("u-admin");
  static final Principal DESK = Principal.frontDesk("u-desk");
  static final Principal LEE_SELF = Principal.therapist("u-lee", LEE);
  static final LocalDate MONDAY = LocalDate.of(2026, 3, 2);
  static final LocalDate TUESDAY = MONDAY.plusDays(1);
  static final LocalDate WEDNESDAY = MONDAY.plusDays(2);
  static final Duration HOUR = Duration.ofHours(1);
  static final WeeklyAvailability AFTERNOONS =
      WeeklyAvailability.builder().weekdays(LocalTimeRange.of("12:00", "18:00")).build();

  final FlakyAuditSink audit = new FlakyAuditSink();
  final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T12:00:00Z")); // Monday 07:00 in New York
  InMemoryClinicianDirectory directory;
  SyncCoordinator coordinator;
  AppointmentId mondayPast;
  AppointmentId tuesday9;
  AppointmentId tuesday930;
  AppointmentId tuesday16;
  AppointmentId wednesday10;

  static Instant ny(LocalDate day, int hour, int minute) {
    return ZonedDateTime.of(day, LocalTime.of(hour, minute), NY).toInstant();
  }

  SyncCoordinator build(AccessPolicy policy) {
    directory = Fixtures.clinicians(); // Lee and Kim, New York, weekdays 08:00-18:00
    return SyncCoordinator.builder().auditSink(audit).clinicianDirectory(directory).clock(clock)
        .accessPolicy(policy).build();
  }

  AppointmentId book(LocalDate day, int hour, int minute) {
    return coordinator.book(ADMIN, BookingRequest.builder(LEE, TimeWindow.of(ny(day, hour, minute), HOUR))
        .phi(PhiRecord.builder().put(PhiField.PATIENT_NAME, "Jordan Example").build()).build()).id();
  }

  @BeforeEach
  void wire() {
    coordinator = build(AccessPolicy.DEFAULT);
    mondayPast = book(MONDAY, 10, 0);
    tuesday9 = book(TUESDAY, 9, 0);
    tuesday930 = coordinator.book(ADMIN, BookingRequest.builder(LEE, TimeWindow.of(ny(TUESDAY, 9, 30), HOUR))
        .overrideConflicts(OverrideReason.INTENDED_OVERLAP).build()).id();
    tuesday16 = book(TUESDAY, 16, 0);
    wednesday10 = book(WEDNESDAY, 10, 0);
    clock.set(ny(MONDAY, 18, 0)); // Monday's 10:00 appointment is past now
  }

  List<ConflictKind> calendarConflicts(AppointmentId id) {
    return coordinator.calendarEntry(ADMIN, id).orElseThrow().conflicts().stream().map(ConflictView::kind).toList();
  }

  List<AuditEvent> events(AuditAction action) {
    return audit.all().stream().filter(e -> e.action() == action).toList();
  }

  static String sha256(String text) throws Exception {
    return "sha256:" + HexFormat.of().formatHex(
        MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  @Nested
  @DisplayName("re-evaluates the clinician's future appointments at once")
  class Reevaluation {

    @Test
    @DisplayName("lists the future appointments newly outside the new hours, in start order, and flags them in the calendar")
    void newlyOutside() {
      assertThat(calendarConflicts(tuesday9)).containsExactly(ConflictKind.OVERLAP);

      AvailabilityEditResult r = coordinator.availabilityAdmin().setWeeklyAvailability(ADMIN, LEE, AFTERNOONS);

      assertThat(r.clinician()).isEqualTo(LEE);
      assertThat(r.reevaluated()).isEqualTo(4); // Monday's appointment is past: not re-evaluated
      assertThat(r.newlyOutsideHours()).containsExactly(tuesday9, tuesday930, wednesday10);
      assertThat(r.backInsideHours()).isEmpty();
      assertThat(r.noLongerInConflict()).isEmpty();
      assertThat(calendarConflicts(tuesday9)).contains(ConflictKind.OVERLAP, ConflictKind.OUTSIDE_AVAILABILITY);
      assertThat(calendarConflicts(tuesday16)).isEmpty();
      assertThat(directory.find(LEE).orElseThrow().availability()).isEqualTo(AFTERNOONS);
      // the next booking is checked against the new hours
      assertThatThrownBy(() -> coordinator.book(DESK, BookingRequest.builder(LEE,
          TimeWindow.of(ny(WEDNESDAY, 8, 0), HOUR)).build())).isInstanceOf(SchedulingConflictException.class);
    }

    @Test
    @DisplayName("lists those back inside the hours, and which of them no longer conflict at all")
    void backInside() {
      coordinator.availabilityAdmin().setWeeklyAvailability(ADMIN, LEE, AFTERNOONS);

      AvailabilityEditResult tuesday = coordinator.availabilityAdmin().addException(ADMIN, LEE,
          AvailabilityException.extraHours("extra-tue", TUESDAY, LocalTimeRange.of("08:00", "12:00"), "clinic day"));
      assertThat(tuesday.newlyOutsideHours()).isEmpty();
      assertThat(tuesday.backInsideHours()).containsExactly(tuesday9, tuesday930);
      assertThat(tuesday.noLongerInConflict()).isEmpty(); // they still overlap each other

      AvailabilityEditResult wednesday = coordinator.availabilityAdmin().addException(ADMIN, LEE,
          AvailabilityException.extraHours("extra-wed", WEDNESDAY, LocalTimeRange.of("08:00", "12:00"), "clinic day"));
      assertThat(wednesday.backInsideHours()).containsExactly(wednesday10);
      assertThat(wednesday.noLongerInConflict()).containsExactly(wednesday10);
      assertThat(calendarConflicts(wednesday10)).isEmpty();
    }

    @Test
    @DisplayName("flags appointments in new time off, and clears them when the time off is removed")
    void timeOff() {
      AvailabilityEditResult off = coordinator.availabilityAdmin().addException(ADMIN, LEE,
          AvailabilityException.timeOff("off-tue-pm", TUESDAY, LocalTimeRange.of("15:00", "18:00"), "dentist"));
      assertThat(off.newlyOutsideHours()).containsExactly(tuesday16);
      assertThat(calendarConflicts(tuesday16)).containsExactly(ConflictKind.TIME_OFF);

      AvailabilityEditResult back = coordinator.availabilityAdmin().removeException(ADMIN, LEE, "off-tue-pm");
      assertThat(back.backInsideHours()).containsExactly(tuesday16);
      assertThat(back.noLongerInConflict()).containsExactly(tuesday16);
      assertThat(calendarConflicts(tuesday16)).isEmpty();
    }

    @Test
    @DisplayName("re-evaluates only what is still ahead, as the clock moves")
    void clockMoves() {
      clock.set(ny(TUESDAY, 12, 0)); // Tuesday's morning appointments are past now
      AvailabilityEditResult r = coordinator.availabilityAdmin().setWeeklyAvailability(ADMIN, LEE, AFTERNOONS);
      assertThat(r.reevaluated()).isEqualTo(2);
      assertThat(r.newlyOutsideHours()).containsExactly(wednesday10);
    }

    @Test
    @DisplayName("moves the hours to another zone, the same wall-clock hours elsewhere")
    void zone() {
      // 09:00 in New York is 06:00 in Los Angeles: before 08:00 there
      AvailabilityEditResult r = coordinator.availabilityAdmin().setZone(ADMIN, LEE, "America/Los_Angeles");
      assertThat(r.newlyOutsideHours()).containsExactly(tuesday9, tuesday930, wednesday10);
      assertThat(directory.find(LEE).orElseThrow().zone().getId()).isEqualTo("America/Los_Angeles");
    }
  }

  @Nested
  @DisplayName("validates each change, naming the field and never the value")
  class Validation {

    @Test
    @DisplayName("refuses overlapping ranges on one weekday")
    void overlapSameDay() {
      WeeklyAvailability bad = WeeklyAvailability.builder()
          .on(DayOfWeek.MONDAY, LocalTimeRange.of("09:00", "12:00"), LocalTimeRange.of("11:30", "17:00")).build();
      InvalidAvailabilityException e = catchThrowableOfType(
          () -> coordinator.availabilityAdmin().setWeeklyAvailability(ADMIN, LEE, bad), InvalidAvailabilityException.class);
      assertThat(e.field()).isEqualTo("weekly.MONDAY[1]");
      assertThat(e).hasMessageContaining("weekly.MONDAY[0]").hasMessageNotContaining("11:30");
      assertThat(e).isInstanceOf(ValidationException.class);
    }

    @Test
    @DisplayName("refuses a night range that runs into the next day's hours, Sunday's into Monday's")
    void overlapAcrossMidnight() {
      WeeklyAvailability bad = WeeklyAvailability.builder()
          .on(DayOfWeek.SUNDAY, LocalTimeRange.of("22:00", "02:00"))
          .on(DayOfWeek.MONDAY, LocalTimeRange.of("01:00", "05:00")).build();
      assertThatThrownBy(() -> coordinator.availabilityAdmin().setWeeklyAvailability(ADMIN, LEE, bad))
          .isInstanceOfSatisfying(InvalidAvailabilityException.class,
              e -> assertThat(e.field()).isEqualTo("weekly.SUNDAY[0]"));
      // back to back is fine: a night shift ending at 02:00 and a range starting then
      WeeklyAvailability ok = WeeklyAvailability.builder()
          .on(DayOfWeek.SUNDAY, LocalTimeRange.of("22:00", "02:00"))
          .on(DayOfWeek.MONDAY, LocalTimeRange.of("02:00", "05:00")).build();
      coordinator.availabilityAdmin().setWeeklyAvailability(ADMIN, LEE, ok);
    }

    @Test
    @DisplayName("refuses overlapping ranges within one exception")
    void overlapInException() {
      AvailabilityException ex = new AvailabilityException("extra-1", AvailabilityException.Kind.EXTRA_HOURS,
          TUESDAY, TUESDAY, List.of(LocalTimeRange.of("18:00", "20:00"), LocalTimeRange.of("19:00", "21:00")), "");
      assertThatThrownBy(() -> coordinator.availabilityAdmin().addException(ADMIN, LEE, ex))
          .isInstanceOfSatisfying(InvalidAvailabilityException.class,
              e -> assertThat(e.field()).isEqualTo("exceptions[extra-1].ranges[1]"));
    }

    @Test
    @DisplayName("refuses an unknown zone, a second exception with the same id and removing one that is not there")
    void zoneAndIds() {
      assertThatThrownBy(() -> coordinator.availabilityAdmin().setZone(ADMIN, LEE, "Mars/Olympus_Mons"))
          .isInstanceOfSatisfying(InvalidAvailabilityException.class, e -> assertThat(e.field()).isEqualTo("zone"))
          .hasMessageNotContaining("Olympus");
      AvailabilityException vac = AvailabilityException.timeOff("vac-1", TUESDAY, TUESDAY, "vacation");
      coordinator.availabilityAdmin().addException(ADMIN, LEE, vac);
      assertThatThrownBy(() -> coordinator.availabilityAdmin().addException(ADMIN, LEE, vac))
          .isInstanceOfSatisfying(InvalidAvailabilityException.class,
              e -> assertThat(e.field()).isEqualTo("exceptions[vac-1]"));
      assertThatThrownBy(() -> coordinator.availabilityAdmin().removeException(ADMIN, LEE, "vac-2"))
          .isInstanceOfSatisfying(InvalidAvailabilityException.class,
              e -> assertThat(e.field()).isEqualTo("exceptionId"));
      assertThatThrownBy(() -> coordinator.availabilityAdmin().setWeeklyAvailability(ADMIN,
          dev.clinicsync.core.model.ClinicianId.of("dr-nobody"), AFTERNOONS)).isInstanceOf(ValidationException.class);
    }

    @Test
    @DisplayName("leaves end-before-start to the model: dates reversed are refused there, times reversed run past midnight")
    void modelRefusals() {
      assertThatThrownBy(() -> AvailabilityException.timeOff("vac-x", WEDNESDAY, TUESDAY, "vacation"))
          .isInstanceOf(ValidationException.class).hasMessageContaining("before its first date");
      assertThatThrownBy(() -> LocalTimeRange.of("09:00", "09:00")).isInstanceOf(ValidationException.class);
      assertThat(LocalTimeRange.of("22:00", "06:00").crossesMidnight()).isTrue();
    }

    @Test
    @DisplayName("changes nothing and audits no edit when a change is refused")
    void nothingChanged() {
      Clinician before = directory.find(LEE).orElseThrow();
      assertThatThrownBy(() -> coordinator.availabilityAdmin().setZone(ADMIN, LEE, "Nowhere/Special"))
          .isInstanceOf(InvalidAvailabilityException.class);
      assertThat(directory.find(LEE)).contains(before);
      assertThat(events(AuditAction.EDIT_AVAILABILITY)).isEmpty();
      assertThat(calendarConflicts(tuesday9)).containsExactly(ConflictKind.OVERLAP);
    }
  }

  @Nested
  @DisplayName("is access-checked")
  class Access {

    @Test
    @DisplayName("refuses front desk and, by default, therapists — even for themselves — and audits the denial")
    void denied() {
      assertThatThrownBy(() -> coordinator.availabilityAdmin().setWeeklyAvailability(DESK, LEE, AFTERNOONS))
          .isInstanceOf(AccessDeniedException.class);
      assertThatThrownBy(() -> coordinator.availabilityAdmin().setWeeklyAvailability(LEE_SELF, LEE, AFTERNOONS))
          .isInstanceOf(AccessDeniedException.class);
      assertThat(events(AuditAction.ACCESS_DENIED)).hasSize(2)
          .allSatisfy(e -> assertThat(e.details()).containsEntry("operation", "EDIT_AVAILABILITY"));
      assertThat(directory.find(LEE).orElseThrow().availability()).isNotEqualTo(AFTERNOONS);
    }

    @Test
    @DisplayName("lets therapists edit their own hours, and only their own, where the policy says so")
    void therapistsWhereThePolicySays() {
      coordinator = build(AccessPolicy.DEFAULT.allowingTherapistsOwn(Operation.EDIT_AVAILABILITY));
      coordinator.availabilityAdmin().addException(LEE_SELF, LEE,
          AvailabilityException.timeOff("vac-1", WEDNESDAY, WEDNESDAY, "vacation"));
      assertThat(directory.find(LEE).orElseThrow().availability().exceptions()).hasSize(1);
      assertThatThrownBy(() -> coordinator.availabilityAdmin().setWeeklyAvailability(LEE_SELF, KIM, AFTERNOONS))
          .isInstanceOf(AccessDeniedException.class);
      assertThatThrownBy(() -> coordinator.availabilityAdmin().setWeeklyAvailability(DESK, KIM, AFTERNOONS))
          .isInstanceOf(AccessDeniedException.class);
      assertThat(events(AuditAction.EDIT_AVAILABILITY)).singleElement()
          .satisfies(e -> assertThat(e.actor()).isEqualTo("u-lee"));
    }

    @Test
    @DisplayName("never grants therapists an administrative operation")
    void administrative() {
      assertThatThrownBy(() -> AccessPolicy.DEFAULT.allowingTherapistsOwn(Operation.MANAGE_CACHE))
          .isInstanceOf(ValidationException.class).hasMessageContaining("MANAGE_CACHE");
    }
  }

  @Nested
  @DisplayName("is audited with before and after")
  class Audit {

    @Test
    @DisplayName("as SHA-256 references of the canonical text, counts and zones — never the labels or hours")
    void beforeAndAfter() throws Exception {
      Clinician before = directory.find(LEE).orElseThrow();
      coordinator.availabilityAdmin().addException(ADMIN, LEE,
          AvailabilityException.timeOff("off-1", TUESDAY, LocalTimeRange.of("15:00", "18:00"), "Jordan Example follow up"));
      Clinician after = directory.find(LEE).orElseThrow();
      coordinator.availabilityAdmin().setWeeklyAvailability(ADMIN, LEE, AFTERNOONS);

      List<AuditEvent> edits = events(AuditAction.EDIT_AVAILABILITY);
      assertThat(edits).hasSize(2);
      Map<String, String> first = edits.get(0).details();
      assertThat(edits.get(0).subject()).isEqualTo("dr-lee");
      assertThat(first).containsEntry("change", "add-exception").containsEntry("exception", "off-1")
          .containsEntry("kind", "TIME_OFF")
          .containsEntry("before", sha256(AvailabilityRules.canonical(before)))
          .containsEntry("after", sha256(AvailabilityRules.canonical(after)))
          .containsEntry("before.exceptions", "0").containsEntry("after.exceptions", "1")
          .containsEntry("before.ranges", "5").containsEntry("after.zone", "America/New_York")
          .containsEntry("reevaluated", "4").containsEntry("newly-outside-hours", "1");
      assertThat(AvailabilityRules.canonical(after)).contains("MONDAY=08:00-18:00\n")
          .contains("exception=off-1|TIME_OFF|2026-03-03|2026-03-03|15:00-18:00|Jordan Example follow up\n");
      // a chain: each edit's before is the previous one's after
      assertThat(edits.get(1).details().get("before")).isEqualTo(first.get("after"));
      assertThat(edits.toString()).doesNotContain("Jordan", "15:00", "follow up");
      assertThat(audit.all().toString()).doesNotContain("Jordan");
    }

    @Test
    @DisplayName("undoes the edit when the audit trail cannot record it")
    void auditOutage() {
      Clinician before = directory.find(LEE).orElseThrow();
      audit.outage();
      assertThatThrownBy(() -> coordinator.availabilityAdmin().setWeeklyAvailability(ADMIN, LEE, AFTERNOONS))
          .isInstanceOf(StorageException.class);
      audit.recover();
      assertThat(directory.find(LEE)).contains(before);
      assertThat(calendarConflicts(tuesday9)).containsExactly(ConflictKind.OVERLAP);
      assertThat(coordinator.aggregatedCalendar(ADMIN, AppointmentQuery.builder()
          .window(TimeWindow.of(ny(TUESDAY, 0, 0), Duration.ofDays(1))).build()).entries()).hasSize(3);
    }
  }
}
