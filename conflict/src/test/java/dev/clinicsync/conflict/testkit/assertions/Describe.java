package dev.clinicsync.conflict.testkit.assertions;

import dev.clinicsync.conflict.Conflict;
import dev.clinicsync.conflict.Provenance;
import java.util.List;

/** One line per conflict, for failure messages: what was found, without PHI (reports hold none). */
final class Describe {
  private Describe() {}

  static String conflict(Conflict c) {
    return c.kind() + " " + c.window() + " " + provenance(c.provenance());
  }

  static String provenance(Provenance p) {
    if (p instanceof Provenance.OtherAppointment o) {
      return "with appointment " + o.id() + " (" + o.source() + ", " + o.status() + ")";
    } else if (p instanceof Provenance.ExternalBusy b) {
      return "with busy block " + b.source() + " of calendar " + b.calendarId();
    } else if (p instanceof Provenance.TimeOff t) {
      return "with time off " + t.exceptionId() + (t.label().isEmpty() ? "" : " '" + t.label() + "'");
    } else if (p instanceof Provenance.WorkingHours w) {
      return "outside the hours of " + w.date() + " in " + w.zone() + " " + w.weeklyRanges();
    }
    return String.valueOf(p);
  }

  /** "an OVERLAP", "a BUFFER": the kinds' names with the article they take. */
  static String withArticle(String kindName) {
    return ("AEIOU".indexOf(kindName.charAt(0)) >= 0 ? "an " : "a ") + kindName;
  }

  /** The conflicts one a line, indented; "(none)" when there are none. */
  static String conflicts(List<Conflict> conflicts) {
    if (conflicts.isEmpty()) {
      return "  (none)";
    }
    StringBuilder sb = new StringBuilder();
    for (Conflict c : conflicts) {
      if (sb.length() > 0) {
        sb.append(System.lineSeparator());
      }
      sb.append("  - ").append(conflict(c));
    }
    return sb.toString();
  }
}
