package dev.clinicsync.connectors.kareo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Kareo SOAP replies in the shape public Tebra clients record (a WCF service: {@code s:} envelope,
 * default-namespace result, {@code i:nil} for empty fields, every unflagged field present but
 * empty), built from rows for the generated scenarios, and read from {@code src/test/resources/kareo}
 * for the recorded ones. Test code only: the connector itself never concatenates XML.
 */
final class KareoXml {
  static final String SECURITY_OK = "<SecurityResponse><Authenticated>true</Authenticated><Authorized>true</Authorized>"
      + "<CustomerKeyValid>true</CustomerKeyValid><PermissionGranted>true</PermissionGranted>"
      + "<SecurityResult>Success</SecurityResult><SecurityResultSuccess>true</SecurityResultSuccess></SecurityResponse>";
  static final String ERROR_NONE = "<ErrorResponse><ErrorMessage i:nil=\"true\"/><IsError>false</IsError>"
      + "<StackTrace i:nil=\"true\"/></ErrorResponse>";

  private KareoXml() {}

  /** A fixture file's text. */
  static String file(String name) {
    try (InputStream in = KareoXml.class.getResourceAsStream("/kareo/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A successful reply holding these records (field name to text; a null text is written as i:nil). */
  static String reply(List<Map<String, String>> rows) {
    StringBuilder sb = new StringBuilder();
    sb.append("<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>")
        .append("<GetAppointmentsResponse xmlns=\"http://www.kareo.com/api/schemas/\">")
        .append("<GetAppointmentsResult xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\">")
        .append(ERROR_NONE).append(SECURITY_OK).append("<Appointments>");
    for (Map<String, String> row : rows) {
      sb.append("<AppointmentData>");
      row.forEach((k, v) -> {
        if (v == null) {
          sb.append('<').append(k).append(" i:nil=\"true\"/>");
        } else {
          sb.append('<').append(k).append('>').append(escape(v)).append("</").append(k).append('>');
        }
      });
      // fields the connector does not flag come back empty
      sb.append("<AppointmentReason1/><Notes/><PracticeName/><ServiceLocationName/>");
      sb.append("</AppointmentData>");
    }
    sb.append("</Appointments></GetAppointmentsResult></GetAppointmentsResponse></s:Body></s:Envelope>");
    return sb.toString();
  }

  private static String escape(String v) {
    return v.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
