package dev.clinicsync.examples.cli;

import dev.clinicsync.core.access.Principal;
import dev.clinicsync.core.model.Clinician;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.sync.SyncCoordinator;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The demo's HTML step: {@code WeekViewPage.write(WeekViews.of(...), file)} from
 * {@code dev.clinicsync.examples.demo.view}, which the HTML week view work provides. Until that
 * package is in the build this answers empty and the demo says the page is not available.
 * TODO(lead): once {@code demo.view} is merged, replace the reflective lookup with the direct call.
 */
final class DemoHtml {
  private static final String VIEWS = "dev.clinicsync.examples.demo.view.WeekViews";
  private static final String PAGE = "dev.clinicsync.examples.demo.view.WeekViewPage";

  private DemoHtml() {}

  static Optional<Path> write(SyncCoordinator coordinator, Principal principal, List<Clinician> clinicians,
      Map<ClinicianId, String> locationOf, LocalDate weekStart, ZoneId displayZone, String title, Path file) {
    Class<?> views;
    Class<?> page;
    try {
      views = Class.forName(VIEWS);
      page = Class.forName(PAGE);
    } catch (ClassNotFoundException e) {
      return Optional.empty();
    }
    try {
      Method of = views.getMethod("of", SyncCoordinator.class, Principal.class, List.class, Map.class, LocalDate.class,
          ZoneId.class, String.class);
      Object view = of.invoke(null, coordinator, principal, clinicians, locationOf, weekStart, displayZone, title);
      Method write = page.getMethod("write", of.getReturnType(), Path.class);
      return Optional.of((Path) write.invoke(null, view, file));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("the HTML week view could not be written ("
          + (e.getCause() == null ? e : e.getCause()).getClass().getSimpleName() + ")", e);
    }
  }
}
