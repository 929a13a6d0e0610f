package dev.clinicsync.core.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clinicsync.core.FetchLimitExceededException;
import dev.clinicsync.core.PermanentConnectorException;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.BusyBlock;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.SyncCursor;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.testkit.Appointments;
import dev.clinicsync.core.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Typed connector changes, retentions and the one page loop")
class TypedChangesTest {
  private static final TimeWindow WEEK = TimeWindow.of(Instant.parse("2026-03-02T00:00:00Z"), Duration.ofDays(7));
  private static final Instant NINE = Instant.parse("2026-03-02T14:00:00Z");

  private static SourceRecord record(String id) {
    return SourceRecord.of(Appointments.booked().from(SourceSystem.GOOGLE, id).build());
  }

  private static BusyBlock block(String id) {
    return BusyBlock.timed(SourceRef.of(SourceSystem.GOOGLE, id), "primary", ClinicianId.of("dr-lee"), NINE,
        NINE.plus(Duration.ofHours(1)));
  }

  /** A connector answering pages from a function of the request. */
  private static SourceConnector connector(Function<FetchRequest, FetchPage> pages) {
    return new SourceConnector() {
      @Override
      public ConnectorId id() {
        return ConnectorId.of("fake-1");
      }

      @Override
      public SourceSystem system() {
        return SourceSystem.GOOGLE;
      }

      @Override
      public ConnectorCapabilities capabilities() {
        return ConnectorCapabilities.of(Duration.ZERO, ConnectorCapabilities.Capability.FULL_FETCH);
      }

      @Override
      public FetchPage fetch(FetchRequest request) {
        return pages.apply(request);
      }
    };
  }

  @Nested
  @DisplayName("a page")
  class Pages {
    @Test
    @DisplayName("keeps appointment and busy-block changes in their own lists")
    void typed() {
      FetchPage page = FetchPage.builder().upsert(record("a1")).deleteAppointment(SourceRef.of(SourceSystem.GOOGLE, "a2"))
          .busyBlock(block("b1")).deleteBusyBlock(SourceRef.of(SourceSystem.GOOGLE, "b2")).build();
      assertThat(page.appointmentUpserts()).extracting(r -> r.appointment().source().externalId()).containsExactly("a1");
      assertThat(page.appointmentDeletions()).extracting(SourceRef::externalId).containsExactly("a2");
      assertThat(page.busyBlockUpserts()).extracting(b -> b.source().externalId()).containsExactly("b1");
      assertThat(page.busyBlockDeletions()).extracting(SourceRef::externalId).containsExactly("b2");
      assertThat(page.size()).isEqualTo(4);
    }

    @Test
    @DisplayName("turns a key reported twice into an issue and a retention, never keeping either copy")
    void duplicateKeyInAPage() {
      FetchPage page = FetchPage.builder().upsert(record("a1")).upsert(record("a1")).upsert(record("a1"))
          .deleteBusyBlock(SourceRef.of(SourceSystem.GOOGLE, "x")).busyBlock(block("x")).upsert(record("ok")).build();
      assertThat(page.appointmentUpserts()).extracting(r -> r.appointment().source().externalId()).containsExactly("ok");
      assertThat(page.busyBlockUpserts()).isEmpty();
      assertThat(page.busyBlockDeletions()).isEmpty();
      assertThat(page.issues()).extracting(RecordIssue::vendorRecordId).containsExactly("a1", "x");
      assertThat(page.issues()).allMatch(i -> i.severity() == RecordIssue.Severity.SKIPPED && i.field().equals("id"));
      assertThat(page.retentions()).containsExactly(Retention.key(SourceRef.of(SourceSystem.GOOGLE, "a1")),
          Retention.key(SourceRef.of(SourceSystem.GOOGLE, "x")));
    }

    @Test
    @DisplayName("refuses a repeated key when built directly")
    void canonicalConstructorRefusesDuplicates() {
      assertThatThrownBy(() -> new FetchPage(List.of(record("a1")), List.of(SourceRef.of(SourceSystem.GOOGLE, "a1")),
          List.of(), List.of(), List.of(), List.of(), List.of(), Optional.empty(), Optional.empty()))
          .isInstanceOf(ValidationException.class).hasMessageContaining("more than once");
    }
  }

  @Nested
  @DisplayName("a retention")
  class Retentions {
    private final SourceRef instance = SourceRef.of(SourceSystem.SIMPLEPRACTICE, "uid-7/20260302T140000Z");
    private final TimeWindow at9 = TimeWindow.of(NINE, Duration.ofMinutes(50));

    @Test
    @DisplayName("by key covers that record only, whatever its version")
    void key() {
      Retention r = Retention.key(SourceRef.of(SourceSystem.SIMPLEPRACTICE, "uid-7/20260302T140000Z", "v9"));
      assertThat(r.covers(instance, at9)).isTrue();
      assertThat(r.covers(SourceRef.of(SourceSystem.SIMPLEPRACTICE, "uid-7/20260309T140000Z"), at9)).isFalse();
    }

    @Test
    @DisplayName("by id prefix covers every record of that system the connector's prefix names")
    void prefix() {
      Retention r = Retention.idPrefix(SourceSystem.SIMPLEPRACTICE, "uid-7/");
      assertThat(r.covers(instance, at9)).isTrue();
      assertThat(r.covers(SourceRef.of(SourceSystem.SIMPLEPRACTICE, "uid-70/20260302T140000Z"), at9)).isFalse();
      assertThat(r.covers(SourceRef.of(SourceSystem.GOOGLE, "uid-7/20260302T140000Z"), at9)).isFalse();
    }

    @Test
    @DisplayName("by window covers records overlapping it, half-open; everything covers everything")
    void windowAndEverything() {
      Retention r = Retention.window(TimeWindow.of(NINE.plus(Duration.ofMinutes(50)), Duration.ofHours(1)));
      assertThat(r.covers(instance, at9)).isFalse();
      assertThat(r.covers(instance, TimeWindow.of(NINE, Duration.ofMinutes(51)))).isTrue();
      assertThat(Retention.everything().covers(instance, at9)).isTrue();
    }

    @Test
    @DisplayName("refuses a malformed combination")
    void malformed() {
      assertThatThrownBy(() -> new Retention(Retention.Kind.WINDOW, Optional.of(instance), Optional.empty()))
          .isInstanceOf(ValidationException.class);
    }
  }

  @Nested
  @DisplayName("the page loop")
  class Loop {
    private final MutableClock clock = MutableClock.at("2026-03-02T12:00:00Z");

    @Test
    @DisplayName("merges every page and keeps the last page's cursor, calling back after each page")
    void mergesPages() {
      AtomicInteger callbacks = new AtomicInteger();
      SourceConnector c = connector(req -> req.pageToken().isEmpty()
          ? FetchPage.builder().upsert(record("p1")).busyBlock(block("b1")).nextPageToken("t2").build()
          : FetchPage.builder().deleteAppointment(SourceRef.of(SourceSystem.GOOGLE, "gone")).nextCursor(SyncCursor.of("c")).build());
      FetchResult r = FetchLoop.readAll(c, FetchRequest.full(WEEK), clock, p -> callbacks.incrementAndGet());
      assertThat(r.pages()).isEqualTo(2);
      assertThat(callbacks).hasValue(2);
      assertThat(r.appointmentUpserts()).hasSize(1);
      assertThat(r.busyBlockUpserts()).hasSize(1);
      assertThat(r.appointmentDeletions()).extracting(SourceRef::externalId).containsExactly("gone");
      assertThat(r.nextCursor()).contains(SyncCursor.of("c"));
    }

    @Test
    @DisplayName("reports a key seen on two pages as an issue with a retention, keeping neither copy")
    void duplicateAcrossPages() {
      SourceConnector c = connector(req -> req.pageToken().isEmpty()
          ? FetchPage.builder().upsert(record("e1")).nextPageToken("t2").build()
          : FetchPage.builder().upsert(record("e1")).build());
      FetchResult r = FetchLoop.readAll(c, FetchRequest.full(WEEK), clock, p -> { });
      assertThat(r.appointmentUpserts()).isEmpty();
      assertThat(r.issues()).singleElement().extracting(RecordIssue::vendorRecordId).isEqualTo("e1");
      assertThat(r.retains(SourceRef.of(SourceSystem.GOOGLE, "e1"), WEEK)).isTrue();
      assertThat(r.retains(SourceRef.of(SourceSystem.GOOGLE, "e2"), WEEK)).isFalse();
    }

    @Test
    @DisplayName("stops an endless run of fresh page tokens at the page limit")
    void freshTokensForever() {
      AtomicInteger calls = new AtomicInteger();
      SourceConnector c = connector(req -> FetchPage.builder().nextPageToken("t" + calls.incrementAndGet()).build());
      assertThatThrownBy(() -> FetchLoop.readAll(c, FetchRequest.full(WEEK).withLimits(FetchLimits.DEFAULTS.withMaxPages(50)),
          clock, p -> { }))
          .isInstanceOfSatisfying(FetchLimitExceededException.class,
              e -> assertThat(e.limit()).isEqualTo(FetchLimitExceededException.Limit.PAGES));
      assertThat(calls).hasValue(50);
    }

    @Test
    @DisplayName("stops at once when the vendor repeats a page token")
    void tokenLoop() {
      Deque<String> tokens = new ArrayDeque<>(List.of("a", "b", "a", "b"));
      SourceConnector c = connector(req -> FetchPage.builder().nextPageToken(tokens.pop()).build());
      assertThatThrownBy(() -> FetchLoop.readAll(c, FetchRequest.full(WEEK), clock, p -> { }))
          .isInstanceOf(PermanentConnectorException.class).hasMessageContaining("repeated a page token");
      assertThat(tokens).hasSize(1);
    }

    @Test
    @DisplayName("stops when the records of all pages exceed the record limit")
    void records() {
      AtomicInteger n = new AtomicInteger();
      SourceConnector c = connector(req -> FetchPage.builder().upsert(record("r" + n.incrementAndGet()))
          .upsert(record("r" + n.incrementAndGet())).nextPageToken("t" + n.get()).build());
      assertThatThrownBy(() -> FetchLoop.readAll(c, FetchRequest.full(WEEK).withLimits(FetchLimits.DEFAULTS.withMaxRecords(5)),
          clock, p -> { }))
          .isInstanceOfSatisfying(FetchLimitExceededException.class,
              e -> assertThat(e.limit()).isEqualTo(FetchLimitExceededException.Limit.RECORDS));
      assertThat(n).hasValue(6);
    }

    @Test
    @DisplayName("stops when the fetch has taken longer than its time limit")
    void time() {
      AtomicInteger n = new AtomicInteger();
      SourceConnector c = connector(req -> {
        clock.advance(Duration.ofSeconds(20));
        return FetchPage.builder().nextPageToken("t" + n.incrementAndGet()).build();
      });
      assertThatThrownBy(() -> FetchLoop.readAll(c,
          FetchRequest.full(WEEK).withLimits(FetchLimits.DEFAULTS.withMaxDuration(Duration.ofMinutes(1))), clock, p -> { }))
          .isInstanceOfSatisfying(FetchLimitExceededException.class,
              e -> assertThat(e.limit()).isEqualTo(FetchLimitExceededException.Limit.DURATION));
      assertThat(n).hasValue(4);
    }
  }

  @Nested
  @DisplayName("the idempotency key")
  class Keys {
    @Test
    @DisplayName("is derived from the appointment id alone: stable, distinct per appointment, 32 hex characters")
    void derived() {
      IdempotencyKey a = IdempotencyKey.forAppointment(AppointmentId.of("appt-1"));
      assertThat(a).isEqualTo(IdempotencyKey.forAppointment(AppointmentId.of("appt-1")));
      assertThat(a).isNotEqualTo(IdempotencyKey.forAppointment(AppointmentId.of("appt-2")));
      assertThat(a.value()).matches("[0-9a-f]{32}").doesNotContain("appt");
      // SHA-256("appt-1"), first 16 bytes, computed independently
      assertThat(a.value()).isEqualTo(sha256Prefix("appt-1"));
      assertThatThrownBy(() -> new IdempotencyKey("ABC")).isInstanceOf(ValidationException.class);
    }

    private String sha256Prefix(String s) {
      try {
        byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 16; i++) {
          sb.append(String.format("%02x", d[i] & 0xff));
        }
        return sb.toString();
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new AssertionError(e);
      }
    }
  }

  @Test
  @DisplayName("mirror content never prints what it shows")
  void mirrorContentRedacted() {
    MirrorContent rich = new MirrorContent(Optional.of("Jane Doe intake"), Optional.of("call 555-0100"), Optional.empty());
    assertThat(rich.toString()).doesNotContain("Jane").doesNotContain("555").contains("title=set");
    assertThat(MirrorWrite.of(AppointmentId.of("a1"), "primary", WEEK, java.time.ZoneOffset.UTC).content())
        .isEqualTo(MirrorContent.contentFree());
  }
}
