package dev.clinicsync.connectors.kit;

import dev.clinicsync.core.PermanentConnectorException;
import org.jspecify.annotations.Nullable;

/**
 * The {@link SsrfGuard} refused a connection, a redirect or a URL: the call was never sent to the
 * refused address. Permanent — retrying reaches the same address. The message names the
 * {@link SsrfGuard.Rule} and, for an address, the IP address; never the URL, its path or query.
 */
public final class BlockedAddressException extends PermanentConnectorException {
  private static final long serialVersionUID = 1L;

  private final SsrfGuard.Rule rule;

  /**
   * @param connectorId the connector whose call was refused
   * @param rule the rule that refused it
   * @param address the refused IP address, or empty when the rule is about the URL
   * @param cause the underlying failure, if any
   */
  public BlockedAddressException(String connectorId, SsrfGuard.Rule rule, String address, @Nullable Throwable cause) {
    super(connectorId, "the SSRF guard refused " + rule.description()
        + (address.isEmpty() ? "" : " (" + address + ")") + " [rule " + rule + "]", 0, null, cause);
    this.rule = rule;
  }

  /** The rule that refused the call. */
  public SsrfGuard.Rule rule() {
    return rule;
  }
}
