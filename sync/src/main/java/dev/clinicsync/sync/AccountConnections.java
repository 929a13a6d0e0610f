package dev.clinicsync.sync;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.ConnectorAuthException;
import dev.clinicsync.core.ClinicSyncException;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.access.AccessDeniedException;
import dev.clinicsync.core.access.Operation;
import dev.clinicsync.core.access.Principal;
import dev.clinicsync.core.audit.AuditAction;
import dev.clinicsync.core.audit.AuditLog;
import dev.clinicsync.core.connector.AccountLinking;
import dev.clinicsync.core.connector.ConsentGrant;
import dev.clinicsync.core.connector.ConsentRequest;
import dev.clinicsync.core.connector.SourceConnector;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.store.Secret;
import dev.clinicsync.core.store.SecretStore;
import dev.clinicsync.sync.internal.Access;
import dev.clinicsync.sync.internal.ConsentStates;
import dev.clinicsync.sync.internal.PushHub;
import dev.clinicsync.sync.internal.EventHub;
import dev.clinicsync.sync.events.ReconsentRequired;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Linking clinicians' own external accounts (a therapist's Google calendar) to the connectors that
 * read them — the connectors offering {@link AccountLinking}. Reached through
 * {@link SyncCoordinator#accounts()}.
 *
 * <ul>
 *   <li><b>Consent.</b> {@link #beginConsent} issues a random, single-use, expiring {@code state}
 *       bound to the therapist who asked, with a PKCE verifier kept server-side, and answers the
 *       vendor's authorization URL; {@link #completeConsent} takes the state back from the
 *       callback — refusing an unknown, used, expired or someone else's state before any vendor
 *       call —, exchanges the code and stores the grant in the host's {@link SecretStore} under the
 *       connector's secret name: never in the general stores, never in a log line, an audit detail
 *       or an exception. Only the therapist may link their own account (an admin may not link it
 *       for them: the vendor account would be the admin's).
 *   <li><b>Disconnect.</b> {@link #disconnect} (the therapist, or an admin) stops the connector's
 *       push channels, revokes the grant at the vendor and deletes it.
 *   <li><b>Re-consent.</b> A sync failing with a {@link ConnectorAuthException} that needs
 *       re-consent (Google's {@code invalid_grant}) marks that connector
 *       {@link AccountStatus.State#RECONSENT_REQUIRED}, audited once: it is no longer synced on
 *       schedule until its therapist connects again, and every other connector keeps syncing.
 *       Admins see who needs re-consent with {@link #statuses}.
 * </ul>
 * Every call is access-checked (a denial is audited) and every change audited. Pending consents
 * live in this process: a callback must reach the node that began the consent. Thread-safe.
 */
public final class AccountConnections {
  private static final Logger LOG = LoggerFactory.getLogger(AccountConnections.class);

  private final Map<ConnectorId, AccountLinking> linkable;
  private final ConsentStates states;
  private final SecretStore secrets;
  private final Access access;
  private final AuditLog audit;
  private final Clock clock;
  private final PushHub push;
  private final EventHub events;
  private final Map<ConnectorId, Instant> reconsent = new ConcurrentHashMap<>();

  AccountConnections(Iterable<SourceConnector> connectors, ConsentStates states, SecretStore secrets, Access access,
      AuditLog audit, Clock clock, PushHub push) {
    this(connectors, states, secrets, access, audit, clock, push, EventHub.none());
  }

  /** Account linking that publishes a {@link ReconsentRequired} event when an account enters re-consent. */
  AccountConnections(Iterable<SourceConnector> connectors, ConsentStates states, SecretStore secrets, Access access,
      AuditLog audit, Clock clock, PushHub push, EventHub events) {
    this.events = events;
    Map<ConnectorId, AccountLinking> l = new LinkedHashMap<>();
    for (SourceConnector c : connectors) {
      c.accountLinking().ifPresent(a -> l.put(c.id(), a));
    }
    this.linkable = l;
    this.states = states;
    this.secrets = secrets;
    this.access = access;
    this.audit = audit;
    this.clock = clock;
    this.push = push;
  }

  /**
   * Begins the consent of the therapist's own account read by {@code connector}.
   *
   * @param redirectUri the host's callback, registered with the vendor; the same URI is sent with
   *     the code exchange
   * @throws AccessDeniedException (audited) unless the principal is the therapist the connector reads
   * @throws ValidationException when the connector does not link accounts
   */
  public ConsentStart beginConsent(Principal principal, ConnectorId connector, URI redirectUri) {
    Checks.notNull(principal, "principal");
    Checks.notNull(redirectUri, "consent redirect URI");
    AccountLinking linking = linking(connector);
    ownerOnly(principal, linking);
    if (!redirectUri.isAbsolute() || redirectUri.getRawFragment() != null) {
      throw new ValidationException("consent redirect URI must be absolute and without a fragment");
    }
    ConsentStates.Issued issued = states.issue(principal.userId(), connector, linking.clinician(), redirectUri);
    URI url = linking.authorizationUrl(new ConsentRequest(issued.state(), issued.challenge(), redirectUri));
    return new ConsentStart(connector, url, issued.pending().expiresAt());
  }

  /**
   * Completes a consent with the {@code state} and {@code code} of the vendor's callback, presented
   * by the same user who began it. The state is used up whatever happens.
   *
   * @throws ConsentRefusedException (audited) for an unknown, used, expired or another user's state
   * @throws dev.clinicsync.core.ConnectorException (audited) when the vendor refuses the code
   */
  public AccountStatus completeConsent(Principal principal, String state, String code) {
    Checks.notNull(principal, "principal");
    Checks.notBlank(state, "consent state");
    Checks.notBlank(code, "authorization code");
    Optional<ConsentStates.Pending> taken = states.take(state);
    if (taken.isEmpty()) {
      throw refuse(principal, "", ConsentRefusedException.Reason.UNKNOWN_STATE, Map.of());
    }
    ConsentStates.Pending p = taken.get();
    Map<String, String> where = Map.of("connector", p.connector().value());
    if (states.expired(p)) {
      throw refuse(principal, p.clinician().value(), ConsentRefusedException.Reason.EXPIRED_STATE, where);
    }
    if (!p.userId().equals(principal.userId()) || !principal.isClinician(p.clinician())) {
      throw refuse(principal, p.clinician().value(), ConsentRefusedException.Reason.OTHER_USER, where);
    }
    AccountLinking linking = linking(p.connector());
    Secret grant;
    try {
      grant = linking.exchange(new ConsentGrant(code, p.verifier(), p.redirectUri()));
    } catch (ClinicSyncException e) {
      audit.record(principal.userId(), AuditAction.CONSENT_REFUSED, p.clinician().value(),
          Map.of("connector", p.connector().value(), "reason", "EXCHANGE_FAILED", "error", e.getClass().getSimpleName()));
      throw e;
    }
    Optional<Secret> previous = secrets.get(linking.grantSecretName());
    secrets.put(linking.grantSecretName(), grant);
    try {
      audit.record(principal.userId(), AuditAction.ACCOUNT_CONNECTED, p.clinician().value(), where);
    } catch (RuntimeException e) { // a connection and its audit event are stored together or not at all
      previous.ifPresentOrElse(s -> secrets.put(linking.grantSecretName(), s), () -> secrets.delete(linking.grantSecretName()));
      throw e;
    }
    reconsent.remove(p.connector());
    LOG.info("connector {}: the therapist connected their account", p.connector());
    push.open(p.connector());
    return status(p.connector(), linking);
  }

  /**
   * Disconnects the account: stops the connector's push channels, revokes the grant at the vendor
   * and deletes it. Idempotent. The therapist or an admin.
   *
   * @throws dev.clinicsync.core.ConnectorException when the vendor could not revoke the grant (it
   *     is kept, so the disconnect can be retried)
   */
  public AccountStatus disconnect(Principal principal, ConnectorId connector) {
    Checks.notNull(principal, "principal");
    AccountLinking linking = linking(connector);
    access.authorize(principal, Operation.CONNECT_ACCOUNT, linking.clinician());
    push.stop(connector);
    Optional<Secret> grant = secrets.get(linking.grantSecretName());
    if (grant.isPresent() && grant.get().length() > 0) {
      linking.revoke(grant.get());
    }
    secrets.delete(linking.grantSecretName());
    reconsent.remove(connector);
    audit.record(principal.userId(), AuditAction.ACCOUNT_DISCONNECTED, linking.clinician().value(),
        Map.of("connector", connector.value(), "revoked", Boolean.toString(grant.isPresent())));
    LOG.info("connector {}: the account was disconnected", connector);
    return status(connector, linking);
  }

  /** The link of one connector's account: the therapist it reads, or an admin. */
  public AccountStatus status(Principal principal, ConnectorId connector) {
    Checks.notNull(principal, "principal");
    AccountLinking linking = linking(connector);
    access.authorize(principal, Operation.CONNECT_ACCOUNT, linking.clinician());
    return status(connector, linking);
  }

  /** Every linkable account and its state, re-consent included (admins only). */
  public List<AccountStatus> statuses(Principal principal) {
    Checks.notNull(principal, "principal");
    access.authorize(principal, Operation.CONNECT_ACCOUNT, null);
    List<AccountStatus> out = new ArrayList<>();
    linkable.forEach((id, linking) -> out.add(status(id, linking)));
    return out;
  }

  /** Whether the coordinator should leave a connector out of scheduled and pushed syncs. */
  boolean paused(ConnectorId connector) {
    AccountLinking linking = linkable.get(connector);
    return linking != null && (reconsent.containsKey(connector) || !hasGrant(linking));
  }

  /** Notes a sync's outcome: a refused grant puts that connector's account in re-consent. */
  void observe(SyncReport report) {
    if (report.outcome() != SyncOutcome.FAILED || report.failure().isEmpty()) {
      return;
    }
    AccountLinking linking = linkable.get(report.connector());
    if (linking == null || !(report.failure().get() instanceof ConnectorAuthException)
        || !((ConnectorAuthException) report.failure().get()).reconsentRequired()
        || !hasGrant(linking) || reconsent.containsKey(report.connector())) {
      return;
    }
    try {
      audit.record(dev.clinicsync.core.access.Principal.SYSTEM.userId(), AuditAction.ACCOUNT_RECONSENT_REQUIRED,
          linking.clinician().value(), Map.of("connector", report.connector().value()));
    } catch (RuntimeException e) {
      LOG.error("connector {}: the re-consent state could not be audited ({}); it is noted at the next failure",
          report.connector(), e.getClass().getSimpleName());
      return;
    }
    Instant now = clock.instant();
    reconsent.put(report.connector(), now);
    events.publish(new ReconsentRequired(report.connector(), linking.clinician(), now));
    LOG.warn("connector {}: the vendor refused the therapist's grant; re-consent required", report.connector());
  }

  /** The connectors whose accounts can be linked. */
  List<ConnectorId> linkableConnectors() {
    return List.copyOf(linkable.keySet());
  }

  private AccountStatus status(ConnectorId id, AccountLinking linking) {
    Instant since = reconsent.get(id);
    if (since != null) {
      return new AccountStatus(id, linking.clinician(), AccountStatus.State.RECONSENT_REQUIRED, Optional.of(since));
    }
    return new AccountStatus(id, linking.clinician(),
        hasGrant(linking) ? AccountStatus.State.CONNECTED : AccountStatus.State.NOT_CONNECTED, Optional.empty());
  }

  private boolean hasGrant(AccountLinking linking) {
    return secrets.get(linking.grantSecretName()).map(s -> s.length() > 0).orElse(false);
  }

  private AccountLinking linking(ConnectorId connector) {
    Checks.notNull(connector, "connector id");
    AccountLinking linking = linkable.get(connector);
    if (linking == null) {
      throw new ValidationException("connector " + connector + " does not link accounts (known: " + linkable.keySet() + ")");
    }
    return linking;
  }

  /** The therapist the connector reads, and nobody else, may link its account. */
  private void ownerOnly(Principal principal, AccountLinking linking) {
    access.authorize(principal, Operation.CONNECT_ACCOUNT, linking.clinician());
    if (!principal.isClinician(linking.clinician())) {
      audit.record(principal.userId(), AuditAction.ACCESS_DENIED, linking.clinician().value(),
          Map.of("operation", Operation.CONNECT_ACCOUNT.name(), "role", principal.role().name()));
      throw new AccessDeniedException(principal, Operation.CONNECT_ACCOUNT, linking.clinician());
    }
  }

  private ConsentRefusedException refuse(Principal principal, String subject, ConsentRefusedException.Reason reason,
      Map<String, String> where) {
    Map<String, String> details = new LinkedHashMap<>(where);
    details.put("reason", reason.name());
    audit.record(principal.userId(), AuditAction.CONSENT_REFUSED, subject, details);
    LOG.warn("consent callback refused: {}", reason);
    return new ConsentRefusedException(reason);
  }
}
