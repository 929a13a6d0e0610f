package dev.clinicsync.core.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.model.ClinicianId;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The whole access matrix: every role × every operation × own / other clinician / all clinicians. */
class AccessPolicyTest {
  private static final ClinicianId OWN = ClinicianId.of("dr-lee");
  private static final ClinicianId OTHER = ClinicianId.of("dr-kim");
  private static final AccessPolicy POLICY = AccessPolicy.DEFAULT;

  private static final Set<Operation> FRONT_DESK_MAY = EnumSet.of(Operation.VIEW_CALENDAR, Operation.VIEW_CLINICIAN,
      Operation.BOOK, Operation.RESCHEDULE, Operation.CANCEL, Operation.RESOLVE_CONFLICT,
      Operation.VIEW_SERVICE_TYPES);
  private static final Set<Operation> THERAPIST_MAY_OWN = EnumSet.of(Operation.VIEW_CALENDAR, Operation.VIEW_CLINICIAN,
      Operation.VIEW_SOURCE_METADATA, Operation.VIEW_PHI, Operation.CONNECT_ACCOUNT);

  static Stream<Arguments> matrix() {
    Principal admin = Principal.admin("u-admin");
    Principal desk = Principal.frontDesk("u-desk");
    Principal therapist = Principal.therapist("u-lee", OWN);
    Stream.Builder<Arguments> rows = Stream.builder();
    for (Operation op : Operation.values()) {
      rows.add(Arguments.of(admin, op, OWN, true));
      rows.add(Arguments.of(admin, op, OTHER, true));
      rows.add(Arguments.of(admin, op, null, true));
      boolean desks = FRONT_DESK_MAY.contains(op);
      rows.add(Arguments.of(desk, op, OWN, desks));
      rows.add(Arguments.of(desk, op, OTHER, desks));
      rows.add(Arguments.of(desk, op, null, desks));
      rows.add(Arguments.of(therapist, op, OWN, THERAPIST_MAY_OWN.contains(op)));
      rows.add(Arguments.of(therapist, op, OTHER, false));
      rows.add(Arguments.of(therapist, op, null, false));
    }
    return rows.build();
  }

  @ParameterizedTest(name = "{0} {1} for {2} -> {3}")
  @MethodSource("matrix")
  void decides(Principal principal, Operation op, ClinicianId target, boolean allowed) {
    assertThat(POLICY.isAllowed(principal, op, target)).isEqualTo(allowed);
    if (allowed) {
      POLICY.check(principal, op, target);
    } else {
      assertThatThrownBy(() -> POLICY.check(principal, op, target))
          .isInstanceOf(AccessDeniedException.class)
          .satisfies(e -> {
            AccessDeniedException d = (AccessDeniedException) e;
            assertThat(d.operation()).isEqualTo(op);
            assertThat(d.role()).isEqualTo(principal.role());
            assertThat(d.target()).isEqualTo(Optional.ofNullable(target));
            assertThat(d.getMessage()).contains(principal.userId(), op.name());
          });
    }
  }

  @Test
  @DisplayName("front desk never sees source metadata or PHI, and may not override conflicts")
  void frontDeskLimits() {
    Principal desk = Principal.frontDesk("u-desk");
    assertThat(POLICY.isAllowed(desk, Operation.VIEW_SOURCE_METADATA, OWN)).isFalse();
    assertThat(POLICY.isAllowed(desk, Operation.VIEW_PHI, OWN)).isFalse();
    assertThat(POLICY.isAllowed(desk, Operation.OVERRIDE_CONFLICT, OWN)).isFalse();
  }

  @Test
  @DisplayName("a therapist principal must name their own clinician id")
  void therapistNeedsClinician() {
    assertThatThrownBy(() -> new Principal("u-lee", Role.THERAPIST, Optional.empty()))
        .isInstanceOf(ValidationException.class).hasMessageContaining("own clinician id");
  }

  @org.junit.jupiter.api.Test
  @org.junit.jupiter.api.DisplayName("grants therapists more for themselves only where a host says so, never administration")
  void therapistSelfService() {
    Principal therapist = Principal.therapist("u-lee", OWN);
    AccessPolicy selfService = POLICY.allowingTherapistsOwn(Operation.EDIT_AVAILABILITY);
    assertThat(POLICY.isAllowed(therapist, Operation.EDIT_AVAILABILITY, OWN)).isFalse();
    assertThat(selfService.isAllowed(therapist, Operation.EDIT_AVAILABILITY, OWN)).isTrue();
    assertThat(selfService.isAllowed(therapist, Operation.EDIT_AVAILABILITY, OTHER)).isFalse();
    assertThat(selfService.isAllowed(therapist, Operation.EDIT_AVAILABILITY, null)).isFalse();
    assertThat(selfService.isAllowed(therapist, Operation.VIEW_CALENDAR, OWN)).isTrue();
    assertThat(selfService.isAllowed(Principal.frontDesk("u-desk"), Operation.EDIT_AVAILABILITY, OWN)).isFalse();
    assertThatThrownBy(() -> POLICY.allowingTherapistsOwn(Operation.VIEW_AUDIT))
        .isInstanceOf(dev.clinicsync.core.ValidationException.class);
    assertThatThrownBy(() -> POLICY.allowingTherapistsOwn(Operation.VIEW_METRICS))
        .isInstanceOf(dev.clinicsync.core.ValidationException.class);
  }
}
