package dev.clinicsync.connectors.kit;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.stream.XMLInputFactory;
import org.jspecify.annotations.Nullable;
import org.w3c.dom.Document;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * XML parser factories for vendor payloads (Kareo's SOAP) with DTDs, external entities,
 * XInclude and external schema/DTD access disabled: no XXE, no billion laughs.
 */
public final class SafeXml {
  private SafeXml() {}

  /** A namespace-aware DOM factory with every external and DTD feature off. */
  public static DocumentBuilderFactory documentBuilderFactory() {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    f.setXIncludeAware(false);
    f.setExpandEntityReferences(false);
    try {
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature("http://xml.org/sax/features/external-general-entities", false);
      f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("the XML parser does not support secure processing", e);
    }
    f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    return f;
  }

  /** A StAX factory with DTD support and external entities off. */
  public static XMLInputFactory xmlInputFactory() {
    XMLInputFactory f = XMLInputFactory.newFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
    f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    f.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    return f;
  }

  /**
   * Parses a vendor XML body.
   *
   * @throws dev.clinicsync.core.RetryableConnectorException when the body is empty
   * @throws dev.clinicsync.core.PermanentConnectorException when it is not well-formed or declares
   *     a DTD; the message gives the line and column, never the content
   */
  public static Document parse(byte[] body, HttpErrorClassifier classifier, int status, @Nullable String requestId) {
    if (body.length == 0) {
      throw classifier.emptyResponse(status, requestId);
    }
    try {
      DocumentBuilder builder = documentBuilderFactory().newDocumentBuilder();
      builder.setErrorHandler(SILENT);
      return builder.parse(new ByteArrayInputStream(body));
    } catch (SAXParseException e) {
      throw classifier.malformed("invalid XML at line " + e.getLineNumber() + ", column " + e.getColumnNumber(),
          status, requestId);
    } catch (SAXException | IOException e) {
      throw classifier.malformed("unreadable XML (" + e.getClass().getSimpleName() + ")", status, requestId);
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("the XML parser does not support secure processing", e);
    }
  }

  /** Errors are thrown and classified, never printed to stderr as the default handler does. */
  private static final ErrorHandler SILENT = new ErrorHandler() {
    @Override
    public void warning(SAXParseException e) {
      // ignored: warnings do not stop parsing and must not be printed
    }

    @Override
    public void error(SAXParseException e) throws SAXException {
      throw e;
    }

    @Override
    public void fatalError(SAXParseException e) throws SAXException {
      throw e;
    }
  };
}
