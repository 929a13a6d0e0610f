package dev.clinicsync.sync;

import dev.clinicsync.core.store.AppointmentQuery;
import static dev.clinicsync.sync.Fixtures.KIM;
import static dev.clinicsync.sync.Fixtures.LEE;
import static dev.clinicsync.sync.Fixtures.NOW;
import static dev.clinicsync.sync.Fixtures.TUESDAY_9AM;
import static dev.clinicsync.sync.Fixtures.WEEK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.access.AccessDeniedException;
import dev.clinicsync.core.access.Principal;
import dev.clinicsync.core.audit.AuditAction;
import dev.clinicsync.core.memory.InMemoryAuditSink;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.OverrideReason;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.testkit.MutableClock;
import java.time.Duration;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every coordinator operation × every role, against a clinician of one's own and another's. A
 * denied call throws {@link AccessDeniedException} and is audited — a therapist asking for another
 * clinician's calendar included (issue #12 §7: refused, not an empty view); an allowed one is not
 * denied (it may still fail for domain reasons, which this matrix tolerates).
 */
class CoordinatorAccessMatrixTest {
  static final Principal ADMIN = Principal.admin("u-admin");
  static final Principal DESK = Principal.frontDesk("u-desk");
  static final Principal LEE_SELF = Principal.therapist("u-lee", LEE);

  /** The operation under test, run as a principal against the world's appointment of a clinician. */
  record Op(String name, BiConsumer<World, Principal> call) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** A fresh coordinator with one booked appointment per clinician and a conflict for Lee. */
  static final class World {
    final InMemoryAuditSink audit = new InMemoryAuditSink();
    final FakeConnector connector = new FakeConnector("zocdoc-main", SourceSystem.ZOCDOC);
    final SyncCoordinator c = SyncCoordinator.builder().connectors(connector).auditSink(audit)
        .clinicianDirectory(Fixtures.clinicians()).clock(new MutableClock(NOW)).build();
    final ClinicianId target;
    final AppointmentView appointment;
    final AppointmentView rival;

    World(ClinicianId target) {
      this.target = target;
      appointment = c.book(ADMIN, BookingRequest.builder(target, TimeWindow.of(TUESDAY_9AM, Duration.ofHours(1))).build());
      rival = c.book(ADMIN, BookingRequest.builder(target, TimeWindow.of(TUESDAY_9AM, Duration.ofHours(1)))
          .overrideConflicts(OverrideReason.INTENDED_OVERLAP).build());
    }

    long denials() {
      return audit.read(1, 10_000).stream().filter(e -> e.action() == AuditAction.ACCESS_DENIED).count();
    }
  }

  static final Op[] OPS = {
      new Op("syncNow", (w, p) -> w.c.syncNow(p, w.connector.id())),
      new Op("syncAll", (w, p) -> w.c.syncAll(p)),
      new Op("heldPlans", (w, p) -> w.c.heldPlans(p)),
      new Op("applyPlan", (w, p) -> w.c.applyPlan(p, "no-such-plan")),
      new Op("discardPlan", (w, p) -> w.c.discardPlan(p, "no-such-plan")),
      new Op("aggregatedCalendar", (w, p) -> w.c.aggregatedCalendar(p, AppointmentQuery.builder().window(WEEK).clinician(w.target).build())),
      new Op("book", (w, p) -> w.c.book(p, BookingRequest.builder(w.target,
          TimeWindow.of(TUESDAY_9AM.plus(Duration.ofHours(3)), Duration.ofHours(1))).build())),
      new Op("bookOverriding", (w, p) -> w.c.book(p, BookingRequest.builder(w.target,
          TimeWindow.of(TUESDAY_9AM, Duration.ofHours(1))).overrideConflicts(OverrideReason.URGENT_CARE).build())),
      new Op("reschedule", (w, p) -> w.c.reschedule(p, w.appointment.id(),
          TimeWindow.of(TUESDAY_9AM.plus(Duration.ofHours(5)), Duration.ofHours(1)))),
      new Op("cancel", (w, p) -> w.c.cancel(p, w.appointment.id())),
      new Op("resolveConflict", (w, p) -> w.c.resolveConflict(p, Resolution.cancelNew(), w.rival.id(), w.appointment.id())),
      new Op("acceptOverride", (w, p) -> w.c.resolveConflict(p, Resolution.acceptOverride(OverrideReason.SAME_VISIT), w.rival.id(), w.appointment.id())),
      new Op("auditTrail", (w, p) -> w.c.auditTrail(p, AuditQuery.first(10))),
      new Op("patientDetails", (w, p) -> w.c.patientDetails(p, w.appointment.id())),
  };

  static boolean expected(Principal p, String op, boolean own) {
    switch (p.role()) {
      case ADMIN:
        return true;
      case FRONT_DESK:
        return Stream.of("aggregatedCalendar", "book", "reschedule", "cancel", "resolveConflict").anyMatch(op::equals);
      default:
        return own && (op.equals("aggregatedCalendar") || op.equals("patientDetails"));
    }
  }

  static Stream<Arguments> matrix() {
    Stream.Builder<Arguments> rows = Stream.builder();
    for (Principal p : new Principal[] {ADMIN, DESK, LEE_SELF}) {
      for (Op op : OPS) {
        rows.add(Arguments.of(p.role() + "", op, true, p));
        rows.add(Arguments.of(p.role() + "", op, false, p));
      }
    }
    return rows.build();
  }

  @ParameterizedTest(name = "{0} {1} own={2}")
  @MethodSource("matrix")
  void decides(String role, Op op, boolean own, Principal principal) {
    World w = new World(own ? LEE : KIM);
    long before = w.denials();
    if (expected(principal, op.name(), own)) {
      assertThatCode(() -> {
        try {
          op.call().accept(w, principal);
        } catch (ValidationException | SchedulingConflictException e) {
          // allowed, but refused for a domain reason: fine for the access matrix
        }
      }).doesNotThrowAnyException();
      assertThat(w.denials()).isEqualTo(before);
    } else {
      assertThatThrownBy(() -> op.call().accept(w, principal)).isInstanceOf(AccessDeniedException.class);
      assertThat(w.denials()).isEqualTo(before + 1);
    }
  }
}
