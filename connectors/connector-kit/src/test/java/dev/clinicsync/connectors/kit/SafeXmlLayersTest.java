package dev.clinicsync.connectors.kit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/**
 * Each hardening layer of {@link SafeXml#documentBuilderFactory()} holds on its own: even a caller
 * that re-allows DOCTYPE declarations on the factory gets a parser that fetches nothing and
 * expands nothing. One hostile document per layer; each parses without reaching the file it names.
 */
@DisplayName("SafeXml's parser, with DOCTYPE declarations re-allowed by a caller")
class SafeXmlLayersTest {
  @TempDir
  Path dir;
  private Path secret;
  private Path dtd;

  @BeforeEach
  void files() throws Exception {
    secret = Files.writeString(dir.resolve("secret.txt"), "PATIENT-JANE-DOE-DOB-1984");
    dtd = Files.writeString(dir.resolve("vendor.dtd"), "<!ENTITY leaked \"PATIENT-JANE-DOE-DOB-1984\">");
  }

  private static Document parse(String xml) throws Exception {
    DocumentBuilderFactory f = SafeXml.documentBuilderFactory();
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
    DocumentBuilder builder = f.newDocumentBuilder();
    builder.setErrorHandler(null);
    return builder.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  @DisplayName("does not fetch an external general entity")
  void externalGeneralEntity() throws Exception {
    Document d = parse("<!DOCTYPE r [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]><r>&x;</r>");
    assertThat(d.getDocumentElement().getTextContent()).doesNotContain("JANE");
  }

  @Test
  @DisplayName("does not fetch an external parameter entity: the document parses as if it were absent")
  void externalParameterEntity() throws Exception {
    Document d = parse("<!DOCTYPE r [<!ENTITY % p SYSTEM \"" + dtd.toUri() + "\"> %p;]><r>ok</r>");
    assertThat(d.getDocumentElement().getTextContent()).isEqualTo("ok");
  }

  @Test
  @DisplayName("does not load an external DTD: the document parses without reaching it")
  void externalDtd() throws Exception {
    Document d = parse("<!DOCTYPE r SYSTEM \"" + dtd.toUri() + "\"><r>ok</r>");
    assertThat(d.getDocumentElement().getTextContent()).isEqualTo("ok");
  }

  @Test
  @DisplayName("does not process XInclude: the include element stays an element and the file is not read")
  void xinclude() throws Exception {
    Document d = parse("<r xmlns:xi=\"http://www.w3.org/2001/XInclude\"><xi:include href=\"" + secret.toUri()
        + "\" parse=\"text\"/></r>");
    assertThat(d.getDocumentElement().getTextContent()).doesNotContain("JANE");
    assertThat(d.getElementsByTagNameNS("http://www.w3.org/2001/XInclude", "include").getLength()).isEqualTo(1);
  }

  @Test
  @DisplayName("does not expand entities: a billion-laughs document yields no laughs and no blow-up")
  void entityExpansion() throws Exception {
    StringBuilder xml = new StringBuilder("<!DOCTYPE r [<!ENTITY e0 \"lol\">");
    for (int i = 1; i <= 10; i++) {
      xml.append("<!ENTITY e").append(i).append(" \"").append(("&e" + (i - 1) + ";").repeat(10)).append("\">");
    }
    xml.append("]><r>&e10;</r>");
    Document d = parse(xml.toString());
    assertThat(d.getDocumentElement().getTextContent()).doesNotContain("lol");
  }

  @Test
  @DisplayName("keeps an internal entity unexpanded rather than substituting its text")
  void internalEntityNotExpanded() throws Exception {
    Document d = parse("<!DOCTYPE r [<!ENTITY i \"INTERNAL\">]><r>&i;</r>");
    assertThat(d.getDocumentElement().getTextContent()).doesNotContain("INTERNAL");
  }
}
