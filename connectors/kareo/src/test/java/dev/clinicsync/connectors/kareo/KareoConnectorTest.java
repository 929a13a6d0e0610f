package dev.clinicsync.connectors.kareo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.clinicsync.connectors.kareo.internal.SoapEnvelope;
import dev.clinicsync.connectors.kit.SafeXml;
import dev.clinicsync.core.ConnectorAuthException;
import dev.clinicsync.core.ConnectorException;
import dev.clinicsync.core.PermanentConnectorException;
import dev.clinicsync.core.RetryableConnectorException;
import dev.clinicsync.core.connector.FetchResult;
import dev.clinicsync.core.connector.RecordIssue;
import dev.clinicsync.core.connector.SourceRecord;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentStatus;
import dev.clinicsync.core.model.AppointmentType;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.phi.PhiField;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

@DisplayName("Kareo connector")
class KareoConnectorTest extends KareoTestBase {

  private static Map<String, Appointment> byId(FetchResult r) {
    return r.appointmentUpserts().stream().map(SourceRecord::appointment)
        .collect(Collectors.toMap(a -> a.source().externalId(), Function.identity()));
  }

  @Nested
  @DisplayName("The GetAppointments request")
  class Request {

    @Test
    @DisplayName("is a SOAP 1.1 POST with the SOAPAction header and text/xml content type")
    void headers() {
      serve(200, KareoXml.file("get-appointments-week.xml"));
      fetch(connector(), WEEK);
      assertThat(calls()).singleElement().satisfies(r -> {
        assertThat(r.getHeader("SOAPAction")).isEqualTo("\"http://www.kareo.com/api/schemas/KareoServices/GetAppointments\"");
        assertThat(r.getHeader("Content-Type")).startsWith("text/xml").containsIgnoringCase("charset=utf-8");
      });
    }

    @Test
    @DisplayName("carries the credentials from the secret store, escaped by the XML writer so that a password with <, & and ]]> round-trips")
    void credentialsRoundTrip() throws Exception {
      serve(200, KareoXml.file("get-appointments-week.xml"));
      fetch(connector(), WEEK);
      Element header = element(sent(), "RequestHeader");
      assertThat(text(header, "CustomerKey")).isEqualTo(KareoFixtures.CUSTOMER_KEY);
      assertThat(text(header, "User")).isEqualTo(KareoFixtures.USER);
      assertThat(text(header, "Password")).isEqualTo(KareoFixtures.PASSWORD);
      assertThat(calls().get(0).getBodyAsString()).doesNotContain("<a>").doesNotContain("&'\"]]>");
    }

    @Test
    @DisplayName("flags exactly the fields the mapping reads, and filters on the window in practice-local time")
    void fieldsAndFilter() throws Exception {
      serve(200, KareoXml.file("get-appointments-week.xml"));
      fetch(connector(), WEEK);
      Document doc = sent();
      List<String> flagged = new ArrayList<>();
      for (Node n = element(doc, "Fields").getFirstChild(); n != null; n = n.getNextSibling()) {
        if (n instanceof Element e) {
          assertThat(e.getTextContent()).as("flag %s", e.getLocalName()).isEqualTo("true");
          flagged.add(e.getLocalName());
        }
      }
      assertThat(flagged).containsExactlyInAnyOrderElementsOf(SoapEnvelope.FIELDS)
          .doesNotContain("Notes", "AppointmentReason1");
      Element filter = element(doc, "Filter");
      assertThat(text(filter, "StartDate")).isEqualTo("2024-04-29T00:00:00");
      assertThat(text(filter, "EndDate")).isEqualTo("2024-05-06T00:00:00");
      assertThat(filter.getElementsByTagNameNS(SoapEnvelope.KAREO_NS, "TimeZoneOffsetFromGMT").getLength()).isZero();
    }

    @Test
    @DisplayName("fails with an auth error naming the secret, not its value, when a credential is missing from the store")
    void missingSecret() {
      secrets.delete("kareo/password");
      Throwable t = catchThrowable(() -> fetch(connector(), WEEK));
      assertThat(t).isInstanceOf(ConnectorAuthException.class).hasMessageContaining("kareo/password");
      assertThat(calls()).isEmpty();
    }

    private Document sent() throws Exception {
      return SafeXml.documentBuilderFactory().newDocumentBuilder()
          .parse(new ByteArrayInputStream(calls().get(0).getBody()));
    }

    private Element element(Document doc, String name) {
      return (Element) doc.getElementsByTagNameNS(SoapEnvelope.KAREO_NS, name).item(0);
    }

    private String text(Element parent, String name) {
      return parent.getElementsByTagNameNS(SoapEnvelope.KAREO_NS, name).item(0).getTextContent();
    }
  }

  @Nested
  @DisplayName("A recorded week")
  class RecordedWeek {

    @Test
    @DisplayName("maps every appointment, cancelled ones included, with both date formats and practice-local times")
    void mapsTheWeek() {
      serve(200, KareoXml.file("get-appointments-week.xml"));
      FetchResult r = fetch(connector(), WEEK);
      Map<String, Appointment> a = byId(r);
      assertThat(a).containsOnlyKeys("1180234", "1180241", "1180252", "1180260", "1180266");
      assertThat(a.get("1180234").start()).isEqualTo(Instant.parse("2024-05-01T13:00:00Z"));
      assertThat(a.get("1180234").end()).isEqualTo(Instant.parse("2024-05-01T13:50:00Z"));
      assertThat(a.get("1180234").status()).isEqualTo(AppointmentStatus.SCHEDULED);
      assertThat(a.get("1180234").clinicianId()).isEqualTo(ClinicianId.of("dr-okafor"));
      assertThat(a.get("1180234").source().version()).hasValue("2024-04-29T16:02:11.370");
      assertThat(a.get("1180241").status()).isEqualTo(AppointmentStatus.CANCELLED);
      assertThat(a.get("1180241").start()).as("5/1/2024 10:00:00 AM").isEqualTo(Instant.parse("2024-05-01T14:00:00Z"));
      assertThat(a.get("1180252").status()).isEqualTo(AppointmentStatus.CONFIRMED);
      assertThat(a.get("1180252").clinicianId()).isEqualTo(ClinicianId.of("dr-lindqvist"));
      assertThat(a.get("1180260").start()).as("5/2/2024").isEqualTo(Instant.parse("2024-05-02T04:00:00Z"));
      assertThat(a.get("1180260").type()).isEqualTo(AppointmentType.ADMIN);
      assertThat(a.get("1180260").patient()).as("PatientID 0: no patient").isEmpty();
      assertThat(a.get("1180266").status()).isEqualTo(AppointmentStatus.NO_SHOW);
      assertThat(a.values()).allSatisfy(x -> assertThat(x.sourceZone()).hasValue(KareoContractTest.NEW_YORK));
    }

    @Test
    @DisplayName("reports a start in no known format as an issue naming the field, never the value, and keeps the stored copy")
    void unknownFormat() {
      serve(200, KareoXml.file("get-appointments-week.xml"));
      FetchResult r = fetch(connector(), WEEK);
      assertThat(r.issues()).filteredOn(i -> i.vendorRecordId().equals("1180270")).singleElement().satisfies(i -> {
        assertThat(i.severity()).isEqualTo(RecordIssue.Severity.SKIPPED);
        assertThat(i.field()).isEqualTo("StartDate");
        assertThat(i.toString()).doesNotContain("May 3rd").doesNotContain("3:00 PM");
      });
      assertThat(r.retentions()).anySatisfy(x -> assertThat(x.source()).hasValueSatisfying(
          s -> assertThat(s.externalId()).isEqualTo("1180270")));
    }

    @Test
    @DisplayName("keeps patient names and ids in the PHI record only; the appointment holds a token")
    void phiApart() {
      serve(200, KareoXml.file("get-appointments-week.xml"));
      FetchResult r = fetch(connector(), WEEK);
      SourceRecord rec = r.appointmentUpserts().stream()
          .filter(x -> x.appointment().source().externalId().equals("1180234")).findFirst().orElseThrow();
      assertThat(rec.phi()).hasValueSatisfying(p -> {
        assertThat(p.get(PhiField.PATIENT_NAME)).hasValue("Marisol Dunleavy-Okafor");
        assertThat(p.get(PhiField.VENDOR_PATIENT_ID)).hasValue("PT-884213");
      });
      assertThat(rec.appointment().patient()).isPresent();
      String everything = r.appointmentUpserts().stream().map(x -> x.appointment().toString() + x.phi())
          .collect(Collectors.joining()) + r.issues();
      assertThat(everything).doesNotContain("Marisol").doesNotContain("PT-884213").doesNotContain("Jordan");
    }

    @Test
    @DisplayName("the same week served twice to one patient gives the same token")
    void stableTokens() {
      serve(200, KareoXml.file("get-appointments-week.xml"));
      Map<String, Appointment> a = byId(fetch(connector(), WEEK));
      assertThat(a.get("1180241").patient()).isEqualTo(a.get("1180266").patient());
      assertThat(a.get("1180241").patient()).isNotEqualTo(a.get("1180234").patient());
    }
  }

  @Nested
  @DisplayName("Errors")
  class Errors {

    @Test
    @DisplayName("a Server fault (WCF InternalServiceFault, HTTP 500) is retryable: retried, then thrown as retryable")
    void serverFault() {
      serve(500, KareoXml.file("fault-server.xml"));
      Throwable t = catchThrowable(() -> fetch(connector(Map.of("max-attempts", "3")), WEEK));
      assertThat(t).isInstanceOf(RetryableConnectorException.class)
          .hasMessageContaining("SOAP fault (code InternalServiceFault)");
      assertThat(calls()).hasSize(3);
      assertClean((ConnectorException) t);
    }

    @Test
    @DisplayName("a Client fault is permanent and never retried")
    void clientFault() {
      serve(500, KareoXml.file("fault-client.xml"));
      Throwable t = catchThrowable(() -> fetch(connector(), WEEK));
      assertThat(t).isInstanceOf(PermanentConnectorException.class).hasMessageContaining("code Client");
      assertThat(calls()).hasSize(1);
      assertClean((ConnectorException) t);
    }

    @Test
    @DisplayName("a fault inside a 200 reply is classified the same way")
    void faultIn200() {
      serve(200, KareoXml.file("fault-client.xml"));
      assertThat(catchThrowable(() -> fetch(connector(), WEEK))).isInstanceOf(PermanentConnectorException.class);
    }

    @Test
    @DisplayName("a failed SecurityResponse inside a 200 reply is an auth error naming the flag, not retried")
    void securityFailure() {
      serve(200, KareoXml.file("security-failure.xml"));
      Throwable t = catchThrowable(() -> fetch(connector(), WEEK));
      assertThat(t).isInstanceOf(ConnectorAuthException.class).hasMessageContaining("Authenticated is false");
      assertThat(calls()).hasSize(1);
      assertClean((ConnectorException) t);
    }

    @Test
    @DisplayName("an ErrorResponse inside a 200 reply is permanent")
    void errorResponse() {
      serve(200, KareoXml.file("error-response.xml"));
      Throwable t = catchThrowable(() -> fetch(connector(), WEEK));
      assertThat(t).isInstanceOf(PermanentConnectorException.class).hasMessageContaining("ErrorResponse");
      assertThat(calls()).hasSize(1);
      assertClean((ConnectorException) t);
    }

    @Test
    @DisplayName("an ErrorResponse that reads as a timeout is retryable")
    void transientErrorResponse() {
      serve(200, KareoXml.file("error-response-timeout.xml"));
      Throwable t = catchThrowable(() -> fetch(connector(Map.of("max-attempts", "2")), WEEK));
      assertThat(t).isInstanceOf(RetryableConnectorException.class);
      assertThat(calls()).hasSize(2);
      assertClean((ConnectorException) t);
    }

    @Test
    @DisplayName("a failed read leaves nothing to replay: the next fetch asks Kareo again")
    void failureIsNotCached() {
      serve(200, KareoXml.file("error-response.xml"));
      KareoConnector c = connector();
      catchThrowable(() -> fetch(c, WEEK));
      serve(200, KareoXml.file("get-appointments-week.xml"));
      assertThat(fetch(c, WEEK).replayOf()).isEmpty();
      assertThat(calls()).hasSize(2);
    }

    private void assertClean(ConnectorException e) {
      assertThat(e.connectorId()).isEqualTo("kareo-northside");
      assertThat(e.getMessage()).doesNotContain("Jordan").doesNotContain("Testpatient").doesNotContain("api.sync")
          .doesNotContain("LEAKCANARY").doesNotContain("internal error").doesNotContain("Invalid");
    }
  }

  @Nested
  @DisplayName("A hostile reply")
  class Hostile {

    @Test
    @DisplayName("an external entity (XXE) is refused as a malformed payload, and the file's content appears nowhere")
    void xxe(@TempDir Path dir) throws IOException {
      Path secret = dir.resolve("secret.txt");
      Files.writeString(secret, "XXE-CANARY-root:x:0:0", StandardCharsets.UTF_8);
      serve(200, KareoXml.file("xxe.xml").replace("{{SECRET_FILE}}", secret.toAbsolutePath().toString()));
      Throwable t = catchThrowable(() -> fetch(connector(), WEEK));
      assertThat(t).isInstanceOf(PermanentConnectorException.class).hasMessageContaining("malformed vendor payload");
      for (Throwable x = t; x != null; x = x.getCause()) {
        assertThat(String.valueOf(x.getMessage())).doesNotContain("XXE-CANARY");
      }
      assertThat(sleeper.waits()).as("retries").isEmpty();
      assertThat(calls()).hasSize(1);
    }

    @Test
    @DisplayName("an entity expansion bomb (billion laughs) is refused as a malformed payload")
    void billionLaughs() {
      serve(200, KareoXml.file("billion-laughs.xml"));
      Throwable t = catchThrowable(() -> fetch(connector(), WEEK));
      assertThat(t).isInstanceOf(PermanentConnectorException.class).hasMessageContaining("malformed vendor payload");
      assertThat(calls()).hasSize(1);
    }
  }
}
