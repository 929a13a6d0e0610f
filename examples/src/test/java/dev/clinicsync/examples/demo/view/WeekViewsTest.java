package dev.clinicsync.examples.demo.view;

import static dev.clinicsync.examples.demo.view.Practice.ADMIN;
import static dev.clinicsync.examples.demo.view.Practice.CLINICIANS;
import static dev.clinicsync.examples.demo.view.Practice.DESK;
import static dev.clinicsync.examples.demo.view.Practice.KIM;
import static dev.clinicsync.examples.demo.view.Practice.LEE;
import static dev.clinicsync.examples.demo.view.Practice.LOCATIONS;
import static dev.clinicsync.examples.demo.view.Practice.LOS_ANGELES;
import static dev.clinicsync.examples.demo.view.Practice.MONDAY;
import static dev.clinicsync.examples.demo.view.Practice.NEW_YORK;
import static dev.clinicsync.examples.demo.view.Practice.ORTIZ;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.access.AccessDeniedException;
import dev.clinicsync.core.access.Principal;
import dev.clinicsync.core.model.AppointmentStatus;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.sync.SyncCoordinator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class WeekViewsTest {
  Practice practice;
  SyncCoordinator coordinator;

  @BeforeEach
  void sync() {
    practice = new Practice();
    coordinator = practice.synced();
  }

  WeekView week(Principal who) {
    return WeekViews.of(coordinator, who, CLINICIANS, LOCATIONS, MONDAY, NEW_YORK, "Week of 2 March");
  }

  static Stream<Item> items(WeekView view) {
    return view.lanes().stream().flatMap(l -> l.items().stream());
  }

  @Test
  @DisplayName("every clinician gets a lane in their zone, grouped by location in the order locations first appear")
  void lanes() {
    WeekView view = week(ADMIN);
    assertThat(view.lanes()).extracting(Lane::clinician).containsExactly(LEE, KIM, ORTIZ);
    assertThat(view.lanes()).extracting(Lane::location).containsExactly("midtown", "midtown", "westside");
    assertThat(view.lanes()).extracting(Lane::zone).containsExactly(NEW_YORK, NEW_YORK, LOS_ANGELES);
    assertThat(view.lanes()).extracting(Lane::displayName).containsExactly("Dr. Lee", "Dr. Kim", "Dr. Ortiz");
  }

  @Test
  @DisplayName("appointments and busy blocks become items with their conflicts and linked duplicates")
  void items() {
    WeekView view = week(ADMIN);
    assertThat(items(view).filter(i -> i.kind() == Item.Kind.APPOINTMENT)).hasSize(Practice.APPOINTMENTS);
    assertThat(items(view).filter(i -> i.kind() == Item.Kind.BUSY)).hasSize(Practice.BUSY)
        .allSatisfy(i -> assertThat(i.source()).isEqualTo("google"));
    assertThat(items(view).filter(Item::conflict)).hasSize(Practice.CONFLICTS);
    List<Item> linked = items(view).filter(i -> !i.duplicateOf().isEmpty()).toList();
    assertThat(linked).hasSize(Practice.LINKED).noneMatch(Item::conflict);
    assertThat(linked.get(0).duplicateOf()).containsExactly(linked.get(1).id());
    assertThat(linked).extracting(Item::source).containsExactlyInAnyOrder("simplepractice", "google");
    assertThat(items(view).filter(Item::struck)).extracting(Item::status)
        .containsExactlyInAnyOrder(AppointmentStatus.CANCELLED, AppointmentStatus.NO_SHOW);
  }

  @Test
  @DisplayName("an overlap names the other appointment, and a clash with a busy block names Google as the other side")
  void conflictNotes() {
    WeekView view = week(ADMIN);
    Lane lee = view.lanes().get(0);
    Item sp = lee.items().stream().filter(i -> i.source().equals("simplepractice") && i.conflict()).findFirst().orElseThrow();
    Item zd = lee.items().stream().filter(i -> i.source().equals("zocdoc") && i.conflictsWith().contains(sp.id()))
        .findFirst().orElseThrow();
    assertThat(sp.conflictsWith()).containsExactly(zd.id());
    assertThat(sp.conflictNotes()).singleElement().satisfies(n -> {
      assertThat(n.kind()).isEqualTo("OVERLAP");
      assertThat(n.otherSource()).contains("zocdoc");
      assertThat(n.otherId()).contains(zd.id());
      assertThat(n.start()).isEqualTo(zd.start());
    });
    Item friday = lee.items().stream().filter(i -> i.kind() == Item.Kind.APPOINTMENT
        && i.start().atZone(NEW_YORK).getDayOfWeek() == java.time.DayOfWeek.FRIDAY).findFirst().orElseThrow();
    assertThat(friday.conflict()).isTrue();
    assertThat(friday.conflictsWith()).isEmpty();
    assertThat(friday.conflictNotes()).singleElement().satisfies(n -> {
      assertThat(n.kind()).isEqualTo("EXTERNAL_BUSY");
      assertThat(n.otherSource()).contains("google");
    });
  }

  @Test
  @DisplayName("labels are the canonical visit type, never the vendor's own type text")
  void labels() {
    assertThat(items(week(ADMIN))).extracting(Item::label).containsOnly("consult", "follow-up", "other", "busy");
  }

  @Test
  @DisplayName("busy blocks get stable ids made of the clinician and the times, never the vendor's event id")
  void busyIds() {
    List<String> first = items(week(ADMIN)).filter(i -> i.kind() == Item.Kind.BUSY).map(Item::id).toList();
    assertThat(first).doesNotHaveDuplicates().allSatisfy(id -> assertThat(id).startsWith("busy-dr-").doesNotContain("lunch"));
    assertThat(items(week(DESK)).filter(i -> i.kind() == Item.Kind.BUSY).map(Item::id)).containsExactlyElementsOf(first);
  }

  @Test
  @DisplayName("front desk gets the same week: source systems, times and conflicts")
  void frontDesk() {
    WeekView admin = week(ADMIN);
    WeekView desk = week(DESK);
    assertThat(desk).isEqualTo(admin);
  }

  @Test
  @DisplayName("a therapist gets their own week, and is refused anyone else's")
  void therapist() {
    Principal lee = Principal.therapist("u-lee", LEE);
    WeekView own = WeekViews.of(coordinator, lee, List.of(CLINICIANS.get(0)), LOCATIONS, MONDAY, NEW_YORK, "Mine");
    assertThat(own.lanes()).singleElement().satisfies(l -> assertThat(l.items()).hasSize(9));
    assertThatThrownBy(() -> WeekViews.of(coordinator, lee, CLINICIANS, LOCATIONS, MONDAY, NEW_YORK, "All"))
        .isInstanceOf(AccessDeniedException.class);
  }

  @Test
  @DisplayName("a week must start on a Monday, and a clinician may be listed once")
  void validation() {
    assertThatThrownBy(() -> WeekViews.of(coordinator, ADMIN, CLINICIANS, LOCATIONS, MONDAY.plusDays(1), NEW_YORK, "x"))
        .isInstanceOf(ValidationException.class).hasMessageContaining("Monday");
    assertThatThrownBy(() -> WeekViews.of(coordinator, ADMIN, List.of(CLINICIANS.get(0), CLINICIANS.get(0)), LOCATIONS,
        MONDAY, NEW_YORK, "x")).isInstanceOf(ValidationException.class).hasMessageContaining("dr-lee twice");
  }

  @Test
  @DisplayName("no clinicians make an empty view without reading every calendar")
  void empty() {
    WeekView view = WeekViews.of(coordinator, ADMIN, List.of(), Map.of(), MONDAY, NEW_YORK, "Nobody");
    assertThat(view.lanes()).isEmpty();
    assertThat(view.legend()).isEmpty();
  }

  @Test
  @DisplayName("a clinician without a location is grouped under unassigned")
  void unassigned() {
    WeekView view = WeekViews.of(coordinator, ADMIN, CLINICIANS, Map.of(LEE, "midtown"), MONDAY, NEW_YORK, "x");
    assertThat(view.lanes()).extracting(Lane::location).containsExactly("midtown", "unassigned", "unassigned");
  }

  @Test
  @DisplayName("the legend lists the sources shown, built-in vendors in their usual order with distinct colours")
  void legend() {
    WeekView view = week(ADMIN);
    assertThat(view.legend()).extracting(Legend::source)
        .containsExactly("simplepractice", "google", "zocdoc", "kareo", "athenahealth");
    assertThat(view.legend()).extracting(Legend::colour).doesNotHaveDuplicates()
        .doesNotContain(WeekViewPage.CONFLICT_COLOUR);
    assertThat(WeekViews.legend(java.util.Set.of("acme-ehr", "google", "zeta"))).extracting(Legend::source)
        .containsExactly("google", "acme-ehr", "zeta");
  }

  @Test
  @DisplayName("each lane's week runs Monday to Monday in its own zone across the DST change, 167 hours in New York")
  void daylightSavingWeek() {
    Practice dst = new Practice();
    // Sunday 8 March 2026 23:30 EDT is 03:30Z Monday: inside New York's week, which ends at 04:00Z.
    dst.simplepractice.add(dst.visit(SourceSystem.SIMPLEPRACTICE, "SP-LATE-SUN", LEE, NEW_YORK, 6, "23:30", 20,
        AppointmentStatus.SCHEDULED));
    // Monday 9 March 00:30 EDT is 04:30Z: the next week, though a fixed EST offset would still count it.
    dst.simplepractice.add(dst.visit(SourceSystem.SIMPLEPRACTICE, "SP-NEXT-MON", LEE, NEW_YORK, 7, "00:30", 20,
        AppointmentStatus.SCHEDULED));
    // Monday 2 March 00:15 EST (05:15Z) is in; Sunday 1 March 23:30-23:50 EST (04:30Z-04:50Z) is not.
    dst.simplepractice.add(dst.visit(SourceSystem.SIMPLEPRACTICE, "SP-EARLY-MON", LEE, NEW_YORK, 0, "00:15", 20,
        AppointmentStatus.SCHEDULED));
    dst.simplepractice.add(dst.visit(SourceSystem.SIMPLEPRACTICE, "SP-PREV-SUN", LEE, NEW_YORK, -1, "23:30", 20,
        AppointmentStatus.SCHEDULED));
    // Los Angeles: Sunday 8 March 23:30 PDT is 06:30Z Monday, in its week though after New York's ends.
    dst.simplepractice.add(dst.visit(SourceSystem.SIMPLEPRACTICE, "SP-LA-SUN", ORTIZ, LOS_ANGELES, 6, "23:30", 20,
        AppointmentStatus.SCHEDULED));
    coordinator = dst.synced();

    WeekView view = week(ADMIN);
    assertThat(WeekViews.laneWindow(NEW_YORK, MONDAY).length()).isEqualTo(Duration.ofHours(167));
    Lane lee = view.lanes().get(0);
    assertThat(lee.items()).extracting(Item::start)
        .contains(Instant.parse("2026-03-09T03:30:00Z"), Instant.parse("2026-03-02T05:15:00Z"))
        .doesNotContain(Instant.parse("2026-03-09T04:30:00Z"), Instant.parse("2026-03-02T04:30:00Z"));
    assertThat(view.lanes().get(2).items()).extracting(Item::start).contains(Instant.parse("2026-03-09T06:30:00Z"));

    String page = WeekViewPage.render(view);
    String late = lee.items().stream().filter(i -> i.start().equals(Instant.parse("2026-03-09T03:30:00Z")))
        .findFirst().orElseThrow().id();
    assertThat(cellOf(page, late)).as("rendered on Sunday, in the lane's own zone").isEqualTo("2026-03-08");
    assertThat(page).contains("23:30–23:50");
    String early = lee.items().stream().filter(i -> i.start().equals(Instant.parse("2026-03-02T05:15:00Z")))
        .findFirst().orElseThrow().id();
    assertThat(cellOf(page, early)).isEqualTo("2026-03-02");
  }

  /** The data-day of the cell an item's box is in. */
  static String cellOf(String page, String id) {
    int at = page.indexOf("data-id=\"" + WeekViewPage.escape(id) + "\"");
    assertThat(at).as("item rendered").isPositive();
    int cell = page.lastIndexOf("<td data-day=\"", at);
    return page.substring(cell + 14, cell + 24);
  }
}
