package dev.clinicsync.sync;

import static dev.clinicsync.sync.Fixtures.KIM;
import static dev.clinicsync.sync.Fixtures.LEE;
import static dev.clinicsync.sync.Fixtures.NY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clinicsync.core.RetryableConnectorException;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.access.AccessDeniedException;
import dev.clinicsync.core.access.Principal;
import dev.clinicsync.core.audit.AuditAction;
import dev.clinicsync.core.audit.AuditEvent;
import dev.clinicsync.core.connector.ServiceCatalog;
import dev.clinicsync.core.connector.ServiceType;
import dev.clinicsync.core.memory.InMemoryAuditSink;
import dev.clinicsync.core.memory.InMemoryClinicianDirectory;
import dev.clinicsync.core.model.Clinician;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.model.ExternalIdentity;
import dev.clinicsync.core.model.LocalTimeRange;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.model.WeeklyAvailability;
import dev.clinicsync.core.store.ClinicianDirectory;
import dev.clinicsync.core.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("The coordinator's caches")
class CachesTest {
  static final Principal ADMIN = Principal.admin("u-admin");
  static final Principal DESK = Principal.frontDesk("u-desk");
  static final Principal LEE_SELF = Principal.therapist("u-lee", LEE);
  static final LocalDate TUESDAY = LocalDate.of(2026, 3, 3);
  static final TimeWindow TUESDAY_NY = TimeWindow.ofLocalDays(TUESDAY, TUESDAY.plusDays(1), NY);
  static final ConnectorId ATHENA = ConnectorId.of("athena-main");
  static final ConnectorId ZOCDOC = ConnectorId.of("zocdoc-main");
  static final List<ServiceType> TYPES = List.of(ServiceType.of("ah-62", "Follow-up, 30 min", Duration.ofMinutes(30)),
      new ServiceType("ah-7", "Intake", Optional.empty()));

  final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T12:00:00Z"));
  final InMemoryAuditSink audit = new InMemoryAuditSink();
  final CountingDirectory directory = new CountingDirectory(Fixtures.clinicians());
  final AtomicInteger vendorCalls = new AtomicInteger();
  volatile boolean vendorDown;
  SyncCoordinator coordinator;

  /** The host's directory, counting reads by id: what the availability cache saves. */
  static final class CountingDirectory implements ClinicianDirectory {
    final InMemoryClinicianDirectory inner;
    final AtomicInteger finds = new AtomicInteger();

    CountingDirectory(InMemoryClinicianDirectory inner) {
      this.inner = inner;
    }

    @Override
    public Optional<Clinician> find(ClinicianId id) {
      finds.incrementAndGet();
      return inner.find(id);
    }

    @Override
    public Optional<Clinician> findByExternalId(ExternalIdentity identity) {
      return inner.findByExternalId(identity);
    }

    @Override
    public List<Clinician> all() {
      return inner.all();
    }

    @Override
    public void save(Clinician clinician) {
      inner.save(clinician);
    }
  }

  @BeforeEach
  void wire() {
    FakeConnector athena = new FakeConnector(ATHENA.value(), SourceSystem.ATHENAHEALTH) {
      @Override
      public Optional<ServiceCatalog> serviceCatalog() {
        return Optional.of(() -> {
          vendorCalls.incrementAndGet();
          if (vendorDown) {
            throw new RetryableConnectorException(ATHENA.value(), "athenahealth answered 503", 503, null, null, null);
          }
          return TYPES;
        });
      }
    };
    FakeConnector zocdoc = new FakeConnector(ZOCDOC.value(), SourceSystem.ZOCDOC);
    coordinator = SyncCoordinator.builder().auditSink(audit).clinicianDirectory(directory).clock(clock)
        .connectors(athena, zocdoc).build();
  }

  int searchLee() {
    return coordinator.availability(DESK, AvailabilityQuery.builder().window(TUESDAY_NY).clinician(LEE)
        .duration(Duration.ofHours(1)).step(Duration.ofHours(1)).build()).slots().size();
  }

  List<AuditEvent> events(AuditAction action) {
    return audit.read(1, 10_000).stream().filter(e -> e.action() == action).toList();
  }

  @Nested
  @DisplayName("keep a clinician's availability for 15 minutes")
  class Availability {

    @Test
    @DisplayName("reads the host's directory once per clinician until the time to live has passed")
    void expiry() {
      searchLee();
      searchLee();
      assertThat(directory.finds).hasValue(1);
      clock.advance(Duration.ofMinutes(15).minusSeconds(1));
      searchLee();
      assertThat(directory.finds).hasValue(1);
      clock.advance(Duration.ofSeconds(1));
      searchLee();
      assertThat(directory.finds).hasValue(2);
    }

    @Test
    @DisplayName("picks up hours the host changed in its own directory once the entry expires")
    void hostEditsReachSearchesAfterTtl() {
      assertThat(searchLee()).isEqualTo(10); // 08:00-18:00
      directory.inner.save(directory.inner.find(LEE).orElseThrow().withAvailability(
          WeeklyAvailability.builder().weekdays(LocalTimeRange.of("08:00", "10:00")).build()));
      clock.advance(Duration.ofMinutes(10));
      assertThat(searchLee()).isEqualTo(10);
      clock.advance(Duration.ofMinutes(5));
      assertThat(searchLee()).isEqualTo(2);
    }

    @Test
    @DisplayName("drops a clinician's entry when their availability is edited")
    void editInvalidates() {
      searchLee();
      coordinator.availabilityAdmin().setWeeklyAvailability(ADMIN, LEE,
          WeeklyAvailability.builder().weekdays(LocalTimeRange.of("12:00", "18:00")).build());
      int afterEdit = directory.finds.get();
      assertThat(searchLee()).isEqualTo(6);
      assertThat(directory.finds).hasValue(afterEdit + 1);
    }
  }

  @Nested
  @DisplayName("keep a connector's service types for an hour")
  class ServiceTypes {

    @Test
    @DisplayName("asks the vendor once per connector until the time to live has passed")
    void expiry() {
      assertThat(coordinator.serviceTypes(DESK, ATHENA)).isEqualTo(TYPES);
      assertThat(coordinator.serviceTypes(ADMIN, ATHENA)).isEqualTo(TYPES);
      clock.advance(Duration.ofMinutes(59));
      coordinator.serviceTypes(DESK, ATHENA);
      assertThat(vendorCalls).hasValue(1);
      clock.advance(Duration.ofMinutes(1));
      coordinator.serviceTypes(DESK, ATHENA);
      assertThat(vendorCalls).hasValue(2);
    }

    @Test
    @DisplayName("does not keep a vendor failure")
    void failuresNotCached() {
      vendorDown = true;
      assertThatThrownBy(() -> coordinator.serviceTypes(DESK, ATHENA)).isInstanceOf(RetryableConnectorException.class);
      vendorDown = false;
      assertThat(coordinator.serviceTypes(DESK, ATHENA)).isEqualTo(TYPES);
      assertThat(vendorCalls).hasValue(2);
    }

    @Test
    @DisplayName("refuses an unknown connector, one without a catalogue, and therapists")
    void refusals() {
      assertThatThrownBy(() -> coordinator.serviceTypes(ADMIN, ConnectorId.of("nowhere")))
          .isInstanceOf(ValidationException.class);
      assertThatThrownBy(() -> coordinator.serviceTypes(ADMIN, ZOCDOC))
          .isInstanceOf(ValidationException.class).hasMessageContaining("lists no service types");
      assertThatThrownBy(() -> coordinator.serviceTypes(LEE_SELF, ATHENA)).isInstanceOf(AccessDeniedException.class);
      assertThat(events(AuditAction.ACCESS_DENIED)).singleElement()
          .satisfies(e -> assertThat(e.details()).containsEntry("operation", "VIEW_SERVICE_TYPES"));
    }
  }

  @Nested
  @DisplayName("are invalidated by admins only")
  class Invalidation {

    @Test
    @DisplayName("drops one entry, audited")
    void one() {
      searchLee();
      coordinator.serviceTypes(DESK, ATHENA);
      coordinator.caches().invalidate(ADMIN, CacheKey.availability(LEE));
      searchLee();
      assertThat(directory.finds).hasValue(2);
      coordinator.serviceTypes(DESK, ATHENA);
      assertThat(vendorCalls).hasValue(1);
      coordinator.caches().invalidate(ADMIN, CacheKey.serviceTypes(ATHENA));
      coordinator.serviceTypes(DESK, ATHENA);
      assertThat(vendorCalls).hasValue(2);
      assertThat(events(AuditAction.CACHE_INVALIDATED)).hasSize(2).first().satisfies(e -> {
        assertThat(e.actor()).isEqualTo("u-admin");
        assertThat(e.subject()).isEqualTo("dr-lee");
        assertThat(e.details()).containsEntry("cache", "AVAILABILITY");
      });
    }

    @Test
    @DisplayName("drops everything, audited")
    void all() {
      searchLee();
      coordinator.serviceTypes(DESK, ATHENA);
      coordinator.caches().invalidateAll(ADMIN);
      searchLee();
      coordinator.serviceTypes(DESK, ATHENA);
      assertThat(directory.finds).hasValue(2);
      assertThat(vendorCalls).hasValue(2);
      assertThat(events(AuditAction.CACHE_INVALIDATED)).singleElement()
          .satisfies(e -> assertThat(e.details()).containsEntry("cache", "all"));
    }

    @Test
    @DisplayName("refuses front desk and therapists, audits the denial, and keeps the entries")
    void denied() {
      searchLee();
      for (Principal p : List.of(DESK, LEE_SELF)) {
        assertThatThrownBy(() -> coordinator.caches().invalidate(p, CacheKey.availability(LEE)))
            .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> coordinator.caches().invalidateAll(p)).isInstanceOf(AccessDeniedException.class);
      }
      assertThat(events(AuditAction.ACCESS_DENIED)).hasSize(4)
          .allSatisfy(e -> assertThat(e.details()).containsEntry("operation", "MANAGE_CACHE"));
      assertThat(events(AuditAction.CACHE_INVALIDATED)).isEmpty();
      searchLee();
      assertThat(directory.finds).hasValue(1);
    }
  }

  @Test
  @DisplayName("refuses a cache configuration that is unbounded or has no time to live")
  void configuration() {
    assertThatThrownBy(() -> SyncCoordinator.builder().caches(Duration.ZERO, Duration.ofHours(1), 100).build())
        .isInstanceOf(ValidationException.class).hasMessageContaining("availability cache ttl");
    assertThatThrownBy(() -> SyncCoordinator.builder().caches(Duration.ofMinutes(1), Duration.ofHours(1), 0).build())
        .isInstanceOf(ValidationException.class).hasMessageContaining("cache maximum size");
  }
}
