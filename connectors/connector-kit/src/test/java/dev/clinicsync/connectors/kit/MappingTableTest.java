package dev.clinicsync.connectors.kit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clinicsync.core.model.AppointmentType;
import dev.clinicsync.core.connector.RecordIssue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MappingTableTest {
  private final MappingTable<AppointmentType> types = MappingTable.of("type",
      Map.of("NP", AppointmentType.CONSULT, "FU", AppointmentType.FOLLOW_UP), AppointmentType::other);

  @Test
  @DisplayName("documented codes map; an undocumented code falls back and is reported by its code")
  void codes() {
    List<RecordIssue> issues = new ArrayList<>();
    assertThat(types.map("appt-1", "fu", issues::add)).isEqualTo(AppointmentType.FOLLOW_UP);
    assertThat(types.map("appt-2", "INTAKE90", issues::add)).isEqualTo(AppointmentType.other("INTAKE90"));
    assertThat(issues).singleElement().satisfies(i -> {
      assertThat(i.severity()).isEqualTo(RecordIssue.Severity.FALLBACK);
      assertThat(i.vendorRecordId()).isEqualTo("appt-2");
      assertThat(i.reason()).contains("'INTAKE90'");
    });
  }

  @Test
  @DisplayName("free text in a code field never reaches the issue, not even through the fallback value")
  void freeText() {
    List<RecordIssue> issues = new ArrayList<>();
    String text = "Jane Doe; DOB 1984-02-29, call re: results!";
    types.map("appt-3", text, issues::add);
    assertThat(issues).singleElement().satisfies(i -> assertThat(i.toString())
        .doesNotContain("Jane", "1984", "results").contains("not a code"));
  }
}
