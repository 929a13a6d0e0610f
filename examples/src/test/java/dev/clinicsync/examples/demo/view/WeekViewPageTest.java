package dev.clinicsync.examples.demo.view;

import static dev.clinicsync.examples.demo.view.Practice.ADMIN;
import static dev.clinicsync.examples.demo.view.Practice.CLINICIANS;
import static dev.clinicsync.examples.demo.view.Practice.LOCATIONS;
import static dev.clinicsync.examples.demo.view.Practice.MONDAY;
import static dev.clinicsync.examples.demo.view.Practice.NEW_YORK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.model.AppointmentStatus;
import dev.clinicsync.core.model.ClinicianId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeekViewPageTest {
  static final String EVIL = "<script>alert(\"x\")</script>' onmouseover='alert(1)";

  static WeekView practiceWeek() {
    return WeekViews.of(new Practice().synced(), ADMIN, CLINICIANS, LOCATIONS, MONDAY, NEW_YORK, "Practice week");
  }

  static int count(String page, String regex) {
    Matcher m = Pattern.compile(regex).matcher(page);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  @Test
  @DisplayName("every item carries data attributes a test can count")
  void dataAttributes() {
    String page = WeekViewPage.render(practiceWeek());
    assertThat(count(page, "data-kind=\"APPOINTMENT\"")).isEqualTo(Practice.APPOINTMENTS);
    assertThat(count(page, "data-kind=\"BUSY\"")).isEqualTo(Practice.BUSY);
    assertThat(count(page, "data-conflict=\"true\"")).isEqualTo(Practice.CONFLICTS);
    assertThat(count(page, "data-duplicate=\"true\"")).isEqualTo(Practice.LINKED);
    assertThat(count(page, "data-marker=\"conflict\"")).isEqualTo(Practice.CONFLICTS);
    assertThat(count(page, "data-status=\"(CANCELLED|NO_SHOW)\"[^>]*class|class=\"[^\"]*struck")).isEqualTo(2);
    assertThat(page).contains("data-source=\"zocdoc\"", "data-source=\"kareo\"", "data-source=\"athenahealth\"",
        "data-source=\"simplepractice\"", "data-source=\"google\"");
    assertThat(page).contains("id=\"summary\" data-appointments=\"10\" data-conflicts=\"5\" data-busy=\"4\" data-linked=\"2\"");
  }

  @Test
  @DisplayName("the page shows the title, the days, each lane's zone, the locations and a legend of sources and markings")
  void structure() {
    String page = WeekViewPage.render(practiceWeek());
    assertThat(page).startsWith("<!DOCTYPE html>").contains("<title>Practice week</title>", "<h1>Practice week</h1>");
    assertThat(page).contains("Mon 2 Mar", "Sun 8 Mar", "America&#x2F;New_York", "America&#x2F;Los_Angeles");
    assertThat(page).contains("data-location=\"midtown\"", "data-location=\"westside\"");
    assertThat(count(page, "data-legend-source=")).isEqualTo(5);
    assertThat(page).contains("conflict <span class=\"mark cf\">", "linked duplicate", "cancelled / no-show", "busy (");
    assertThat(page).contains("10:00–10:50", "10:30–11:20");
  }

  @Test
  @DisplayName("a conflict's hover title names the other side's source and time")
  void conflictTitle() {
    String page = WeekViewPage.render(practiceWeek());
    assertThat(page).contains("Conflict: OVERLAP with zocdoc 10:30–11:20", "Conflict: OVERLAP with simplepractice 10:00–10:50",
        "Conflict: EXTERNAL_BUSY with google 15:30–16:30", "Linked: the same visit as ");
  }

  @Test
  @DisplayName("no patient name, phone, note, vendor type text, vendor id, calendar or patient token reaches the page")
  void noPhi() {
    String page = WeekViewPage.render(practiceWeek());
    assertThat(page).doesNotContain(Practice.PATIENT_NAME, WeekViewPage.escape(Practice.PATIENT_NAME), "Margaret",
        "212 555 0142", "alert", "Intake", "SP-88121", "zd_5f2a9c", "4q9v7b2kdl0gsm1", "Appointment/7731", "100234",
        "therapist@example.org", WeekViewPage.escape("therapist@example.org"), "busy-lee-lunch", "patient-token", "R12");
  }

  @Test
  @DisplayName("the page is self-contained: no script, stylesheet, font, image or address to load")
  void selfContained() {
    String page = WeekViewPage.render(practiceWeek());
    assertThat(page.toLowerCase(java.util.Locale.ROOT)).doesNotContain("<script", "<link", "<img", "@import", "url(",
        "src=", "http:", "https:", "//");
  }

  @Test
  @DisplayName("every string is escaped in text and attributes: a label with a script tag and quotes stays text")
  void escaping() {
    Item item = new Item(EVIL, Item.Kind.APPOINTMENT, EVIL, Instant.parse("2026-03-02T15:00:00Z"),
        Instant.parse("2026-03-02T16:00:00Z"), EVIL, AppointmentStatus.SCHEDULED, true, List.of(EVIL), List.of(EVIL),
        List.of(new Item.ConflictNote(EVIL, java.util.Optional.of(EVIL), java.util.Optional.of(EVIL),
            Instant.parse("2026-03-02T15:00:00Z"), Instant.parse("2026-03-02T16:00:00Z"))));
    Lane lane = new Lane(ClinicianId.of("dr-x"), EVIL, EVIL, NEW_YORK, List.of(item));
    WeekView view = new WeekView(EVIL, MONDAY, NEW_YORK, List.of(lane), List.of(new Legend(EVIL, "#123456")));
    String page = WeekViewPage.render(view);
    assertThat(page).doesNotContain("<script", "\"x\"", "'alert", "' onmouseover", "</script>");
    String escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;&#x2F;script&gt;&#x27; onmouseover=&#x27;alert(1)";
    assertThat(count(page, Pattern.quote(escaped))).as("title, heading, legend, location, name, id, source, label, "
        + "hover title").isGreaterThanOrEqualTo(9);
    assertThat(WeekViewPage.escape("a&b<c>d\"e'f/g")).isEqualTo("a&amp;b&lt;c&gt;d&quot;e&#x27;f&#x2F;g");
    assertThat(WeekViewPage.escape("plain")).isEqualTo("plain");
  }

  @Test
  @DisplayName("an item outside the week is drawn once, in the nearest day, and one spanning midnight shows its end day")
  void outsideTheWeek() {
    Item before = Item.busy("b-1", "google", Instant.parse("2026-02-27T15:00:00Z"), Instant.parse("2026-03-02T15:00:00Z"));
    Item late = Item.busy("b-2", "google", Instant.parse("2026-03-04T03:00:00Z"), Instant.parse("2026-03-04T07:00:00Z"));
    WeekView view = new WeekView("t", MONDAY, NEW_YORK,
        List.of(new Lane(ClinicianId.of("dr-x"), "Dr X", "main", NEW_YORK, List.of(before, late))), List.of());
    String page = WeekViewPage.render(view);
    assertThat(WeekViewsTest.cellOf(page, "b-1")).isEqualTo("2026-03-02");
    assertThat(WeekViewsTest.cellOf(page, "b-2")).isEqualTo("2026-03-03");
    assertThat(page).contains("22:00–Wed 02:00");
  }

  @Test
  @DisplayName("write puts the page in a UTF-8 file, making its directories, and answers the absolute path")
  void write(@TempDir Path dir) throws IOException {
    WeekView view = practiceWeek();
    Path written = WeekViewPage.write(view, dir.resolve("out/week.html"));
    assertThat(written).isAbsolute().exists();
    assertThat(Files.readString(written, StandardCharsets.UTF_8)).isEqualTo(WeekViewPage.render(view)).contains("⚠");
  }

  @Test
  @DisplayName("the records refuse what the page cannot show honestly")
  void validation() {
    Instant t = Instant.parse("2026-03-02T15:00:00Z");
    assertThatThrownBy(() -> new Legend("google", "red;background:url(x)")).isInstanceOf(ValidationException.class)
        .hasMessageNotContaining("url");
    assertThatThrownBy(() -> new WeekView("t", MONDAY.plusDays(2), NEW_YORK, List.of(), List.of()))
        .isInstanceOf(ValidationException.class).hasMessageContaining("Monday");
    assertThatThrownBy(() -> new Item("i", Item.Kind.BUSY, "google", t, t.plusSeconds(60), "busy",
        AppointmentStatus.SCHEDULED, true, List.of(), List.of())).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> new Item("i", Item.Kind.APPOINTMENT, "google", t, t.plusSeconds(60), "x",
        AppointmentStatus.SCHEDULED, false, List.of("other"), List.of())).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> new Item("i", Item.Kind.APPOINTMENT, "google", t, t, "x",
        AppointmentStatus.SCHEDULED, false, List.of(), List.of())).isInstanceOf(ValidationException.class);
    Item a = Item.busy("same", "google", t, t.plusSeconds(60));
    assertThatThrownBy(() -> new WeekView("t", MONDAY, NEW_YORK,
        List.of(new Lane(ClinicianId.of("a"), "A", "m", NEW_YORK, List.of(a)),
            new Lane(ClinicianId.of("b"), "B", "m", NEW_YORK, List.of(a))), List.of()))
        .isInstanceOf(ValidationException.class).hasMessageNotContaining("same");
  }
}
