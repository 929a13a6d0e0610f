package dev.clinicsync.connectors.zocdoc;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.ValidationException;
import java.time.LocalDate;
import java.util.regex.Pattern;

/**
 * The patient a Zocdoc booking is made for, as {@code POST /v1/appointments} requires it. PHI: it
 * never prints ({@link #toString()} names no field value) and the connector never logs it. Its
 * {@code developer_patient_id} is not here: the writer sends the write's idempotency key there, so
 * that a booking can be found again after a lost answer.
 *
 * @param firstName the first name
 * @param lastName the last name
 * @param dateOfBirth the date of birth
 * @param sexAtBirth {@code male} or {@code female}
 * @param phoneNumber ten digits, the first and fourth not 0 or 1 (Zocdoc's rule)
 * @param emailAddress the email address
 */
public record ZocdocPatient(
    String firstName, String lastName, LocalDate dateOfBirth, String sexAtBirth, String phoneNumber, String emailAddress) {
  private static final Pattern PHONE = Pattern.compile("[2-9]\\d\\d[2-9]\\d{6}");

  public ZocdocPatient {
    Checks.notBlank(firstName, "zocdoc patient first name");
    Checks.notBlank(lastName, "zocdoc patient last name");
    Checks.notNull(dateOfBirth, "zocdoc patient date of birth");
    Checks.notBlank(sexAtBirth, "zocdoc patient sex at birth");
    Checks.notBlank(phoneNumber, "zocdoc patient phone number");
    Checks.notBlank(emailAddress, "zocdoc patient email address");
    if (!sexAtBirth.equals("male") && !sexAtBirth.equals("female")) {
      throw new ValidationException("zocdoc patient sex at birth must be male or female");
    }
    if (!PHONE.matcher(phoneNumber).matches()) {
      throw new ValidationException("zocdoc patient phone number must be 10 digits, the first and fourth not 0 or 1");
    }
  }

  /** Names no value: every field is PHI. */
  @Override
  public String toString() {
    return "ZocdocPatient[redacted]";
  }
}
