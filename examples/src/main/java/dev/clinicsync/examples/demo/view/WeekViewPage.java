package dev.clinicsync.examples.demo.view;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.StorageException;
import dev.clinicsync.core.model.AppointmentStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders a {@link WeekView} as one self-contained HTML5 page: inline CSS, no script, no font,
 * image or anything else loaded from the network. The page is a week grid — days as columns,
 * clinicians as rows grouped by location, each row in its clinician's zone — in which
 * appointments are boxes coloured by source, busy blocks are hatched grey, conflicts have a red
 * outline and a ⚠ marker (the hover title names each conflict's kind, the other side's source and
 * time), linked duplicates a dashed border and a ↔ marker, and cancelled and no-show appointments
 * are struck through. A legend explains sources and markings.
 *
 * <p>Every box carries {@code data-kind}, {@code data-id}, {@code data-source}, {@code
 * data-status}, {@code data-conflict} and {@code data-duplicate}, so a test can count what was
 * rendered; the grid is the element with id {@code grid}. Every string is escaped for the HTML
 * text and quoted-attribute contexts (OWASP rules #1 and #2).
 */
public final class WeekViewPage {
  /** The outline colour of a conflict, as CSS. */
  public static final String CONFLICT_COLOUR = "#d00000";

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
  private static final DateTimeFormatter DAY_TIME = DateTimeFormatter.ofPattern("EEE HH:mm", Locale.ENGLISH);
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE d MMM", Locale.ENGLISH);
  private static final DateTimeFormatter LONG_DAY = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", Locale.ENGLISH);

  private static final String CSS = String.join("\n",
      ":root{--conflict:" + CONFLICT_COLOUR + "}",
      "*{box-sizing:border-box}",
      "body{font:13px/1.35 system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',Arial,sans-serif;"
          + "margin:16px;color:#1d2330;background:#fff}",
      "h1{font-size:20px;margin:0 0 4px}",
      ".sub{color:#555;margin:0 0 10px}",
      ".legend{display:flex;flex-wrap:wrap;gap:6px 16px;align-items:center;margin:0 0 12px;padding:8px 10px;"
          + "border:1px solid #dde1ea;border-radius:6px;background:#fafbfd}",
      ".legend .head{font-weight:600;color:#334}",
      ".swatch{display:inline-block;width:14px;height:14px;border-radius:3px;vertical-align:-3px;margin-right:4px}",
      ".sample{display:inline-block;padding:0 6px;border-radius:4px;background:#607d8b;color:#fff;font-size:11.5px}",
      "table.grid{border-collapse:separate;border-spacing:0;width:100%;table-layout:fixed}",
      ".grid th,.grid td{border-right:1px solid #e2e5ec;border-bottom:1px solid #e2e5ec;vertical-align:top;padding:3px}",
      ".grid thead th{position:sticky;top:0;background:#f3f5f9;z-index:2;font-weight:600;text-align:left}",
      ".grid th.who{width:160px;text-align:left}",
      ".grid td.weekend{background:#fbfbfd}",
      "tr.loc th{background:#e9edf5;font-size:12px;letter-spacing:.04em;text-transform:uppercase;color:#334}",
      ".name{font-weight:600}",
      ".zone{font-weight:400;color:#667;font-size:11px}",
      ".item{margin:3px 2px;padding:2px 4px 2px 5px;border-radius:4px;font-size:11.5px;color:#fff;"
          + "background:var(--src);white-space:nowrap;overflow:hidden;text-overflow:ellipsis;"
          + "border-left:4px solid rgba(0,0,0,.28)}",
      ".item .t{font-variant-numeric:tabular-nums;font-weight:600;margin-right:4px}",
      ".item.busy{color:#333;background:repeating-linear-gradient(135deg,#d5d8de 0 5px,#eceef2 5px 10px);"
          + "border-left-color:var(--src)}",
      ".item.conflict{outline:2px solid var(--conflict);outline-offset:0}",
      ".mark{display:inline-block;margin-right:4px;padding:0 4px;border-radius:7px;font-weight:700;font-size:10.5px}",
      ".mark.cf{background:var(--conflict);color:#fff}",
      ".mark.ln{background:#fff;color:#1d2330}",
      ".item.linked{border:1px dashed #fff;border-left:4px solid rgba(0,0,0,.28)}",
      ".item.struck{opacity:.62}",
      ".item.struck .t,.item.struck .l{text-decoration:line-through}",
      "footer{margin-top:10px;color:#667;font-size:11.5px}");

  private WeekViewPage() {}

  /** The page: a self-contained HTML5 document. */
  public static String render(WeekView view) {
    Checks.notNull(view, "week view");
    StringBuilder h = new StringBuilder(8192 + view.lanes().size() * 2048);
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>").append(escape(view.title())).append("</title>\n")
        .append("<style>\n").append(CSS).append("\n</style>\n</head>\n<body>\n");
    h.append("<header>\n<h1>").append(escape(view.title())).append("</h1>\n<p class=\"sub\">Week of ")
        .append(escape(LONG_DAY.format(view.weekStart()))).append(" to ").append(escape(LONG_DAY.format(view.weekEnd())))
        .append(". Each row's days and times are in that clinician's zone, shown under the name; ")
        .append("the page's zone is ").append(escape(view.displayZone().getId())).append(".</p>\n</header>\n");
    legend(h, view);
    grid(h, view);
    footer(h, view);
    h.append("</body>\n</html>\n");
    return h.toString();
  }

  /**
   * Writes the page as UTF-8, creating missing parent directories.
   *
   * @return the absolute path written
   * @throws StorageException when the file cannot be written
   */
  public static Path write(WeekView view, Path file) {
    Checks.notNull(file, "week view file");
    String page = render(view);
    Path target = file.toAbsolutePath();
    try {
      Path parent = target.getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(target, page, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new StorageException("could not write the week view page " + target, e);
    }
    return target;
  }

  private static void legend(StringBuilder h, WeekView view) {
    h.append("<section class=\"legend\" id=\"legend\" aria-label=\"legend\">\n<span class=\"head\">Sources</span>\n");
    for (Legend l : view.legend()) {
      h.append("<span class=\"src\" data-legend-source=\"").append(escape(l.source())).append("\">")
          .append("<span class=\"swatch\" style=\"background:").append(l.colour()).append("\"></span>")
          .append(escape(l.source())).append("</span>\n");
    }
    h.append("<span class=\"head\">Markings</span>\n")
        .append("<span class=\"sample\" style=\"outline:2px solid ").append(CONFLICT_COLOUR)
        .append("\">conflict <span class=\"mark cf\">⚠</span></span>\n")
        .append("<span class=\"sample\" style=\"border:1px dashed #fff\">linked duplicate <span class=\"mark ln\">↔</span>"
            + "</span>\n")
        .append("<span class=\"sample\" style=\"text-decoration:line-through;opacity:.62\">cancelled / no-show</span>\n")
        .append("<span class=\"sample\" style=\"color:#333;background:repeating-linear-gradient(135deg,#d5d8de 0 5px,"
            + "#eceef2 5px 10px)\">busy (personal calendar)</span>\n")
        .append("</section>\n");
  }

  private static void grid(StringBuilder h, WeekView view) {
    h.append("<table class=\"grid\" id=\"grid\">\n<thead><tr><th class=\"who\">Clinician</th>");
    for (int d = 0; d < 7; d++) {
      LocalDate day = view.weekStart().plusDays(d);
      h.append("<th data-day=\"").append(day).append("\">").append(escape(DAY.format(day))).append("</th>");
    }
    h.append("</tr></thead>\n");
    Map<String, List<Lane>> byLocation = new LinkedHashMap<>();
    for (Lane lane : view.lanes()) {
      byLocation.computeIfAbsent(lane.location(), k -> new ArrayList<>()).add(lane);
    }
    for (Map.Entry<String, List<Lane>> group : byLocation.entrySet()) {
      h.append("<tbody data-location=\"").append(escape(group.getKey())).append("\">\n")
          .append("<tr class=\"loc\"><th colspan=\"8\">").append(escape(group.getKey())).append("</th></tr>\n");
      for (Lane lane : group.getValue()) {
        lane(h, view, lane);
      }
      h.append("</tbody>\n");
    }
    h.append("</table>\n");
  }

  private static void lane(StringBuilder h, WeekView view, Lane lane) {
    List<List<Item>> days = new ArrayList<>();
    for (int d = 0; d < 7; d++) {
      days.add(new ArrayList<>());
    }
    for (Item item : lane.items()) { // each item once, in the day it starts on (clamped into the week)
      LocalDate startDay = item.start().atZone(lane.zone()).toLocalDate();
      long d = Math.max(0, Math.min(6, ChronoUnit.DAYS.between(view.weekStart(), startDay)));
      days.get((int) d).add(item);
    }
    h.append("<tr data-clinician=\"").append(escape(lane.clinician().value())).append("\"><th class=\"who\">")
        .append("<div class=\"name\">").append(escape(lane.displayName())).append("</div>")
        .append("<div class=\"zone\">").append(escape(lane.zone().getId())).append("</div></th>");
    for (int d = 0; d < 7; d++) {
      LocalDate day = view.weekStart().plusDays(d);
      h.append("<td data-day=\"").append(day).append('"').append(d >= 5 ? " class=\"weekend\"" : "").append('>');
      List<Item> items = days.get(d);
      items.sort(Comparator.comparing(Item::start).thenComparing(Item::kind).thenComparing(Item::id));
      for (Item item : items) {
        item(h, view, lane.zone(), item);
      }
      h.append("</td>");
    }
    h.append("</tr>\n");
  }

  private static void item(StringBuilder h, WeekView view, ZoneId zone, Item item) {
    boolean busy = item.kind() == Item.Kind.BUSY;
    boolean linked = !item.duplicateOf().isEmpty();
    String colour = view.colourOf(item.source()).orElse("#607d8b");
    StringBuilder cls = new StringBuilder("item ").append(busy ? "busy" : "appt");
    if (item.conflict()) {
      cls.append(" conflict");
    }
    if (linked) {
      cls.append(" linked");
    }
    if (item.struck()) {
      cls.append(" struck");
    }
    String times = span(item.start().atZone(zone), item.end().atZone(zone));
    h.append("<div class=\"").append(cls).append("\" data-kind=\"").append(item.kind().name())
        .append("\" data-id=\"").append(escape(item.id()))
        .append("\" data-source=\"").append(escape(item.source()))
        .append("\" data-status=\"").append(item.status().name())
        .append("\" data-conflict=\"").append(item.conflict())
        .append("\" data-duplicate=\"").append(linked)
        .append("\" data-start=\"").append(item.start())
        .append("\" data-end=\"").append(item.end())
        .append("\" style=\"--src:").append(colour)
        .append("\" title=\"").append(escape(title(item, zone, times))).append("\">");
    if (item.conflict()) { // markers first: a narrow column cuts the end of a box, never its markers
      h.append("<span class=\"mark cf\" data-marker=\"conflict\">⚠</span>");
    }
    if (linked) {
      h.append("<span class=\"mark ln\" data-marker=\"linked\">↔</span>");
    }
    h.append("<span class=\"t\">").append(escape(times)).append("</span>")
        .append("<span class=\"l\">").append(escape(item.label())).append(statusSuffix(item.status())).append("</span>")
        .append("</div>");
  }

  private static String statusSuffix(AppointmentStatus status) {
    switch (status) {
      case CANCELLED:
        return " · cancelled";
      case NO_SHOW:
        return " · no-show";
      case PENDING:
        return " · pending";
      default:
        return "";
    }
  }

  /** The hover title: what, when, which source, and each conflict's other side. */
  private static String title(Item item, ZoneId zone, String times) {
    StringBuilder t = new StringBuilder();
    t.append(item.label()).append(" · ").append(item.status().name().toLowerCase(Locale.ROOT).replace('_', '-'))
        .append(" · ").append(item.source()).append(" · ").append(times).append(" (").append(zone.getId()).append(')')
        .append("\nid ").append(item.id());
    if (item.conflict() && item.conflictNotes().isEmpty()) {
      t.append("\nConflict").append(item.conflictsWith().isEmpty() ? "" : " with " + String.join(", ", item.conflictsWith()));
    }
    for (Item.ConflictNote c : item.conflictNotes()) {
      t.append("\nConflict: ").append(c.kind())
          .append(c.otherSource().map(s -> " with " + s).orElse(""))
          .append(' ').append(span(c.start().atZone(zone), c.end().atZone(zone)))
          .append(c.otherId().map(id -> " (" + id + ")").orElse(""));
    }
    if (!item.duplicateOf().isEmpty()) {
      t.append("\nLinked: the same visit as ").append(String.join(", ", item.duplicateOf()));
    }
    return t.toString();
  }

  /** {@code 09:00–09:50}; an end on a later day carries its weekday: {@code 22:00–Tue 02:00}. */
  private static String span(ZonedDateTime start, ZonedDateTime end) {
    String to = end.toLocalDate().equals(start.toLocalDate()) ? TIME.format(end) : DAY_TIME.format(end);
    return TIME.format(start) + "–" + to;
  }

  /**
   * Escapes a string for HTML text and for a double- or single-quoted attribute value: {@code & <
   * > " ' /} become character references (OWASP XSS prevention rules #1 and #2).
   */
  static String escape(String s) {
    StringBuilder b = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String r;
      switch (c) {
        case '&':
          r = "&amp;";
          break;
        case '<':
          r = "&lt;";
          break;
        case '>':
          r = "&gt;";
          break;
        case '"':
          r = "&quot;";
          break;
        case '\'':
          r = "&#x27;";
          break;
        case '/':
          r = "&#x2F;";
          break;
        default:
          r = null;
      }
      if (r != null) {
        if (b == null) {
          b = new StringBuilder(s.length() + 16).append(s, 0, i);
        }
        b.append(r);
      } else if (b != null) {
        b.append(c);
      }
    }
    return b == null ? s : b.toString();
  }

  private static void footer(StringBuilder h, WeekView view) {
    int appointments = 0;
    int conflicts = 0;
    int busy = 0;
    int linked = 0;
    for (Lane lane : view.lanes()) {
      for (Item i : lane.items()) {
        if (i.kind() == Item.Kind.BUSY) {
          busy++;
        } else {
          appointments++;
          conflicts += i.conflict() ? 1 : 0;
          linked += i.duplicateOf().isEmpty() ? 0 : 1;
        }
      }
    }
    h.append("<footer id=\"summary\" data-appointments=\"").append(appointments).append("\" data-conflicts=\"")
        .append(conflicts).append("\" data-busy=\"").append(busy).append("\" data-linked=\"").append(linked).append("\">")
        .append(view.lanes().size()).append(" clinicians · ").append(appointments).append(" appointments · ")
        .append(conflicts).append(" with conflicts · ").append(linked).append(" linked duplicates · ").append(busy)
        .append(" busy blocks. Patients are never named on this page.</footer>\n");
  }
}
