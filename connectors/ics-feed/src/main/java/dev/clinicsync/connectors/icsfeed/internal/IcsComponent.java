package dev.clinicsync.connectors.icsfeed.internal;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One iCalendar component (VCALENDAR, VEVENT, VTIMEZONE, STANDARD…) with its properties and
 * nested components, in file order. {@link #toString()} names the component only.
 *
 * @param name the component name, upper-case
 * @param properties the properties in file order
 * @param components nested components in file order
 */
public record IcsComponent(String name, List<IcsProperty> properties, List<IcsComponent> components) {

  public IcsComponent {
    name = name.toUpperCase(Locale.ROOT);
    properties = List.copyOf(properties);
    components = List.copyOf(components);
  }

  /** The first property of that name. */
  public Optional<IcsProperty> property(String propertyName) {
    String n = propertyName.toUpperCase(Locale.ROOT);
    return properties.stream().filter(p -> p.name().equals(n)).findFirst();
  }

  /** Every property of that name, in file order. */
  public List<IcsProperty> all(String propertyName) {
    String n = propertyName.toUpperCase(Locale.ROOT);
    return properties.stream().filter(p -> p.name().equals(n)).toList();
  }

  /** Nested components of that name, in file order. */
  public List<IcsComponent> children(String componentName) {
    String n = componentName.toUpperCase(Locale.ROOT);
    return components.stream().filter(c -> c.name().equals(n)).toList();
  }

  @Override
  public String toString() {
    return "IcsComponent[" + name + ", " + properties.size() + " properties, "
        + components.size() + " components]";
  }
}
