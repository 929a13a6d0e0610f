package dev.clinicsync.connectors.athena.internal;

import dev.clinicsync.connectors.kit.HttpErrorClassifier;
import dev.clinicsync.core.Checks;
import dev.clinicsync.core.PermanentConnectorException;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.connector.ServiceType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.ValueSet;

/**
 * A FHIR R4 {@code ValueSet} expansion as service types: every {@code expansion.contains} entry, nested
 * ones depth-first in the server's order, code → id, display → name (the code when there is no
 * display), no duration (FHIR states none). Inactive entries and abstract ones (groupers, not
 * selectable) are left out, though their nested entries are read; a code listed twice (two code
 * systems) is kept once, the first time. A missing {@code expansion}, an entry without a code, a code
 * that is no usable id, or nesting deeper than {@value #MAX_DEPTH} is a malformed payload naming the
 * element, never its value.
 */
public final class ServiceTypeMapper {
  /** Deeper nesting than this is refused (an expansion is a shallow hierarchy). */
  static final int MAX_DEPTH = 16;

  private final HttpErrorClassifier classifier;

  public ServiceTypeMapper(HttpErrorClassifier classifier) {
    this.classifier = Checks.notNull(classifier, "error classifier");
  }

  /** The service types of an expansion, in its order. */
  public List<ServiceType> map(ValueSet valueSet) {
    Checks.notNull(valueSet, "value set");
    if (!valueSet.hasExpansion()) {
      throw malformed("ValueSet.expansion is missing");
    }
    Map<String, ServiceType> out = new LinkedHashMap<>();
    walk(valueSet.getExpansion().getContains(), "ValueSet.expansion.contains", 1, out);
    return List.copyOf(new ArrayList<>(out.values()));
  }

  private void walk(List<ValueSet.ValueSetExpansionContainsComponent> entries, String path, int depth,
      Map<String, ServiceType> out) {
    if (depth > MAX_DEPTH) {
      throw malformed(path + " is nested more than " + MAX_DEPTH + " levels deep");
    }
    for (int i = 0; i < entries.size(); i++) {
      ValueSet.ValueSetExpansionContainsComponent e = entries.get(i);
      String where = path + "[" + i + "]";
      boolean selectable = !(e.hasAbstract() && e.getAbstract()) && !(e.hasInactive() && e.getInactive());
      if (selectable) {
        String code = e.hasCode() ? e.getCode().strip() : "";
        if (code.isEmpty()) {
          throw malformed(where + ".code is missing");
        }
        if (!out.containsKey(code)) {
          String display = e.hasDisplay() ? e.getDisplay().strip() : "";
          try {
            out.put(code, new ServiceType(code, display.isEmpty() ? code : display, Optional.empty()));
          } catch (ValidationException bad) {
            throw malformed(where + ".code is not a usable service type id");
          }
        }
      }
      if (e.hasContains()) {
        walk(e.getContains(), where + ".contains", depth + 1, out);
      }
    }
  }

  private PermanentConnectorException malformed(String what) {
    return classifier.malformed(what, 200, null);
  }

  @Override
  public String toString() {
    return "ServiceTypeMapper[" + classifier.connectorId() + "]";
  }
}
