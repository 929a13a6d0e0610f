package dev.clinicsync.examples.demo.view;

import static dev.clinicsync.examples.demo.view.Practice.ADMIN;
import static dev.clinicsync.examples.demo.view.Practice.CLINICIANS;
import static dev.clinicsync.examples.demo.view.Practice.LOCATIONS;
import static dev.clinicsync.examples.demo.view.Practice.MONDAY;
import static dev.clinicsync.examples.demo.view.Practice.NEW_YORK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The week view in a real browser: Debian's {@code chromium}, headless, lays the page out; a probe
 * script appended to a copy of the page counts the boxes the browser actually drew (non-empty
 * box, inside the grid, not hidden) and how they look (computed outline colour of a conflict,
 * hatching of busy blocks, line-through of cancellations, one colour per source), writes the
 * counts into the DOM, and the test reads them from {@code --dump-dom}. A screenshot of the page
 * is saved as {@code examples/target/week-view.png}. Skipped, saying so, where chromium is not
 * installed; {@code .ci/run} installs it.
 */
class WeekViewBrowserTest {
  static final long TIMEOUT_SECONDS = 60;

  /** Counts what the browser rendered into {@code <pre id="rendered" data-...>}. */
  static final String PROBE = String.join("\n",
      "<script>",
      "(function () {",
      "  var grid = document.getElementById('grid');",
      "  var g = grid.getBoundingClientRect();",
      "  function inside(r, o) { return r.left >= o.left - 1 && r.right <= o.right + 1 && r.top >= o.top - 1",
      "      && r.bottom <= o.bottom + 1; }",
      "  function shown(el, within) {",
      "    var r = el.getBoundingClientRect(), s = getComputedStyle(el);",
      "    return r.width > 0 && r.height > 0 && s.display !== 'none' && s.visibility !== 'hidden'",
      "        && parseFloat(s.opacity) > 0 && inside(r, within);",
      "  }",
      "  var c = {appointments: 0, busy: 0, conflicts: 0, linked: 0, struck: 0, hatched: 0, colours: 0};",
      "  var colours = {};",
      "  grid.querySelectorAll('[data-kind]').forEach(function (el) {",
      "    if (!shown(el, g)) { return; }",
      "    var s = getComputedStyle(el), box = el.getBoundingClientRect();",
      "    if (el.dataset.kind === 'APPOINTMENT') {",
      "      c.appointments++;",
      "      colours[s.backgroundColor] = true;",
      "      var mark = el.querySelector('[data-marker=conflict]');",
      "      if (el.dataset.conflict === 'true' && s.outlineStyle === 'solid' && s.outlineColor === 'rgb(208, 0, 0)'",
      "          && parseFloat(s.outlineWidth) >= 2 && mark && shown(mark, box)) { c.conflicts++; }",
      "      var link = el.querySelector('[data-marker=linked]');",
      "      if (el.dataset.duplicate === 'true' && s.borderTopStyle === 'dashed' && s.outlineStyle === 'none'",
      "          && link && shown(link, box)) { c.linked++; }",
      "      var t = el.querySelector('.t');",
      "      if (t && getComputedStyle(t).textDecorationLine.indexOf('line-through') >= 0) { c.struck++; }",
      "    } else if (el.dataset.kind === 'BUSY') {",
      "      c.busy++;",
      "      if (s.backgroundImage.indexOf('repeating-linear-gradient') >= 0) { c.hatched++; }",
      "    }",
      "  });",
      "  c.colours = Object.keys(colours).length;",
      "  var out = document.createElement('pre');",
      "  out.id = 'rendered';",
      "  Object.keys(c).forEach(function (k) { out.setAttribute('data-' + k, String(c[k])); });",
      "  document.body.appendChild(out);",
      "})();",
      "</script>");

  @Test
  @DisplayName("headless chromium draws every appointment, conflict highlight, linked duplicate and busy block")
  void rendersInChromium(@TempDir Path dir) throws Exception {
    Optional<Path> chromium = chromium();
    Assumptions.assumeTrue(chromium.isPresent(),
        "chromium not found on PATH or at /usr/bin/chromium: install it (apt-get install -y chromium) to run the "
            + "browser check; .ci/run installs it");

    WeekView view = WeekViews.of(new Practice().synced(), ADMIN, CLINICIANS, LOCATIONS, MONDAY, NEW_YORK,
        "ClinicSync demo practice — week of 2 March 2026");
    Path page = WeekViewPage.write(view, dir.resolve("week-view.html"));
    String html = Files.readString(page, StandardCharsets.UTF_8);
    assertThat(html).contains("</body>");
    Path probe = dir.resolve("week-view-probe.html");
    Files.writeString(probe, html.replace("</body>", PROBE + "\n</body>"), StandardCharsets.UTF_8);

    String dom = run(chromium.get(), dir, List.of("--window-size=1400,1000", "--virtual-time-budget=5000", "--dump-dom",
        probe.toUri().toString()));
    Map<String, Integer> rendered = rendered(dom);
    assertThat(rendered).as("what chromium rendered").containsEntry("appointments", Practice.APPOINTMENTS)
        .containsEntry("conflicts", Practice.CONFLICTS)
        .containsEntry("busy", Practice.BUSY)
        .containsEntry("hatched", Practice.BUSY)
        .containsEntry("linked", Practice.LINKED)
        .containsEntry("struck", 2)
        .containsEntry("colours", view.legend().size());

    Path png = Path.of("target", "week-view.png").toAbsolutePath();
    Files.createDirectories(png.getParent());
    Files.deleteIfExists(png);
    run(chromium.get(), dir, List.of("--window-size=1400,1100", "--hide-scrollbars", "--screenshot=" + png,
        page.toUri().toString()));
    assertThat(png).exists();
    byte[] bytes = Files.readAllBytes(png);
    assertThat(bytes.length).as("a screenshot of a drawn page, not a blank one").isGreaterThan(20_000);
    assertThat(java.util.Arrays.copyOf(bytes, 8))
        .containsExactly(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n');
  }

  @Test
  @DisplayName("the probe fails a page whose conflicts are not drawn in the conflict colour")
  void probeSeesStyles(@TempDir Path dir) throws Exception {
    Optional<Path> chromium = chromium();
    Assumptions.assumeTrue(chromium.isPresent(), "chromium not found: install it (apt-get install -y chromium)");
    WeekView view = WeekViews.of(new Practice().synced(), ADMIN, CLINICIANS, LOCATIONS, MONDAY, NEW_YORK, "Broken");
    String html = WeekViewPage.render(view)
        .replace(".item.conflict{outline:2px solid var(--conflict)", ".item.conflict{outline:2px solid #00aa00")
        .replace("</style>", ".item.busy{display:none}\n</style>");
    Path probe = dir.resolve("broken.html");
    Files.writeString(probe, html.replace("</body>", PROBE + "\n</body>"), StandardCharsets.UTF_8);
    Map<String, Integer> rendered = rendered(run(chromium.get(), dir,
        List.of("--window-size=1400,1000", "--virtual-time-budget=5000", "--dump-dom", probe.toUri().toString())));
    assertThat(rendered).containsEntry("appointments", Practice.APPOINTMENTS).containsEntry("conflicts", 0)
        .containsEntry("busy", 0);
  }

  static Map<String, Integer> rendered(String dom) {
    Matcher pre = Pattern.compile("<pre id=\"rendered\"([^>]*)>").matcher(dom);
    if (!pre.find()) {
      fail("chromium's DOM has no probe result; the DOM began: "
          + dom.substring(0, Math.min(400, dom.length())));
    }
    Map<String, Integer> counts = new TreeMap<>();
    Matcher attr = Pattern.compile("data-([a-z]+)=\"(\\d+)\"").matcher(pre.group(1));
    while (attr.find()) {
      counts.put(attr.group(1), Integer.parseInt(attr.group(2)));
    }
    return counts;
  }

  /** Runs headless chromium on its own profile; answers stdout, fails with stderr's tail on error or timeout. */
  static String run(Path chromium, Path dir, List<String> args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(chromium.toString(), "--headless=new", "--no-sandbox",
        "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check",
        "--disable-extensions", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--mute-audio", "--user-data-dir=" + Files.createTempDirectory(dir, "profile")));
    command.addAll(args);
    Path out = Files.createTempFile(dir, "chromium", ".out");
    Path err = Files.createTempFile(dir, "chromium", ".err");
    Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      fail("chromium did not finish within " + TIMEOUT_SECONDS + " s; stderr ends:\n" + tail(err));
    }
    if (p.exitValue() != 0) {
      fail("chromium exited with " + p.exitValue() + "; stderr ends:\n" + tail(err));
    }
    return Files.readString(out, StandardCharsets.UTF_8);
  }

  private static String tail(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
  }

  /** Debian's chromium on the PATH, or at /usr/bin/chromium. */
  static Optional<Path> chromium() {
    String path = System.getenv("PATH");
    List<Path> candidates = new ArrayList<>();
    if (path != null) {
      for (String d : path.split(File.pathSeparator)) {
        if (!d.isEmpty()) {
          candidates.add(Path.of(d, "chromium"));
        }
      }
    }
    candidates.add(Path.of("/usr/bin/chromium"));
    return candidates.stream().filter(Files::isRegularFile).filter(Files::isExecutable).findFirst();
  }
}
