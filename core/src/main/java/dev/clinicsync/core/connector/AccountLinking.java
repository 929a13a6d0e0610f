package dev.clinicsync.core.connector;

import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.store.Secret;
import java.net.URI;

/**
 * A connector's account-linking capability: the vendor side of a user's OAuth 2.0 consent
 * (authorization code with PKCE). The coordinator owns everything else — the {@code state} and its
 * binding to the user, the PKCE verifier, who may link which account, where the grant is stored,
 * auditing — so an implementation only speaks the vendor's protocol and keeps nothing between calls.
 *
 * <p>Implementations send every call through the connector's HTTP pipeline and throw classified
 * {@link dev.clinicsync.core.ConnectorException}s; a grant the vendor refuses as revoked or expired
 * is a {@link dev.clinicsync.core.ConnectorAuthException} with
 * {@link dev.clinicsync.core.ConnectorAuthException#reconsentRequired()}.
 */
public interface AccountLinking {

  /** The clinician whose account this connector reads (the only one who may link it). */
  ClinicianId clinician();

  /**
   * The {@link dev.clinicsync.core.store.SecretStore} name the connector reads the user's grant
   * (refresh token) from; the coordinator stores the grant there and nowhere else.
   */
  String grantSecretName();

  /** The vendor's authorization URL the user is sent to, carrying the request's state and PKCE challenge. */
  URI authorizationUrl(ConsentRequest request);

  /**
   * Exchanges an authorization code for the user's long-lived grant (a refresh token).
   *
   * @throws dev.clinicsync.core.ConnectorException when the vendor refuses the code or answers
   *     without a grant
   */
  Secret exchange(ConsentGrant grant);

  /**
   * Revokes a grant at the vendor. A grant the vendor no longer knows counts as revoked.
   *
   * @throws dev.clinicsync.core.ConnectorException when the vendor could not be reached
   */
  void revoke(Secret grant);
}
