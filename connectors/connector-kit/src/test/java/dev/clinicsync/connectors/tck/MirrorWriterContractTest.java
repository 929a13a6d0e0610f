package dev.clinicsync.connectors.tck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.clinicsync.core.connector.ConnectorCapabilities.Capability;
import dev.clinicsync.core.connector.MirrorContent;
import dev.clinicsync.core.connector.MirrorWrite;
import dev.clinicsync.core.connector.MirrorWriter;
import dev.clinicsync.core.connector.SourceConnector;
import dev.clinicsync.core.connector.WriteEcho;
import dev.clinicsync.core.connector.WriteOutcome;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.TimeWindow;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The write-back section of the connector TCK: the contract of core's {@link MirrorWriter}, which
 * every connector declaring {@link Capability#WRITE_BACK} passes. A connector's test extends it,
 * builds the connector against a stub vendor that keeps the state of one mirror (WireMock
 * scenarios do this), and tells the TCK how to change that state behind the writer's back:
 *
 * <pre>{@code
 * class AcmeMirrorWriterContractTest extends MirrorWriterContractTest {
 *   protected SourceConnector createConnector(ConnectorTestContext ctx) {
 *     stubMirrorStateMachine(ctx);          // insert, get, update, delete of the one mirror
 *     return AcmeConnector.create(ctx.config("acme", Map.of("write-target", target())), ctx.connectorContext());
 *   }
 *   protected String target() { return "calendar-1"; }
 *   protected void deleteAtVendor(ConnectorTestContext ctx, AppointmentId a) { ctx.vendor().setScenarioState("mirror", "deleted"); }
 *   protected void moveAtVendor(ConnectorTestContext ctx, AppointmentId a) { ctx.vendor().setScenarioState("mirror", "moved"); }
 *   protected void stallWrites(ConnectorTestContext ctx, boolean applied) { ... }
 *   protected void answerWritesAgain(ConnectorTestContext ctx) { ... }
 *   protected int copiesAtVendor(ConnectorTestContext ctx, AppointmentId a) { ... }
 * }
 * }</pre>
 *
 * It checks, for one appointment mirrored at {@link #target()} over {@link #window()}:
 * <ul>
 *   <li>the connector declares {@code WRITE_BACK} and has a writer;
 *   <li>a create is {@link WriteOutcome.Written} with {@code created}; a retried create stays one
 *       mirror ({@code created == false}, one copy at the vendor, the same key);
 *   <li>an update at the current version is written with a new version; one at a stale version
 *       (the mirror was moved at the vendor) is a {@link WriteOutcome.Conflict} carrying the
 *       vendor's current version and times, which {@link MirrorWriter#read} also shows;
 *   <li>an update of a mirror deleted at the vendor is {@link WriteOutcome.Gone}; a cancel of it is
 *       {@link WriteOutcome.Cancelled}; a cancel of a live mirror too;
 *   <li>a create whose calls time out is {@link WriteOutcome.Unknown}; a read-back then finds the
 *       mirror exactly when the vendor applied the write, and creating again leaves one copy;
 *   <li>a mirror is content-free by default: every value the writer sends is a time of the
 *       window, the zone, the label, the appointment's id or idempotency key (the marker), or one of
 *       the vendor's constants — and an explicit {@link MirrorContent} is what shows more.
 * </ul>
 * Give the connector {@link ConnectorTestContext#sleeper()} for its retries and a short read
 * timeout (the stalled answers of {@link #stallWrites} must outlast every attempt).
 */
public abstract class MirrorWriterContractTest extends VendorStubTest {
  /** The appointment every check mirrors. */
  protected static final AppointmentId APPOINTMENT = AppointmentId.of("tck-mirror-appointment-1");
  /** Planted in an explicit projection: must reach the vendor then, and only then. */
  protected static final String PROJECTED_TITLE = "TCK-PROJECTED-TITLE Jordan Q. Patient";
  protected static final String PROJECTED_DESCRIPTION = "TCK-PROJECTED-NOTES call 555-0199";
  protected static final String PROJECTED_LOCATION = "TCK-PROJECTED-LOCATION 12 Elm Street";

  private static final ObjectMapper JSON = new ObjectMapper();


  // ---------------------------------------------------------------- the SPI a connector test implements

  /**
   * Builds the connector under test against {@code ctx.baseUrl()}, configured to write back to
   * {@link #target()}; stub auth and the vendor's handling of the one mirror here. The stub starts
   * with no mirror.
   */
  @Override
  protected abstract SourceConnector createConnector(ConnectorTestContext ctx);

  /** Where the mirror is written (for a calendar vendor, the calendar id). */
  protected abstract String target();

  /** Makes the stub vendor delete the mirror of {@code appointment}, as someone at the vendor would. */
  protected abstract void deleteAtVendor(ConnectorTestContext ctx, AppointmentId appointment);

  /**
   * Makes the stub vendor move the mirror of {@code appointment} to other times, as someone at the
   * vendor would: its version changes, and so does its interval.
   */
  protected abstract void moveAtVendor(ConnectorTestContext ctx, AppointmentId appointment);

  /**
   * Makes the stub vendor stall every answer to a write (create, update, cancel) past the writer's
   * timeout, from now until {@link #answerWritesAgain}; when {@code applied}, the first stalled
   * create still takes effect at the vendor (only its answer is lost).
   */
  protected abstract void stallWrites(ConnectorTestContext ctx, boolean applied);

  /** Makes the stub vendor answer writes promptly again, keeping whatever the stalled calls did. */
  protected abstract void answerWritesAgain(ConnectorTestContext ctx);

  /** How many live mirrors of {@code appointment} the stub vendor holds now (copies under other keys included). */
  protected abstract int copiesAtVendor(ConnectorTestContext ctx, AppointmentId appointment);

  /** The title a content-free mirror shows: the connector's configured label. */
  protected String label() {
    return "Appointment";
  }

  /**
   * Fixed values of the vendor's format a mirror document may carry besides times, zone, label and
   * marker (a status, a visibility flag, the provenance tag). None unless overridden.
   */
  protected Set<String> vendorConstants() {
    return Set.of();
  }

  /** The window every check mirrors: Tuesday 3 March 2026, 17:00–17:50 UTC. */
  protected TimeWindow window() {
    return TimeWindow.of(Instant.parse("2026-03-03T17:00:00Z"), Duration.ofMinutes(50));
  }

  /** The zone the mirror is shown in. */
  protected ZoneId zone() {
    return ZoneId.of("America/Los_Angeles");
  }

  /**
   * Every string value the writer sent to the vendor. The default reads the JSON bodies of the
   * stub's requests (skipping bodies that are not JSON, such as a form-encoded token request);
   * override for other formats.
   */
  protected List<String> sentValues(ConnectorTestContext ctx) {
    List<String> values = new ArrayList<>();
    for (ServeEvent e : ctx.vendor().getAllServeEvents()) {
      String body = e.getRequest().getBodyAsString();
      if (body == null || body.isBlank() || !body.strip().startsWith("{")) {
        continue;
      }
      try {
        collect(JSON.readTree(body), values);
      } catch (IOException notJson) {
        // not a JSON document: not the writer's mirror
      }
    }
    return values;
  }

  // ---------------------------------------------------------------- plumbing available to subclasses



  /** The writer under test. */
  protected final MirrorWriter writer() {
    return connector().mirrorWriter().orElseThrow(() ->
        new AssertionError("a connector declaring WRITE_BACK must return a MirrorWriter"));
  }

  /** The content-free mirror of {@link #APPOINTMENT}. */
  protected final MirrorWrite mirror() {
    return MirrorWrite.of(APPOINTMENT, target(), window(), zone());
  }

  /** The same mirror an hour later. */
  protected final MirrorWrite movedMirror() {
    return MirrorWrite.of(APPOINTMENT, target(), TimeWindow.of(window().start().plus(Duration.ofHours(1)),
        window().end().plus(Duration.ofHours(1))), zone());
  }

  private WriteOutcome.Written created() {
    WriteOutcome outcome = writer().create(mirror());
    assertThat(outcome).as("the first create of a mirror").isInstanceOf(WriteOutcome.Written.class);
    return (WriteOutcome.Written) outcome;
  }

  private static String version(WriteOutcome.Written written) {
    return written.remote().version().orElseThrow(() ->
        new AssertionError("a written mirror carries the version to send on the next update: " + written));
  }

  // ---------------------------------------------------------------- the contract

  @Test
  @DisplayName("the connector declares WRITE_BACK and returns a writer")
  void declaresWriteBack() {
    assertThat(connector().capabilities().supports(Capability.WRITE_BACK)).as("WRITE_BACK capability").isTrue();
    assertThat(connector().mirrorWriter()).as("mirror writer").isPresent();
  }

  @Nested
  @DisplayName("Idempotent create")
  class Create {

    @Test
    @DisplayName("a create is written, keyed, with a version, and one copy exists at the vendor")
    void createWrites() {
      WriteOutcome.Written written = created();

      assertThat(written.created()).as("created").isTrue();
      assertThat(written.isSuccess()).isTrue();
      version(written);
      assertThat(copiesAtVendor(ctx(), APPOINTMENT)).as("copies at the vendor").isEqualTo(1);
    }

    @Test
    @DisplayName("a retried create stays one mirror: written with created=false, the same key, one copy at the vendor")
    void retriedCreateStaysOne() {
      WriteOutcome.Written first = created();

      WriteOutcome again = writer().create(mirror());

      assertThat(again).as("the retried create").isInstanceOfSatisfying(WriteOutcome.Written.class, w -> {
        assertThat(w.created()).as("created on the retry").isFalse();
        assertThat(w.remote().sameKey(first.remote())).as("the retry's key %s is the first's %s", w.remote(), first.remote())
            .isTrue();
      });
      assertThat(copiesAtVendor(ctx(), APPOINTMENT)).as("copies at the vendor").isEqualTo(1);
    }

    @Test
    @DisplayName("a read-back shows the created mirror as an echo of its appointment")
    void readBack() {
      WriteOutcome.Written written = created();

      Optional<WriteEcho> echo = writer().read(target(), APPOINTMENT);

      assertThat(echo).as("the mirror read back").hasValueSatisfying(e -> {
        assertThat(e.appointmentId()).isEqualTo(APPOINTMENT);
        assertThat(e.source().sameKey(written.remote())).isTrue();
        assertThat(e.source().version()).isEqualTo(written.remote().version());
        assertThat(e.cancelled()).isFalse();
        assertThat(e.window()).contains(window());
      });
    }

    @Test
    @DisplayName("no mirror yet: a read-back finds none")
    void readBackNone() {
      assertThat(writer().read(target(), APPOINTMENT)).isEmpty();
    }
  }

  @Nested
  @DisplayName("Conditional update and cancel")
  class Conditional {

    @Test
    @DisplayName("an update at the current version is written, with a new version")
    void updateAtCurrentVersion() {
      WriteOutcome.Written first = created();

      WriteOutcome updated = writer().update(movedMirror(), version(first));

      assertThat(updated).isInstanceOfSatisfying(WriteOutcome.Written.class, w -> {
        assertThat(w.created()).isFalse();
        assertThat(w.remote().sameKey(first.remote())).isTrue();
        assertThat(w.remote().version()).isPresent().isNotEqualTo(first.remote().version());
      });
    }

    @Test
    @DisplayName("an update at a stale version is a conflict carrying the vendor's current version and times; nothing is overwritten")
    void staleVersionConflicts() {
      WriteOutcome.Written first = created();
      moveAtVendor(ctx(), APPOINTMENT);

      WriteOutcome outcome = writer().update(movedMirror(), version(first));

      assertThat(outcome.isSuccess()).isFalse();
      assertThat(outcome).as("an update at a stale version").isInstanceOfSatisfying(WriteOutcome.Conflict.class, c -> {
        WriteEcho current = c.current();
        assertThat(current.appointmentId()).isEqualTo(APPOINTMENT);
        assertThat(current.source().sameKey(first.remote())).isTrue();
        assertThat(current.source().version()).as("the current version").isPresent().isNotEqualTo(first.remote().version());
        assertThat(current.window()).as("the current times").isPresent().isNotEqualTo(Optional.of(window()));
        assertThat(current.cancelled()).isFalse();
        assertThat(writer().read(target(), APPOINTMENT)).as("the read-back")
            .hasValueSatisfying(e -> assertThat(e.source().version()).isEqualTo(current.source().version()));
      });
    }

    @Test
    @DisplayName("an update of a mirror deleted at the vendor is gone")
    void updateOfDeletedIsGone() {
      WriteOutcome.Written first = created();
      deleteAtVendor(ctx(), APPOINTMENT);

      WriteOutcome outcome = writer().update(movedMirror(), version(first));

      assertThat(outcome).isInstanceOfSatisfying(WriteOutcome.Gone.class,
          g -> assertThat(g.remote().sameKey(first.remote())).isTrue());
      assertThat(outcome.isSuccess()).isFalse();
    }

    @Test
    @DisplayName("a cancel of a mirror deleted at the vendor is cancelled")
    void cancelOfDeletedIsCancelled() {
      WriteOutcome.Written first = created();
      deleteAtVendor(ctx(), APPOINTMENT);

      WriteOutcome outcome = writer().cancel(target(), APPOINTMENT, version(first));

      assertThat(outcome).isInstanceOfSatisfying(WriteOutcome.Cancelled.class,
          c -> assertThat(c.remote().sameKey(first.remote())).isTrue());
      assertThat(outcome.isSuccess()).isTrue();
    }

    @Test
    @DisplayName("a cancel at the current version is cancelled, and the mirror is no longer live")
    void cancelLive() {
      WriteOutcome.Written first = created();

      WriteOutcome outcome = writer().cancel(target(), APPOINTMENT, version(first));

      assertThat(outcome).isInstanceOf(WriteOutcome.Cancelled.class);
      assertThat(writer().read(target(), APPOINTMENT).filter(e -> !e.cancelled())).as("a live mirror read back after a cancel")
          .isEmpty();
      assertThat(copiesAtVendor(ctx(), APPOINTMENT)).as("live copies at the vendor").isZero();
    }
  }

  @Nested
  @DisplayName("Unknown outcomes")
  class Unknown {

    @ParameterizedTest(name = "applied at the vendor: {0}")
    @ValueSource(booleans = {true, false})
    @DisplayName("a timed-out create is unknown; a read-back finds it exactly when it was applied, and creating again leaves one copy")
    void timedOutCreate(boolean applied) {
      writer();
      stallWrites(ctx(), applied);

      WriteOutcome outcome = writer().create(mirror());

      assertThat(outcome).as("a create whose answers timed out").isInstanceOf(WriteOutcome.Unknown.class);
      assertThat(outcome.isSuccess()).isFalse();
      answerWritesAgain(ctx());
      Optional<WriteEcho> found = writer().read(target(), APPOINTMENT);
      assertThat(found.isPresent()).as("a read-back finds the mirror when the vendor applied the create").isEqualTo(applied);
      found.ifPresent(e -> assertThat(e.source().sameKey(((WriteOutcome.Unknown) outcome).remote())).isTrue());

      WriteOutcome again = writer().create(mirror());

      assertThat(again).isInstanceOfSatisfying(WriteOutcome.Written.class,
          w -> assertThat(w.created()).as("created by the second create").isEqualTo(!applied));
      assertThat(copiesAtVendor(ctx(), APPOINTMENT)).as("copies at the vendor").isEqualTo(1);
    }
  }

  @Nested
  @DisplayName("Content-free by default")
  class ContentFree {

    @Test
    @DisplayName("a default mirror's create and update send nothing but times, zone, label and marker (and the vendor's constants)")
    void nothingButTimesAndMarker() {
      WriteOutcome.Written first = created();
      writer().update(movedMirror(), version(first));

      List<String> sent = sentValues(ctx());

      assertThat(sent).as("values the writer sent").isNotEmpty();
      assertThat(sent).as("the label is shown").contains(label());
      Set<TimeWindow> windows = Set.of(window(), movedMirror().window());
      Set<String> allowed = new java.util.HashSet<>(vendorConstants());
      allowed.add(label());
      allowed.add(zone().getId());
      allowed.add(APPOINTMENT.value());
      allowed.add(mirror().idempotencyKey().value());
      assertThat(sent).as("values the writer sent that are not times, zone, label, marker or vendor constants")
          .filteredOn(v -> !allowed.contains(v) && !isTimeOf(v, windows))
          .isEmpty();
    }

    @Test
    @DisplayName("an explicit projection is what shows more: its title, description and location reach the vendor")
    void projectionShowsMore() {
      MirrorContent content = new MirrorContent(Optional.of(PROJECTED_TITLE), Optional.of(PROJECTED_DESCRIPTION),
          Optional.of(PROJECTED_LOCATION));

      WriteOutcome outcome = writer().create(new MirrorWrite(APPOINTMENT, target(), window(), zone(), content));

      assertThat(outcome).isInstanceOf(WriteOutcome.Written.class);
      assertThat(sentValues(ctx())).as("values the writer sent for a projected mirror")
          .contains(PROJECTED_TITLE, PROJECTED_DESCRIPTION, PROJECTED_LOCATION)
          .doesNotContain(label());
      assertThat(content.toString()).doesNotContain(PROJECTED_TITLE, PROJECTED_DESCRIPTION, PROJECTED_LOCATION);
    }
  }

  // ---------------------------------------------------------------- helpers

  private static void collect(JsonNode node, List<String> values) {
    if (node.isTextual()) {
      values.add(node.asText());
    } else if (node.isContainerNode()) {
      node.forEach(child -> collect(child, values));
    }
  }

  /** Whether {@code value} spells the start or the end of one of the windows (with an offset, or local in the zone). */
  private boolean isTimeOf(String value, Set<TimeWindow> windows) {
    Optional<Instant> at = instant(value);
    return at.isPresent() && windows.stream().anyMatch(w -> w.start().equals(at.get()) || w.end().equals(at.get()));
  }

  private Optional<Instant> instant(String value) {
    try {
      return Optional.of(OffsetDateTime.parse(value).toInstant());
    } catch (DateTimeException notOffset) {
      try {
        return Optional.of(LocalDateTime.parse(value).atZone(zone()).toInstant());
      } catch (DateTimeException notLocal) {
        return Optional.empty();
      }
    }
  }
}
