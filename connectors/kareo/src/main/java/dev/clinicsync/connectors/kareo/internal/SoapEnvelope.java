package dev.clinicsync.connectors.kareo.internal;

import java.io.ByteArrayOutputStream;
import java.util.List;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes the {@code GetAppointments} SOAP 1.1 request with a real XML writer (StAX), so that every
 * value — a password holding {@code <}, {@code &} or {@code ]]>} included — is escaped by the
 * writer and can never change the envelope's structure. The element names and the namespace are
 * those of public Kareo clients (VENDORS.md §4).
 */
public final class SoapEnvelope {
  /** The SOAP 1.1 envelope namespace. */
  public static final String SOAP_NS = "http://schemas.xmlsoap.org/soap/envelope/";
  /** Kareo's schema namespace. */
  public static final String KAREO_NS = "http://www.kareo.com/api/schemas/";
  /** The SOAPAction of GetAppointments (sent quoted, as SOAP 1.1 asks). */
  public static final String GET_APPOINTMENTS_ACTION = KAREO_NS + "KareoServices/GetAppointments";

  /**
   * The {@code Fields} flags sent as {@code true}: exactly the fields {@link AppointmentMapper}
   * reads. Kareo returns unflagged fields empty, and its guide asks for only the fields used.
   * Notes, reasons and other free text are never requested.
   */
  public static final List<String> FIELDS = List.of(
      "ID", "StartDate", "EndDate", "ConfirmationStatus", "PatientID", "PatientFullName", "ResourceID1", "Type",
      "LastModifiedDate");

  private static final XMLOutputFactory OUTPUT = XMLOutputFactory.newFactory();

  private SoapEnvelope() {}

  /**
   * The credentials of one request; {@link #toString()} shows none of them.
   *
   * @param customerKey the practice's customer key
   * @param user the API user
   * @param password the API user's password
   */
  public record Credentials(String customerKey, String user, String password) {
    @Override
    public String toString() {
      return "Credentials[redacted]";
    }
  }

  /**
   * The request body, UTF-8.
   *
   * @param credentials the request header's values
   * @param filterStart the practice-local start of the window
   * @param filterEnd the practice-local end of the window
   */
  public static byte[] getAppointments(Credentials credentials, String filterStart, String filterEnd) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(2048);
    try {
      XMLStreamWriter w = OUTPUT.createXMLStreamWriter(out, "UTF-8");
      w.writeStartDocument("UTF-8", "1.0");
      w.setPrefix("soapenv", SOAP_NS);
      w.setPrefix("sch", KAREO_NS);
      w.writeStartElement("soapenv", "Envelope", SOAP_NS);
      w.writeNamespace("soapenv", SOAP_NS);
      w.writeNamespace("sch", KAREO_NS);
      w.writeEmptyElement("soapenv", "Header", SOAP_NS);
      w.writeStartElement("soapenv", "Body", SOAP_NS);
      w.writeStartElement("sch", "GetAppointments", KAREO_NS);
      w.writeStartElement("sch", "request", KAREO_NS);

      w.writeStartElement("sch", "RequestHeader", KAREO_NS);
      text(w, "CustomerKey", credentials.customerKey());
      text(w, "Password", credentials.password());
      text(w, "User", credentials.user());
      w.writeEndElement();

      w.writeStartElement("sch", "Fields", KAREO_NS);
      for (String f : FIELDS) {
        text(w, f, "true");
      }
      w.writeEndElement();

      w.writeStartElement("sch", "Filter", KAREO_NS);
      text(w, "EndDate", filterEnd);
      text(w, "StartDate", filterStart);
      w.writeEndElement();

      w.writeEndElement(); // request
      w.writeEndElement(); // GetAppointments
      w.writeEndElement(); // Body
      w.writeEndElement(); // Envelope
      w.writeEndDocument();
      w.close();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("the JDK's XML writer failed (" + e.getClass().getSimpleName() + ")");
    }
    return out.toByteArray();
  }

  private static void text(XMLStreamWriter w, String name, String value) throws XMLStreamException {
    w.writeStartElement("sch", name, KAREO_NS);
    w.writeCharacters(value);
    w.writeEndElement();
  }
}
