package dev.clinicsync.connectors.athena.internal;

import ca.uhn.fhir.parser.IParserErrorHandler;
import ca.uhn.fhir.parser.json.BaseJsonLikeValue.ScalarType;
import ca.uhn.fhir.parser.json.BaseJsonLikeValue.ValueType;

/**
 * A lenient parser error handler that logs nothing: HAPI's own lenient handler writes the offending
 * value into its warning ("invalid attribute value …"), and a vendor's value may be a patient's
 * name. What matters of a bad element is found again by {@link AppointmentMapper}, which names the
 * element and never its value.
 */
public final class QuietParserErrorHandler implements IParserErrorHandler {

  @Override
  public void containedResourceWithNoId(IParseLocation location) {}

  @Override
  public void incorrectJsonType(IParseLocation location, String elementName, ValueType expected,
      ScalarType expectedScalar, ValueType found, ScalarType foundScalar) {}

  @Override
  public void invalidValue(IParseLocation location, String value, String error) {}

  @Override
  public void missingRequiredElement(IParseLocation location, String elementName) {}

  @Override
  public void unexpectedRepeatingElement(IParseLocation location, String elementName) {}

  @Override
  public void unknownAttribute(IParseLocation location, String attributeName) {}

  @Override
  public void unknownElement(IParseLocation location, String elementName) {}

  @Override
  public void unknownReference(IParseLocation location, String reference) {}

  @Override
  public void invalidInternalReference(IParseLocation location, String reference) {}

  @Override
  public void extensionContainsValueAndNestedExtensions(IParseLocation location) {}

  @Override
  public String toString() {
    return "QuietParserErrorHandler";
  }
}
