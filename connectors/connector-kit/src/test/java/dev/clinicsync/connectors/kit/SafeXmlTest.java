package dev.clinicsync.connectors.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clinicsync.core.PermanentConnectorException;
import dev.clinicsync.core.RetryableConnectorException;
import dev.clinicsync.core.model.ConnectorId;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import javax.xml.stream.XMLStreamReader;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class SafeXmlTest {
  private final HttpErrorClassifier classifier = HttpErrorClassifier.forConnector(ConnectorId.of("kareo"), Clock.systemUTC());

  @Test
  @DisplayName("a SOAP envelope parses namespace-aware")
  void parses() {
    Document d = SafeXml.parse("<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><x>1</x></s:Body></s:Envelope>"
        .getBytes(StandardCharsets.UTF_8), classifier, 200, null);
    assertThat(d.getDocumentElement().getLocalName()).isEqualTo("Envelope");
    assertThat(d.getElementsByTagName("x").item(0).getTextContent()).isEqualTo("1");
  }

  @Test
  @DisplayName("an external entity (XXE) is refused and the file is never read")
  void xxe(@TempDir Path dir) throws Exception {
    Path secret = dir.resolve("secret.txt");
    Files.writeString(secret, "TOP-SECRET");
    String xml = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY e SYSTEM \"" + secret.toUri() + "\">]><r>&e;</r>";
    assertThatThrownBy(() -> SafeXml.parse(xml.getBytes(StandardCharsets.UTF_8), classifier, 200, null))
        .isInstanceOf(PermanentConnectorException.class)
        .hasMessageNotContaining("TOP-SECRET");
  }

  @Test
  @DisplayName("entity expansion bombs are refused")
  void billionLaughs() {
    String xml = "<?xml version=\"1.0\"?><!DOCTYPE l [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]><l>&b;</l>";
    assertThatThrownBy(() -> SafeXml.parse(xml.getBytes(StandardCharsets.UTF_8), classifier, 200, null))
        .isInstanceOf(PermanentConnectorException.class);
  }

  @Test
  @DisplayName("malformed XML names the line and column, not the content; empty is retryable")
  void malformed() {
    assertThatThrownBy(() -> SafeXml.parse("<r><name>Jane Doe</r>".getBytes(StandardCharsets.UTF_8), classifier, 200, null))
        .isInstanceOf(PermanentConnectorException.class).hasMessageContaining("line 1").hasMessageNotContaining("Jane");
    assertThatThrownBy(() -> SafeXml.parse(new byte[0], classifier, 200, null)).isInstanceOf(RetryableConnectorException.class);
  }

  @Test
  @DisplayName("the StAX factory does not resolve external entities")
  void stax(@TempDir Path dir) throws Exception {
    Path secret = dir.resolve("secret.txt");
    Files.writeString(secret, "TOP-SECRET");
    String xml = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY e SYSTEM \"" + secret.toUri() + "\">]><r>&e;</r>";
    StringBuilder text = new StringBuilder();
    try {
      XMLStreamReader r = SafeXml.xmlInputFactory().createXMLStreamReader(new StringReader(xml));
      while (r.hasNext()) {
        if (r.next() == XMLStreamReader.CHARACTERS) {
          text.append(r.getText());
        }
      }
    } catch (javax.xml.stream.XMLStreamException e) {
      // refusing is fine too
    }
    assertThat(text.toString()).doesNotContain("TOP-SECRET");
  }
}
