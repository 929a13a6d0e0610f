package dev.clinicsync.connectors.kareo.internal;

import dev.clinicsync.connectors.kit.HttpErrorClassifier;
import dev.clinicsync.connectors.kit.SafeXml;
import dev.clinicsync.connectors.kit.VendorErrorRules;
import dev.clinicsync.core.ClinicSyncException;
import dev.clinicsync.core.ConnectorException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Reads a {@code GetAppointments} reply, parsed by connector-kit's hardened {@link SafeXml} (no
 * DTDs, so no XXE and no entity expansion), and classifies what is not a result — each failure
 * built with the kit's classifier, so the connector id, status and request id are the kit's, and
 * never with the vendor's text in the message:
 * <ul>
 *   <li>a SOAP {@code Fault} (in a 500 reply, as WCF sends it, or in a 200): {@code Server} /
 *       {@code Receiver} / WCF's {@code InternalServiceFault} are retryable (the service failed
 *       while handling a well-formed request: a transient back-end failure is the likely cause, and
 *       the kit's retry budget bounds the cost of being wrong); a fault code naming authentication
 *       or security is an auth failure; {@code Client} / {@code Sender} and every other code are
 *       permanent (the request itself was refused: repeating it cannot help). VENDORS.md documents
 *       no fault codes, so this is our decision, not Kareo's word;
 *   <li>a {@code SecurityResponse} inside a 200 reply with any of {@code Authenticated},
 *       {@code Authorized}, {@code CustomerKeyValid}, {@code PermissionGranted} or
 *       {@code SecurityResultSuccess} false: an auth failure naming the flag (bad user or
 *       password, unknown customer key, or an API user without the permission — each needs the
 *       host to fix the credentials or their grants, none is cured by retrying);
 *   <li>an {@code ErrorResponse} with {@code IsError} true inside a 200 reply: permanent, unless
 *       its message reads as transient (timeout, temporarily unavailable, try again, deadlock),
 *       then retryable. The message is read for that decision only, never shown.
 * </ul>
 */
public final class KareoReply {
  private static final Set<String> RETRYABLE_FAULTS = Set.of("server", "receiver", "internalservicefault");
  private static final List<String> SECURITY_FLAGS = List.of(
      "Authenticated", "Authorized", "CustomerKeyValid", "PermissionGranted", "SecurityResultSuccess");
  private static final List<String> TRANSIENT_WORDS = List.of(
      "timeout", "timed out", "temporarily", "unavailable", "try again", "deadlock", "too many");
  /** Fault codes that may be shown in messages (SOAP 1.1/1.2 and WCF's fixed vocabulary). */
  public static final Set<String> FAULT_CODES = Set.of(
      "Client", "Server", "Sender", "Receiver", "VersionMismatch", "MustUnderstand", "InternalServiceFault",
      "ActionNotSupported", "DestinationUnreachable", "InvalidSecurity", "FailedAuthentication",
      "InvalidSecurityToken");

  private KareoReply() {}

  /**
   * The {@code AppointmentData} elements of a successful reply, each as its child elements' local
   * names and texts (empty elements and {@code i:nil} ones left out).
   *
   * @throws ConnectorException classified, for a fault, a security or error response, or a reply
   *     without a {@code GetAppointmentsResult}
   */
  public static List<Map<String, String>> appointments(Document doc, HttpErrorClassifier classifier, int status,
      @Nullable String requestId) {
    Element body = child(doc.getDocumentElement(), "Body")
        .orElseThrow(() -> classifier.malformed("no SOAP Body", status, requestId));
    Optional<Element> fault = child(body, "Fault");
    if (fault.isPresent()) {
      throw fault(fault.get(), classifier, status, requestId);
    }
    Element result = descendant(body, "GetAppointmentsResult")
        .orElseThrow(() -> classifier.malformed("no GetAppointmentsResult", status, requestId));
    child(result, "SecurityResponse").ifPresent(s -> checkSecurity(s, classifier, status, requestId));
    child(result, "ErrorResponse").ifPresent(e -> checkError(e, classifier, status, requestId));
    List<Map<String, String>> out = new ArrayList<>();
    Optional<Element> list = child(result, "Appointments");
    if (list.isEmpty()) {
      return out;
    }
    for (Node n = list.get().getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && "AppointmentData".equals(e.getLocalName())) {
        out.add(fields(e));
      }
    }
    return out;
  }

  /** The vendor rules for error statuses: a SOAP fault in a 4xx/5xx body is classified as above. */
  public static VendorErrorRules errorRules() {
    return (response, body, classifier) -> {
      if (body.length == 0) {
        return Optional.empty();
      }
      String requestId = classifier.requestId(response).orElse(null);
      Document doc;
      try {
        doc = SafeXml.parse(body, classifier, response.code(), requestId);
      } catch (ClinicSyncException notXml) {
        return Optional.empty(); // not a SOAP body: the generic classification decides
      }
      Optional<Element> soapBody = child(doc.getDocumentElement(), "Body");
      return soapBody.flatMap(b -> child(b, "Fault"))
          .map(f -> fault(f, classifier, response.code(), requestId));
    };
  }

  static ConnectorException fault(Element fault, HttpErrorClassifier classifier, int status,
      @Nullable String requestId) {
    String code = child(fault, "faultcode").map(Node::getTextContent).map(String::strip).orElse("");
    String local = code.contains(":") ? code.substring(code.indexOf(':') + 1) : code;
    String lower = local.toLowerCase(Locale.ROOT);
    String shown = FAULT_CODES.contains(local) ? local : "unrecognized";
    String message = "Kareo answered with a SOAP fault (code " + shown + ")";
    if (lower.contains("authentication") || lower.contains("security")) {
      return classifier.auth(message, status, requestId);
    }
    if (RETRYABLE_FAULTS.contains(lower)) {
      return classifier.retryable(message, status, requestId, null, null);
    }
    return classifier.permanent(message, status, requestId, null);
  }

  private static void checkSecurity(Element security, HttpErrorClassifier classifier, int status,
      @Nullable String requestId) {
    for (String flag : SECURITY_FLAGS) {
      Optional<String> v = child(security, flag).map(Node::getTextContent).map(String::strip);
      if (v.isPresent() && v.get().equalsIgnoreCase("false")) {
        throw classifier.auth("Kareo refused the request in its SecurityResponse (" + flag + " is false)",
            status, requestId);
      }
    }
  }

  private static void checkError(Element error, HttpErrorClassifier classifier, int status,
      @Nullable String requestId) {
    boolean isError = child(error, "IsError").map(Node::getTextContent).map(String::strip)
        .filter(v -> v.equalsIgnoreCase("true")).isPresent();
    if (!isError) {
      return;
    }
    String text = child(error, "ErrorMessage").map(Node::getTextContent).orElse("").toLowerCase(Locale.ROOT);
    if (TRANSIENT_WORDS.stream().anyMatch(text::contains)) {
      throw classifier.retryable("Kareo reported a transient error in its ErrorResponse", status, requestId,
          null, null);
    }
    throw classifier.permanent("Kareo reported an error in its ErrorResponse", status, requestId, null);
  }

  private static Map<String, String> fields(Element record) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Node n = record.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getLocalName() != null) {
        String text = e.getTextContent();
        if (text != null && !text.isBlank()) {
          out.putIfAbsent(e.getLocalName(), text.strip());
        }
      }
    }
    return out;
  }

  private static Optional<Element> child(@Nullable Element parent, String localName) {
    if (parent == null) {
      return Optional.empty();
    }
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && localName.equals(e.getLocalName())) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  private static Optional<Element> descendant(Element parent, String localName) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e) {
        if (localName.equals(e.getLocalName())) {
          return Optional.of(e);
        }
        Optional<Element> deeper = descendant(e, localName);
        if (deeper.isPresent()) {
          return deeper;
        }
      }
    }
    return Optional.empty();
  }
}
