package dev.clinicsync.connectors.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clinicsync.core.PermanentConnectorException;
import dev.clinicsync.core.model.ConnectorId;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamReader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.xml.sax.SAXException;

/**
 * Each hardening setting of {@link SafeXml} refuses its attack on its own: the test takes SafeXml's
 * factory, switches every OTHER setting back to the permissive JDK behaviour, and shows the one
 * left in place still keeps the file it names out of the parsed document. Removing any single
 * setting from SafeXml therefore fails exactly the test named after it (the layers overlap, so a
 * test with all of them on cannot see one go).
 */
@DisplayName("SafeXml's hardening settings, each on its own")
class SafeXmlHardeningTest {
  private static final String DISALLOW_DOCTYPE = "http://apache.org/xml/features/disallow-doctype-decl";
  private static final String GENERAL_ENTITIES = "http://xml.org/sax/features/external-general-entities";
  private static final String PARAMETER_ENTITIES = "http://xml.org/sax/features/external-parameter-entities";
  private static final String LOAD_EXTERNAL_DTD = "http://apache.org/xml/features/nonvalidating/load-external-dtd";
  private static final String SCHEMA_LANGUAGE = "http://java.sun.com/xml/jaxp/properties/schemaLanguage";
  private static final String PHI = "PATIENT-JANE-DOE-DOB-1984";

  /** The settings of the DOM factory; the one a test keeps is left as SafeXml set it. */
  enum Layer { DOCTYPE, SECURE_PROCESSING, GENERAL_ENTITIES, PARAMETER_ENTITIES, LOAD_DTD, ACCESS_DTD, ACCESS_SCHEMA,
    EXPAND_ENTITIES }

  @TempDir
  Path dir;
  private Path secret;
  private Path externalDtd;
  private Path schema;

  @BeforeEach
  void files() throws Exception {
    secret = Files.writeString(dir.resolve("secret.txt"), PHI);
    externalDtd = Files.writeString(dir.resolve("kareo.dtd"), "<!ENTITY leaked \"" + PHI + "\">");
    schema = Files.writeString(dir.resolve("kareo.xsd"), "<xs:schema xmlns:xs='http://www.w3.org/2001/XMLSchema'>"
        + "<xs:element name='GetAppointmentsResult'><xs:complexType><xs:simpleContent><xs:extension base='xs:string'>"
        + "<xs:attribute name='PatientName' type='xs:string' default='" + PHI + "'/>"
        + "</xs:extension></xs:simpleContent></xs:complexType></xs:element></xs:schema>");
  }

  /** SafeXml's DOM factory with every setting but {@code kept} turned back to permissive. */
  private static DocumentBuilderFactory onlyKeeping(Layer kept) throws Exception {
    DocumentBuilderFactory f = SafeXml.documentBuilderFactory();
    if (kept != Layer.DOCTYPE) {
      f.setFeature(DISALLOW_DOCTYPE, false);
    }
    if (kept != Layer.SECURE_PROCESSING) {
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, false);
    }
    if (kept != Layer.GENERAL_ENTITIES) {
      f.setFeature(GENERAL_ENTITIES, true);
    }
    if (kept != Layer.PARAMETER_ENTITIES) {
      f.setFeature(PARAMETER_ENTITIES, true);
    }
    if (kept != Layer.LOAD_DTD) {
      f.setFeature(LOAD_EXTERNAL_DTD, true);
    }
    // secure processing restricts external access only while no explicit access attribute overrides it:
    // to see it alone, the access attributes are removed (null), not opened
    String open = kept == Layer.SECURE_PROCESSING ? null : "all";
    if (kept != Layer.ACCESS_DTD) {
      f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, open);
    }
    if (kept != Layer.ACCESS_SCHEMA) {
      f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, open);
    }
    if (kept != Layer.EXPAND_ENTITIES) {
      f.setExpandEntityReferences(true);
    }
    return f;
  }

  private static Document parse(DocumentBuilderFactory f, String xml) throws Exception {
    DocumentBuilder builder = f.newDocumentBuilder();
    builder.setErrorHandler(null);
    return builder.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
  }

  private String generalEntityAttack() {
    return "<!DOCTYPE GetAppointmentsResult [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>"
        + "<GetAppointmentsResult>&x;</GetAppointmentsResult>";
  }

  private String parameterEntityAttack() {
    return "<!DOCTYPE GetAppointmentsResult [<!ENTITY % p SYSTEM \"" + externalDtd.toUri() + "\"> %p;]>"
        + "<GetAppointmentsResult>&leaked;</GetAppointmentsResult>";
  }

  private String externalDtdAttack() {
    return "<!DOCTYPE GetAppointmentsResult SYSTEM \"" + externalDtd.toUri() + "\">"
        + "<GetAppointmentsResult>&leaked;</GetAppointmentsResult>";
  }

  private static String textOrRefusal(DocumentBuilderFactory f, String xml) {
    try {
      return parse(f, xml).getDocumentElement().getTextContent();
    } catch (Exception refused) {
      return "refused";
    }
  }

  @Test
  @DisplayName("the harness itself is able to fail: with every setting opened, each attack reads the file")
  void harnessLeaksWhenEverythingIsOpen() throws Exception {
    DocumentBuilderFactory open = onlyKeeping(Layer.EXPAND_ENTITIES);
    open.setExpandEntityReferences(true);
    assertThat(textOrRefusal(open, generalEntityAttack())).isEqualTo(PHI);
    assertThat(textOrRefusal(open, parameterEntityAttack())).isEqualTo(PHI);
    assertThat(textOrRefusal(open, externalDtdAttack())).isEqualTo(PHI);
  }

  @Test
  @DisplayName("disallowing DOCTYPE alone refuses every document that declares one")
  void doctypeAlone() throws Exception {
    DocumentBuilderFactory f = onlyKeeping(Layer.DOCTYPE);
    for (String attack : new String[] {generalEntityAttack(), parameterEntityAttack(), externalDtdAttack()}) {
      assertThatThrownBy(() -> parse(f, attack)).isInstanceOf(SAXException.class).hasMessageNotContaining(PHI);
    }
  }

  @Test
  @DisplayName("secure processing alone denies file access to external entities and DTDs")
  void secureProcessingAlone() throws Exception {
    DocumentBuilderFactory f = onlyKeeping(Layer.SECURE_PROCESSING);
    assertThatThrownBy(() -> parse(f, generalEntityAttack())).isInstanceOf(SAXException.class)
        .hasMessageNotContaining(PHI);
    assertThatThrownBy(() -> parse(f, externalDtdAttack())).isInstanceOf(SAXException.class)
        .hasMessageNotContaining(PHI);
  }

  @Test
  @DisplayName("turning external general entities off alone keeps an external entity's file out of the text")
  void generalEntitiesAlone() throws Exception {
    assertThat(textOrRefusal(onlyKeeping(Layer.GENERAL_ENTITIES), generalEntityAttack())).doesNotContain(PHI);
  }

  @Test
  @DisplayName("turning external parameter entities off alone never reads the declarations they name")
  void parameterEntitiesAlone() throws Exception {
    assertThat(textOrRefusal(onlyKeeping(Layer.PARAMETER_ENTITIES), parameterEntityAttack())).doesNotContain(PHI);
  }

  @Test
  @DisplayName("not loading external DTDs alone keeps a DOCTYPE's SYSTEM file unread")
  void loadExternalDtdAlone() throws Exception {
    assertThat(textOrRefusal(onlyKeeping(Layer.LOAD_DTD), externalDtdAttack())).doesNotContain(PHI);
  }

  @Test
  @DisplayName("the empty external-DTD access list alone refuses external entities and DTDs")
  void accessExternalDtdAlone() throws Exception {
    DocumentBuilderFactory f = onlyKeeping(Layer.ACCESS_DTD);
    assertThatThrownBy(() -> parse(f, generalEntityAttack())).isInstanceOf(SAXException.class)
        .hasMessageContaining("accessExternalDTD").hasMessageNotContaining(PHI);
    assertThatThrownBy(() -> parse(f, parameterEntityAttack())).isInstanceOf(SAXException.class)
        .hasMessageContaining("accessExternalDTD");
    assertThatThrownBy(() -> parse(f, externalDtdAttack())).isInstanceOf(SAXException.class)
        .hasMessageContaining("accessExternalDTD");
  }

  @Test
  @DisplayName("the empty external-schema access list refuses a schema the document names, even for a validating caller")
  void accessExternalSchemaAlone() throws Exception {
    String xml = "<GetAppointmentsResult xmlns:xsi='http://www.w3.org/2001/XMLSchema-instance' "
        + "xsi:noNamespaceSchemaLocation='" + schema.toUri() + "'>1</GetAppointmentsResult>";
    DocumentBuilderFactory open = onlyKeeping(Layer.EXPAND_ENTITIES);
    open.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "all");
    open.setValidating(true);
    open.setAttribute(SCHEMA_LANGUAGE, XMLConstants.W3C_XML_SCHEMA_NS_URI);
    assertThat(parse(open, xml).getDocumentElement().getAttribute("PatientName")).as("harness").isEqualTo(PHI);

    DocumentBuilderFactory f = onlyKeeping(Layer.ACCESS_SCHEMA);
    f.setValidating(true);
    f.setAttribute(SCHEMA_LANGUAGE, XMLConstants.W3C_XML_SCHEMA_NS_URI);
    assertThatThrownBy(() -> parse(f, xml)).isInstanceOf(SAXException.class)
        .hasMessageContaining("accessExternalSchema").hasMessageNotContaining(PHI);
  }

  @Test
  @DisplayName("not expanding entity references alone keeps even an internal entity's text out of the element")
  void expandEntityReferencesAlone() throws Exception {
    String xml = "<!DOCTYPE r [<!ENTITY name \"" + PHI + "\">]><r>&name;</r>";
    DocumentBuilderFactory f = onlyKeeping(Layer.EXPAND_ENTITIES);
    assertThat(textOrRefusal(f, xml)).doesNotContain(PHI);
    f.setExpandEntityReferences(true);
    assertThat(textOrRefusal(f, xml)).as("harness").isEqualTo(PHI);
  }

  @Test
  @DisplayName("XInclude stays off: an xi:include element is kept as an element and its file is not read")
  void xincludeOff() throws Exception {
    DocumentBuilderFactory f = onlyKeeping(Layer.EXPAND_ENTITIES);
    assertThat(f.isXIncludeAware()).isFalse();
    Document d = parse(f, "<r xmlns:xi=\"http://www.w3.org/2001/XInclude\"><xi:include href=\"" + secret.toUri()
        + "\" parse=\"text\"/></r>");
    assertThat(d.getDocumentElement().getTextContent()).doesNotContain(PHI);
  }

  @Test
  @DisplayName("the DOM factory is namespace-aware: a SOAP body is found by namespace and local name")
  void namespaceAware() throws Exception {
    Document d = parse(SafeXml.documentBuilderFactory(),
        "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>ok</s:Body></s:Envelope>");
    assertThat(d.getElementsByTagNameNS("http://schemas.xmlsoap.org/soap/envelope/", "Body").getLength()).isEqualTo(1);
  }

  @Test
  @DisplayName("a malformed vendor body prints nothing to stderr: the parser's errors are thrown and classified only")
  void malformedBodyPrintsNothing() {
    HttpErrorClassifier classifier = HttpErrorClassifier.forConnector(ConnectorId.of("kareo"), Clock.systemUTC());
    byte[] body = "<GetAppointmentsResult><PatientName>Jane Doe</Name></GetAppointmentsResult>"
        .getBytes(StandardCharsets.UTF_8);
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      assertThatThrownBy(() -> SafeXml.parse(body, classifier, 200, "req-1"))
          .isInstanceOf(PermanentConnectorException.class).hasMessageNotContaining("Jane");
    } finally {
      System.setErr(original);
    }
    assertThat(captured.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  /** The StAX factory, with the same one-at-a-time method. */
  @Nested
  @DisplayName("the StAX factory")
  class Stax {
    private final String[] props = {XMLInputFactory.SUPPORT_DTD, XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES,
        XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, XMLConstants.ACCESS_EXTERNAL_DTD};
    private final Object[] open = {true, true, true, "all"};

    private XMLInputFactory onlyKeeping(String kept) {
      XMLInputFactory f = SafeXml.xmlInputFactory();
      for (int i = 0; i < props.length; i++) {
        if (!props[i].equals(kept)) {
          f.setProperty(props[i], open[i]);
        }
      }
      return f;
    }

    /** The character data of the document; "refused" when the reader throws. */
    private String text(XMLInputFactory f, String xml) {
      StringBuilder text = new StringBuilder();
      try {
        XMLStreamReader r = f.createXMLStreamReader(new StringReader(xml));
        while (r.hasNext()) {
          if (r.next() == XMLStreamReader.CHARACTERS) {
            text.append(r.getText());
          }
        }
        return text.toString();
      } catch (javax.xml.stream.XMLStreamException e) {
        return "refused";
      }
    }

    @Test
    @DisplayName("the harness is able to fail: with every property opened, an external entity is read")
    void harness() {
      assertThat(text(onlyKeeping("none"), generalEntityAttack())).isEqualTo(PHI);
    }

    @Test
    @DisplayName("DTD support off alone refuses entities declared in a DOCTYPE")
    void dtdSupportAlone() {
      XMLInputFactory f = onlyKeeping(XMLInputFactory.SUPPORT_DTD);
      assertThat(text(f, generalEntityAttack())).isEqualTo("refused");
      assertThat(text(f, externalDtdAttack())).isEqualTo("refused");
    }

    @Test
    @DisplayName("external entities off alone keep an external entity's file out of the text")
    void externalEntitiesAlone() {
      assertThat(text(onlyKeeping(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES), generalEntityAttack()))
          .doesNotContain(PHI);
    }

    @Test
    @DisplayName("entity replacement off alone reports an entity as a reference, never as character data")
    void replacementAlone() {
      String xml = "<!DOCTYPE r [<!ENTITY name \"" + PHI + "\">]><r>&name;</r>";
      assertThat(text(onlyKeeping(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES), xml)).doesNotContain(PHI);
      assertThat(text(onlyKeeping("none"), xml)).as("harness").isEqualTo(PHI);
    }

    @Test
    @DisplayName("the empty external-DTD access list alone refuses external entities and DTDs")
    void accessExternalDtdAlone() {
      XMLInputFactory f = onlyKeeping(XMLConstants.ACCESS_EXTERNAL_DTD);
      assertThat(text(f, generalEntityAttack())).isEqualTo("refused");
      assertThat(text(f, externalDtdAttack())).isEqualTo("refused");
    }
  }
}
